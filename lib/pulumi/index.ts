export { ClusterStack } from './cluster-stack';
export type { ClusterStackArgs, ComponentOutputs } from './cluster-stack';
export type { SecretValues } from './secret-values';
