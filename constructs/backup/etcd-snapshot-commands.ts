// The command lines of etcd snapshot and restore, shared by the CronJob (stacked), the
// systemd units (external) and the restore runbook, so what is tested is what runs.
// etcd v3.6 moved `snapshot status` and `snapshot restore` from etcdctl to etcdutl
// (etcd-io/etcd@v3.6.0 CHANGELOG-3.6: "Removed etcdctl snapshot status/restore");
// `snapshot save` stays in etcdctl because it talks to a running member.

/** TLS files and endpoint etcdctl uses to reach one member. */
export interface EtcdClientEndpoint {
  /** e.g. `https://127.0.0.1:2379` */
  readonly endpoint: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** etcdctl's connection flags for `client`. */
export function clientFlags(client: EtcdClientEndpoint): string[] {
  return [`--endpoints=${client.endpoint}`, `--cacert=${client.caFile}`, `--cert=${client.certFile}`, `--key=${client.keyFile}`];
}

/** `etcdctl snapshot save`: streams a consistent snapshot of the member's keyspace to `file`. */
export function snapshotSaveCommand(etcdctl: string, client: EtcdClientEndpoint, file: string): string[] {
  // Large keyspaces take longer than etcdctl's 5 s default.
  return [etcdctl, ...clientFlags(client), '--command-timeout=300s', 'snapshot', 'save', file];
}

/** `etcdutl snapshot status`: fails on a truncated or corrupt file (it checks the hash). */
export function snapshotStatusCommand(etcdutl: string, file: string): string[] {
  return [etcdutl, 'snapshot', 'status', file, '--write-out=table'];
}

/** One member's identity in a restored cluster. */
export interface RestoreMember {
  readonly name: string;
  /** `https://host:2380` */
  readonly peerUrl: string;
}

/**
 * `etcdutl snapshot restore` for one member: a new data dir holding the snapshot's keys and
 * a fresh membership (new cluster and member IDs), so old members cannot rejoin by mistake.
 */
export function snapshotRestoreCommand(
  etcdutl: string,
  file: string,
  member: RestoreMember,
  allMembers: readonly RestoreMember[],
  clusterToken: string,
  dataDir: string,
): string[] {
  return [
    etcdutl,
    'snapshot',
    'restore',
    file,
    `--name=${member.name}`,
    `--initial-cluster=${allMembers.map((m) => `${m.name}=${m.peerUrl}`).join(',')}`,
    `--initial-cluster-token=${clusterToken}`,
    `--initial-advertise-peer-urls=${member.peerUrl}`,
    `--data-dir=${dataDir}`,
  ];
}

/**
 * Copies a verified snapshot to the target under a timestamped name, then keeps the newest
 * `keep` snapshots of this member there. POSIX sh, so busybox and the hosts' /bin/sh both run it.
 * Arguments: snapshot file, target directory, member name, number to keep.
 */
export const COPY_SCRIPT = [
  'set -eu',
  'src="$1"; target="$2"; member="$3"; keep="$4"',
  'stamp="$(date -u +%Y%m%dT%H%M%SZ)"',
  'name="etcd-$member-$stamp.db"',
  'mkdir -p "$target"',
  // Copy under a temporary name first: a half-written file never looks like a snapshot.
  'cp "$src" "$target/$name.part"',
  'mv "$target/$name.part" "$target/$name"',
  'ls -1 "$target" | grep -E "^etcd-$member-[0-9]{8}T[0-9]{6}Z\\.db$" | sort -r | tail -n +"$((keep + 1))" | while read -r old; do rm -f "$target/$old"; done',
  'rm -f "$src"',
  'echo "etcd snapshot $target/$name written; newest $keep kept"',
  '',
].join('\n');

/** Shell-quotes one argument for a runbook command line. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
