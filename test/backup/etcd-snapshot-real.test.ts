import { ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterBackup, EtcdSnapshotTarget } from '../../constructs';
import { RESTORE_RUNBOOK_PATH, RESTORE_SNAPSHOT_PATH } from '../../constructs/backup/restore-runbook';
import { Cluster, ClusterSynthesis, CrdSource, Etcd } from '../../lib';
import { execStartOf } from '../../lib/bootstrap/etcd-member';
import { eventually, forInstalledEtcd, freeLoopbackPorts, isRunning, makeLoopbackPki, startProcess, stopProcess, which } from '../support/real-etcd';
import { newCluster, synth } from '../support/synth';
import { VELERO_CRDS_FILE, minio } from './fixtures';

// Snapshot → status → restore → read back, on real etcd processes (Debian's etcd-server and
// etcd-client), with the exact command lines the generated CronJob (stacked etcd) and systemd
// units (external etcd) run, and the restore commands of the generated runbook.
//
// Debian ships etcd 3.4, the cluster runs 3.6. `etcdctl snapshot save` is the same in both.
// 3.6 moved `snapshot status` and `snapshot restore` to etcdutl, which 3.4 does not have; 3.4's
// etcdctl has both subcommands with the same arguments and flags (etcdutl was split out of it
// in 3.5), so where etcdutl is missing the same argument list runs under etcdctl.

const etcdBinary = which('etcd');
const etcdctlBinary = which('etcdctl');
const etcdutlBinary = which('etcdutl') ?? etcdctlBinary;
const available = etcdBinary !== undefined && etcdctlBinary !== undefined && which('openssl') !== undefined;
if (!available && process.env.CI) {
  throw new Error('etcd, etcdctl and openssl must be installed in CI (.ci/run installs etcd-server and etcd-client)');
}
const describeIfEtcd = available ? describe : describe.skip;
if (!available) console.warn('SKIPPED real etcd snapshot test: etcd/etcdctl not installed (apt-get install etcd-server etcd-client)');

const ENV = { ...process.env, ETCDCTL_API: '3' };

