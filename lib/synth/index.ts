export * from './kube-object';
export * from './ordering';
export * from './render';
export * from './synthesize';
export * from './writer';
export * from './yaml';
export * from './output';
export * from './gitops';
