export * from './cli';
export * from './errors';
export * from './io';
export * from './command';
