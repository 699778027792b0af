// Closed sets of values the catalogue's drivers accept, as their upstream docs list them.

/** EBS volume types (aws-ebs-csi-driver docs/parameters.md, `type`). */
export enum EbsVolumeType {
  GP2 = 'gp2',
  GP3 = 'gp3',
  IO1 = 'io1',
  IO2 = 'io2',
  SC1 = 'sc1',
  ST1 = 'st1',
  STANDARD = 'standard',
}

/** GCE persistent disk types (gcp-compute-persistent-disk-csi-driver, `type`). */
export enum GcePdType {
  PD_STANDARD = 'pd-standard',
  PD_BALANCED = 'pd-balanced',
  PD_SSD = 'pd-ssd',
  PD_EXTREME = 'pd-extreme',
  HYPERDISK_BALANCED = 'hyperdisk-balanced',
  HYPERDISK_THROUGHPUT = 'hyperdisk-throughput',
  HYPERDISK_EXTREME = 'hyperdisk-extreme',
  HYPERDISK_ML = 'hyperdisk-ml',
}

/** GCE PD `replication-type`. */
export enum GcePdReplicationType {
  NONE = 'none',
  REGIONAL_PD = 'regional-pd',
}

/** Azure managed disk SKUs (azuredisk-csi-driver docs/driver-parameters.md, `skuName`). */
export enum AzureDiskSku {
  STANDARD_LRS = 'Standard_LRS',
  PREMIUM_LRS = 'Premium_LRS',
  STANDARD_SSD_LRS = 'StandardSSD_LRS',
  PREMIUM_V2_LRS = 'PremiumV2_LRS',
  ULTRA_SSD_LRS = 'UltraSSD_LRS',
  PREMIUM_ZRS = 'Premium_ZRS',
  STANDARD_SSD_ZRS = 'StandardSSD_ZRS',
}

/** Azure data disk host caching (`cachingMode`). */
export enum AzureDiskCachingMode {
  NONE = 'None',
  READ_ONLY = 'ReadOnly',
  READ_WRITE = 'ReadWrite',
}

/** Who may export a disk through a SAS URI (`networkAccessPolicy`). */
export enum AzureDiskNetworkAccessPolicy {
  ALLOW_ALL = 'AllowAll',
  DENY_ALL = 'DenyAll',
  ALLOW_PRIVATE = 'AllowPrivate',
}

/** What csi-driver-nfs does with a volume's directory when the volume is deleted (`onDelete`). */
export enum NfsOnDelete {
  DELETE = 'delete',
  RETAIN = 'retain',
  ARCHIVE = 'archive',
}

/** RBD image features (Rook deploy/examples/csi/rbd/storageclass.yaml, `imageFeatures`). */
export enum RbdImageFeature {
  LAYERING = 'layering',
  FAST_DIFF = 'fast-diff',
  OBJECT_MAP = 'object-map',
  DEEP_FLATTEN = 'deep-flatten',
  EXCLUSIVE_LOCK = 'exclusive-lock',
}

/** How CephFS volumes are mounted (`mounter`). */
export enum CephFsMounter {
  KERNEL = 'kernel',
  FUSE = 'fuse',
}

/** Where Longhorn keeps a replica relative to the workload (`dataLocality`). */
export enum LonghornDataLocality {
  DISABLED = 'disabled',
  BEST_EFFORT = 'best-effort',
  STRICT_LOCAL = 'strict-local',
}

/** What a Longhorn CSI snapshot is (VolumeSnapshotClass `type`). */
export enum LonghornSnapshotType {
  /** A Longhorn snapshot, kept in the cluster. */
  SNAPSHOT = 'snap',
  /** A Longhorn backup, written to the backup target. */
  BACKUP = 'bak',
}
