import type { Construct } from 'constructs';
import { CrdSource } from './crd-source';
import type { ValidationContext } from './validation/context';
import { VOLUME_SNAPSHOT_CLASS_CRD_URL, VOLUME_SNAPSHOT_CONTENT_CRD_URL, VOLUME_SNAPSHOT_CRD_URL } from './versions/storage';
import type { StorageClass } from './storage-class';

/** What happens to a dynamically provisioned volume when its claim is deleted. */
export enum ReclaimPolicy {
  /** The volume and its data are deleted with the claim. */
  DELETE = 'Delete',
  /** The volume is kept, Released, for an administrator to reclaim by hand. */
  RETAIN = 'Retain',
}

/** When a claim is bound and its volume provisioned. */
export enum VolumeBindingMode {
  /** As soon as the claim exists, wherever the volume lands. */
  IMMEDIATE = 'Immediate',
  /** When the first pod using the claim is scheduled, in that pod's zone or node. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/** What happens to a snapshot's content when its VolumeSnapshot is deleted. */
export enum SnapshotDeletionPolicy {
  DELETE = 'Delete',
  RETAIN = 'Retain',
}

/** File systems that block-storage CSI drivers format volumes with (`csi.storage.k8s.io/fstype`). */
export enum FileSystemType {
  EXT4 = 'ext4',
  XFS = 'xfs',
  EXT3 = 'ext3',
  EXT2 = 'ext2',
}

/**
 * A volume provisioner: the CSI driver (or external provisioner) named by a StorageClass,
 * with the parameters it accepts and what it can do. The catalogue of typed provisioners
 * is `Provisioner` in constructs/storage; anything implementing this interface works.
 */
export interface IProvisioner {
  /** The StorageClass `provisioner`: the CSI driver name, e.g. `ebs.csi.aws.com`. */
  readonly name: string;
  /** StorageClass `parameters`, as the driver reads them. Never secret values. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Whether volumes are bound to zones the scheduler must respect (`allowedTopologies`). */
  readonly supportsZoneTopology: boolean;
  /** The topology key the driver reports zones under, when it supports zone topology. */
  readonly topologyKey?: string | undefined;
  /** Whether the driver takes CSI snapshots (a VolumeSnapshotClass makes sense for it). */
  readonly supportsSnapshots: boolean;
  /** VolumeSnapshotClass `parameters` for this driver. */
  readonly snapshotParameters?: Readonly<Record<string, string>> | undefined;
  /** Whether claims can be resized; undefined when unknown (e.g. a custom driver). */
  readonly supportsVolumeExpansion?: boolean | undefined;
  /** Whether the volumes it creates accept `mountOptions`; undefined when unknown. */
  readonly supportsMountOptions?: boolean | undefined;
  /** The binding mode that fits the driver when the class does not choose one. */
  readonly defaultVolumeBindingMode: VolumeBindingMode;
  /**
   * Deploys what the driver needs inside the cluster (namespace, RBAC, workloads). Called by
   * every StorageClass that uses the provisioner; it must add the components once per cluster.
   */
  bind?(scope: Construct): void;
  /** Reports problems of the provisioner's own options. Never throws. */
  validate?(context: ValidationContext, storageClass: StorageClass): void;
}

/** A VolumeSnapshotClass for the same driver as its StorageClass. */
export interface SnapshotClassOptions {
  /**
   * VolumeSnapshotClass name.
   * @default - the StorageClass name
   */
  readonly name?: string | undefined;
  /**
   * What happens to the snapshot's content when its VolumeSnapshot is deleted.
   * @default SnapshotDeletionPolicy.DELETE
   */
  readonly deletionPolicy?: SnapshotDeletionPolicy | undefined;
  /**
   * Whether this is the default snapshot class of its driver
   * (`snapshot.storage.k8s.io/is-default-class`), used by VolumeSnapshots that name no class
   * and by backup tools looking for the driver's class.
   * @default - true when it is the only snapshot class of its driver in the cluster
   */
  readonly default?: boolean | undefined;
}

/** Props of a StorageClass added with `cluster.addStorageClass(id, props)`. */
export interface StorageClassProps {
  /** The driver that provisions the volumes, e.g. `Provisioner.ebs({ type: EbsVolumeType.GP3 })`. */
  readonly provisioner: IProvisioner;
  /**
   * StorageClass name, the `storageClassName` claims use.
   * @default - the construct id
   */
  readonly name?: string | undefined;
  /**
   * Whether claims without `storageClassName` get this class. Exactly one class should be the default.
   * @default false
   */
  readonly default?: boolean | undefined;
  /**
   * What happens to a volume when its claim is deleted.
   * @default ReclaimPolicy.DELETE
   */
  readonly reclaimPolicy?: ReclaimPolicy | undefined;
  /**
   * When claims are bound.
   * @default - the provisioner's `defaultVolumeBindingMode` (WaitForFirstConsumer for zonal and node-local drivers)
   */
  readonly volumeBindingMode?: VolumeBindingMode | undefined;
  /**
   * Whether claims may be resized.
   * @default - the provisioner's `supportsVolumeExpansion`, false when unknown
   */
  readonly allowVolumeExpansion?: boolean | undefined;
  /**
   * Mount options of the provisioned volumes, e.g. `['nfsvers=4.1']`.
   * @default - none
   */
  readonly mountOptions?: readonly string[] | undefined;
  /**
   * Zones volumes may be created in (`allowedTopologies` under the driver's topology key).
   * @default - any zone
   */
  readonly zones?: readonly string[] | undefined;
  /**
   * A VolumeSnapshotClass for the same driver.
   * @default - none
   */
  readonly snapshotClass?: SnapshotClassOptions | undefined;
  /**
   * Labels of the StorageClass.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** Options of the cluster's storage: set once, before the first class is added. */
export interface StorageProps {
  /**
   * Where the VolumeSnapshotClass, VolumeSnapshotContent and VolumeSnapshot CRDs come from,
   * when any class has a snapshot class.
   * @default CrdSource.url(<the three CRDs of external-snapshotter v8.6.0 client/config/crd>)
   */
  readonly snapshotCrds?: CrdSource | undefined;
}

/** @internal Every default of the storage model, resolved in one place. */
export const STORAGE_DEFAULTS = {
  reclaimPolicy: ReclaimPolicy.DELETE,
  snapshotDeletionPolicy: SnapshotDeletionPolicy.DELETE,
  /** The three external-snapshotter CRDs (VolumeSnapshotClass, VolumeSnapshotContent, VolumeSnapshot) from their pinned release URLs. */
  snapshotCrds: (): CrdSource => CrdSource.url(VOLUME_SNAPSHOT_CLASS_CRD_URL, VOLUME_SNAPSHOT_CONTENT_CRD_URL, VOLUME_SNAPSHOT_CRD_URL),
} as const;
