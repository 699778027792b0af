import { Construct } from 'constructs';
import { Cluster, EtcdTopology } from '../../lib';
import { etcdMemberFlags } from '../../lib/bootstrap/etcd-member';
import { hostPort } from '../../lib/bootstrap/kubeadm';
import { ETCD_VERSION } from '../../lib/versions/control-plane';
import { RestoreMember, clientFlags, shellQuote, snapshotRestoreCommand, snapshotStatusCommand } from './etcd-snapshot-commands';
import { ETCD_SNAPSHOT_NAME, EtcdSnapshots } from './etcd-snapshots';
import { EtcdSnapshotTargetKind } from './etcd-snapshot-target';
import type { Velero } from './velero';

/** @internal Where the runbook has the chosen snapshot copied to on every member. */
export const RESTORE_SNAPSHOT_PATH = '/var/lib/etcd-restore/snapshot.db';
/** @internal The runbook's bootstrap file. */
export const RESTORE_RUNBOOK_PATH = 'restore-runbook.md';

/** kubeadm's stacked members leave `--initial-cluster-token` unset: etcd's default. */
const STACKED_CLUSTER_TOKEN = 'etcd-cluster';

/** @internal One member to restore: who it is, where its data lives and how to stop and start it. */
export interface RestorePlanMember {
  readonly member: RestoreMember;
  readonly host: string;
  readonly dataDir: string;
  /** The member's client URL. */
  readonly clientUrl: string;
  /** The restore command line, `etcdutl` first. */
  readonly restore: readonly string[];
}

/** @internal The members of the cluster's etcd with their restore command lines. */
export function restorePlan(cluster: Cluster): RestorePlanMember[] {
  const etcd = cluster.etcd;
  if (etcd.topology === EtcdTopology.EXTERNAL) {
    const all = etcd.members.map((m) => ({ m, flags: new Map(etcdMemberFlags(cluster, m)) }));
    const members = all.map(({ m, flags }) => ({ name: m.name, peerUrl: flags.get('initial-advertise-peer-urls')! }));
    return all.map(({ m, flags }, i) => ({
      member: members[i],
      host: m.address,
      dataDir: m.dataDir,
      clientUrl: `${m.scheme}://${hostPort(m.address, m.clientPort)}`,
      restore: snapshotRestoreCommand('etcdutl', RESTORE_SNAPSHOT_PATH, members[i], members, flags.get('initial-cluster-token')!, `${m.dataDir}.restored`),
    }));
  }
  const nodes = cluster.controlPlane?.nodes ?? [];
  // kubeadm: member name = node name, peer URL = https://<advertise address>:2380.
  const members = nodes.map((n) => ({ name: n.name, peerUrl: `https://${hostPort(n.address, 2380)}` }));
  return nodes.map((n, i) => ({
    member: members[i],
    host: n.address,
    dataDir: etcd.dataDir,
    clientUrl: `https://${hostPort(n.address, 2379)}`,
    restore: snapshotRestoreCommand('etcdutl', RESTORE_SNAPSHOT_PATH, members[i], members, STACKED_CLUSTER_TOKEN, `${etcd.dataDir}.restored`),
  }));
}

/** A command as the runbook prints it: with sudo, each flag on its own continued line. */
function shell(argv: readonly string[], sudo = true): string {
  const lines: string[] = [];
  argv.map(shellQuote).forEach((arg, i) => {
    if (i === 0) lines.push(`${sudo ? 'sudo ' : ''}${arg}`);
    else if (arg.startsWith('--')) lines.push(`  ${arg}`);
    else lines[lines.length - 1] += ` ${arg}`;
  });
  return lines.join(' \\\n');
}

function fence(...lines: string[]): string {
  return ['```sh', ...lines, '```'].join('\n');
}

