/** A Kubernetes API object as plain JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string | undefined;
    readonly labels?: Readonly<Record<string, string>> | undefined;
    readonly annotations?: Readonly<Record<string, string>> | undefined;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** @internal `apiVersion|kind|namespace|name`: what the API server treats as one object. */
export function objectIdentity(o: KubeObject): string {
  return `${o.apiVersion}|${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name}`;
}

/** @internal `Kind namespace/name` for messages. */
export function describeObject(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return `${o.kind} ${ns ? `${ns}/` : ''}${o.metadata?.name}`;
}

/** @internal The API group of an apiVersion; `''` for the core group. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** API groups served by kube-apiserver itself; anything else is a custom resource. */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

// Asked several times per object by ordering and validation, of a few dozen distinct apiVersions.
const builtInByApiVersion = new Map<string, boolean>();

/** @internal Whether an apiVersion is served by Kubernetes itself rather than by a CRD. */
export function isBuiltInApiVersion(apiVersion: string): boolean {
  let builtIn = builtInByApiVersion.get(apiVersion);
  if (builtIn === undefined) {
    builtIn = BUILT_IN_GROUPS.has(apiGroupOf(apiVersion));
    if (builtInByApiVersion.size < 1000) builtInByApiVersion.set(apiVersion, builtIn);
  }
  return builtIn;
}

/** Built-in kinds that live outside namespaces. */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** @internal Whether a kind of the built-in API groups is cluster-scoped. */
export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/** @internal Whether an object of a built-in kind is cluster-scoped. */
export function isClusterScoped(o: KubeObject): boolean {
  if (isBuiltInApiVersion(o.apiVersion)) return CLUSTER_SCOPED_KINDS.has(o.kind);
  return o.metadata?.namespace === undefined;
}

/** @internal Kinds whose objects run pods. */
export const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob']);
