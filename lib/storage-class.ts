import { ApiObject, ApiObjectProps } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Cluster } from './cluster';
import { SnapshotController } from '../constructs/storage/snapshot-controller';
import { UpstreamCrds } from './crd-source';
import {
  IProvisioner,
  ReclaimPolicy,
  SnapshotClassOptions,
  SnapshotDeletionPolicy,
  STORAGE_DEFAULTS,
  StorageClassProps,
  StorageProps,
  VolumeBindingMode,
} from './storage-class-props';
import { IModelValidator, ValidationContext } from './validation/context';
import { addChild } from './validation/construct-ids';
import { DNS1123_SUBDOMAIN_EXPECTED, isDns1123Subdomain } from './validation/formats';
import { checkLabelMap, checkRenderableKeys } from './validation/labels';

export * from './storage-class-props';

/** @internal Marks the cluster's default StorageClass; claims without a class get it. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** @internal Marks the default VolumeSnapshotClass of a driver. */
export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = 'snapshot.storage.k8s.io/is-default-class';
/** @internal API group of VolumeSnapshotClass (kubernetes-csi/external-snapshotter). */
export const SNAPSHOT_API_GROUP = 'snapshot.storage.k8s.io';
/** @internal The snapshot API's kinds; the snapshot-controller waits for all three CRDs. */
export const SNAPSHOT_KINDS: readonly string[] = ['VolumeSnapshotClass', 'VolumeSnapshotContent', 'VolumeSnapshot'];

/** @internal The construct id of the cluster's storage container. */
export const STORAGE_ID = 'Storage';

// A label value (k8s.io/apimachinery validation.IsValidLabelValue): zone names are label values.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const RECLAIM_POLICIES: readonly string[] = Object.values(ReclaimPolicy);
const BINDING_MODES: readonly string[] = Object.values(VolumeBindingMode);
const DELETION_POLICIES: readonly string[] = Object.values(SnapshotDeletionPolicy);

/**
 * The cluster's storage: every StorageClass and VolumeSnapshotClass, under one construct
 * child of the cluster, so that the cluster-wide rules (exactly one default, unique names)
 * have one place to live.
 */
export class Storage extends Construct implements IModelValidator {
  private readonly props: StorageProps;
  private crds?: UpstreamCrds;

  constructor(cluster: Cluster, props: StorageProps = {}) {
    super(cluster, STORAGE_ID);
    this.props = props;
  }

  /** Every StorageClass, in the order they were added. */
  public get storageClasses(): readonly StorageClass[] {
    return this.node.children.filter((c): c is StorageClass => c instanceof StorageClass);
  }

  /** Every VolumeSnapshotClass, in the order their StorageClasses were added. */
  public get snapshotClasses(): readonly VolumeSnapshotClass[] {
    return this.storageClasses.flatMap((c) => (c.snapshotClass ? [c.snapshotClass] : []));
  }

  /**
   * @internal The snapshot API, added with the first snapshot class: the three
   * snapshot.storage.k8s.io CRDs and the snapshot-controller, without which no VolumeSnapshot
   * is ever taken, whatever the driver.
   */
  public useSnapshotApi(): void {
    this.crds ??= new UpstreamCrds(this, 'SnapshotCrds', {
      source: this.props.snapshotCrds ?? STORAGE_DEFAULTS.snapshotCrds(),
      group: SNAPSHOT_API_GROUP,
      kinds: SNAPSHOT_KINDS,
    });
    SnapshotController.of(this.node.scope as Cluster);
  }

