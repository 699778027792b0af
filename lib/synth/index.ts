export type { KubeObject } from './kube-object';
export { Stage } from './ordering';
export type { PlacedObject, ManifestFile } from './ordering';
export { renderClusterFiles } from './render';
export type { RenderOptions } from './render';
export { synthesizeCluster } from './synthesize';
export type { SynthesizedBootstrapFile, ClusterSynthesis, IPreparable } from './synthesize';
export * from './output';
export type { FluxSourceRef, FluxOptions, GitOpsOptions } from './gitops';
