export * from './hardening';
export * from './security-props';
