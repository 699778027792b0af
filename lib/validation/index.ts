export * from './context';
export * from './formats';
export * from './problem';
export * from './pod-security';
export * from './waiver';
export * from './gates-report';
export * from './labels';
export * from './describe-value';
