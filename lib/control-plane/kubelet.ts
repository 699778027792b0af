/** Eviction signals the kubelet accepts (pkg/kubelet/eviction/api). */
export enum EvictionSignal {
  MEMORY_AVAILABLE = 'memory.available',
  NODEFS_AVAILABLE = 'nodefs.available',
  NODEFS_INODES_FREE = 'nodefs.inodesFree',
  IMAGEFS_AVAILABLE = 'imagefs.available',
  IMAGEFS_INODES_FREE = 'imagefs.inodesFree',
  CONTAINERFS_AVAILABLE = 'containerfs.available',
  CONTAINERFS_INODES_FREE = 'containerfs.inodesFree',
  PID_AVAILABLE = 'pid.available',
}

/** Resources held back from pods (`systemReserved`, `kubeReserved`). */
export interface ReservedResources {
  /** @default - none */
  readonly cpu?: string | undefined;
  /** @default - none */
  readonly memory?: string | undefined;
  /** @default - none */
  readonly ephemeralStorage?: string | undefined;
  /** @default - none */
  readonly pid?: string | undefined;
}

/** A soft eviction threshold and how long it may be exceeded. */
export interface SoftEviction {
  /** e.g. `500Mi` or `15%` */
  readonly threshold: string;
  /** Go duration, e.g. `1m30s` */
  readonly gracePeriod: string;
}

/** Kubelet settings shared by every node: eviction thresholds and reserved resources. */
export interface KubeletProps {
  /**
   * Hard eviction thresholds, merged over the kubelet's defaults: a signal not given keeps
   * its default (the kubelet itself would set it to 0, turning that eviction off). Give
   * `'0%'` to turn one off on purpose.
   * @default - the kubelet's own defaults, written out: memory.available<100Mi, nodefs.available<10%, nodefs.inodesFree<5%, imagefs.available<15%
   */
  readonly evictionHard?: Readonly<Partial<Record<EvictionSignal, string>>> | undefined;
  /**
   * Soft eviction thresholds with their grace periods.
   * @default - none
   */
  readonly evictionSoft?: Readonly<Partial<Record<EvictionSignal, SoftEviction>>> | undefined;
  /**
   * Reserved for the OS daemons.
   * @default { cpu: '100m', memory: '256Mi' }
   */
  readonly systemReserved?: ReservedResources | undefined;
  /**
   * Reserved for the kubelet and container runtime.
   * @default { cpu: '100m', memory: '256Mi' }
   */
  readonly kubeReserved?: ReservedResources | undefined;
  /**
   * Maximum pods per node.
   * @default 110
   */
  readonly maxPods?: number | undefined;
}
