export * from './context';
export * from './formats';
export * from './problem';
export * from './pod-security';
export * from './waiver';
export { UpstreamDeviation } from './upstream-deviation';
export type { UpstreamDeviationProps } from './upstream-deviation';
export * from './gates-report';
export * from './labels';
