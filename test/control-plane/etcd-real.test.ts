import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Etcd, execStartOf } from '../../lib';
import { newCluster, synth } from '../support/synth';
import { which } from '../support/programs';

// Drives real etcd processes (Debian's etcd-server) with the command lines of the
// systemd units clusterforge generates for external members.

const etcdBinary = which('etcd');
const etcdctlBinary = which('etcdctl');
const available = etcdBinary !== undefined && etcdctlBinary !== undefined;
if (!available && process.env.CI) {
  throw new Error('etcd and etcdctl must be installed in CI (.ci/run installs etcd-server and etcd-client)');
}
const describeIfEtcd = available ? describe : describe.skip;
if (!available) console.warn('SKIPPED real-etcd test: etcd/etcdctl not installed (apt-get install etcd-server etcd-client)');

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** A child that has neither exited nor been ended by a signal. */
function running(p: ChildProcess): boolean {
  return p.exitCode === null && p.signalCode === null;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A CA and one certificate for 127.0.0.1 used for server, peer and client auth. */
function makePki(dir: string): void {
  fs.writeFileSync(
    path.join(dir, 'ext.cnf'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n',
  );
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=etcd-ca'], dir);
  for (const name of ['server', 'peer', 'client']) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', 'ext.cnf'], dir);
  }
}

describeIfEtcd('external etcd members run for real from the generated units', () => {
  const processes = new Map<string, ChildProcess>();
  let pki: string;
  let endpoints: string[];

  function etcdctl(args: string[], endpointList = endpoints): string {
    return execFileSync(
      etcdctlBinary!,
      [`--endpoints=${endpointList.join(',')}`, `--cacert=${pki}/ca.crt`, `--cert=${pki}/client.crt`, `--key=${pki}/client.key`, '--command-timeout=5s', ...args],
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
    for (const p of processes.values()) if (running(p)) p.kill('SIGKILL');
  });

  test('3 members form a healthy cluster, take writes, and keep quorum with one member down', async () => {
    // GIVEN test certificates and 3 members on loopback with their own ports and data dirs
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-etcd-'));
    pki = path.join(work, 'pki');
    fs.mkdirSync(pki);
    makePki(pki);
    const ports = await freePorts(9);
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
        certFile: `${pki}/client.crt`,
        keyFile: `${pki}/client.key`,
        pkiDir: pki,
        binaryPath: etcdBinary,
      }),
    });

    // WHEN each unit's ExecStart is run exactly as systemd would run it
    const synthesis = synth(cluster);
    for (const m of members) {
      const unit = synthesis.bootstrapFiles.find((f) => f.path === `etcd/etcd-${m.name}.service`)!.content;
      const [binary, ...args] = execStartOf(unit);
      expect(binary).toBe(etcdBinary);
      const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
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

    // Stop everything by PID.
    for (const [, p] of processes) {
      if (running(p)) {
        p.kill('SIGTERM');
        await new Promise((r) => p.once('exit', r));
      }
    }
    expect([...processes.values()].filter(running)).toStrictEqual([]);
  });
});
