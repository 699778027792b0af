import { WORKLOAD_KINDS, apiGroupOf, isBuiltInApiVersion } from '../synth/kube-object';
import type { PlacedObject } from '../synth/ordering';
import { JsonObject, PodTemplate, hasPodTemplateKind, podTemplateOf } from './pod-security';

/** @internal A workload object with its pod template. */
export interface PlacedWorkload {
  readonly object: PlacedObject;
  readonly namespace: string;
  readonly template: { readonly metadata?: JsonObject | undefined; readonly spec: JsonObject; readonly pathPrefix: string };
}

/** @internal An object of any API group whose kind keeps a pod template there, with that template. */
export interface TemplatedObject {
  readonly object: PlacedObject;
  readonly template: PodTemplate;
}

/**
 * @internal
 * The rendered objects of one synthesis sorted once into what the object rules read, each
 * list in object order. Every rule used to walk all objects for its few kinds (stageOf,
 * podTemplateOf and apiGroupOf on each): at 10,000 tenants, 90,000 objects per rule.
 */
export interface ObjectIndex {
  /** Built-in workloads (WORKLOAD_KINDS of a built-in API group) that have a pod template. */
  readonly workloads: readonly PlacedWorkload[];
  /** Objects of any API group and a pod-template kind (Pod, PodTemplate, ReplicationController...) that have one. */
  readonly templated: readonly TemplatedObject[];
  /** `v1` Namespaces. */
  readonly namespaces: readonly PlacedObject[];
  /** CustomResourceDefinitions of `apiextensions.k8s.io`. */
  readonly crds: readonly PlacedObject[];
  /** Objects outside the built-in API groups, and those whose apiVersion is not a string at all. */
  readonly customResourceCandidates: readonly PlacedObject[];
  /** `v1` Secrets. */
  readonly secrets: readonly PlacedObject[];
  /** ClusterRoles of `rbac.authorization.k8s.io`. */
  readonly clusterRoles: readonly PlacedObject[];
}

const indexes = new WeakMap<readonly PlacedObject[], ObjectIndex>();

/**
 * @internal
 * The index of `objects`, built on first use and shared by every rule and report of the
 * synthesis that rendered them (a new synthesis renders a new array, so never a stale one).
 */
export function objectIndex(objects: readonly PlacedObject[]): ObjectIndex {
  let index = indexes.get(objects);
  if (!index) indexes.set(objects, (index = buildIndex(objects)));
  return index;
}

function buildIndex(objects: readonly PlacedObject[]): ObjectIndex {
  const workloads: PlacedWorkload[] = [];
  const templated: TemplatedObject[] = [];
  const namespaces: PlacedObject[] = [];
  const crds: PlacedObject[] = [];
  const customResourceCandidates: PlacedObject[] = [];
  const secrets: PlacedObject[] = [];
  const clusterRoles: PlacedObject[] = [];
  // A few distinct apiVersions serve every object: ask once for each.
  const builtIn = new Map<string, boolean>();
  for (let n = 0; n < objects.length; n++) {
    const object = objects[n];
    const m = object.manifest;
    const kind = m.kind;
    const apiVersion: unknown = m.apiVersion;
    let isBuiltIn = false;
    if (typeof apiVersion === 'string') {
      const known = builtIn.get(apiVersion);
      isBuiltIn = known ?? isBuiltInApiVersion(apiVersion);
      if (known === undefined) builtIn.set(apiVersion, isBuiltIn);
    }
    if (!isBuiltIn) customResourceCandidates.push(object);
    if (typeof kind !== 'string') continue;
    if (hasPodTemplateKind(kind)) {
      const template = podTemplateOf(m);
      if (template !== undefined) {
        templated.push({ object, template });
        if (isBuiltIn && WORKLOAD_KINDS.has(kind)) workloads.push({ object, namespace: m.metadata?.namespace ?? 'default', template });
      }
      continue;
    }
    if (apiVersion === 'v1') {
      if (kind === 'Namespace') namespaces.push(object);
      else if (kind === 'Secret') secrets.push(object);
    } else if (isBuiltIn) {
      if (kind === 'CustomResourceDefinition' && apiGroupOf(apiVersion as string) === 'apiextensions.k8s.io') crds.push(object);
      else if (kind === 'ClusterRole' && apiGroupOf(apiVersion as string) === 'rbac.authorization.k8s.io') clusterRoles.push(object);
    }
  }
  return { workloads, templated, namespaces, crds, customResourceCandidates, secrets, clusterRoles };
}
