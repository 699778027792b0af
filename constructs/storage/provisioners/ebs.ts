import { FileSystemType, IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { PROVISIONER_DEFAULTS } from '../defaults';
import { EbsVolumeType } from '../types';
import { checkFsType, checkInteger, checkOneOf, definedOnly, str } from './checks';

/** Options of Provisioner.ebs(). */
export interface EbsProvisionerOptions {
  /**
   * EBS volume type.
   * @default EbsVolumeType.GP3
   */
  readonly type?: EbsVolumeType | undefined;
  /**
   * Provisioned IOPS, for io1, io2 and gp3; not with `iopsPerGb`.
   * @default - the type's baseline (3000 for gp3)
   */
  readonly iops?: number | undefined;
  /**
   * IOPS per GiB of the claim, for io1, io2 and gp3; not with `iops`.
   * @default - none
   */
  readonly iopsPerGb?: number | undefined;
  /**
   * Raise IOPS to the type's minimum when `iopsPerGb` times the size falls below it.
   * @default false
   */
  readonly allowAutoIopsPerGbIncrease?: boolean | undefined;
  /**
   * Throughput in MiB/s, for gp3 only.
   * @default - 125 (the driver's default for gp3)
   */
  readonly throughput?: number | undefined;
  /**
   * Encrypt volumes.
   * @default false
   */
  readonly encrypted?: boolean | undefined;
  /**
   * Full ARN of the KMS key to encrypt with; needs `encrypted: true`.
   * @default - the region's default EBS key (aws/ebs)
   */
  readonly kmsKeyId?: string | undefined;
  /**
   * File system to format volumes with.
   * @default FileSystemType.EXT4 (the driver's default)
   */
  readonly fsType?: FileSystemType | undefined;
  /**
   * Tags of created volumes (`tagSpecification_N: key=value`).
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

interface IopsRange {
  readonly min: number;
  readonly max: number;
}

// upstream: kubernetes-sigs/aws-ebs-csi-driver docs/parameters.md (IOPS table; gp3 raised to
// 80,000 IOPS and 2,000 MiB/s in 2025, kubernetes-sigs/aws-ebs-csi-driver#2683).
const IOPS_RANGES: Readonly<Partial<Record<string, IopsRange>>> = {
  [EbsVolumeType.IO1]: { min: 100, max: 64000 },
  [EbsVolumeType.IO2]: { min: 100, max: 256000 },
  [EbsVolumeType.GP3]: { min: 3000, max: 80000 },
};
const GP3_THROUGHPUT = { min: 125, max: 2000 };
/** gp3 allows at most 0.25 MiB/s of throughput per provisioned IOPS. */
const GP3_MIBPS_PER_IOPS = 0.25;
const GP3_BASELINE_IOPS = 3000;

/** AWS EBS through the EBS CSI driver (`ebs.csi.aws.com`). */
export class EbsProvisioner implements IProvisioner {
  public readonly name = 'ebs.csi.aws.com';
  public readonly parameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology = true;
  // The key volumes are created with; nodes report it alongside topology.kubernetes.io/zone
  // (kubernetes-sigs/aws-ebs-csi-driver#729, #1931).
  public readonly topologyKey = 'topology.ebs.csi.aws.com/zone';
  public readonly supportsSnapshots = true;
  public readonly supportsVolumeExpansion = true;
  public readonly supportsMountOptions = true;
  public readonly defaultVolumeBindingMode = VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;
  public readonly type: EbsVolumeType;

  constructor(private readonly options: EbsProvisionerOptions = {}) {
    this.type = options.type ?? PROVISIONER_DEFAULTS.ebsVolumeType;
    const tags = Object.entries(options.tags ?? {}).map(([k, v], i) => [`tagSpecification_${i + 1}`, `${k}=${v}`] as const);
    this.parameters = definedOnly({
      type: this.type,
      iops: str(options.iops),
      iopsPerGB: str(options.iopsPerGb),
      allowAutoIOPSPerGBIncrease: str(options.allowAutoIopsPerGbIncrease),
      throughput: str(options.throughput),
      encrypted: str(options.encrypted),
      kmsKeyId: options.kmsKeyId,
      'csi.storage.k8s.io/fstype': options.fsType,
      ...Object.fromEntries(tags),
    });
  }

  public validate(context: ValidationContext, sc: StorageClass): void {
    const o = this.options;
    checkFsType(context, sc, o.fsType);
    if (!checkOneOf(context, sc, { rule: 'storage/ebs-volume-type', field: 'provisioner.type', value: this.type, allowed: Object.values(EbsVolumeType), what: 'EBS volume type' })) return;
    const range = IOPS_RANGES[this.type];
    if (o.iops !== undefined && o.iopsPerGb !== undefined) {
      context.error(sc, {
        rule: 'storage/ebs-iops',
        field: 'provisioner.iops',
        message: 'iops and iopsPerGb are exclusive; the driver refuses a class that sets both',
        received: { iops: o.iops, iopsPerGb: o.iopsPerGb },
        expected: 'either iops or iopsPerGb',
      });
    }
    for (const [field, value] of [['iops', o.iops], ['iopsPerGb', o.iopsPerGb]] as const) {
      if (value !== undefined && !range) {
        context.error(sc, {
          rule: field === 'iops' ? 'storage/ebs-iops' : 'storage/ebs-iops-per-gb',
          field: `provisioner.${field}`,
          message: `${this.type} volumes have no provisioned IOPS; ${field} applies to io1, io2 and gp3 only`,
          received: value,
          expected: `no ${field} for ${this.type}, or type io1, io2 or gp3`,
        });
      }
    }
    if (range && o.iops !== undefined) {
      checkInteger(context, sc, {
        rule: 'storage/ebs-iops',
        field: 'provisioner.iops',
        value: o.iops,
        min: range.min,
        max: range.max,
        why: `${this.type} volumes take ${range.min} to ${range.max} IOPS; EC2 would refuse any other value and claims would stay Pending`,
      });
    }
    if (range && o.iopsPerGb !== undefined) {
      checkInteger(context, sc, {
        rule: 'storage/ebs-iops-per-gb',
        field: 'provisioner.iopsPerGb',
        value: o.iopsPerGb,
        min: 1,
        why: 'iopsPerGb must be a positive integer',
      });
    }
    if (o.throughput !== undefined) {
      if (this.type !== EbsVolumeType.GP3) {
        context.error(sc, {
          rule: 'storage/ebs-throughput',
          field: 'provisioner.throughput',
          message: `${this.type} volumes take no throughput setting; only gp3 does`,
          received: o.throughput,
          expected: 'no throughput, or type gp3',
        });
      } else {
        checkInteger(context, sc, {
          rule: 'storage/ebs-throughput',
          field: 'provisioner.throughput',
          value: o.throughput,
          min: GP3_THROUGHPUT.min,
          max: GP3_THROUGHPUT.max,
          why: `gp3 volumes take ${GP3_THROUGHPUT.min} to ${GP3_THROUGHPUT.max} MiB/s of throughput`,
        });
        const iops = o.iopsPerGb === undefined ? (o.iops ?? GP3_BASELINE_IOPS) : undefined;
        if (iops !== undefined && Number.isFinite(o.throughput) && o.throughput > iops * GP3_MIBPS_PER_IOPS) {
          context.error(sc, {
            rule: 'storage/ebs-throughput',
            field: 'provisioner.throughput',
            message: `gp3 allows at most ${GP3_MIBPS_PER_IOPS} MiB/s per provisioned IOPS: ${iops} IOPS allow ${iops * GP3_MIBPS_PER_IOPS} MiB/s`,
            received: { throughput: o.throughput, iops },
            expected: `throughput of at most ${iops * GP3_MIBPS_PER_IOPS} MiB/s, or more iops`,
          });
        }
      }
    }
    if (o.kmsKeyId !== undefined && o.encrypted !== true) {
      context.error(sc, {
        rule: 'storage/ebs-kms-key',
        field: 'provisioner.kmsKeyId',
        message: 'a KMS key is only used for encrypted volumes; without encrypted: true volumes would be created unencrypted',
        received: { encrypted: o.encrypted, kmsKeyId: o.kmsKeyId },
        expected: 'encrypted: true with kmsKeyId',
      });
    }
  }
}
