import { FileSystemType, IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { PROVISIONER_DEFAULTS } from '../defaults';
import { isQualifiedName, QUALIFIED_NAME_EXPECTED } from '../../../lib/validation/labels';
import { checkFsType, definedOnly } from './checks';

/** Options of Provisioner.vsphere(). */
export interface VsphereProvisionerOptions {
  /**
   * SPBM storage policy the volumes are placed by.
   * @default - the datastore's default policy
   */
  readonly storagePolicyName?: string | undefined;
  /**
   * URL of the datastore, e.g. `ds:///vmfs/volumes/vsan:52..../`.
   * @default - any datastore compatible with the policy
   */
  readonly datastoreUrl?: string | undefined;
  /**
   * File system to format volumes with.
   * @default FileSystemType.EXT4
   */
  readonly fsType?: FileSystemType | undefined;
  /**
   * The zone category of the driver's `topology-categories` configuration.
   * @default 'k8s-zone'
   */
  readonly zoneCategory?: string | undefined;
}

/** vSphere volumes through the vSphere CSI driver (`csi.vsphere.vmware.com`). */
export class VsphereProvisioner implements IProvisioner {
  public readonly name = 'csi.vsphere.vmware.com';
  public readonly parameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology = true;
  public readonly topologyKey: string;
  public readonly supportsSnapshots = true;
  public readonly supportsVolumeExpansion = true;
  public readonly supportsMountOptions = true;
  public readonly defaultVolumeBindingMode = VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;

  private readonly fsType?: FileSystemType;

  constructor(options: VsphereProvisionerOptions = {}) {
    this.fsType = options.fsType;
    // The driver labels nodes topology.csi.vmware.com/<category> for each topology category.
    this.topologyKey = `topology.csi.vmware.com/${options.zoneCategory ?? PROVISIONER_DEFAULTS.vsphereZoneCategory}`;
    this.parameters = definedOnly({
      storagepolicyname: options.storagePolicyName,
      datastoreurl: options.datastoreUrl,
      'csi.storage.k8s.io/fstype': options.fsType,
    });
  }

  public validate(context: ValidationContext, sc: StorageClass): void {
    checkFsType(context, sc, this.fsType);
    if (!isQualifiedName(this.topologyKey)) {
      context.error(sc, {
        rule: 'storage/vsphere-zone-category',
        field: 'provisioner.zoneCategory',
        message: `the zone category names the node label ${this.topologyKey}, which is not a valid label key`,
        received: this.topologyKey.slice(this.topologyKey.indexOf('/') + 1),
        expected: QUALIFIED_NAME_EXPECTED,
      });
    }
  }
}
