import { FileSystemType, IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { checkFsType, definedOnly } from './checks';

/** Options of Provisioner.cinder(). */
export interface CinderProvisionerOptions {
  /**
   * Name or id of the Cinder volume type; it must exist in the cloud.
   * @default - the cloud's default volume type
   */
  readonly type?: string | undefined;
  /**
   * Cinder availability zone of the volumes. Prefer `zones` on the class, which the
   * scheduler understands.
   * @default 'nova' (the driver's default)
   */
  readonly availability?: string | undefined;
  /**
   * File system to format volumes with.
   * @default FileSystemType.EXT4
   */
  readonly fsType?: FileSystemType | undefined;
  /**
   * Snapshot volumes that are in use (VolumeSnapshotClass `force-create`).
   * @default false
   */
  readonly forceCreateSnapshots?: boolean | undefined;
}

/** OpenStack Cinder volumes through the Cinder CSI plugin (`cinder.csi.openstack.org`). */
export class CinderProvisioner implements IProvisioner {
  public readonly name = 'cinder.csi.openstack.org';
  public readonly parameters: Readonly<Record<string, string>>;
  public readonly snapshotParameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology = true;
  // upstream: kubernetes/cloud-provider-openstack docs/cinder-csi-plugin (one topology key)
  public readonly topologyKey = 'topology.cinder.csi.openstack.org/zone';
  public readonly supportsSnapshots = true;
  public readonly supportsVolumeExpansion = true;
  public readonly supportsMountOptions = true;
  public readonly defaultVolumeBindingMode = VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;

  private readonly fsType?: FileSystemType;

  constructor(options: CinderProvisionerOptions = {}) {
    this.fsType = options.fsType;
    // upstream: docs/cinder-csi-plugin/using-cinder-csi-plugin.md (Supported Parameters)
    this.parameters = definedOnly({
      type: options.type,
      availability: options.availability,
      'csi.storage.k8s.io/fstype': options.fsType,
    });
    this.snapshotParameters = definedOnly({ 'force-create': options.forceCreateSnapshots ? 'true' : undefined });
  }

  public validate(context: ValidationContext, sc: StorageClass): void {
    checkFsType(context, sc, this.fsType);
  }
}
