import type { KubeObject } from '../synth/kube-object';

// API versions Kubernetes stopped serving, from the upstream deprecation guide:
// kubernetes/website content/en/docs/reference/using-api/deprecation-guide.md (sections v1.32 down to
// v1.16; the copy read is described in ../shared/upstream/kubernetes-website/main/PROVENANCE.txt).
// The OpenAPI documents of the target release are the ground truth where given (see
// servedApiCheck); this table names the replacement, which the OpenAPI documents cannot.

/** Where the table below comes from. */
export const DEPRECATION_GUIDE_SOURCE = 'kubernetes/website@main:content/en/docs/reference/using-api/deprecation-guide.md';

/** One API version the deprecation guide lists as no longer served. */
export interface RemovedApi {
  /** `flowcontrol.apiserver.k8s.io/v1beta3` */
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** The minor release that stopped serving it (`32` for v1.32). */
  readonly removedInMinor: number;
  /** What to migrate to: an apiVersion, or what replaces the kind. */
  readonly replacement: string;
}

const r = (apiVersion: string, kinds: string[], removedInMinor: number, replacement: string): RemovedApi => ({ apiVersion, kinds, removedInMinor, replacement });

/** Every removal of the deprecation guide, newest first. */
export const REMOVED_APIS: readonly RemovedApi[] = [
  r('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], 32, 'flowcontrol.apiserver.k8s.io/v1'),
  r('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], 29, 'flowcontrol.apiserver.k8s.io/v1'),
  r('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 27, 'storage.k8s.io/v1'),
  r('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], 26, 'flowcontrol.apiserver.k8s.io/v1'),
  r('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 26, 'autoscaling/v2'),
  r('batch/v1beta1', ['CronJob'], 25, 'batch/v1'),
  r('discovery.k8s.io/v1beta1', ['EndpointSlice'], 25, 'discovery.k8s.io/v1'),
  r('events.k8s.io/v1beta1', ['Event'], 25, 'events.k8s.io/v1'),
  r('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 25, 'autoscaling/v2'),
  r('policy/v1beta1', ['PodDisruptionBudget'], 25, 'policy/v1'),
  r('policy/v1beta1', ['PodSecurityPolicy'], 25, 'Pod Security Admission (namespace labels); PodSecurityPolicy has no replacement API'),
  r('node.k8s.io/v1beta1', ['RuntimeClass'], 25, 'node.k8s.io/v1'),
  r('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 22, 'admissionregistration.k8s.io/v1'),
  r('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 22, 'apiextensions.k8s.io/v1'),
  r('apiregistration.k8s.io/v1beta1', ['APIService'], 22, 'apiregistration.k8s.io/v1'),
  r('authentication.k8s.io/v1beta1', ['TokenReview'], 22, 'authentication.k8s.io/v1'),
  r('authorization.k8s.io/v1beta1', ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'], 22, 'authorization.k8s.io/v1'),
  r('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 22, 'certificates.k8s.io/v1'),
  r('coordination.k8s.io/v1beta1', ['Lease'], 22, 'coordination.k8s.io/v1'),
  r('extensions/v1beta1', ['Ingress'], 22, 'networking.k8s.io/v1'),
  r('networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], 22, 'networking.k8s.io/v1'),
  r('rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 22, 'rbac.authorization.k8s.io/v1'),
  r('scheduling.k8s.io/v1beta1', ['PriorityClass'], 22, 'scheduling.k8s.io/v1'),
  r('storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 22, 'storage.k8s.io/v1'),
  r('extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet'], 16, 'apps/v1'),
  r('apps/v1beta1', ['Deployment', 'StatefulSet'], 16, 'apps/v1'),
  r('apps/v1beta2', ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'], 16, 'apps/v1'),
  r('extensions/v1beta1', ['NetworkPolicy'], 16, 'networking.k8s.io/v1'),
  r('extensions/v1beta1', ['PodSecurityPolicy'], 16, 'policy/v1beta1 (itself removed in v1.25)'),
];

/** @internal The removal `object` runs into on a cluster at `targetMinor`, if any. */
export function removalFor(object: Pick<KubeObject, 'apiVersion' | 'kind'>, targetMinor: number): RemovedApi | undefined {
  return REMOVED_APIS.find((a) => a.apiVersion === object.apiVersion && a.kinds.includes(object.kind) && a.removedInMinor <= targetMinor);
}

/** @internal The group of an apiVersion (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * What a set of OpenAPI documents serves, as `apiVersion|kind`, for one release. An object whose
 * group the documents serve (or the table above lists) but whose version and kind they do not is
 * not served: custom resources of other groups are left to their CRDs.
 */
export interface ServedApis {
  /** The release the documents describe, for messages: `v1.35`. */
  readonly release: string;
  readonly kinds: ReadonlySet<string>;
}

/** @internal Why `object` is not served by `served`, or undefined when it is (or belongs to a group they do not describe). */
export function notServedReason(object: Pick<KubeObject, 'apiVersion' | 'kind'>, served: ServedApis): string | undefined {
  const group = apiGroup(object.apiVersion);
  const groups = new Set([...served.kinds].map((k) => apiGroup(k.split('|')[0])));
  if (!groups.has(group) && !REMOVED_APIS.some((a) => apiGroup(a.apiVersion) === group)) return undefined;
  if (served.kinds.has(`${object.apiVersion}|${object.kind}`)) return undefined;
  const others = [...served.kinds].filter((k) => k.endsWith(`|${object.kind}`) && apiGroup(k.split('|')[0]) === group).map((k) => k.split('|')[0]).sort();
  return `${object.apiVersion} ${object.kind} is not served by Kubernetes ${served.release} (its OpenAPI documents)${others.length > 0 ? `; it serves ${others.join(', ')}` : ''}`;
}
