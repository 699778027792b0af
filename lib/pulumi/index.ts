export * from './cluster-stack';
export * from './registration-plan';
export * from './resource-factory';
export * from './secret-values';
