export * from './storage';
export * from './networking';
export * from './logging';
export * from './monitoring';
