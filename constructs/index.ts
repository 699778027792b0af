export * from './storage';
export * from './networking';
export * from './logging';
export * from './metallb';
export * from './ingress';
export * from './backup';
export * from './monitoring';