  public validateModel(context: ValidationContext): void {
    const classes = this.storageClasses;
    const defaults = classes.filter((c) => c.isDefault);
    if (defaults.length > 1) {
      context.error(this, {
        rule: 'storage/two-defaults',
        field: 'default',
        message:
          `${defaults.length} StorageClasses are marked default; with more than one, the API server ` +
          'gives claims without a storageClassName the newest default, which is rarely what was meant',
        received: defaults.map((c) => c.className),
        expected: 'exactly one StorageClass with default: true',
      });
    } else if (defaults.length === 0 && classes.length > 0) {
      context.warn(this, {
        rule: 'storage/no-default',
        field: 'default',
        message:
          'no StorageClass is marked default: PersistentVolumeClaims without a storageClassName will stay Pending',
        received: classes.map((c) => c.className),
        expected: 'one StorageClass with default: true',
      });
    }
    // Two classes with one name are reported by the generic objects/duplicate-identity rule.
    const snapshots = this.snapshotClasses;
    for (const driver of new Set(snapshots.map((s) => s.driver))) {
      const defaultsOfDriver = snapshots.filter((s) => s.driver === driver && s.isDefault);
      if (defaultsOfDriver.length > 1) {
        context.error(this, {
          rule: 'storage/two-default-snapshot-classes',
          field: 'snapshotClass.default',
          message: `${defaultsOfDriver.length} VolumeSnapshotClasses of driver ${driver} are marked default; snapshots without a class would be refused`,
          received: defaultsOfDriver.map((s) => s.className),
          expected: 'at most one default VolumeSnapshotClass per driver',
        });
      }
    }
  }
}

/**
 * A StorageClass: a kind of volume that claims ask for by name, with its provisioner's
 * typed parameters. Add one with `Cluster.addStorageClass(id, props)`.
 */
