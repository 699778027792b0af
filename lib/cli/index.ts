export * from './cli';
export * from './errors';
export * from './io';
