import {
  KubeObject,
  WORKLOAD_KINDS,
  apiGroupOf,
  isBuiltInApiVersion,
  isClusterScopedKind,
  objectIdentity,
} from './kube-object';
import { compareCodeUnits, sortInPlace } from './sort-in-place';

/**
 * The apply order of a cluster, shared by both backends: YAML files apply in this
 * order, and Pulumi's dependsOn edges are derived from the same placement.
 */
export enum Stage {
  CRDS = 'crds',
  NAMESPACES = 'namespaces',
  CLUSTER = 'cluster',
  WORKLOADS = 'workloads',
  CUSTOM_RESOURCES = 'custom-resources',
}

/** An object with what synthesis knows about where it came from. */
export interface PlacedObject {
  readonly manifest: KubeObject;
  /** The top-level component (add-on or core part) that made it. */
  readonly group: string;
  /** Construct path of the construct that made it. */
  readonly sourcePath: string;
}

/** One numbered file of `manifests/` and the objects it holds, in apply order. */
export interface ManifestFile {
  /** e.g. `100-networking.yaml`; lexical order is apply order. */
  readonly fileName: string;
  readonly stage: Stage;
  /** The group for per-group stages, undefined for shared stages. */
  readonly group?: string | undefined;
  readonly objects: readonly PlacedObject[];
}

/** @internal The stage an object is applied in. */
export function stageOf(o: KubeObject): Stage {
  const kind = o.kind;
  const apiVersion = o.apiVersion;
  if (kind === 'CustomResourceDefinition' && apiGroupOf(apiVersion) === 'apiextensions.k8s.io') return Stage.CRDS;
  if (kind === 'Namespace' && apiVersion === 'v1') return Stage.NAMESPACES;
  if (!isBuiltInApiVersion(apiVersion)) return Stage.CUSTOM_RESOURCES;
  return isClusterScopedKind(kind) ? Stage.CLUSTER : Stage.WORKLOADS;
}

// Inside a file, objects that others refer to come first (as Helm installs them).
const KIND_ORDER = [
  'CustomResourceDefinition',
  'Namespace',
  'PriorityClass',
  'StorageClass',
  'CSIDriver',
  'ClusterRole',
  'ClusterRoleBinding',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Role',
  'RoleBinding',
  'Service',
  'PodDisruptionBudget',
  'DaemonSet',
  'Pod',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];
const KIND_RANK = new Map(KIND_ORDER.map((k, i) => [k, i]));

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** @internal The most groups a cluster can have: file prefixes have two digits per stage. */
export const MAX_GROUPS = 100;

/**
 * @internal
 * Splits objects into numbered files: CRDs, namespaces and cluster-scoped objects
 * first, then one file per group in `groupOrder`, then each group's custom resources.
 */
export function planManifestFiles(objects: readonly PlacedObject[], groupOrder: readonly string[]): ManifestFile[] {
  const groupIndex = new Map(groupOrder.map((g, i) => [g, i]));
  const shared = new Map<Stage, PlacedObject[]>([
    [Stage.CRDS, []],
    [Stage.NAMESPACES, []],
    [Stage.CLUSTER, []],
  ]);
  const perGroup = new Map<string, PlacedObject[]>();
  for (const o of objects) {
    const stage = stageOf(o.manifest);
    const bucket = shared.get(stage);
    if (bucket) {
      bucket.push(o);
    } else {
      const key = `${stage}\u0000${o.group}`;
      let list = perGroup.get(key);
      if (!list) perGroup.set(key, (list = []));
      list.push(o);
    }
  }

  const files: ManifestFile[] = [];
  const sharedNames: [Stage, string][] = [
    [Stage.CRDS, '000-crds.yaml'],
    [Stage.NAMESPACES, '010-namespaces.yaml'],
    [Stage.CLUSTER, '020-cluster.yaml'],
  ];
  for (const [stage, fileName] of sharedNames) {
    const list = shared.get(stage)!;
    // CRDs and namespaces have no inter-dependencies; sort by identity so group moves don't reorder them.
    if (list.length > 0) files.push({ fileName, stage, objects: sortObjects(list, stage === Stage.CLUSTER ? groupIndex : undefined) });
  }
  const perGroupStages: [Stage, number, string][] = [
    [Stage.WORKLOADS, 100, ''],
    [Stage.CUSTOM_RESOURCES, 500, '-custom-resources'],
  ];
  for (const [stage, base, suffix] of perGroupStages) {
    groupOrder.forEach((group, i) => {
      const list = perGroup.get(`${stage}\u0000${group}`);
      if (list && list.length > 0) {
        files.push({ fileName: `${base + i}-${fileSlug(group)}${suffix}.yaml`, stage, group, objects: sortObjects(list) });
      }
    });
  }
  return files;
}

/**
 * The order of objects inside a file: referred-to kinds first, then by identity (kind,
 * apiVersion, namespace, name); for the cluster-scoped file, by group first. Read once per
 * object rather than once per comparison.
 */
interface SortKey {
  readonly object: PlacedObject;
  readonly group: number;
  readonly rank: number;
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly name: string;
}

