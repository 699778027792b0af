export * from './hardening';
export * from './security-props';
export * from './admission';
export * from './api-server-files';
export * from './audit';
export * from './encryption-at-rest';
export * from './authentication';
