import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

// Helpers for tests that drive Debian's etcd (etcd-server, etcd-client) for real.

export { which } from './programs';

/** `count` TCP ports free on 127.0.0.1 at the time of the call. */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
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
export function isRunning(p: ChildProcess): boolean {
  return p.exitCode === null && p.signalCode === null;
}

/**
 * A test CA in `dir` and, signed by it for 127.0.0.1 (and `extraIps`), `server`, `peer` and
 * `client` certificates usable for server and client auth (`<name>.crt`, `<name>.key`).
 */
export function makeLoopbackPki(dir: string, extraIps: readonly string[] = []): void {
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  fs.writeFileSync(
    path.join(dir, 'ext.cnf'),
    `subjectAltName=${['127.0.0.1', ...extraIps].map((ip) => `IP:${ip}`).join(',')},DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n`,
  );
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=etcd-ca']);
  for (const name of ['server', 'peer', 'client']) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', 'ext.cnf']);
  }
}

/** Retries `check` until it passes or `timeoutMs` is over (then its last error is thrown). */
export async function eventually(check: () => void, timeoutMs = 30000): Promise<void> {
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

/** Starts a process, keeping the tail of its stderr for failure messages. */
export function startProcess(argv: readonly string[], label: string): ChildProcess {
  const [binary, ...args] = argv;
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log = (log + d).slice(-4000)));
  child.on('exit', (code) => {
    if (code && code !== 0 && !child.killed) console.error(`${label} exited ${code}:\n${log}`);
  });
  return child;
}

/** Ends a child by its PID and waits for it to exit. */
export async function stopProcess(p: ChildProcess): Promise<void> {
  if (!isRunning(p)) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await exited;
}

/** The major.minor of the installed etcd, e.g. [3, 4]. */
export function installedEtcdVersion(etcd: string): [number, number] {
  const m = /etcd Version: (\d+)\.(\d+)/.exec(execFileSync(etcd, ['--version'], { encoding: 'utf8' }));
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/**
 * Generated units use etcd 3.6 flag spellings; before 3.6 two of them carry the `experimental`
 * prefix (Debian 12 ships 3.4). Only the test renames them; the units stay as generated.
 */
export function forInstalledEtcd(etcd: string, args: readonly string[]): string[] {
  const [major, minor] = installedEtcdVersion(etcd);
  if (major > 3 || (major === 3 && minor >= 6)) return [...args];
  return args.map((a) =>
    a
      .replace(/^--watch-progress-notify-interval=/, '--experimental-watch-progress-notify-interval=')
      .replace(/^--feature-gates=InitialCorruptCheck=true$/, '--experimental-initial-corrupt-check=true'),
  );
}