/** Runs a generated command line, with the etcd tools of this machine. */
function run(argv: readonly string[]): string {
  const tools: Record<string, string> = { etcdctl: etcdctlBinary!, etcdutl: etcdutlBinary! };
  const [binary, ...args] = argv;
  // Every path must have been mapped into the test's folder: never touch this machine's /etc or /var.
  const hostPath = args.map((a) => a.replace(/^--[a-z-]+=/, '')).find((a) => /^\/(etc|var|usr|mnt)\//.test(a));
  if (hostPath) throw new Error(`refusing to run with a path of this machine: ${hostPath}`);
  const resolved = tools[path.basename(binary)] && !fs.existsSync(binary) ? tools[path.basename(binary)] : binary;
  return execFileSync(resolved, args, { encoding: 'utf8', env: ENV, stdio: 'pipe' });
}

/** The command lines of the runbook's code block for one member, continuations joined, `sudo` dropped. */
function runbookCommands(runbook: string, member: string): string[][] {
  const start = runbook.indexOf(`#### ${member} (`);
  expect(start).toBeGreaterThanOrEqual(0);
  const from = runbook.indexOf('```sh\n', start) + '```sh\n'.length;
  const block = runbook.slice(from, runbook.indexOf('\n```', from));
  return block
    .replace(/ \\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim().split(/\s+/).filter((a) => a !== 'sudo'));
}

/** Runs the runbook's `mv` lines of a member. */
function runMoves(commands: string[][]): void {
  for (const [cmd, from, to] of commands.filter((c) => c[0] === 'mv')) {
    expect(cmd).toBe('mv');
    for (const p of [from, to]) if (/^\/(etc|var|usr|mnt)\//.test(p)) throw new Error(`refusing to move a path of this machine: ${p}`);
    fs.renameSync(from, to);
  }
}

function bootstrapFile(synthesis: ClusterSynthesis, file: string): string {
  const found = synthesis.bootstrapFiles.find((f) => f.path === file);
  if (!found) throw new Error(`no bootstrap file ${file}`);
  return found.content;
}

/** Loopback addresses standing in for three control-plane nodes (kubeadm's fixed ports 2379/2380 on each). */
const STACKED_NODES = ['127.0.0.211', '127.0.0.212', '127.0.0.213'];

const KEYS = Array.from({ length: 50 }, (_, i) => [`clusterforge/key-${String(i).padStart(2, '0')}`, `value-${i}-${'x'.repeat(i)}`] as const);

describeIfEtcd('etcd snapshots are taken, verified and restored for real', () => {
  const processes: ChildProcess[] = [];
  let work: string;
  let pki: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-etcd-snap-'));
    pki = path.join(work, 'pki');
    fs.mkdirSync(pki);
    makeLoopbackPki(pki, STACKED_NODES);
  });

  afterAll(() => {
    for (const p of processes) if (isRunning(p)) p.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  });

  function client(endpoints: readonly string[], args: string[]): string {
    return execFileSync(
      etcdctlBinary!,
      [`--endpoints=${endpoints.join(',')}`, `--cacert=${pki}/ca.crt`, `--cert=${pki}/client.crt`, `--key=${pki}/client.key`, '--command-timeout=5s', ...args],
      { encoding: 'utf8', env: ENV, stdio: 'pipe' },
    );
  }

  function writeKeys(endpoints: readonly string[]): void {
    for (const [k, v] of KEYS) client(endpoints, ['put', k, v]);
  }

  function expectKeys(endpoints: readonly string[]): void {
    for (const [k, v] of KEYS) expect(client(endpoints, ['get', k, '--print-value-only']).trim()).toBe(v);
    // Written after the snapshot: a restore brings back the snapshot's state, nothing later.
    expect(client(endpoints, ['get', 'clusterforge/after-snapshot', '--print-value-only']).trim()).toBe('');
  }

  test('external etcd: the timer unit snapshots each member, and the runbook restores all three', async () => {
    // GIVEN three external members on loopback, started from their generated units
    const dir = path.join(work, 'external');
    const ports = await freeLoopbackPorts(9);
    const members = [0, 1, 2].map((i) => ({
      name: `etcd-${i + 1}`,
      address: '127.0.0.1',
      clientPort: ports[i * 3],
      peerPort: ports[i * 3 + 1],
      metricsPort: ports[i * 3 + 2],
      dataDir: path.join(dir, `data-${i + 1}`),
    }));
    const target = path.join(dir, 'target');
    const cluster = newCluster({
      controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] },
      etcd: Etcd.external({ members, caFile: `${pki}/ca.crt`, certFile: `${pki}/client.crt`, keyFile: `${pki}/client.key`, pkiDir: pki, binaryPath: etcdBinary }),
    });
    const backup = new ClusterBackup(cluster, 'Backup', {
      velero: { crds: CrdSource.file(VELERO_CRDS_FILE) },
      etcdSnapshots: {
        target: EtcdSnapshotTarget.hostDirectory(target),
        retention: 2,
        clientCertFile: `${pki}/client.crt`,
        clientKeyFile: `${pki}/client.key`,
        stagingDirectory: path.join(dir, 'staging'),
      },
    });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    const synthesis = synth(cluster);
    const startMembers = () => {
      for (const m of members) processes.push(startProcess(forInstalledEtcd(etcdBinary!, execStartOf(bootstrapFile(synthesis, `etcd/etcd-${m.name}.service`))), m.name));
    };
    startMembers();
    const endpoints = members.map((m) => `https://127.0.0.1:${m.clientPort}`);
    await eventually(() => client(endpoints, ['endpoint', 'health']));
    writeKeys(endpoints);

    // AND an older snapshot of etcd-1 in the target, beyond what retention keeps
    fs.mkdirSync(target);
    for (const old of ['20200101T000000Z', '20200102T000000Z']) fs.writeFileSync(path.join(target, `etcd-etcd-1-${old}.db`), 'old');
    const copyScript = path.join(dir, 'etcd-snapshot-copy');
    fs.writeFileSync(copyScript, bootstrapFile(synthesis, 'etcd/etcd-snapshot-copy.sh'));

    // WHEN etcd-1's snapshot unit runs: every ExecStartPre and ExecStart line, in order, as systemd runs them
    const unit = bootstrapFile(synthesis, 'etcd/etcd-snapshot-etcd-1.service');
    const lines = unit.split('\n').filter((l) => /^ExecStart(Pre)?=/.test(l)).map((l) => l.replace(/^ExecStart(Pre)?=/, '').split(' '));
    expect(lines.map((l) => path.basename(l[0]))).toStrictEqual(['mkdir', 'etcdctl', 'etcdutl', 'sh']);
    const outputs = lines.map((argv) => run(argv[0] === '/bin/sh' ? [argv[0], copyScript, ...argv.slice(2)] : argv));
    client(endpoints, ['put', 'clusterforge/after-snapshot', 'lost']);

    // THEN the snapshot was saved from etcd-1 with its TLS files, verified, and copied with retention applied
    expect(lines[1].slice(1)).toStrictEqual([
      `--endpoints=https://127.0.0.1:${members[0].clientPort}`,
      `--cacert=${pki}/ca.crt`,
      `--cert=${pki}/client.crt`,
      `--key=${pki}/client.key`,
      '--command-timeout=300s',
      'snapshot',
      'save',
      path.join(dir, 'staging', 'etcd-1.db'),
    ]);
    expect(outputs[2]).toMatch(/HASH.*REVISION.*TOTAL KEYS/s);
    const kept = fs.readdirSync(target).sort();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toBe('etcd-etcd-1-20200102T000000Z.db');
    expect(kept[1]).toMatch(/^etcd-etcd-1-\d{8}T\d{6}Z\.db$/);
    expect(fs.existsSync(path.join(dir, 'staging', 'etcd-1.db'))).toBe(false);
    const snapshot = path.join(target, kept[1]);
    expect(run([etcdutlBinary!, 'snapshot', 'status', snapshot, '--write-out=json'])).toMatch(/"totalKey":\s*\d+/);

    // WHEN every member is stopped and restored with its runbook commands from that snapshot
    for (const p of processes.splice(0)) await stopProcess(p);
    const runbook = bootstrapFile(synthesis, RESTORE_RUNBOOK_PATH);
    for (const m of members) {
      const commands = runbookCommands(runbook, m.name);
      const [restore] = commands;
      expect(restore.slice(0, 3)).toStrictEqual(['etcdutl', 'snapshot', 'restore']);
      expect(restore.slice(4)).toStrictEqual([
        `--name=${m.name}`,
        `--initial-cluster=${members.map((x) => `${x.name}=https://127.0.0.1:${x.peerPort}`).join(',')}`,
        '--initial-cluster-token=test-etcd',
        `--initial-advertise-peer-urls=https://127.0.0.1:${m.peerPort}`,
        `--data-dir=${m.dataDir}.restored`,
      ]);
      run(restore.map((a) => (a === RESTORE_SNAPSHOT_PATH ? snapshot : a)));
      runMoves(commands);
    }

    // AND the members start again from their units
    startMembers();

    // THEN the restored cluster has all three members and every key, and nothing written after the snapshot
    await eventually(() => client(endpoints, ['endpoint', 'health']));
    const list = client(endpoints, ['member', 'list']);
    for (const m of members) expect(list).toContain(`${m.name}, https://127.0.0.1:${m.peerPort}`);
    expectKeys(endpoints);
    // AND the runbook's own health check passes against every member
    const healthCheck = /sudo etcdctl [^`]*?endpoint health/.exec(runbook)![0].replace(/ \\\n\s*/g, ' ').split(/\s+/).slice(1);
    expect(healthCheck[1]).toBe(`--endpoints=${endpoints.join(',')}`);
    // (etcdctl 3.4 prints the result on stderr; it exits non-zero when a member is unhealthy)
    expect(() => run(healthCheck)).not.toThrow();
    for (const p of processes.splice(0)) await stopProcess(p);
  }, 120000);

  test('stacked etcd: the CronJob containers snapshot the local member, and the runbook restores all three members', async () => {
    // GIVEN three stacked control-plane nodes, emulated on loopback addresses with kubeadm's ports
    // 2379/2380 and a filesystem root each; their etcd runs with kubeadm's flags
    // (kubernetes/kubernetes cmd/kubeadm/app/phases/etcd/local.go: name = node name, URLs on the node address)
    const dir = path.join(work, 'stacked');
    const nodes = STACKED_NODES.map((address, i) => ({ name: `cp-${i + 1}`, address, root: path.join(dir, `cp-${i + 1}`) }));
    const target = path.join(dir, 'target');
    const cluster: Cluster = newCluster({
      controlPlane: { nodes: nodes.map(({ name, address }) => ({ name, address })), endpoint: { host: '127.0.0.210', port: 6443 } },
      etcd: Etcd.stacked(),
    });
    const backup = new ClusterBackup(cluster, 'Backup', {
      velero: { crds: CrdSource.file(VELERO_CRDS_FILE) },
      etcdSnapshots: { target: EtcdSnapshotTarget.hostDirectory(target), retention: 3 },
    });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    const synthesis = synth(cluster);
    /** A path of a node's filesystem, in the test's folder for that node. */
    const onNode = (node: (typeof nodes)[number], arg: string) => arg.replace(/^(--[a-z-]+=)?\/var\/lib\/etcd/, (_m, flag = '') => `${flag}${node.root}/var/lib/etcd`);
    const member = (node: (typeof nodes)[number]) => [
      etcdBinary!,
      `--name=${node.name}`,
      `--data-dir=${onNode(node, '/var/lib/etcd')}`,
      `--listen-client-urls=https://${node.address}:2379`,
      `--advertise-client-urls=https://${node.address}:2379`,
      `--listen-peer-urls=https://${node.address}:2380`,
      `--initial-advertise-peer-urls=https://${node.address}:2380`,
      `--initial-cluster=${nodes.map((n) => `${n.name}=https://${n.address}:2380`).join(',')}`,
      '--initial-cluster-state=new',
      '--client-cert-auth=true',
      `--trusted-ca-file=${pki}/ca.crt`,
      `--cert-file=${pki}/server.crt`,
      `--key-file=${pki}/server.key`,
      '--peer-client-cert-auth=true',
      `--peer-trusted-ca-file=${pki}/ca.crt`,
      `--peer-cert-file=${pki}/peer.crt`,
      `--peer-key-file=${pki}/peer.key`,
    ];
    for (const n of nodes) {
      fs.mkdirSync(path.join(n.root, 'var/lib'), { recursive: true });
      processes.push(startProcess(member(n), n.name));
    }
    const endpoints = nodes.map((n) => `https://${n.address}:2379`);
    await eventually(() => client(endpoints, ['endpoint', 'health']));
    writeKeys(endpoints);

    // WHEN the CronJob's containers run in order on cp-2, without Kubernetes: each volume's mount
    // path maps to a host directory (the kubeadm PKI to the test PKI, the emptyDir and the target to
    // test folders), the node's 127.0.0.1:2379 to its member, $(NODE_NAME) to the node
    const kubeadmPki = path.join(dir, 'pki');
    fs.mkdirSync(kubeadmPki);
    for (const [from, to] of [['ca.crt', 'ca.crt'], ['client.crt', 'healthcheck-client.crt'], ['client.key', 'healthcheck-client.key']]) {
      fs.copyFileSync(path.join(pki, from), path.join(kubeadmPki, to));
    }
    const cronJob = synthesis.objects.map((o) => o.manifest).find((o) => o.kind === 'CronJob')! as any;
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    const hostDirs: Record<string, string> = { 'etcd-certs': kubeadmPki, snapshot: path.join(dir, 'scratch'), target };
    fs.mkdirSync(hostDirs.snapshot);
    const outputs: string[] = [];
    for (const c of [...pod.initContainers, ...pod.containers]) {
      const mounts: [string, string][] = c.volumeMounts.map((m: any) => [m.mountPath, hostDirs[m.name]]);
      const argv = (c.command as string[]).map((arg, i) => {
        let a = arg.replace('127.0.0.1:2379', `${nodes[1].address}:2379`).replace('$(NODE_NAME)', nodes[1].name);
        // The copy script itself (argument 2 of sh -c) is not a path.
        if (!(c.name === 'copy' && i === 2)) for (const [from, to] of mounts) a = a.split(from).join(to);
        return a;
      });
      outputs.push(run(argv));
    }
    client(endpoints, ['put', 'clusterforge/after-snapshot', 'lost']);

    // THEN the snapshot was taken from the local member with kubeadm's health-check client certificate, verified and copied
    expect(pod.initContainers[0].command.slice(1, 5)).toStrictEqual([
      '--endpoints=https://127.0.0.1:2379',
      '--cacert=/etc/kubernetes/pki/etcd/ca.crt',
      '--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt',
      '--key=/etc/kubernetes/pki/etcd/healthcheck-client.key',
    ]);
    expect(outputs[1]).toMatch(/HASH.*REVISION.*TOTAL KEYS/s);
    const kept = fs.readdirSync(target);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^etcd-cp-2-\d{8}T\d{6}Z\.db$/);
    const snapshot = path.join(target, kept[0]);

    // WHEN etcd is stopped on every node and each member is restored with its runbook commands
    for (const p of processes.splice(0)) await stopProcess(p);
    const runbook = bootstrapFile(synthesis, RESTORE_RUNBOOK_PATH);
    for (const n of nodes) {
      const commands = runbookCommands(runbook, n.name);
      expect(commands[0].slice(4)).toStrictEqual([
        `--name=${n.name}`,
        `--initial-cluster=${nodes.map((x) => `${x.name}=https://${x.address}:2380`).join(',')}`,
        '--initial-cluster-token=etcd-cluster',
        `--initial-advertise-peer-urls=https://${n.address}:2380`,
        '--data-dir=/var/lib/etcd.restored',
      ]);
      const onThisNode = commands.map((c) => c.map((a) => (a === RESTORE_SNAPSHOT_PATH ? snapshot : onNode(n, a))));
      run(onThisNode[0]);
      runMoves(onThisNode);
    }

    // AND the members start again, as the kubelet would once the manifests are back
    for (const n of nodes) processes.push(startProcess(member(n), `${n.name} restored`));

    // THEN the restored cluster has its three members and every key, and nothing written after the snapshot
    await eventually(() => client(endpoints, ['endpoint', 'health']));
    const list = client(endpoints, ['member', 'list']);
    for (const n of nodes) expect(list).toContain(`${n.name}, https://${n.address}:2380`);
    expectKeys(endpoints);
    expect(fs.existsSync(path.join(nodes[0].root, 'var/lib/etcd.before-restore'))).toBe(true);
    for (const p of processes.splice(0)) await stopProcess(p);
  }, 120000);
});
