import { Construct } from 'constructs';
import { Cluster, CrdSource, IModelValidator, IPreparable, Namespace, PodSecurityLevel, UpstreamCrds, ValidationContext } from '../../lib';
import { CONTROL_PLANE_DEFAULTS } from '../../lib/control-plane/control-plane';
import { VELERO_CRD_URLS } from '../../lib/versions/backup';
import { BackupStorageLocation, BackupStorageLocationProps } from './backup-storage-location';
import { BackupSchedule, BackupScheduleProps } from './backup-schedule';
import { BackupTarget, VeleroPlugin, VeleroProvider } from './backup-target';
import { VeleroNetworkPolicies } from './velero-network-policies';
import { VeleroNodeAgent } from './velero-node-agent';
import { VeleroServer } from './velero-server';
import { VolumeSnapshotLocation, VolumeSnapshotLocationProps } from './volume-snapshot-location';

/** Configures Velero: its namespace, node agent, plugins, NetworkPolicies and CRDs; locations and schedules are added with `addBackupStorageLocation`, `addVolumeSnapshotLocation` and `addSchedule`. */
export interface VeleroProps {
  /**
   * Namespace of Velero; credentials Secrets live here too.
   * @default 'velero'
   */
  readonly namespace?: string | undefined;
  /**
   * Run the node agent for file-system backups of pod volumes (kopia).
   * @default true
   */
  readonly nodeAgent?: boolean | undefined;
  /**
   * The plugins, as init containers of the server. Setting them replaces the default, and
   * every provider a location uses must then be served by one of them.
   * @default - the maintained plugin of each provider the locations use
   */
  readonly plugins?: readonly VeleroPlugin[] | undefined;
  /**
   * NetworkPolicies for the namespace: default-deny plus DNS, API server and object-store egress.
   * @default true
   */
  readonly networkPolicies?: boolean | undefined;
  /**
   * Where the `velero.io` CRDs come from. A file source must define all 13 kinds the server watches.
   * @default - the CRD files of Velero v1.18.1 by pinned URL
   */
  readonly crds?: CrdSource | undefined;
}

/** @internal The CRD kinds Velero's server needs installed before it starts (config/crd of the release). */
export const VELERO_CRD_KINDS = [
  'Backup',
  'BackupRepository',
  'BackupStorageLocation',
  'DataDownload',
  'DataUpload',
  'DeleteBackupRequest',
  'DownloadRequest',
  'PodVolumeBackup',
  'PodVolumeRestore',
  'Restore',
  'Schedule',
  'ServerStatusRequest',
  'VolumeSnapshotLocation',
] as const;

const PLUGIN_FACTORIES: Readonly<Record<string, string>> = {
  [VeleroProvider.AWS]: 'VeleroPlugin.aws()',
  [VeleroProvider.GCP]: 'VeleroPlugin.gcp()',
  [VeleroProvider.AZURE]: 'VeleroPlugin.azure()',
};

/** @internal Velero's defaults, resolved in one place. */
export const VELERO_DEFAULTS = {
  namespace: 'velero',
  nodeAgent: true,
  networkPolicies: true,
} as const;

/**
 * Velero: the server, the node agent, storage and snapshot locations, and schedules.
 * Locations and schedules are added with `addBackupStorageLocation`, `addVolumeSnapshotLocation`
 * and `addSchedule`; the server's plugins and credentials follow from them.
 */
export class Velero extends Construct implements IModelValidator, IPreparable {
  public readonly namespace: string;
  public readonly nodeAgent: boolean;
  public readonly networkPolicies: boolean;
  private readonly explicitPlugins?: readonly VeleroPlugin[];
  private readonly locations = new Map<string, BackupStorageLocation>();
  private readonly snapshotLocations = new Map<string, VolumeSnapshotLocation>();
  private readonly scheduleMap = new Map<string, BackupSchedule>();

