export * from './storage';
export * from './networking';
export * from './backup';
