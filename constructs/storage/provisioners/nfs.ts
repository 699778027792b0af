import { Construct } from 'constructs';
import { Cluster } from '../../../lib/cluster';
import { IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { PROVISIONER_DEFAULTS } from '../defaults';
import { NFS_CSI_DRIVER, NfsCsiDriver } from '../nfs-csi-driver';
import { NfsOnDelete } from '../types';
import { checkOneOf, checkRequiredString, definedOnly } from './checks';

/** Options of Provisioner.nfs(). */
export interface NfsProvisionerOptions {
  /** NFS server, a DNS name or IP address. */
  readonly server: string;
  /** Exported path on the server (the driver's `share`); each volume is a subdirectory of it. */
  readonly path: string;
  /**
   * Subdirectory of a volume under the share; may use `${pvc.metadata.namespace}`,
   * `${pvc.metadata.name}` and `${pv.metadata.name}`.
   * @default - the volume's name
   */
  readonly subDir?: string | undefined;
  /**
   * Mode the driver `chmod`s the mounted directory to, e.g. `'0775'`.
   * @default - no chmod
   */
  readonly mountPermissions?: string | undefined;
  /**
   * What happens to a volume's directory when the volume is deleted.
   * @default NfsOnDelete.DELETE (the driver's default)
   */
  readonly onDelete?: NfsOnDelete | undefined;
}

const OCTAL_MODE = /^0?[0-7]{3}$/;

/**
 * Directories on an existing NFS export through csi-driver-nfs (`nfs.csi.k8s.io`), which
 * clusterforge deploys.
 */
export class NfsProvisioner implements IProvisioner {
  public readonly name = PROVISIONER_DEFAULTS.nfsDriverName;
  public readonly parameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology = false;
  public readonly supportsSnapshots = true;
  public readonly supportsVolumeExpansion = true;
  public readonly supportsMountOptions = true;
  // upstream: csi-driver-nfs deploy/example/storageclass-nfs.yaml (Immediate)
  public readonly defaultVolumeBindingMode = VolumeBindingMode.IMMEDIATE;

  constructor(private readonly options: NfsProvisionerOptions) {
    // upstream: kubernetes-csi/csi-driver-nfs docs/driver-parameters.md
    this.parameters = definedOnly({
      server: options?.server,
      share: options?.path,
      subDir: options?.subDir,
      mountPermissions: options?.mountPermissions,
      onDelete: options?.onDelete,
    });
  }

  public bind(scope: Construct): void {
    const cluster = Cluster.of(scope);
    if (!cluster.addOn(NFS_CSI_DRIVER)) new NfsCsiDriver(cluster, 'NfsCsiDriver');
  }

  public validate(context: ValidationContext, sc: StorageClass): void {
    const o = this.options ?? ({} as Partial<NfsProvisionerOptions>);
    checkRequiredString(context, sc, {
      rule: 'storage/nfs-server',
      field: 'provisioner.server',
      value: o.server,
      why: 'an NFS class needs the server that exports its share; without one no volume can be created or mounted',
      expected: 'a DNS name or IP address, e.g. nfs.example.internal',
    });
    if (checkRequiredString(context, sc, {
      rule: 'storage/nfs-path',
      field: 'provisioner.path',
      value: o.path,
      why: 'an NFS class needs the exported path its volumes are created under',
      expected: 'an absolute path exported by the server, e.g. /exports/k8s',
    }) && !o.path!.startsWith('/')) {
      context.error(sc, {
        rule: 'storage/nfs-path',
        field: 'provisioner.path',
        message: 'an NFS export path is absolute',
        received: o.path,
        expected: 'a path starting with /',
      });
    }
    if (o.mountPermissions !== undefined && !OCTAL_MODE.test(o.mountPermissions)) {
      context.error(sc, {
        rule: 'storage/nfs-mount-permissions',
        field: 'provisioner.mountPermissions',
        message: 'mountPermissions is an octal file mode',
        received: o.mountPermissions,
        expected: "an octal mode such as '0775'",
      });
    }
    if (o.onDelete !== undefined) {
      checkOneOf(context, sc, { rule: 'storage/nfs-on-delete', field: 'provisioner.onDelete', value: o.onDelete, allowed: Object.values(NfsOnDelete), what: 'onDelete value' });
    }
  }
}