/** `list` sorted in place in file order, after the group's place in `groupIndex` when given. */
function sortObjects(list: PlacedObject[], groupIndex?: ReadonlyMap<string, number>): PlacedObject[] {
  const keys = list.map(
    (object): SortKey => ({
      object,
      group: groupIndex === undefined ? 0 : (groupIndex.get(object.group) ?? MAX_GROUPS),
      rank: KIND_RANK.get(object.manifest.kind) ?? KIND_ORDER.length,
      kind: object.manifest.kind,
      apiVersion: object.manifest.apiVersion,
      namespace: object.manifest.metadata.namespace ?? '',
      name: object.manifest.metadata.name,
    }),
  );
  keys.sort(
    (a, b) =>
      a.group - b.group ||
      a.rank - b.rank ||
      compareStrings(a.kind, b.kind) ||
      compareStrings(a.apiVersion, b.apiVersion) ||
      compareStrings(a.namespace, b.namespace) ||
      compareStrings(a.name, b.name),
  );
  for (let i = 0; i < keys.length; i++) list[i] = keys[i].object;
  return list;
}

/** @internal A group name as a file-name slug (`LocalPathProvisioner` -> `local-path-provisioner`). */
export function fileSlug(group: string): string {
  return group
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const CONFIG_KINDS = new Set(['ServiceAccount', 'ConfigMap', 'Secret', 'Role', 'RoleBinding', 'PersistentVolumeClaim']);
const CLUSTER_RBAC_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding']);

/**
 * @internal
 * Direct dependencies of each object, by identity. YAML file order satisfies every
 * edge (tested), and the Pulumi backend turns them into dependsOn.
 *
 * - a namespaced object depends on its Namespace, when the cluster declares it;
 * - a custom resource depends on its CustomResourceDefinition, when declared;
 * - a workload depends on the config objects (ServiceAccount, ConfigMap, Secret,
 *   Role, RoleBinding, PVC) of its namespace and group, and its group's cluster RBAC;
 * - a workload depends on the workloads of the groups its group depends on;
 * - a RoleBinding or ClusterRoleBinding depends on the Role or ClusterRole it binds,
 *   when declared earlier in apply order (kubectl accepts a dangling roleRef, but the grant
 *   is void until the role exists).
 *
 * Every object has a bounded number of edges, so cost stays linear at scale.
 */
export function objectDependencies(
  objects: readonly PlacedObject[],
  groupDependencies: ReadonlyMap<string, readonly string[]>,
): Map<string, string[]> {
  const namespaces = new Map<string, string>();
  const crds = new Map<string, string>();
  const configByNsGroup = new Map<string, string[]>();
  const clusterRbacByGroup = new Map<string, string[]>();
  const workloadsByGroup = new Map<string, string[]>();
  const roles = new Map<string, string>();
  const push = (m: Map<string, string[]>, k: string, v: string) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };

  // Identities and stages once per object: at 10,000 tenants there are 90,000 of each.
  const ids = objects.map(({ manifest }) => objectIdentity(manifest));
  const stages = objects.map(({ manifest }) => stageOf(manifest));
  objects.forEach(({ manifest: o, group }, i) => {
    const id = ids[i];
    const stage = stages[i];
    if (stage === Stage.NAMESPACES) namespaces.set(o.metadata.name, id);
    if (stage === Stage.CRDS) {
      const spec = o.spec as { group?: string; names?: { kind?: string } } | undefined;
      if (spec?.group && spec.names?.kind) crds.set(`${spec.group}|${spec.names.kind}`, id);
    }
    if (CONFIG_KINDS.has(o.kind) && o.metadata.namespace) push(configByNsGroup, `${o.metadata.namespace}|${group}`, id);
    if (CLUSTER_RBAC_KINDS.has(o.kind)) push(clusterRbacByGroup, group, id);
    if (WORKLOAD_KINDS.has(o.kind)) push(workloadsByGroup, group, id);
    if (RBAC_API_VERSION === o.apiVersion && (o.kind === 'Role' || o.kind === 'ClusterRole')) {
      roles.set(roleKey(o.kind, o.kind === 'Role' ? o.metadata.namespace : undefined, o.metadata.name), id);
    }
  });
  // `objects` come in apply order; an edge may only point backwards (Pulumi registers in
  // this order), so a role placed after its binding, in a later group, gets no edge.
  const position = new Map(ids.map((id, i) => [id, i]));

  const result = new Map<string, string[]>();
  objects.forEach(({ manifest: o, group }, i) => {
    const id = ids[i];
    const deps = new Set<string>();
    const ns = o.metadata.namespace;
    if (ns && namespaces.has(ns)) deps.add(namespaces.get(ns)!);
    if (stages[i] === Stage.CUSTOM_RESOURCES) {
      const crd = crds.get(`${apiGroupOf(o.apiVersion)}|${o.kind}`);
      if (crd) deps.add(crd);
    }
    if (WORKLOAD_KINDS.has(o.kind)) {
      for (const d of configByNsGroup.get(`${ns}|${group}`) ?? []) deps.add(d);
      for (const d of clusterRbacByGroup.get(group) ?? []) deps.add(d);
      for (const g of groupDependencies.get(group) ?? []) {
        for (const d of workloadsByGroup.get(g) ?? []) deps.add(d);
      }
    }
    const bound = boundRole(o);
    const role = bound === undefined ? undefined : roles.get(bound);
    if (role && position.get(role)! < position.get(id)!) deps.add(role);
    deps.delete(id);
    result.set(id, sortInPlace([...deps], compareCodeUnits));
  });
  return result;
}

const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';

function roleKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

/** The role a binding refers to, as a `roleKey`; a RoleBinding's Role lives in its namespace. */
function boundRole(o: KubeObject): string | undefined {
  if (o.apiVersion !== RBAC_API_VERSION || (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding')) return undefined;
  const ref = (o as { roleRef?: { kind?: string; name?: string } }).roleRef;
  if (!ref?.name || (ref.kind !== 'Role' && ref.kind !== 'ClusterRole')) return undefined;
  return roleKey(ref.kind, ref.kind === 'Role' ? o.metadata.namespace : undefined, ref.name);
}