function etcdSection(cluster: Cluster, snapshots: EtcdSnapshots | undefined): string[] {
  const external = cluster.etcd.topology === EtcdTopology.EXTERNAL;
  const plan = restorePlan(cluster);
  const out: string[] = ['## 2. Restore etcd from a snapshot', ''];
  if (!snapshots) {
    out.push('etcd snapshots are not configured for this cluster (`etcdSnapshots` of the backup add-on), so there is nothing to restore etcd from.', '');
    return out;
  }
  if (plan.length === 0) {
    out.push('The cluster does not model its control plane, so its etcd members are unknown: add `controlPlane` to the definition to get the exact commands.', '');
    return out;
  }
  const target = snapshots.target;
  const where =
    target?.kind === EtcdSnapshotTargetKind.PERSISTENT_VOLUME_CLAIM
      ? `the PersistentVolumeClaim \`${target.location}\` in namespace \`${snapshots.namespace}\``
      : `\`${target?.location}\` on ${external ? 'the etcd hosts' : 'the control-plane nodes'}`;
  const tools = `etcd-${ETCD_VERSION}-linux-amd64`;
  out.push(
    `Topology: **${external ? `external etcd, ${plan.length} member(s) run by systemd` : `stacked etcd, ${plan.length} member(s) as kubeadm static pods`}**.`,
    `Snapshots are taken ${external ? `by the \`${ETCD_SNAPSHOT_NAME}-<member>.timer\` units` : `by the CronJob \`${snapshots.namespace}/${ETCD_SNAPSHOT_NAME}\``} on schedule \`${snapshots.schedule}\` (UTC)`,
    `and kept in ${where} as \`etcd-<member>-<UTC timestamp>.db\`, the newest ${snapshots.retention} per member.`,
    '',
    'A restore replaces the whole cluster state with the snapshot: everything written after it is lost.',
    'Restore every member from the same snapshot file; members restored from different snapshots form different clusters.',
    '',
    '### 2.1 Stop the API servers and etcd',
    '',
    'On every control-plane node (the kubelet stops a static pod whose manifest is moved away):',
    '',
    fence(
      'sudo mkdir -p /etc/kubernetes/manifests.restore-held',
      `sudo mv /etc/kubernetes/manifests/kube-apiserver.yaml ${external ? '' : '/etc/kubernetes/manifests/etcd.yaml '}/etc/kubernetes/manifests.restore-held/`,
      "sudo crictl ps --name 'kube-apiserver|etcd'   # wait until nothing is listed",
    ),
    '',
  );
  if (external) {
    out.push('Then on every etcd host:', '', fence(...plan.map((p) => `sudo systemctl stop etcd-${p.member.name}   # on ${p.host}`)), '');
  }
  out.push(
    `### 2.2 Install etcdutl and etcdctl ${ETCD_VERSION} on every member`,
    '',
    'etcd v3.6 restores with `etcdutl` (etcdctl v3.6 no longer has `snapshot restore`). Use the release the cluster runs:',
    '',
    fence(
      `curl -fsSLo /tmp/${tools}.tar.gz https://github.com/etcd-io/etcd/releases/download/${ETCD_VERSION}/${tools}.tar.gz`,
      `tar -xzf /tmp/${tools}.tar.gz -C /tmp`,
      `sudo install -m 0755 /tmp/${tools}/etcdutl /tmp/${tools}/etcdctl /usr/local/bin/`,
    ),
    '',
    '### 2.3 Copy the snapshot to every member and verify it',
    '',
    `Copy the chosen snapshot to \`${RESTORE_SNAPSHOT_PATH}\` on every member, then check it (a damaged file fails here):`,
    '',
    fence(shell(snapshotStatusCommand('etcdutl', RESTORE_SNAPSHOT_PATH))),
    '',
    '### 2.4 Restore each member',
    '',
    'The restore writes a new data directory with the snapshot and a fresh cluster membership; the old one is kept aside.',
    '',
  );
  for (const p of plan) {
    out.push(
      `#### ${p.member.name} (${p.host})`,
      '',
      fence(
        shell(p.restore),
        `sudo mv ${p.dataDir} ${p.dataDir}.before-restore`,
        `sudo mv ${p.dataDir}.restored ${p.dataDir}`,
      ),
      '',
    );
  }
  const client = snapshots.clientEndpoint(external ? cluster.etcd.members[0] : undefined);
  out.push('### 2.5 Start etcd, then the API servers', '');
  if (external) out.push(fence(...plan.map((p) => `sudo systemctl start etcd-${p.member.name}   # on ${p.host}`)), '');
  out.push(
    'On every control-plane node:',
    '',
    fence(`sudo mv /etc/kubernetes/manifests.restore-held/*.yaml /etc/kubernetes/manifests/`),
    '',
    'Check that every member is healthy and the cluster answers:',
    '',
    fence(
      shell(['etcdctl', ...clientFlags({ ...client, endpoint: plan.map((p) => p.clientUrl).join(',') }), 'endpoint', 'health']),
      'kubectl get nodes',
    ),
    '',
    'Controllers reconcile from the restored state; workloads created after the snapshot are gone, volumes provisioned since then are orphaned in the storage backend.',
    '',
  );
  return out;
}

