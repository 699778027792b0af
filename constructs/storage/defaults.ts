import { FileSystemType } from '../../lib/storage-class';
import { AzureDiskSku, EbsVolumeType, GcePdReplicationType, GcePdType, LonghornSnapshotType } from './types';

/**
 * @internal
 * Every default of the provisioner catalogue and the in-cluster provisioners, resolved in
 * one place. Each is tested in test/storage/provisioner.test.ts.
 */
export const PROVISIONER_DEFAULTS = {
  /** upstream: rancher/local-path-provisioner deploy/local-path-storage.yaml (config.json nodePathMap) */
  localPathNodePaths: ['/opt/local-path-provisioner'] as readonly string[],
  localPathNamespace: 'local-path-storage',
  /** The local-path-provisioner binary's default `--provisioner-name`. */
  localPathProvisionerName: 'rancher.io/local-path',
  /** Our namespace for csi-driver-nfs (upstream deploys into kube-system). */
  nfsNamespace: 'csi-nfs',
  /** upstream: kubernetes-csi/csi-driver-nfs@v4.13.4:deploy/v4.13.4/csi-nfs-driverinfo.yaml */
  nfsDriverName: 'nfs.csi.k8s.io',
  /** Rook's example cluster and operator namespace (deploy/examples/csi/rbd/storageclass.yaml). */
  rookClusterId: 'rook-ceph',
  rookOperatorNamespace: 'rook-ceph',
  /** Rook's example RBD classes format with ext4 (xfs can deadlock hyperconverged nodes). */
  cephRbdFileSystem: FileSystemType.EXT4,
  /** aws-ebs-csi-driver docs/parameters.md: `type` defaults to gp3. */
  ebsVolumeType: EbsVolumeType.GP3,
  gcePdType: GcePdType.PD_BALANCED,
  gcePdReplicationType: GcePdReplicationType.NONE,
  /** azuredisk-csi-driver docs/driver-parameters.md: skuName defaults to StandardSSD_LRS. */
  azureDiskSku: AzureDiskSku.STANDARD_SSD_LRS,
  /** vsphere-csi-driver: the zone category name of its topology-categories. */
  vsphereZoneCategory: 'k8s-zone',
  /** longhorn examples/storageclass.yaml */
  longhornReplicas: 3,
  /** longhorn examples/storageclass.yaml: 48 hours, in minutes. */
  longhornStaleReplicaTimeoutMinutes: 2880,
  /** In-cluster snapshots; `bak` would create a backup in the backup target instead. */
  longhornSnapshotType: LonghornSnapshotType.SNAPSHOT,
} as const;