export class StorageClass extends Construct implements IModelValidator {
  /** The StorageClass name: what claims put in `storageClassName`, and what quotas are keyed by. */
  public readonly className: string;
  public readonly provisioner: IProvisioner;
  public readonly isDefault: boolean;
  public readonly reclaimPolicy: ReclaimPolicy;
  public readonly volumeBindingMode: VolumeBindingMode;
  public readonly allowVolumeExpansion: boolean;
  public readonly mountOptions: readonly string[];
  public readonly zones: readonly string[];
  public readonly apiObject: ApiObject;
  /** The VolumeSnapshotClass made with this class, if any. */
  public readonly snapshotClass?: VolumeSnapshotClass;
  private readonly labels?: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: StorageClassProps) {
    super(scope, id);
    this.labels = props.labels;
    this.provisioner = props.provisioner;
    this.className = props.name ?? id;
    this.isDefault = props.default ?? false;
    this.reclaimPolicy = props.reclaimPolicy ?? STORAGE_DEFAULTS.reclaimPolicy;
    this.volumeBindingMode = props.volumeBindingMode ?? props.provisioner?.defaultVolumeBindingMode;
    this.allowVolumeExpansion = props.allowVolumeExpansion ?? props.provisioner?.supportsVolumeExpansion ?? false;
    this.mountOptions = props.mountOptions ?? [];
    this.zones = props.zones ?? [];

    const topologyKey = this.provisioner?.topologyKey;
    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      metadata: {
        name: this.className,
        labels: props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined,
        annotations: this.isDefault ? { [DEFAULT_STORAGE_CLASS_ANNOTATION]: 'true' } : undefined,
      },
      provisioner: this.provisioner?.name,
      parameters: nonEmpty(this.provisioner?.parameters),
      reclaimPolicy: this.reclaimPolicy,
      volumeBindingMode: this.volumeBindingMode,
      allowVolumeExpansion: this.allowVolumeExpansion,
      mountOptions: this.mountOptions.length > 0 ? [...this.mountOptions] : undefined,
      allowedTopologies:
        this.zones.length > 0 && topologyKey
          ? [{ matchLabelExpressions: [{ key: topologyKey, values: [...this.zones] }] }]
          : undefined,
    });

    if (props.snapshotClass) {
      this.snapshotClass = new VolumeSnapshotClass(this, 'SnapshotClass', {
        ...props.snapshotClass,
        driver: this.provisioner?.name,
        parameters: this.provisioner?.snapshotParameters,
      });
      if (scope instanceof Storage) scope.useSnapshotApi();
    }
    props.provisioner?.bind?.(this);
  }

  /**
   * The ResourceQuota resource names that cap this class:
   * `<class>.storageclass.storage.k8s.io/requests.storage` and `.../persistentvolumeclaims`.
   */
  public get quotaResources(): { readonly requestsStorage: string; readonly persistentVolumeClaims: string } {
    const prefix = `${this.className}.storageclass.storage.k8s.io`;
    return { requestsStorage: `${prefix}/requests.storage`, persistentVolumeClaims: `${prefix}/persistentvolumeclaims` };
  }

  public validateModel(context: ValidationContext): void {
    if (!this.provisioner || typeof this.provisioner.name !== 'string') {
      context.error(this, {
        rule: 'storage/provisioner',
        field: 'provisioner',
        message: 'a StorageClass needs a provisioner',
        received: this.provisioner,
        expected: 'one of the Provisioner.* factories, or an IProvisioner',
      });
      return;
    }
    if (!isDns1123Subdomain(this.className)) {
      context.error(this, {
        rule: 'storage/class-name',
        field: 'name',
        message: 'StorageClass name is not a valid DNS-1123 subdomain',
        received: this.className,
        expected: DNS1123_SUBDOMAIN_EXPECTED,
      });
    }
    this.validateReclaimPolicy(context);
    if (!BINDING_MODES.includes(this.volumeBindingMode)) {
      context.error(this, {
        rule: 'storage/volume-binding-mode',
        field: 'volumeBindingMode',
        message: 'not a volume binding mode the API server accepts',
        received: this.volumeBindingMode,
        expected: BINDING_MODES.join(' or '),
      });
    }
    this.validateZones(context);
    if (this.allowVolumeExpansion && this.provisioner.supportsVolumeExpansion === false) {
      context.error(this, {
        rule: 'storage/volume-expansion-unsupported',
        field: 'allowVolumeExpansion',
        message: `provisioner ${this.provisioner.name} cannot resize volumes; claims would be accepted and never grow`,
        received: true,
        expected: 'allowVolumeExpansion false or unset',
      });
    }
    if (this.mountOptions.length > 0 && this.provisioner.supportsMountOptions === false) {
      context.error(this, {
        rule: 'storage/mount-options-unsupported',
        field: 'mountOptions',
        message: `volumes of provisioner ${this.provisioner.name} take no mount options; the API server would refuse their PersistentVolumes`,
        received: this.mountOptions,
        expected: 'no mountOptions',
      });
    }
    if (this.snapshotClass && !this.provisioner.supportsSnapshots) {
      context.error(this, {
        rule: 'storage/snapshots-unsupported',
        field: 'snapshotClass',
        message: `provisioner ${this.provisioner.name} does not take CSI snapshots; a VolumeSnapshotClass for it would never produce one`,
        received: this.provisioner.name,
        expected: 'a provisioner that supports snapshots, or no snapshotClass',
      });
    }
    checkLabelMap(context, this, 'labels', this.labels);
    checkRenderableKeys(context, this, 'provisioner.parameters', 'storage/provisioner-parameters', this.provisioner.parameters);
    if (this.snapshotClass) checkRenderableKeys(context, this, 'provisioner.snapshotParameters', 'storage/provisioner-parameters', this.provisioner.snapshotParameters);
    this.provisioner.validate?.(context, this);
  }

  private validateReclaimPolicy(context: ValidationContext): void {
    const policy = this.reclaimPolicy as string;
    if (RECLAIM_POLICIES.includes(policy)) return;
    context.error(this, {
      rule: 'storage/reclaim-policy',
      field: 'reclaimPolicy',
      message:
        policy === 'Recycle'
          ? 'Recycle is deprecated and only ever worked for NFS and hostPath volumes (a basic rm -rf); dynamically ' +
            'provisioned volumes cannot use it and the API server rejects it in a StorageClass. Use Delete, or Retain ' +
            'and clean volumes up yourself'
          : 'not a reclaim policy a StorageClass accepts',
      received: policy,
      expected: RECLAIM_POLICIES.join(' or '),
    });
  }

  private validateZones(context: ValidationContext): void {
    if (this.zones.length === 0) return;
    if (!this.provisioner.supportsZoneTopology || !this.provisioner.topologyKey) {
      context.error(this, {
        rule: 'storage/zones-unsupported',
        field: 'zones',
        message: `provisioner ${this.provisioner.name} reports no zone topology; allowedTopologies on it would match no node and volumes would never be provisioned`,
        received: this.zones,
        expected: 'no zones, or a provisioner with zone topology (EBS, GCE PD, Azure Disk, Cinder, vSphere)',
      });
      return;
    }
    const bad = this.zones.filter((z) => typeof z !== 'string' || z === '' || z.length > 63 || !LABEL_VALUE.test(z));
    if (bad.length > 0) {
      context.error(this, {
        rule: 'storage/zone-value',
        field: 'zones',
        message: 'zone names are node label values',
        received: bad,
        expected: 'non-empty label values: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      });
    }
  }
}

function nonEmpty(record: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  return record && Object.keys(record).length > 0 ? { ...record } : undefined;
}

export interface VolumeSnapshotClassProps extends SnapshotClassOptions {
  /** The CSI driver that takes the snapshots. */
  readonly driver: string;
  /**
   * Driver-specific parameters.
   * @default - none
   */
  readonly parameters?: Readonly<Record<string, string>> | undefined;
}

/** A VolumeSnapshotClass (snapshot.storage.k8s.io/v1) for one CSI driver. */
export class VolumeSnapshotClass extends Construct implements IModelValidator {
  public readonly className: string;
  public readonly driver: string;
  public readonly deletionPolicy: SnapshotDeletionPolicy;
  public readonly apiObject: ApiObject;
  private readonly explicitDefault?: boolean;

  constructor(scope: Construct, id: string, props: VolumeSnapshotClassProps) {
    super(scope, id);
    this.className = props.name ?? (scope instanceof StorageClass ? scope.className : id);
    this.driver = props.driver;
    this.deletionPolicy = props.deletionPolicy ?? STORAGE_DEFAULTS.snapshotDeletionPolicy;
    this.explicitDefault = props.default;
    this.apiObject = new SnapshotClassObject(this, 'Resource', {
      apiVersion: `${SNAPSHOT_API_GROUP}/v1`,
      kind: 'VolumeSnapshotClass',
      metadata: { name: this.className },
      driver: this.driver,
      deletionPolicy: this.deletionPolicy,
      parameters: nonEmpty(props.parameters),
    } as ApiObjectProps);
  }

  /**
   * Whether this is its driver's default snapshot class: when marked so, or when it is the
   * only snapshot class of its driver in the cluster.
   */
  public get isDefault(): boolean {
    if (this.explicitDefault !== undefined) return this.explicitDefault;
    const storage = this.node.scopes.find((s): s is Storage => s instanceof Storage);
    const sameDriver = storage ? storage.snapshotClasses.filter((s) => s.driver === this.driver) : [this];
    return sameDriver.length === 1;
  }

  public validateModel(context: ValidationContext): void {
    if (!isDns1123Subdomain(this.className)) {
      context.error(this, {
        rule: 'storage/snapshot-class-name',
        field: 'snapshotClass.name',
        message: 'VolumeSnapshotClass name is not a valid DNS-1123 subdomain',
        received: this.className,
        expected: DNS1123_SUBDOMAIN_EXPECTED,
      });
    }
    if (!DELETION_POLICIES.includes(this.deletionPolicy)) {
      context.error(this, {
        rule: 'storage/snapshot-deletion-policy',
        field: 'snapshotClass.deletionPolicy',
        message: 'not a deletion policy a VolumeSnapshotClass accepts',
        received: this.deletionPolicy,
        expected: DELETION_POLICIES.join(' or '),
      });
    }
  }
}

/** Renders the default-class annotation, which depends on the sibling snapshot classes. */
class SnapshotClassObject extends ApiObject {
  public toJson(): any {
    const json = super.toJson();
    const owner = this.node.scope as VolumeSnapshotClass;
    if (owner.isDefault) {
      json.metadata = { ...json.metadata, annotations: { ...json.metadata?.annotations, [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: 'true' } };
    }
    return json;
  }
}

/** @internal The cluster's storage container, if any class was added. */
export function storageOf(cluster: Cluster): Storage | undefined {
  const child = cluster.node.tryFindChild(STORAGE_ID);
  return child instanceof Storage ? child : undefined;
}

/**
 * @internal
 * Sets the cluster's storage options. Call it before the first `addStorageClass`; throws
 * when the storage container exists already.
 */
export function configureStorage(cluster: Cluster, props: StorageProps): Storage {
  if (cluster.node.tryFindChild(STORAGE_ID)) {
    throw new Error(`Cluster '${cluster.node.path}' already has its storage configured; configure it before adding storage classes`);
  }
  return new Storage(cluster, props);
}

/**
 * @internal
 * Adds a StorageClass under the cluster's 'Storage' construct (created on first use).
 * A taken or empty id is reported at synthesis. `Cluster.addStorageClass(id, props)` delegates here.
 */
export function addStorageClass(cluster: Cluster, id: string, props: StorageClassProps): StorageClass {
  const storage = storageOf(cluster) ?? new Storage(cluster);
  return addChild(cluster, storage, id, { noun: 'storage class', method: 'addStorageClass' }, (scope, cid) =>
    new StorageClass(scope, cid, { ...props, name: props.name ?? id }),
  );
}

/** @internal Every StorageClass of the cluster, in the order they were added. */
export function storageClasses(cluster: Cluster): readonly StorageClass[] {
  return storageOf(cluster)?.storageClasses ?? [];
}

/** @internal The names of every StorageClass: what tenant quotas may cap per class. */
export function storageClassNames(cluster: Cluster): readonly string[] {
  return storageClasses(cluster).map((c) => c.className);
}

/** @internal The StorageClass named `name`, if the cluster has one. */
export function findStorageClass(cluster: Cluster, name: string): StorageClass | undefined {
  return storageClasses(cluster).find((c) => c.className === name);
}

/** @internal The cluster's default StorageClass, when exactly one is marked default. */
export function defaultStorageClass(cluster: Cluster): StorageClass | undefined {
  const defaults = storageClasses(cluster).filter((c) => c.isDefault);
  return defaults.length === 1 ? defaults[0] : undefined;
}

/**
 * @internal
 * The snapshot class of a CSI driver, as backup tools need it (Velero's CSI snapshots take
 * one VolumeSnapshotClass per driver): its default class, if it has exactly one.
 */
export function snapshotClassForDriver(cluster: Cluster, driver: string): VolumeSnapshotClass | undefined {
  const defaults = (storageOf(cluster)?.snapshotClasses ?? []).filter((s) => s.driver === driver && s.isDefault);
  return defaults.length === 1 ? defaults[0] : undefined;
}

/** @internal Every driver's snapshot class, by driver name. */
export function snapshotClassesByDriver(cluster: Cluster): ReadonlyMap<string, VolumeSnapshotClass> {
  const result = new Map<string, VolumeSnapshotClass>();
  for (const s of storageOf(cluster)?.snapshotClasses ?? []) {
    const chosen = snapshotClassForDriver(cluster, s.driver);
    if (chosen) result.set(s.driver, chosen);
  }
  return result;
}
