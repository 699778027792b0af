import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Etcd } from '../../lib';
import { execStartOf } from '../../lib/bootstrap/etcd-member';
import { newCluster, synth } from '../support/synth';
import { which } from '../support/programs';
import { forInstalledEtcd, freeLoopbackPorts, isRunning } from '../support/real-etcd';

// Drives real etcd processes (Debian's etcd-server) with the command lines of the
// systemd units clusterforge generates for external members.

const etcdBinary = which('etcd');
const etcdctlBinary = which('etcdctl');
// etcd 3.6 moved snapshot restore to etcdutl; Debian's etcd 3.4 still restores with etcdctl.
const etcdutlBinary = which('etcdutl');
const available = etcdBinary !== undefined && etcdctlBinary !== undefined;
if (!available && process.env.CI) {
  throw new Error('etcd and etcdctl must be installed in CI (.ci/run installs etcd-server and etcd-client)');
}
const describeIfEtcd = available ? describe : describe.skip;
if (!available) console.warn('SKIPPED real-etcd test: etcd/etcdctl not installed (apt-get install etcd-server etcd-client)');

describeIfEtcd('external etcd members run for real from the generated units', () => {
  const processes = new Map<string, ChildProcess>();
  let pki: string;
  let endpoints: string[];

  function etcdctl(args: string[], endpointList = endpoints): string {
    return execFileSync(
      etcdctlBinary!,
      [`--endpoints=${endpointList.join(',')}`, `--cacert=${pki}/ca.crt`, `--cert=${pki}/healthcheck-client.crt`, `--key=${pki}/healthcheck-client.key`, '--command-timeout=5s', ...args],
      { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' }, stdio: 'pipe' },
    );
  }

  async function eventually(check: () => void, timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        check();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  afterAll(() => {
    for (const p of processes.values()) if (isRunning(p)) p.kill('SIGKILL');
  });

  test('3 members with certificates from etcd/pki.sh form a healthy cluster, take writes, keep quorum with one member down, and a snapshot restores', async () => {
    // GIVEN test certificates and 3 members on loopback with their own ports and data dirs
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-etcd-'));
    pki = path.join(work, 'pki');
    const ports = await freeLoopbackPorts(9);
    const members = [0, 1, 2].map((i) => ({
      name: `etcd-${i + 1}`,
      address: '127.0.0.1',
      clientPort: ports[i * 3],
      peerPort: ports[i * 3 + 1],
      metricsPort: ports[i * 3 + 2],
      dataDir: path.join(work, `data-${i + 1}`),
    }));
    const cluster = newCluster({
      controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] },
      etcd: Etcd.external({
        members,
        caFile: `${pki}/ca.crt`,
        certFile: `${pki}/apiserver-etcd-client.crt`,
        keyFile: `${pki}/apiserver-etcd-client.key`,
        pkiDir: pki,
        binaryPath: etcdBinary,
      }),
    });
    const synthesis = synth(cluster);

    // AND the certificates made by the generated etcd/pki.sh, each member's folder installed
    // as its pkiDir (all members share 127.0.0.1 here, so one folder serves them all)
    const script = path.join(work, 'pki.sh');
    fs.writeFileSync(script, synthesis.bootstrapFiles.find((f) => f.path === 'etcd/pki.sh')!.content);
    execFileSync('sh', [script, pki], { stdio: 'pipe' });
    for (const f of ['server.crt', 'server.key', 'peer.crt', 'peer.key']) fs.copyFileSync(path.join(pki, 'etcd-1', f), path.join(pki, f));
    expect(fs.statSync(path.join(pki, 'ca.key')).mode & 0o077).toBe(0);

    // WHEN each unit's ExecStart is run exactly as systemd would run it
    for (const m of members) {
      const unit = synthesis.bootstrapFiles.find((f) => f.path === `etcd/etcd-${m.name}.service`)!.content;
      const [binary, ...args] = execStartOf(unit);
      expect(binary).toBe(etcdBinary);
      const child = spawn(binary, forInstalledEtcd(etcdBinary!, args), { stdio: ['ignore', 'ignore', 'pipe'] });
      let log = '';
      child.stderr!.on('data', (d) => (log = (log + d).slice(-4000)));
      child.on('exit', (code) => {
        if (code && code !== 0 && !child.killed) console.error(`${m.name} exited ${code}:\n${log}`);
      });
      processes.set(m.name, child);
    }
    endpoints = members.map((m) => `https://127.0.0.1:${m.clientPort}`);

    // THEN the cluster is healthy, with every member, and takes a write
    await eventually(() => etcdctl(['endpoint', 'health']));
    const list = etcdctl(['member', 'list']);
    for (const m of members) expect(list).toContain(`${m.name}, https://127.0.0.1:${m.peerPort}, https://127.0.0.1:${m.clientPort}`);
    etcdctl(['put', 'clusterforge/probe', 'one']);
    expect(etcdctl(['get', 'clusterforge/probe', '--print-value-only']).trim()).toBe('one');

    // AND the metrics URL answers over plain HTTP
    const metrics = execFileSync('curl', ['-sf', `http://127.0.0.1:${members[0].metricsPort}/metrics`], { encoding: 'utf8' });
    expect(metrics).toContain('etcd_server_has_leader 1');

    // WHEN one member stops
    const stopped = processes.get('etcd-3')!;
    stopped.kill('SIGTERM');
    await new Promise((r) => stopped.once('exit', r));

    // THEN the remaining two keep quorum and take writes
    const alive = endpoints.slice(0, 2);
    await eventually(() => etcdctl(['put', 'clusterforge/probe', 'two'], alive));
    expect(etcdctl(['get', 'clusterforge/probe', '--print-value-only'], alive).trim()).toBe('two');

    // WHEN a snapshot is saved from a live member (etcd's disaster-recovery guide,
    // ../shared/upstream/etcd/v3.6.14/website-v3.6-op-guide-recovery.md)
    const snapshot = path.join(work, 'snapshot.db');
    etcdctl(['snapshot', 'save', snapshot], alive.slice(0, 1));

    // AND restored into a fresh single-member data dir, which a member then serves
    const restoredPorts = await freeLoopbackPorts(2);
    const restoredDir = path.join(work, 'restored');
    const peerUrl = `https://127.0.0.1:${restoredPorts[1]}`;
    const restoreArgs = ['snapshot', 'restore', snapshot, '--name=restored', `--initial-cluster=restored=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--data-dir=${restoredDir}`];
    if (etcdutlBinary) execFileSync(etcdutlBinary, restoreArgs, { stdio: 'pipe' });
    else execFileSync(etcdctlBinary!, restoreArgs, { stdio: 'pipe', env: { ...process.env, ETCDCTL_API: '3' } });
    const restoredUrl = `https://127.0.0.1:${restoredPorts[0]}`;
    const restored = spawn(
      etcdBinary!,
      [
        '--name=restored',
        `--data-dir=${restoredDir}`,
        `--listen-client-urls=${restoredUrl}`,
        `--advertise-client-urls=${restoredUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=restored=${peerUrl}`,
        '--client-cert-auth=true',
        `--trusted-ca-file=${pki}/ca.crt`,
        `--cert-file=${pki}/server.crt`,
        `--key-file=${pki}/server.key`,
        '--peer-client-cert-auth=true',
        `--peer-trusted-ca-file=${pki}/ca.crt`,
        `--peer-cert-file=${pki}/peer.crt`,
        `--peer-key-file=${pki}/peer.key`,
      ],
      { stdio: 'ignore' },
    );
    processes.set('restored', restored);

    // THEN the restored member holds the value written before the snapshot
    await eventually(() => etcdctl(['endpoint', 'health'], [restoredUrl]));
    expect(etcdctl(['get', 'clusterforge/probe', '--print-value-only'], [restoredUrl]).trim()).toBe('two');

    // Stop everything by PID.
    for (const [, p] of processes) {
      if (isRunning(p)) {
        p.kill('SIGTERM');
        await new Promise((r) => p.once('exit', r));
      }
    }
    expect([...processes.values()].filter(isRunning)).toStrictEqual([]);
  });
});
