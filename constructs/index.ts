export * from './storage';
export * from './networking';
