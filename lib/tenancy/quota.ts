/** ResourceQuota scopes (core/v1 ResourceQuotaScope). */
export enum QuotaScope {
  TERMINATING = 'Terminating',
  NOT_TERMINATING = 'NotTerminating',
  BEST_EFFORT = 'BestEffort',
  NOT_BEST_EFFORT = 'NotBestEffort',
}

/** Hard limits of one ResourceQuota; each set field becomes one `spec.hard` key. */
export interface QuotaProps {
  /** `requests.cpu` @default - not capped */
  readonly requestsCpu?: string | undefined;
  /** `requests.memory` @default - not capped */
  readonly requestsMemory?: string | undefined;
  /** `limits.cpu` @default - not capped */
  readonly limitsCpu?: string | undefined;
  /** `limits.memory` @default - not capped */
  readonly limitsMemory?: string | undefined;
  /** `requests.storage`, across every class. @default - not capped */
  readonly requestsStorage?: string | undefined;
  /** `persistentvolumeclaims`, across every class. @default - not capped */
  readonly persistentVolumeClaims?: number | undefined;
  /** `pods` @default - not capped */
  readonly pods?: number | undefined;
  /** `services` @default - not capped */
  readonly services?: number | undefined;
  /** `services.loadbalancers` @default - not capped */
  readonly servicesLoadBalancers?: number | undefined;
  /** `services.nodeports` @default - not capped */
  readonly servicesNodePorts?: number | undefined;
  /** `configmaps` @default - not capped */
  readonly configMaps?: number | undefined;
  /** `secrets` @default - not capped */
  readonly secrets?: number | undefined;
  /**
   * Storage per StorageClass name: `<class>.storageclass.storage.k8s.io/requests.storage`.
   * Every class must exist in the cluster.
   * @default - none
   */
  readonly storage?: Readonly<Record<string, string>> | undefined;
  /**
   * Claims per StorageClass name: `<class>.storageclass.storage.k8s.io/persistentvolumeclaims`.
   * @default - none
   */
  readonly storageClaims?: Readonly<Record<string, number>> | undefined;
  /**
   * Extended resources by name, e.g. `{ 'nvidia.com/gpu': '4' }` → `requests.nvidia.com/gpu`.
   * @default - none
   */
  readonly extendedResources?: Readonly<Record<string, string>> | undefined;
  /**
   * Object counts by `<resource>.<group>` (core resources without a group), e.g.
   * `{ 'deployments.apps': 20, 'jobs.batch': 50 }` → `count/deployments.apps`.
   * @default - none
   */
  readonly objectCounts?: Readonly<Record<string, number>> | undefined;
  /**
   * Only count pods in these scopes.
   * @default - every pod
   */
  readonly scopes?: readonly QuotaScope[] | undefined;
  /**
   * Only count pods of these PriorityClasses (a `scopeSelector` on PriorityClass).
   * @default - every class
   */
  readonly priorityClasses?: readonly string[] | undefined;
}

/** Resource values of a LimitRange entry. */
export interface ResourceValues {
  /** @default - not set */
  readonly cpu?: string | undefined;
  /** @default - not set */
  readonly memory?: string | undefined;
  /** @default - not set */
  readonly ephemeralStorage?: string | undefined;
}

/** LimitRange values for each container. */
export interface ContainerLimits {
  /** Limits given to containers that set none. @default - none */
  readonly default?: ResourceValues | undefined;
  /** Requests given to containers that set none. @default - none */
  readonly defaultRequest?: ResourceValues | undefined;
  /** @default - none */
  readonly min?: ResourceValues | undefined;
  /** @default - none */
  readonly max?: ResourceValues | undefined;
  /** Largest limit/request ratio per resource. @default - none */
  readonly maxLimitRequestRatio?: ResourceValues | undefined;
}

/** LimitRange values for each pod. */
export interface PodLimits {
  /** @default - none */
  readonly min?: ResourceValues | undefined;
  /** @default - none */
  readonly max?: ResourceValues | undefined;
  /** @default - none */
  readonly maxLimitRequestRatio?: ResourceValues | undefined;
}

/** The LimitRange of each tenant namespace. */
export interface LimitRangeProps {
  /** Per-container defaults and bounds. @default - none */
  readonly container?: ContainerLimits | undefined;
  /** Per-pod bounds (sum of its containers). @default - none */
  readonly pod?: PodLimits | undefined;
}

/** @internal The API names of resource values (`ephemeral-storage`), mapped with `toValue`. */
export function resourceValuesToJson<T>(v: ResourceValues | undefined, toValue: (q: string) => T): Record<string, T> | undefined {
  if (!v) return undefined;
  const out: Record<string, T> = {};
  if (v.cpu !== undefined) out.cpu = toValue(v.cpu);
  if (v.memory !== undefined) out.memory = toValue(v.memory);
  if (v.ephemeralStorage !== undefined) out['ephemeral-storage'] = toValue(v.ephemeralStorage);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The `spec.hard` key of each scalar field of QuotaProps, in the order the map lists them. */
const HARD_KEYS: readonly (readonly [string, 'requestsCpu' | 'requestsMemory' | 'limitsCpu' | 'limitsMemory' | 'requestsStorage' | 'persistentVolumeClaims' | 'pods' | 'services' | 'servicesLoadBalancers' | 'servicesNodePorts' | 'configMaps' | 'secrets'])[] = [
  ['requests.cpu', 'requestsCpu'],
  ['requests.memory', 'requestsMemory'],
  ['limits.cpu', 'limitsCpu'],
  ['limits.memory', 'limitsMemory'],
  ['requests.storage', 'requestsStorage'],
  ['persistentvolumeclaims', 'persistentVolumeClaims'],
  ['pods', 'pods'],
  ['services', 'services'],
  ['services.loadbalancers', 'servicesLoadBalancers'],
  ['services.nodeports', 'servicesNodePorts'],
  ['configmaps', 'configMaps'],
  ['secrets', 'secrets'],
];

/** @internal The `spec.hard` map of a quota, keys as the API names them, values as given. */
export function quotaHard(q: QuotaProps): Record<string, string | number> {
  const hard: Record<string, string | number> = {};
  for (const [key, field] of HARD_KEYS) {
    const value = q[field];
    if (value !== undefined) hard[key] = value;
  }
  if (q.storage) for (const [cls, v] of Object.entries(q.storage)) if (v !== undefined) hard[`${cls}.storageclass.storage.k8s.io/requests.storage`] = v;
  if (q.storageClaims) for (const [cls, v] of Object.entries(q.storageClaims)) if (v !== undefined) hard[`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`] = v;
  if (q.extendedResources) for (const [name, v] of Object.entries(q.extendedResources)) if (v !== undefined) hard[`requests.${name}`] = v;
  if (q.objectCounts) for (const [name, v] of Object.entries(q.objectCounts)) if (v !== undefined) hard[`count/${name}`] = v;
  return hard;
}
