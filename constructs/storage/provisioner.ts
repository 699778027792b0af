import type { IProvisioner } from '../../lib/storage-class';
import { AzureDiskProvisioner, AzureDiskProvisionerOptions } from './provisioners/azure-disk';
import { CephFsProvisioner, CephFsProvisionerOptions, CephRbdProvisioner, CephRbdProvisionerOptions } from './provisioners/ceph';
import { CinderProvisioner, CinderProvisionerOptions } from './provisioners/cinder';
import { CustomProvisioner, CustomProvisionerOptions, GlusterfsProvisioner } from './provisioners/custom';
import { EbsProvisioner, EbsProvisionerOptions } from './provisioners/ebs';
import { GcePdProvisioner, GcePdProvisionerOptions } from './provisioners/gce-pd';
import { LocalPathProvisionerOptions, LocalPathVolumeProvisioner } from './provisioners/local-path';
import { LonghornProvisioner, LonghornProvisionerOptions } from './provisioners/longhorn';
import { NfsProvisioner, NfsProvisionerOptions } from './provisioners/nfs';
import { VsphereProvisioner, VsphereProvisionerOptions } from './provisioners/vsphere';

/**
 * The provisioner catalogue: each entry takes the parameters its driver really reads, so
 * a misspelt parameter is a compile error and a wrong value a validation error, rather
 * than a claim that never binds.
 */
export class Provisioner {
  /** Node-local directories; clusterforge deploys local-path-provisioner. */
  public static localPath(options: LocalPathProvisionerOptions = {}): LocalPathVolumeProvisioner {
    return new LocalPathVolumeProvisioner(options);
  }

  /** Directories on an existing NFS export; clusterforge deploys csi-driver-nfs. */
  public static nfs(options: NfsProvisionerOptions): NfsProvisioner {
    return new NfsProvisioner(options);
  }

  /** Ceph RBD block volumes through Rook's CSI driver (Rook is installed separately). */
  public static cephRbd(options: CephRbdProvisionerOptions): CephRbdProvisioner {
    return new CephRbdProvisioner(options);
  }

  /** CephFS shared volumes through Rook's CSI driver (Rook is installed separately). */
  public static cephFs(options: CephFsProvisionerOptions): CephFsProvisioner {
    return new CephFsProvisioner(options);
  }

  /** AWS EBS volumes (the EBS CSI driver is installed separately, e.g. as an EKS add-on). */
  public static ebs(options: EbsProvisionerOptions = {}): EbsProvisioner {
    return new EbsProvisioner(options);
  }

  /** Google Compute Engine persistent disks (the PD CSI driver is installed separately). */
  public static gcePd(options: GcePdProvisionerOptions = {}): GcePdProvisioner {
    return new GcePdProvisioner(options);
  }

  /** Azure managed disks (the Azure Disk CSI driver is installed separately). */
  public static azureDisk(options: AzureDiskProvisionerOptions = {}): AzureDiskProvisioner {
    return new AzureDiskProvisioner(options);
  }

  /** OpenStack Cinder volumes (the Cinder CSI plugin is installed separately). */
  public static cinder(options: CinderProvisionerOptions = {}): CinderProvisioner {
    return new CinderProvisioner(options);
  }

  /** vSphere volumes (the vSphere CSI driver is installed separately). */
  public static vsphere(options: VsphereProvisionerOptions = {}): VsphereProvisioner {
    return new VsphereProvisioner(options);
  }

  /** Longhorn volumes (Longhorn is installed separately). */
  public static longhorn(options: LonghornProvisionerOptions = {}): LonghornProvisioner {
    return new LonghornProvisioner(options);
  }

  /** Any other provisioner by name, with its parameters as given. */
  public static custom(
    name: string,
    parameters: Readonly<Record<string, string>> = {},
    options: CustomProvisionerOptions = {},
  ): CustomProvisioner {
    return new CustomProvisioner(name, parameters, options);
  }

  /**
   * The in-tree GlusterFS plugin, removed in Kubernetes 1.26. Always a validation error
   * that points to CSI; it exists so that the question has an answer.
   */
  public static glusterfs(): IProvisioner {
    return new GlusterfsProvisioner();
  }

  private constructor() {}
}
