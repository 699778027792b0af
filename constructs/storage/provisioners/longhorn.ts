import { FileSystemType, IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { PROVISIONER_DEFAULTS } from '../defaults';
import { LonghornDataLocality, LonghornSnapshotType } from '../types';
import { checkFsType, checkInteger, checkOptionalOneOf, definedOnly } from './checks';

/** Options of Provisioner.longhorn(). */
export interface LonghornProvisionerOptions {
  /**
   * Replicas of each volume.
   * @default 3
   */
  readonly numberOfReplicas?: number | undefined;
  /**
   * Minutes before a failed replica is removed.
   * @default 2880 (48 hours)
   */
  readonly staleReplicaTimeout?: number | undefined;
  /**
   * Whether a replica is kept on the workload's node.
   * @default LonghornDataLocality.DISABLED (Longhorn's default)
   */
  readonly dataLocality?: LonghornDataLocality | undefined;
  /**
   * Disk tags replicas are placed on.
   * @default - any disk
   */
  readonly diskSelector?: readonly string[] | undefined;
  /**
   * Node tags replicas are placed on.
   * @default - any node
   */
  readonly nodeSelector?: readonly string[] | undefined;
  /**
   * File system to format volumes with.
   * @default FileSystemType.EXT4
   */
  readonly fsType?: FileSystemType | undefined;
  /**
   * What a CSI snapshot of a Longhorn volume is.
   * @default LonghornSnapshotType.SNAPSHOT
   */
  readonly snapshotType?: LonghornSnapshotType | undefined;
}

/** Longhorn volumes (`driver.longhorn.io`); Longhorn itself is installed separately. */
export class LonghornProvisioner implements IProvisioner {
  public readonly name = 'driver.longhorn.io';
  public readonly parameters: Readonly<Record<string, string>>;
  public readonly snapshotParameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology = false;
  public readonly supportsSnapshots = true;
  public readonly supportsVolumeExpansion = true;
  public readonly supportsMountOptions = true;
  public readonly defaultVolumeBindingMode = VolumeBindingMode.IMMEDIATE;
  public readonly numberOfReplicas: number;
  public readonly staleReplicaTimeout: number;
  private readonly options: LonghornProvisionerOptions;

  constructor(options: LonghornProvisionerOptions = {}) {
    this.options = options;
    this.numberOfReplicas = options.numberOfReplicas ?? PROVISIONER_DEFAULTS.longhornReplicas;
    this.staleReplicaTimeout = options.staleReplicaTimeout ?? PROVISIONER_DEFAULTS.longhornStaleReplicaTimeoutMinutes;
    // upstream: longhorn/longhorn examples/storageclass.yaml
    this.parameters = definedOnly({
      numberOfReplicas: String(this.numberOfReplicas),
      staleReplicaTimeout: String(this.staleReplicaTimeout),
      dataLocality: options.dataLocality,
      diskSelector: options.diskSelector?.length ? options.diskSelector.join(',') : undefined,
      nodeSelector: options.nodeSelector?.length ? options.nodeSelector.join(',') : undefined,
      fsType: options.fsType,
    });
    this.snapshotParameters = { type: options.snapshotType ?? PROVISIONER_DEFAULTS.longhornSnapshotType };
  }

  public validate(context: ValidationContext, sc: StorageClass): void {
    checkInteger(context, sc, { rule: 'storage/longhorn-replicas', field: 'provisioner.numberOfReplicas', value: this.numberOfReplicas, min: 1, why: 'a Longhorn volume needs at least one replica' });
    checkInteger(context, sc, { rule: 'storage/longhorn-stale-replica-timeout', field: 'provisioner.staleReplicaTimeout', value: this.staleReplicaTimeout, min: 1, why: 'staleReplicaTimeout is a positive number of minutes' });
    const o = this.options;
    checkOptionalOneOf(context, sc, { rule: 'storage/longhorn-data-locality', field: 'provisioner.dataLocality', value: o.dataLocality, allowed: Object.values(LonghornDataLocality), what: 'data locality' });
    checkOptionalOneOf(context, sc, { rule: 'storage/longhorn-snapshot-type', field: 'provisioner.snapshotType', value: o.snapshotType, allowed: Object.values(LonghornSnapshotType), what: 'snapshot type' });
    checkFsType(context, sc, o.fsType);
  }
}
