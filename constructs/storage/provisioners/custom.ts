import { IProvisioner, StorageClass, VolumeBindingMode } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { isQualifiedName, QUALIFIED_NAME_EXPECTED } from '../../../lib/validation/labels';

/** What clusterforge cannot know about a driver it has no entry for. */
export interface CustomProvisionerOptions {
  /**
   * The key the driver reports zones under; set it to allow `zones` on classes.
   * @default - no zone topology
   */
  readonly topologyKey?: string | undefined;
  /**
   * Whether the driver takes CSI snapshots.
   * @default false
   */
  readonly supportsSnapshots?: boolean | undefined;
  /**
   * VolumeSnapshotClass parameters.
   * @default - none
   */
  readonly snapshotParameters?: Readonly<Record<string, string>> | undefined;
  /**
   * Whether claims can be resized.
   * @default - unknown: classes default to no expansion but may enable it
   */
  readonly supportsVolumeExpansion?: boolean | undefined;
  /**
   * The binding mode classes get when they choose none.
   * @default VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER
   */
  readonly defaultVolumeBindingMode?: VolumeBindingMode | undefined;
}

// k8s.io/apimachinery validation.IsQualifiedName, which the API server applies to `provisioner`.
const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const GLUSTERFS_IN_TREE = 'kubernetes.io/glusterfs';

/** Any provisioner by name, with its parameters as given: the escape hatch of the catalogue. */
export class CustomProvisioner implements IProvisioner {
  public readonly parameters: Readonly<Record<string, string>>;
  public readonly supportsZoneTopology: boolean;
  public readonly topologyKey?: string;
  public readonly supportsSnapshots: boolean;
  public readonly snapshotParameters?: Readonly<Record<string, string>>;
  public readonly supportsVolumeExpansion?: boolean;
  public readonly defaultVolumeBindingMode: VolumeBindingMode;

  constructor(
    public readonly name: string,
    parameters: Readonly<Record<string, string>> = {},
    options: CustomProvisionerOptions = {},
  ) {
    this.parameters = { ...parameters };
    this.topologyKey = options.topologyKey;
    this.supportsZoneTopology = options.topologyKey !== undefined;
    this.supportsSnapshots = options.supportsSnapshots ?? false;
    this.snapshotParameters = options.snapshotParameters;
    this.supportsVolumeExpansion = options.supportsVolumeExpansion;
    this.defaultVolumeBindingMode = options.defaultVolumeBindingMode ?? VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;
  }

  public validate(context: ValidationContext, sc: StorageClass): void {
    if (this.name === GLUSTERFS_IN_TREE) {
      reportGlusterfs(context, sc);
      return;
    }
    const name = this.name;
    const local = typeof name === 'string' ? name.slice(name.indexOf('/') + 1) : '';
    if (typeof name !== 'string' || !QUALIFIED_NAME.test(name) || local.length > 63 || name.length > 253 + 1 + 63) {
      context.error(sc, {
        rule: 'storage/provisioner-name',
        field: 'provisioner.name',
        message: 'not a provisioner name the API server accepts',
        received: name,
        expected: 'a qualified name such as csi.example.com or example.com/provisioner',
      });
    }
    if (this.topologyKey !== undefined && !isQualifiedName(this.topologyKey)) {
      context.error(sc, {
        rule: 'storage/provisioner-topology-key',
        field: 'provisioner.topologyKey',
        message: 'the topology key is a node label key; allowedTopologies with this one would be refused',
        received: this.topologyKey,
        expected: QUALIFIED_NAME_EXPECTED,
      });
    }
    const bad = Object.entries(this.parameters).filter(([, v]) => typeof v !== 'string');
    if (bad.length > 0) {
      context.error(sc, {
        rule: 'storage/provisioner-parameters',
        field: 'provisioner.parameters',
        message: 'StorageClass parameters are strings',
        received: Object.fromEntries(bad),
        expected: 'string values, e.g. "3" rather than 3',
      });
    }
  }
}

function reportGlusterfs(context: ValidationContext, sc: StorageClass): void {
  context.error(sc, {
    rule: 'storage/glusterfs-removed',
    field: 'provisioner',
    message:
      'the in-tree GlusterFS volume plugin (kubernetes.io/glusterfs) was removed in Kubernetes 1.26; no Kubernetes ' +
      'this cluster runs can provision or mount such volumes. Use a CSI driver instead: Provisioner.custom(<your ' +
      'GlusterFS CSI driver>, ...) or another catalogue entry such as Provisioner.cephFs() or Provisioner.nfs()',
    received: GLUSTERFS_IN_TREE,
    expected: 'a CSI driver',
  });
}

/** The removed in-tree GlusterFS plugin: always a validation error that points to CSI. */
export class GlusterfsProvisioner extends CustomProvisioner {
  constructor() {
    super(GLUSTERFS_IN_TREE);
  }
}
