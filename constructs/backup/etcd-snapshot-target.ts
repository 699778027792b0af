/** How a snapshot leaves the machine it was taken on. */
export enum EtcdSnapshotTargetKind {
  PERSISTENT_VOLUME_CLAIM = 'persistentVolumeClaim',
  HOST_DIRECTORY = 'hostDirectory',
}

/** Options of `EtcdSnapshotTarget.newClaim`: a new PersistentVolumeClaim the snapshots are copied to. */
export interface EtcdSnapshotClaimOptions {
  /** StorageClass of the claim; network storage, so snapshots leave the node. */
  readonly storageClassName: string;
  /** Size, e.g. `20Gi`: room for `retention` snapshots of the etcd database (at most 8 GiB each by default). */
  readonly size: string;
  /**
   * Claim name.
   * @default 'etcd-snapshots'
   */
  readonly claimName?: string | undefined;
}

/**
 * Where etcd snapshots are copied to, with retention applied there. The snapshot is taken
 * into a scratch directory on the etcd machine first, verified, then copied here.
 */
export class EtcdSnapshotTarget {
  /**
   * A PersistentVolumeClaim in the snapshot job's namespace, typically on network storage
   * (NFS, CephFS), so snapshots outlive the node. Stacked etcd only: external etcd hosts
   * run no kubelet.
   */
  public static persistentVolumeClaim(claimName: string): EtcdSnapshotTarget {
    return new EtcdSnapshotTarget(EtcdSnapshotTargetKind.PERSISTENT_VOLUME_CLAIM, claimName);
  }

  /**
   * A new PersistentVolumeClaim in the snapshot job's namespace, of a StorageClass backed by
   * network storage (Ceph RBD, NFS, a cloud disk) so snapshots outlive the node. Stacked etcd only.
   */
  public static newClaim(options: EtcdSnapshotClaimOptions): EtcdSnapshotTarget {
    return new EtcdSnapshotTarget(EtcdSnapshotTargetKind.PERSISTENT_VOLUME_CLAIM, options.claimName ?? 'etcd-snapshots', options);
  }

  /**
   * A directory on the machine that should be a mount of remote storage (an NFS export,
   * a backup appliance) so the copy leaves the machine. Works for both topologies.
   */
  public static hostDirectory(path: string): EtcdSnapshotTarget {
    return new EtcdSnapshotTarget(EtcdSnapshotTargetKind.HOST_DIRECTORY, path);
  }

  private constructor(
    public readonly kind: EtcdSnapshotTargetKind,
    /** The claim name or the directory path. */
    public readonly location: string,
    /** Set when the claim is created with the snapshots. */
    public readonly newClaimOptions?: EtcdSnapshotClaimOptions,
  ) {}
}
