import { FileSystemType, IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { DNS1123_LABEL_EXPECTED, isDns1123Label } from '../../../lib/validation/formats';
import { PROVISIONER_DEFAULTS } from '../defaults';
import { CephFsMounter, RbdImageFeature } from '../types';
import { SecretReference, checkFsType, checkOneOf, checkOptionalOneOf, checkRequiredString, checkSecretReference, definedOnly } from './checks';

/** Where Rook runs; Rook names its CSI drivers after the operator namespace. */
interface RookOptions {
  /**
   * The namespace of the CephCluster (Rook's `clusterID`).
   * @default 'rook-ceph'
   */
  readonly clusterId?: string | undefined;
  /**
   * The namespace of the Rook operator, which prefixes the driver name.
   * @default 'rook-ceph'
   */
  readonly operatorNamespace?: string | undefined;
  /**
   * Secret with the provisioner's Ceph credentials (created by Rook).
   * @default - `rook-csi-<rbd|cephfs>-provisioner` in the cluster namespace
   */
  readonly provisionerSecret?: SecretReference | undefined;
  /**
   * Secret with the node plugin's Ceph credentials (created by Rook).
   * @default - `rook-csi-<rbd|cephfs>-node` in the cluster namespace
   */
  readonly nodeSecret?: SecretReference | undefined;
  /**
   * Encrypt volumes with keys from a KMS.
   * @default false
   */
  readonly encrypted?: boolean | undefined;
  /**
   * Id of the KMS configuration (Rook's csi-kms-connection-details) to take keys from.
   * @default - none
   */
  readonly encryptionKmsId?: string | undefined;
}

/** Options of Provisioner.cephRbd(). */
export interface CephRbdProvisionerOptions extends RookOptions {
  /** Replicated pool the images (or, with `dataPool`, their metadata) live in. */
  readonly pool: string;
  /**
   * Erasure-coded pool for the image data.
   * @default - none
   */
  readonly dataPool?: string | undefined;
  /**
   * RBD image features; the full set needs Linux 5.4 or later on the nodes.
   * @default [RbdImageFeature.LAYERING]
   */
  readonly imageFeatures?: readonly RbdImageFeature[] | undefined;
  /**
   * File system to format volumes with.
   * @default FileSystemType.EXT4
   */
  readonly fsType?: FileSystemType | undefined;
}

/** Options of Provisioner.cephFs(). */
export interface CephFsProvisionerOptions extends RookOptions {
  /** The CephFilesystem volumes are created in. */
  readonly fsName: string;
  /**
   * Data pool of the filesystem for the volumes.
   * @default - the filesystem's default data pool
   */
  readonly pool?: string | undefined;
  /**
   * Kernel client or ceph-fuse.
   * @default - the driver probes for ceph-fuse, else the kernel client
   */
  readonly mounter?: CephFsMounter | undefined;
}

abstract class RookCephProvisioner implements IProvisioner {
  public abstract readonly name: string;
  public abstract readonly parameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology = false;
  public readonly supportsSnapshots = true;
  public readonly supportsVolumeExpansion = true;
  public readonly supportsMountOptions = true;
  public readonly defaultVolumeBindingMode = VolumeBindingMode.IMMEDIATE;
  public readonly clusterId: string;
  public readonly operatorNamespace: string;
  public readonly provisionerSecret: SecretReference;
  public readonly nodeSecret: SecretReference;
  public readonly snapshotParameters: Readonly<Record<string, string>>;

  protected constructor(kind: 'rbd' | 'cephfs', protected readonly rook: RookOptions) {
    this.clusterId = rook.clusterId ?? PROVISIONER_DEFAULTS.rookClusterId;
    this.operatorNamespace = rook.operatorNamespace ?? PROVISIONER_DEFAULTS.rookOperatorNamespace;
    this.provisionerSecret = rook.provisionerSecret ?? { name: `rook-csi-${kind}-provisioner`, namespace: this.clusterId };
    this.nodeSecret = rook.nodeSecret ?? { name: `rook-csi-${kind}-node`, namespace: this.clusterId };
    // upstream: rook/rook deploy/examples/csi/<rbd|cephfs>/snapshotclass.yaml
    this.snapshotParameters = {
      clusterID: this.clusterId,
      'csi.storage.k8s.io/snapshotter-secret-name': this.provisionerSecret.name,
      'csi.storage.k8s.io/snapshotter-secret-namespace': this.provisionerSecret.namespace,
    };
  }

  /**
   * Secret references the external-provisioner and kubelet resolve; only names, never values.
   * The same three pairs as rook deploy/examples/csi/{rbd,cephfs}/storageclass.yaml.
   */
  protected secretParameters(): Record<string, string> {
    const p = this.provisionerSecret;
    const n = this.nodeSecret;
    return {
      'csi.storage.k8s.io/provisioner-secret-name': p.name,
      'csi.storage.k8s.io/provisioner-secret-namespace': p.namespace,
      'csi.storage.k8s.io/controller-expand-secret-name': p.name,
      'csi.storage.k8s.io/controller-expand-secret-namespace': p.namespace,
      'csi.storage.k8s.io/node-stage-secret-name': n.name,
      'csi.storage.k8s.io/node-stage-secret-namespace': n.namespace,
    };
  }

  /** Reports the problems of this provisioner's options for storage class `sc`. */
  public validate(context: ValidationContext, sc: StorageClass): void {
    for (const [field, value] of [['clusterId', this.clusterId], ['operatorNamespace', this.operatorNamespace]] as const) {
      if (!isDns1123Label(value)) {
        context.error(sc, {
          rule: 'storage/ceph-namespace',
          field: `provisioner.${field}`,
          message: `${field} is a Kubernetes namespace (Rook's)`,
          received: value,
          expected: DNS1123_LABEL_EXPECTED,
        });
      }
    }
    // Defaulted references derive from clusterId, which is reported above.
    if (this.rook.provisionerSecret) checkSecretReference(context, sc, 'storage/ceph-secret', 'provisioner.provisionerSecret', this.rook.provisionerSecret);
    if (this.rook.nodeSecret) checkSecretReference(context, sc, 'storage/ceph-secret', 'provisioner.nodeSecret', this.rook.nodeSecret);
    if (this.rook.encryptionKmsId !== undefined && this.rook.encrypted !== true) {
      context.error(sc, {
        rule: 'storage/ceph-encryption',
        field: 'provisioner.encryptionKmsId',
        message: 'a KMS configuration is only used for encrypted volumes',
        received: { encrypted: this.rook.encrypted, encryptionKmsId: this.rook.encryptionKmsId },
        expected: 'encrypted: true with encryptionKmsId',
      });
    }
  }
}

/** Ceph RBD block volumes through Rook's CSI driver (`<operator namespace>.rbd.csi.ceph.com`). */
export class CephRbdProvisioner extends RookCephProvisioner {
  public readonly name: string;
  public readonly parameters: Readonly<Record<string, string>>;

  constructor(private readonly options: CephRbdProvisionerOptions) {
    super('rbd', options);
    this.name = `${this.operatorNamespace}.rbd.csi.ceph.com`;
    // upstream: rook/rook deploy/examples/csi/rbd/storageclass.yaml
    this.parameters = definedOnly({
      clusterID: this.clusterId,
      pool: options.pool,
      dataPool: options.dataPool,
      imageFormat: '2',
      imageFeatures: (options.imageFeatures ?? [RbdImageFeature.LAYERING]).join(','),
      encrypted: options.encrypted === undefined ? undefined : String(options.encrypted),
      encryptionKMSID: options.encryptionKmsId,
      ...this.secretParameters(),
      'csi.storage.k8s.io/fstype': options.fsType ?? PROVISIONER_DEFAULTS.cephRbdFileSystem,
    });
  }

  /** Reports the problems of this provisioner's options for storage class `sc`. */
  public validate(context: ValidationContext, sc: StorageClass): void {
    checkRequiredString(context, sc, {
      rule: 'storage/ceph-pool',
      field: 'provisioner.pool',
      value: this.options.pool,
      why: 'an RBD class needs the pool its images are created in',
      expected: 'the name of a CephBlockPool, e.g. replicapool',
    });
    if ((this.options.imageFeatures ?? [RbdImageFeature.LAYERING]).length === 0) {
      context.error(sc, {
        rule: 'storage/ceph-image-features',
        field: 'provisioner.imageFeatures',
        message: 'RBD images need at least the layering feature for snapshots and clones',
        received: [],
        expected: 'at least [RbdImageFeature.LAYERING]',
      });
    }
    for (const feature of this.options.imageFeatures ?? []) {
      checkOneOf(context, sc, { rule: 'storage/ceph-image-features', field: 'provisioner.imageFeatures', value: feature, allowed: Object.values(RbdImageFeature), what: 'RBD image feature' });
    }
    checkFsType(context, sc, this.options.fsType);
    super.validate(context, sc);
  }
}

/** CephFS shared volumes through Rook's CSI driver (`<operator namespace>.cephfs.csi.ceph.com`). */
export class CephFsProvisioner extends RookCephProvisioner {
  public readonly name: string;
  public readonly parameters: Readonly<Record<string, string>>;

  constructor(private readonly options: CephFsProvisionerOptions) {
    super('cephfs', options);
    this.name = `${this.operatorNamespace}.cephfs.csi.ceph.com`;
    // upstream: rook/rook deploy/examples/csi/cephfs/storageclass.yaml
    this.parameters = definedOnly({
      clusterID: this.clusterId,
      fsName: options.fsName,
      pool: options.pool,
      mounter: options.mounter,
      encrypted: options.encrypted === undefined ? undefined : String(options.encrypted),
      encryptionKMSID: options.encryptionKmsId,
      ...this.secretParameters(),
    });
  }

  /** Reports the problems of this provisioner's options for storage class `sc`. */
  public validate(context: ValidationContext, sc: StorageClass): void {
    checkRequiredString(context, sc, {
      rule: 'storage/ceph-fs-name',
      field: 'provisioner.fsName',
      value: this.options.fsName,
      why: 'a CephFS class needs the filesystem its volumes are created in',
      expected: 'the name of a CephFilesystem, e.g. myfs',
    });
    checkOptionalOneOf(context, sc, { rule: 'storage/cephfs-mounter', field: 'provisioner.mounter', value: this.options.mounter, allowed: Object.values(CephFsMounter), what: 'CephFS mounter' });
    super.validate(context, sc);
  }
}
