import { FileSystemType, IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { PROVISIONER_DEFAULTS } from '../defaults';
import { GcePdReplicationType, GcePdType } from '../types';
import { checkFsType, checkInteger, checkOneOf, checkOptionalOneOf, definedOnly, keyValueList, str } from './checks';

/** Options of Provisioner.gcePd(). */
export interface GcePdProvisionerOptions {
  /**
   * Disk type.
   * @default GcePdType.PD_BALANCED
   */
  readonly type?: GcePdType | undefined;
  /**
   * Zonal or regional (replicated across two zones) disks.
   * @default GcePdReplicationType.NONE
   */
  readonly replicationType?: GcePdReplicationType | undefined;
  /**
   * Cloud KMS key (`projects/.../cryptoKeys/...`) for customer-managed encryption.
   * @default - Google-managed encryption
   */
  readonly diskEncryptionKmsKey?: string | undefined;
  /**
   * Labels of created disks.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /**
   * IOPS to provision, for pd-extreme, hyperdisk-balanced and hyperdisk-extreme.
   * @default - the type's default
   */
  readonly provisionedIopsOnCreate?: number | undefined;
  /**
   * Throughput in MiB/s to provision, for hyperdisk-balanced, hyperdisk-throughput and hyperdisk-ml.
   * @default - the type's default
   */
  readonly provisionedThroughputOnCreate?: number | undefined;
  /**
   * File system to format volumes with.
   * @default FileSystemType.EXT4
   */
  readonly fsType?: FileSystemType | undefined;
}

const IOPS_TYPES: readonly GcePdType[] = [GcePdType.PD_EXTREME, GcePdType.HYPERDISK_BALANCED, GcePdType.HYPERDISK_EXTREME];
const THROUGHPUT_TYPES: readonly GcePdType[] = [GcePdType.HYPERDISK_BALANCED, GcePdType.HYPERDISK_THROUGHPUT, GcePdType.HYPERDISK_ML];

/** Google Compute Engine persistent disks through the PD CSI driver (`pd.csi.storage.gke.io`). */
export class GcePdProvisioner implements IProvisioner {
  public readonly name = 'pd.csi.storage.gke.io';
  public readonly parameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology = true;
  // upstream: kubernetes-sigs/gcp-compute-persistent-disk-csi-driver README (Topology)
  public readonly topologyKey = 'topology.gke.io/zone';
  public readonly supportsSnapshots = true;
  public readonly supportsVolumeExpansion = true;
  public readonly supportsMountOptions = true;
  public readonly defaultVolumeBindingMode = VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;
  public readonly type: GcePdType;

  constructor(private readonly options: GcePdProvisionerOptions = {}) {
    this.type = options.type ?? PROVISIONER_DEFAULTS.gcePdType;
    this.parameters = definedOnly({
      type: this.type,
      'replication-type': options.replicationType ?? PROVISIONER_DEFAULTS.gcePdReplicationType,
      'disk-encryption-kms-key': options.diskEncryptionKmsKey,
      labels: keyValueList(options.labels),
      'provisioned-iops-on-create': str(options.provisionedIopsOnCreate),
      'provisioned-throughput-on-create':
        options.provisionedThroughputOnCreate === undefined ? undefined : `${options.provisionedThroughputOnCreate}Mi`,
      'csi.storage.k8s.io/fstype': options.fsType,
    });
  }

  public validate(context: ValidationContext, sc: StorageClass): void {
    const o = this.options;
    checkOneOf(context, sc, { rule: 'storage/gce-pd-type', field: 'provisioner.type', value: this.type, allowed: Object.values(GcePdType), what: 'persistent disk type' });
    checkOptionalOneOf(context, sc, { rule: 'storage/gce-pd-replication-type', field: 'provisioner.replicationType', value: o.replicationType, allowed: Object.values(GcePdReplicationType), what: 'replication type' });
    checkFsType(context, sc, o.fsType);
    if (o.provisionedIopsOnCreate !== undefined) {
      if (!IOPS_TYPES.includes(this.type)) {
        context.error(sc, {
          rule: 'storage/gce-pd-iops',
          field: 'provisioner.provisionedIopsOnCreate',
          message: `${this.type} disks take no provisioned IOPS`,
          received: o.provisionedIopsOnCreate,
          expected: `type ${IOPS_TYPES.join(', ')}`,
        });
      } else {
        checkInteger(context, sc, { rule: 'storage/gce-pd-iops', field: 'provisioner.provisionedIopsOnCreate', value: o.provisionedIopsOnCreate, min: 1, why: 'provisioned IOPS must be a positive integer' });
      }
    }
    if (o.provisionedThroughputOnCreate !== undefined) {
      if (!THROUGHPUT_TYPES.includes(this.type)) {
        context.error(sc, {
          rule: 'storage/gce-pd-throughput',
          field: 'provisioner.provisionedThroughputOnCreate',
          message: `${this.type} disks take no provisioned throughput`,
          received: o.provisionedThroughputOnCreate,
          expected: `type ${THROUGHPUT_TYPES.join(', ')}`,
        });
      } else {
        checkInteger(context, sc, { rule: 'storage/gce-pd-throughput', field: 'provisioner.provisionedThroughputOnCreate', value: o.provisionedThroughputOnCreate, min: 1, why: 'provisioned throughput must be a positive integer (MiB/s)' });
      }
    }
  }
}
