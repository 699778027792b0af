import type { Cluster } from '../cluster';
import { apiGroupOf, isBuiltInApiVersion, KubeObject, objectIdentity } from '../synth/kube-object';
import { Stage, stageOf } from '../synth/ordering';
import { ClusterSynthesis, synthesizeCluster } from '../synth/synthesize';

/** @internal One object to register, with the names of what it must wait for. */
export interface PlannedObject {
  /** Pulumi resource name: stable for a given stack name and object identity. */
  readonly name: string;
  readonly identity: string;
  readonly object: KubeObject;
  readonly customResource: boolean;
  /** Names of planned objects and CRD files this one depends on. */
  readonly dependsOn: readonly string[];
}

/** @internal A pinned upstream CRD file, registered before the custom resources of its group. */
export interface PlannedCrdFile {
  /** `<stack>:crds:<url without https://>`: adding or removing another URL never renames it. */
  readonly name: string;
  readonly url: string;
  /**
   * The name clusterforge 0.1 gave the file (`<stack>:crds-<index in the sorted URL list>`),
   * as a Pulumi alias, so a stack created then keeps its CRDs instead of replacing them.
   * Correct when the URL list is the one that stack was last deployed with.
   */
  readonly aliases: readonly string[];
}

/** @internal Pulumi resource name of a CRD file, from its URL alone. */
export function crdFileName(stackName: string, url: string): string {
  return `${stackName}:crds:${url.replace(/^https:\/\//, '')}`;
}

/** @internal What ClusterStack registers, and in which order, computed without Pulumi. */
export interface RegistrationPlan {
  readonly synthesis: ClusterSynthesis;
  readonly crdFiles: readonly PlannedCrdFile[];
  /** Objects in apply order; every dependency comes earlier. */
  readonly objects: readonly PlannedObject[];
}

/** @internal `<stack>:<Kind>:<namespace>/<name>`; identity is unique, so names are too. */
export function resourceName(stackName: string, o: KubeObject): string {
  const ns = o.metadata.namespace;
  const group = apiGroupOf(o.apiVersion);
  return `${stackName}:${group ? `${group}/` : ''}${o.kind}:${ns ? `${ns}/` : ''}${o.metadata.name}`;
}

/**
 * @internal
 * Validates the cluster and derives what the Pulumi backend registers, from the same
 * synthesis and ordering model as the YAML backend. Throws ClusterValidationError
 * before anything is registered.
 */
export function planRegistration(stackName: string, cluster: Cluster): RegistrationPlan {
  const synthesis = synthesizeCluster(cluster);
  const crdFiles = synthesis.crdUrls.map((url, i) => ({ name: crdFileName(stackName, url), url, aliases: [`${stackName}:crds-${i}`] }));
  const nameOf = new Map(synthesis.objects.map((o) => [objectIdentity(o.manifest), resourceName(stackName, o.manifest)]));
  const objects = synthesis.objects.map(({ manifest }) => {
    const identity = objectIdentity(manifest);
    const customResource = !isBuiltInApiVersion(manifest.apiVersion);
    const deps = (synthesis.dependencies.get(identity) ?? []).map((d) => nameOf.get(d)!);
    // A custom resource whose CRD comes from a URL waits for every CRD file: which file
    // defines which kind is only known once it is downloaded.
    const crdDeps = customResource && stageOf(manifest) === Stage.CUSTOM_RESOURCES ? crdFiles.map((f) => f.name) : [];
    return { name: nameOf.get(identity)!, identity, object: manifest, customResource, dependsOn: [...deps, ...crdDeps] };
  });
  return { synthesis, crdFiles, objects };
}