function veleroSection(velero: Velero): string[] {
  const ns = velero.namespace;
  const schedules = velero.schedules;
  return [
    '## 3. Restore a namespace with Velero',
    '',
    `Velero runs in namespace \`${ns}\`. Backup storage locations: ${velero.backupStorageLocations.map((l) => `\`${l.name}\``).join(', ') || 'none'}.`,
    schedules.length > 0
      ? `Schedules: ${schedules.map((s) => `\`${s.name}\` (\`${s.props.schedule}\`, kept ${s.ttl}${s.fileSystemBackup ? ', file-system backup of volumes' : ''})`).join('; ')}.`
      : 'No schedules are defined; take a backup with `velero backup create` before you need it.',
    '',
    'Find the backup to restore from (schedule backups are named `<schedule>-<timestamp>`):',
    '',
    fence(`velero --namespace ${ns} backup get`, `velero --namespace ${ns} backup describe <backup> --details`),
    '',
    'Restore one namespace (objects that still exist are left as they are; delete the namespace first for a clean restore):',
    '',
    fence(
      `kubectl delete namespace <namespace> --wait   # optional: for a clean restore`,
      `velero --namespace ${ns} restore create <namespace>-restore --from-backup <backup> --include-namespaces <namespace> --wait`,
      `velero --namespace ${ns} restore describe <namespace>-restore --details`,
      `velero --namespace ${ns} restore logs <namespace>-restore`,
    ),
    '',
    'Restore it under another name, to compare before replacing:',
    '',
    fence(`velero --namespace ${ns} restore create <namespace>-copy --from-backup <backup> --include-namespaces <namespace> --namespace-mappings <namespace>:<namespace>-restored --wait`),
    '',
  ];
}

/** `bootstrap/restore-runbook.md`: the exact restore commands for this cluster's topology. */
export class RestoreRunbook extends Construct {
  constructor(scope: Construct, id: string, velero: Velero, snapshots: () => EtcdSnapshots | undefined) {
    super(scope, id);
    const cluster = Cluster.of(this);
    cluster.addBootstrapFile(RESTORE_RUNBOOK_PATH, {
      render: () =>
        [
          `# Restore runbook: cluster ${cluster.clusterName}`,
          '',
          'Generated by clusterforge from the cluster definition; regenerate it when the definition changes.',
          '',
          '## 1. Choose the restore',
          '',
          '- A namespace or some objects were deleted or damaged: restore them with Velero (section 3). etcd stays as it is.',
          '- The cluster state itself is lost (etcd lost quorum or its data, or a bad change hit many namespaces): restore etcd (section 2), then volume data with Velero if needed.',
          '',
          ...etcdSection(cluster, snapshots()),
          ...veleroSection(velero),
        ].join('\n'),
    });
  }
}