  constructor(scope: Construct, id: string, props: VeleroProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? VELERO_DEFAULTS.namespace;
    this.nodeAgent = props.nodeAgent ?? VELERO_DEFAULTS.nodeAgent;
    this.networkPolicies = props.networkPolicies ?? VELERO_DEFAULTS.networkPolicies;
    this.explicitPlugins = props.plugins;
    new Namespace(this, 'Namespace', {
      name: this.namespace,
      // The node agent reads pod volumes through host paths as root; the server alone fits baseline.
      podSecurity: { enforce: this.nodeAgent ? PodSecurityLevel.PRIVILEGED : PodSecurityLevel.BASELINE },
    });
    // The chart installs CRDs with a pre-install hook Job (`velero install --crds-only --apply`,
    // templates/upgrade-crds/); here they are a CRD source applied before everything else instead,
    // so both backends order them without a hook and no extra cluster-wide ServiceAccount exists.
    const crds = new Construct(this, 'Crds');
    if (props.crds) {
      new UpstreamCrds(crds, 'Source', { source: props.crds, group: 'velero.io', kinds: VELERO_CRD_KINDS });
    } else {
      VELERO_CRD_URLS.forEach((url, i) => {
        new UpstreamCrds(crds, `Url${i}`, { source: CrdSource.url(url), group: 'velero.io', kinds: VELERO_CRD_KINDS });
      });
    }
  }

  /** Adds a BackupStorageLocation. Throws when the id is taken. */
  public addBackupStorageLocation(id: string, props: BackupStorageLocationProps): BackupStorageLocation {
    const scope = this.container('StorageLocations', id, this.locations);
    const location = new BackupStorageLocation(scope, id, this.namespace, props);
    this.locations.set(id, location);
    return location;
  }

  /** Adds a VolumeSnapshotLocation. Throws when the id is taken. */
  public addVolumeSnapshotLocation(id: string, props: VolumeSnapshotLocationProps): VolumeSnapshotLocation {
    const scope = this.container('SnapshotLocations', id, this.snapshotLocations);
    const location = new VolumeSnapshotLocation(scope, id, this.namespace, props);
    this.snapshotLocations.set(id, location);
    return location;
  }

  /** Adds a backup Schedule. Throws when the id is taken. */
  public addSchedule(id: string, props: BackupScheduleProps): BackupSchedule {
    const scope = this.container('Schedules', id, this.scheduleMap);
    const schedule = new BackupSchedule(scope, id, this.namespace, props);
    this.scheduleMap.set(id, schedule);
    return schedule;
  }

  public get backupStorageLocations(): readonly BackupStorageLocation[] {
    return [...this.locations.values()];
  }

  public get volumeSnapshotLocations(): readonly VolumeSnapshotLocation[] {
    return [...this.snapshotLocations.values()];
  }

  public get schedules(): readonly BackupSchedule[] {
    return [...this.scheduleMap.values()];
  }

  /** The location backups without one go to: the one marked default, or the only one. */
  public get defaultLocation(): BackupStorageLocation | undefined {
    const all = this.backupStorageLocations;
    const marked = all.filter((l) => l.declaredDefault === true);
    if (marked.length > 0) return marked[0];
    return all.length === 1 && all[0].declaredDefault !== false ? all[0] : undefined;
  }

