import { AddOn, AddOnKey, Cluster, IObjectValidator, PlacedObject, Tenant, ValidationContext } from '../../lib';
import { apiGroupOf } from '../../lib/synth/kube-object';
import { CNI } from '../networking/cluster-network';
import { EtcdSnapshots, EtcdSnapshotsProps } from './etcd-snapshots';
import { RestoreRunbook } from './restore-runbook';
import { Velero, VeleroProps } from './velero';

/** The backup add-on: Velero and etcd snapshots. */
export const BACKUP = new AddOnKey<ClusterBackup>('backup');

/** Configures the backup add-on: Velero for API objects and volumes, and etcd snapshots. */
export interface ClusterBackupProps {
  /**
   * Velero: server, node agent, locations and schedules (add those on `backup.velero`).
   * @default - see VeleroProps for each field's default
   */
  readonly velero?: VeleroProps | undefined;
  /**
   * Scheduled etcd snapshots, by the cluster's etcd topology.
   * @default - no etcd snapshots (the cluster then warns: etcd holds the only copy of the cluster state)
   */
  readonly etcdSnapshots?: EtcdSnapshotsProps | undefined;
}

/** Namespaces every cluster has without anyone declaring them. */
const BUILT_IN_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/**
 * Backup and restore of a cluster: Velero for API objects and volumes, etcd snapshots for
 * the whole cluster state, and `bootstrap/restore-runbook.md` with the exact restore commands.
 */
export class ClusterBackup extends AddOn implements IObjectValidator {
  public readonly velero: Velero;
  public readonly etcdSnapshots?: EtcdSnapshots;

  constructor(cluster: Cluster, id: string, props: ClusterBackupProps = {}) {
    // Velero's pods need the pod network; without a modelled CNI it is someone else's.
    super(cluster, id, { key: BACKUP, dependencies: cluster.addOn(CNI) ? [CNI] : [] });
    this.velero = new Velero(this, 'Velero', props.velero);
    if (props.etcdSnapshots) this.etcdSnapshots = new EtcdSnapshots(this, 'EtcdSnapshots', props.etcdSnapshots);
    new RestoreRunbook(this, 'RestoreRunbook', this.velero, () => this.etcdSnapshots);
  }

  /**
   * An object store inside the cluster (`http://minio.<ns>.svc:9000`) in a namespace whose
   * NetworkPolicies deny ingress (a tenant's default-deny) must admit Velero's namespace.
   */
  private checkStoreIngress(objects: readonly PlacedObject[], context: ValidationContext): void {
    const veleroNs = this.velero.namespace;
    for (const location of this.velero.backupStorageLocations) {
      const host = location.target?.endpoint?.host;
      const ns = host ? /^[a-z0-9-]+\.([a-z0-9-]+)\.svc(\.|$)/.exec(host)?.[1] : undefined;
      if (!ns || ns === veleroNs) continue;
      const policies = objects
        .map((o) => o.manifest as { kind: string; apiVersion: string; metadata: { name: string; namespace?: string | undefined }; spec?: NetworkPolicySpecJson | undefined })
        .filter((m) => m.kind === 'NetworkPolicy' && apiGroupOf(m.apiVersion) === 'networking.k8s.io' && m.metadata.namespace === ns);
      const restricted = policies.filter((p) => (p.spec?.policyTypes ?? ['Ingress']).includes('Ingress'));
      if (restricted.length === 0) continue;
      const admits = restricted.some((p) => (p.spec?.ingress ?? []).some((rule) => !rule.from || rule.from.some((peer) => selectsNamespace(peer, veleroNs))));
      if (admits) continue;
      context.warn(location, {
        rule: 'backup/store-ingress-denied',
        field: 'target.endpoint',
        message: `the object store runs in namespace ${ns}, whose NetworkPolicies admit no traffic from ${veleroNs}; every backup would time out`,
        received: restricted.map((p) => `${ns}/${p.metadata.name}`),
        expected: `a NetworkPolicy in ${ns} admitting namespace ${veleroNs}, e.g. the tenant's networkPolicy: { allowIngressFromNamespaces: ['${veleroNs}'] }`,
      });
    }
  }

  private checkSnapshotClasses(objects: readonly PlacedObject[], context: ValidationContext): void {
    for (const [driver, classes] of snapshotClassAmbiguities(objects)) {
      context.warn(this, {
        rule: 'backup/csi-snapshot-class',
        message: `CSI driver ${driver} has several VolumeSnapshotClasses and none is the default; Velero cannot choose one and CSI snapshots of its volumes fail`,
        received: classes,
        expected: 'snapshotClass: { default: true } on one StorageClass of that driver',
      });
    }
  }

