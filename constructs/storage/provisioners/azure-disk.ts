import { FileSystemType, IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { PROVISIONER_DEFAULTS } from '../defaults';
import { AzureDiskCachingMode, AzureDiskNetworkAccessPolicy, AzureDiskSku } from '../types';
import { checkFsType, checkInteger, checkOneOf, checkOptionalOneOf, definedOnly, keyValueList, str } from './checks';

/** Options of Provisioner.azureDisk(). */
export interface AzureDiskProvisionerOptions {
  /**
   * Disk SKU.
   * @default AzureDiskSku.STANDARD_SSD_LRS
   */
  readonly skuName?: AzureDiskSku | undefined;
  /**
   * Host caching; Ultra and Premium v2 disks take None only.
   * @default - ReadOnly (the driver's default), None for Ultra and Premium v2
   */
  readonly cachingMode?: AzureDiskCachingMode | undefined;
  /**
   * Provisioned IOPS, for UltraSSD_LRS and PremiumV2_LRS.
   * @default - the SKU's default
   */
  readonly diskIopsReadWrite?: number | undefined;
  /**
   * Provisioned throughput in MB/s, for UltraSSD_LRS and PremiumV2_LRS.
   * @default - the SKU's default
   */
  readonly diskMbpsReadWrite?: number | undefined;
  /**
   * Resource id of the disk encryption set (customer-managed keys).
   * @default - platform-managed keys
   */
  readonly diskEncryptionSetId?: string | undefined;
  /**
   * Who may export disks through SAS URIs.
   * @default AzureDiskNetworkAccessPolicy.ALLOW_ALL (the driver's default)
   */
  readonly networkAccessPolicy?: AzureDiskNetworkAccessPolicy | undefined;
  /**
   * Resource group for the disks.
   * @default - the cluster's resource group
   */
  readonly resourceGroup?: string | undefined;
  /**
   * Tags of created disks.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /**
   * File system to format volumes with.
   * @default FileSystemType.EXT4
   */
  readonly fsType?: FileSystemType | undefined;
}

const PROVISIONED_PERFORMANCE_SKUS: readonly AzureDiskSku[] = [AzureDiskSku.ULTRA_SSD_LRS, AzureDiskSku.PREMIUM_V2_LRS];

/** Azure managed disks through the Azure Disk CSI driver (`disk.csi.azure.com`). */
export class AzureDiskProvisioner implements IProvisioner {
  public readonly name = 'disk.csi.azure.com';
  public readonly parameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology = true;
  public readonly topologyKey = 'topology.disk.csi.azure.com/zone';
  public readonly supportsSnapshots = true;
  // upstream: azuredisk-csi-driver docs/driver-parameters.md (VolumeSnapshotClass: incremental defaults to true)
  public readonly snapshotParameters = { incremental: 'true' };
  public readonly supportsVolumeExpansion = true;
  public readonly supportsMountOptions = true;
  public readonly defaultVolumeBindingMode = VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;
  public readonly skuName: AzureDiskSku;

  constructor(private readonly options: AzureDiskProvisionerOptions = {}) {
    this.skuName = options.skuName ?? PROVISIONER_DEFAULTS.azureDiskSku;
    // upstream: kubernetes-sigs/azuredisk-csi-driver docs/driver-parameters.md
    this.parameters = definedOnly({
      skuName: this.skuName,
      cachingMode: options.cachingMode,
      DiskIOPSReadWrite: str(options.diskIopsReadWrite),
      DiskMBpsReadWrite: str(options.diskMbpsReadWrite),
      diskEncryptionSetID: options.diskEncryptionSetId,
      networkAccessPolicy: options.networkAccessPolicy,
      resourceGroup: options.resourceGroup,
      tags: keyValueList(options.tags),
      fsType: options.fsType,
    });
  }

  public validate(context: ValidationContext, sc: StorageClass): void {
    const o = this.options;
    checkOneOf(context, sc, { rule: 'storage/azure-disk-sku', field: 'provisioner.skuName', value: this.skuName, allowed: Object.values(AzureDiskSku), what: 'disk SKU' });
    checkOptionalOneOf(context, sc, { rule: 'storage/azure-disk-caching', field: 'provisioner.cachingMode', value: o.cachingMode, allowed: Object.values(AzureDiskCachingMode), what: 'caching mode' });
    checkOptionalOneOf(context, sc, {
      rule: 'storage/azure-disk-network-access-policy',
      field: 'provisioner.networkAccessPolicy',
      value: o.networkAccessPolicy,
      allowed: Object.values(AzureDiskNetworkAccessPolicy),
      what: 'network access policy',
    });
    checkFsType(context, sc, o.fsType);
    const provisioned = PROVISIONED_PERFORMANCE_SKUS.includes(this.skuName);
    for (const [field, value] of [['diskIopsReadWrite', o.diskIopsReadWrite], ['diskMbpsReadWrite', o.diskMbpsReadWrite]] as const) {
      if (value === undefined) continue;
      if (!provisioned) {
        context.error(sc, {
          rule: 'storage/azure-disk-performance',
          field: `provisioner.${field}`,
          message: `${this.skuName} disks take no provisioned performance; ${field} applies to UltraSSD_LRS and PremiumV2_LRS`,
          received: value,
          expected: 'skuName UltraSSD_LRS or PremiumV2_LRS',
        });
      } else {
        checkInteger(context, sc, { rule: 'storage/azure-disk-performance', field: `provisioner.${field}`, value, min: 1, why: `${field} must be a positive integer` });
      }
    }
    if (provisioned && o.cachingMode !== undefined && o.cachingMode !== AzureDiskCachingMode.NONE) {
      context.error(sc, {
        rule: 'storage/azure-disk-caching',
        field: 'provisioner.cachingMode',
        message: `${this.skuName} disks support no host caching; attaching them would fail`,
        received: o.cachingMode,
        expected: 'AzureDiskCachingMode.NONE or unset',
      });
    }
  }
}