  /** The plugins the server runs: as set, or one per provider the locations use. */
  public get plugins(): readonly VeleroPlugin[] {
    if (this.explicitPlugins) return this.explicitPlugins;
    const providers = [...new Set([...this.backupStorageLocations.map((l) => l.target?.provider), ...this.volumeSnapshotLocations.map((l) => l.provider)])];
    const plugins = providers.flatMap((p) => (typeof p === 'string' ? [VeleroPlugin.forProvider(p)].filter((x): x is VeleroPlugin => x !== undefined) : []));
    return plugins.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private container<T>(id: string, childId: string, existing: ReadonlyMap<string, T>): Construct {
    if (existing.has(childId)) throw new Error(`Velero '${this.node.path}' already has a ${id.replace(/s$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} '${childId}'`);
    return (this.node.tryFindChild(id) as Construct | undefined) ?? new Construct(this, id);
  }

  /** @internal Renders what depends on the locations, once they are all added. */
  public prepareForSynthesis(): void {
    if (this.node.tryFindChild('Server')) return;
    const defaultLocation = this.defaultLocation;
    for (const l of this.backupStorageLocations) l.render(l === defaultLocation);
    const credentials = defaultLocation?.target?.credentials;
    new VeleroServer(this, 'Server', { namespace: this.namespace, plugins: this.plugins, credentials });
    if (this.nodeAgent) new VeleroNodeAgent(this, 'NodeAgent', { namespace: this.namespace, credentials });
    if (this.networkPolicies) {
      const cluster = Cluster.of(this);
      const cp = cluster.controlPlane;
      const targets = this.backupStorageLocations.map((l) => l.target).filter((t): t is BackupTarget => t instanceof BackupTarget);
      new VeleroNetworkPolicies(this, 'NetworkPolicies', {
        namespace: this.namespace,
        apiServer:
          cp && cp.nodes.length > 0
            ? { addresses: [...cp.nodes.map((n) => n.address), cp.endpoint.host], ports: [CONTROL_PLANE_DEFAULTS.apiServerPort, cp.endpoint.port] }
            : undefined,
        stores: targets.flatMap((t) => (t.endpoint ? [t.endpoint] : [])),
        publicStore: targets.some((t) => t.url === undefined),
      });
    }
  }

  public validateModel(context: ValidationContext): void {
    const locations = this.backupStorageLocations;
    if (locations.length === 0) {
      context.error(this, {
        rule: 'backup/no-storage-location',
        message: 'Velero without a BackupStorageLocation stays unavailable and takes no backup',
        received: [],
        expected: "velero.addBackupStorageLocation('default', { target: BackupTarget.s3({...}) })",
      });
    }
    const marked = locations.filter((l) => l.declaredDefault === true);
    if (marked.length > 1) {
      context.error(this, {
        rule: 'backup/default-location',
        field: 'storageLocations',
        message: 'more than one BackupStorageLocation is marked default; Velero would pick one at random for backups that name none',
        received: marked.map((l) => l.node.id),
        expected: 'exactly one location with default: true',
      });
    } else if (marked.length === 0 && locations.length > 1) {
      context.error(this, {
        rule: 'backup/default-location',
        field: 'storageLocations',
        message: 'several BackupStorageLocations and none is the default; backups that name no location would fail',
        received: locations.map((l) => l.node.id),
        expected: 'default: true on exactly one location',
      });
    }

    const served = new Set(this.plugins.flatMap((p) => p.providers));
    const needed = [
      ...locations.flatMap((l) => (l.target instanceof BackupTarget ? [{ provider: l.target.provider as string, by: l.node.path }] : [])),
      ...this.volumeSnapshotLocations.map((l) => ({ provider: l.provider, by: l.node.path })),
    ];
    for (const { provider, by } of needed.filter((n) => typeof n.provider === 'string' && n.provider !== '' && !served.has(n.provider))) {
      context.error(this, {
        rule: 'backup/plugin',
        field: 'plugins',
        message: `${by} uses provider "${provider}", but no plugin of the server serves it; Velero would mark the location unavailable`,
        received: this.plugins.map((p) => `${p.name} (${p.providers.join(', ')})`),
        expected: `a plugin for "${provider}": ${PLUGIN_FACTORIES[provider] ?? `VeleroPlugin.custom('<name>', image, ['${provider}'])`}`,
      });
    }

    const names = new Set(locations.map((l) => l.name));
    for (const s of this.schedules) {
      const target = s.props.storageLocation;
      if (target !== undefined && !names.has(target)) {
        context.error(s, {
          rule: 'backup/schedule-location',
          field: 'storageLocation',
          message: 'the schedule names a storage location that does not exist; its backups would fail',
          received: target,
          expected: names.size > 0 ? `one of: ${[...names].join(', ')}` : 'a location added with addBackupStorageLocation',
        });
      }
      if (s.fileSystemBackup && !this.nodeAgent) {
        context.error(s, {
          rule: 'backup/node-agent',
          field: 'fileSystemBackup',
          message: 'file-system backup runs in the node agent, which is turned off; the backups would be PartiallyFailed',
          received: { fileSystemBackup: true, nodeAgent: false },
          expected: 'nodeAgent: true on Velero, or fileSystemBackup: false',
        });
      }
    }
  }
}