  public validateObjects(objects: readonly PlacedObject[], context: ValidationContext): void {
    const declared = new Set([
      ...BUILT_IN_NAMESPACES,
      ...this.cluster.tenants.flatMap((t) => t.namespaces),
      ...objects.filter((o) => o.manifest.kind === 'Namespace' && o.manifest.apiVersion === 'v1').map((o) => o.manifest.metadata.name),
    ]);
    for (const schedule of this.velero.schedules) {
      const unknown = schedule.namedNamespaces.filter((n) => !n.includes('*') && !declared.has(n));
      if (unknown.length > 0) {
        context.warn(schedule, {
          rule: 'backup/undeclared-namespace',
          field: 'includedNamespaces',
          message: 'the schedule names namespaces the cluster definition does not declare; a typo here silently backs up nothing',
          received: unknown,
          expected: `namespaces of the definition: ${[...declared].sort().join(', ')}`,
        });
      }
    }

    if (this.velero.schedules.length === 0) {
      context.warn(this.velero, {
        rule: 'backup/no-schedule',
        message: 'Velero has no Schedule, so it backs up only when someone runs `velero backup create`',
        received: [],
        expected: "velero.addSchedule('daily', { schedule: '0 2 * * *' })",
      });
    }
    if (!this.etcdSnapshots) {
      context.warn(this, {
        rule: 'backup/no-etcd-snapshots',
        field: 'etcdSnapshots',
        message: 'no etcd snapshots: Velero restores objects into a working cluster, but losing etcd quorum or data has no way back',
        expected: "etcdSnapshots: { target: EtcdSnapshotTarget.persistentVolumeClaim('etcd-snapshots') }",
      });
    }

    this.checkSnapshotClasses(objects, context);
    this.checkStoreIngress(objects, context);

    const fsBackup = this.velero.nodeAgent && this.velero.schedules.some((s) => s.fileSystemBackup);
    const snapshots =
      this.velero.volumeSnapshotLocations.length > 0 ||
      objects.some((o) => o.manifest.kind === 'VolumeSnapshotClass' && apiGroupOf(o.manifest.apiVersion) === 'snapshot.storage.k8s.io');
    if (fsBackup || snapshots) return;
    const unbacked = [
      ...objects
        .filter((o) => o.manifest.kind === 'PersistentVolumeClaim' || (o.manifest.kind === 'StatefulSet' && hasClaimTemplates(o)))
        .map((o) => `${o.manifest.kind} ${o.manifest.metadata.namespace ?? ''}/${o.manifest.metadata.name}`),
      ...this.cluster.tenants.filter(hasStorageQuota).map((t) => `tenant ${t.tenantName} (storage quota: ${t.namespaces.join(', ')})`),
    ];
    if (unbacked.length > 0) {
      context.warn(this, {
        rule: 'backup/unbacked-volumes',
        message: 'volume data would not be backed up: no schedule uses file-system backup and there is neither a VolumeSnapshotLocation nor a CSI VolumeSnapshotClass',
        received: unbacked,
        expected: 'fileSystemBackup: true on a schedule, a snapshotClass on the StorageClasses, or velero.addVolumeSnapshotLocation(...)',
      });
    }
  }
}

/**
 * Velero picks the VolumeSnapshotClass of a CSI driver by the `velero.io/csi-volumesnapshot-class`
 * label, then the default-class annotation, then the only class of the driver
 * (vmware-tanzu/velero@v1.18.1:pkg/util/csi/volume_snapshot.go GetVolumeSnapshotClassForStorageClass).
 */
function snapshotClassAmbiguities(objects: readonly PlacedObject[]): Map<string, string[]> {
  const byDriver = new Map<string, { name: string; chosen: boolean }[]>();
  for (const o of objects) {
    const m = o.manifest as { kind: string; apiVersion: string; driver?: string | undefined; metadata: { name: string; labels?: Record<string, string> | undefined; annotations?: Record<string, string> | undefined } };
    if (m.kind !== 'VolumeSnapshotClass' || apiGroupOf(m.apiVersion) !== 'snapshot.storage.k8s.io' || typeof m.driver !== 'string') continue;
    const chosen = 'velero.io/csi-volumesnapshot-class' in (m.metadata.labels ?? {}) || 'snapshot.storage.kubernetes.io/is-default-class' in (m.metadata.annotations ?? {});
    byDriver.set(m.driver, [...(byDriver.get(m.driver) ?? []), { name: m.metadata.name, chosen }]);
  }
  return new Map([...byDriver].filter(([, list]) => list.length > 1 && !list.some((c) => c.chosen)).map(([d, list]) => [d, list.map((c) => c.name)]));
}

interface NetworkPolicySpecJson {
  readonly policyTypes?: string[] | undefined;
  readonly ingress?: { readonly from?: { readonly namespaceSelector?: { matchLabels?: Record<string, string> | undefined; matchExpressions?: { key: string; operator: string; values?: string[] | undefined }[] | undefined } | undefined }[] | undefined }[] | undefined;
}

/** Whether a peer's namespace selector selects namespace `name` by its metadata.name label. */
function selectsNamespace(peer: NonNullable<NonNullable<NetworkPolicySpecJson['ingress']>[number]['from']>[number], name: string): boolean {
  const selector = peer.namespaceSelector;
  if (!selector) return false;
  const key = 'kubernetes.io/metadata.name';
  const labelsOk = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => k === key && v === name);
  const exprsOk = (selector.matchExpressions ?? []).every((e) => e.key === key && e.operator === 'In' && (e.values ?? []).includes(name));
  return labelsOk && exprsOk;
}

function hasClaimTemplates(o: PlacedObject): boolean {
  const templates = (o.manifest as { spec?: { volumeClaimTemplates?: unknown[] | undefined } | undefined }).spec?.volumeClaimTemplates;
  return Array.isArray(templates) && templates.length > 0;
}

function hasStorageQuota(t: Tenant): boolean {
  const q = t.props.quota;
  if (!q) return false;
  return (
    (q.requestsStorage !== undefined && !/^0+[a-zA-Z]*$/.test(q.requestsStorage)) ||
    (q.persistentVolumeClaims ?? 0) > 0 ||
    Object.keys(q.storage ?? {}).length > 0 ||
    Object.keys(q.storageClaims ?? {}).length > 0
  );
}
