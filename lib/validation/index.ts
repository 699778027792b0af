export { ValidationContext } from './context';
export type { ProblemDetails, IModelValidator, IObjectValidator } from './context';
export * from './problem';
export { PodSecurityLevel } from './pod-security';
export { WaivableCheck, Waiver } from './waiver';
export type { WaiverOptions } from './waiver';
export { UpstreamDeviation } from './upstream-deviation';
export type { UpstreamDeviationProps } from './upstream-deviation';
