import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ContainerRuntime, EndpointLoadBalancer } from '../../lib';
import { fillBootstrapSecrets } from '../../lib/bootstrap/secrets';
import { EXAMPLES } from '../../examples';
import { newCluster, parseYamlDocuments, SAMPLE_SECRETS, synth } from '../support/synth';

// The real programs that read the generated files accept them: cloud-init, haproxy,
// keepalived, containerd and systemd, installed from Debian by .ci/run. Locally a missing
// program skips its checks; in CI (CI set) it fails.

function which(binary: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function tool(binary: string, debianPackage: string): string | undefined {
  const found = which(binary);
  if (!found && process.env.CI) throw new Error(`${binary} must be installed in CI (.ci/run installs the Debian package ${debianPackage})`);
  if (!found) console.warn(`SKIPPED ${binary} checks: not installed (apt-get install ${debianPackage})`);
  return found;
}

const cloudInit = tool('cloud-init', 'cloud-init');
const haproxy = tool('haproxy', 'haproxy');
const keepalived = tool('keepalived', 'keepalived');
const containerd = tool('containerd', 'containerd');
const systemdAnalyze = tool('systemd-analyze', 'systemd');
const etcd = which('etcd');

/** Runs a program; returns its exit status and everything it printed. */
function run(binary: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(binary, args, { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The `key = value` lines of one table of a TOML dump, trimmed. */
function tomlTable(toml: string, table: string): string[] {
  const lines = toml.split('\n').map((l) => l.trim());
  const start = lines.indexOf(`[${table}]`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith('['));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => l !== '');
}

// Well-formed stand-ins for the base64 placeholders (any PEM-shaped text does for the tools).
const SAMPLE_FILES = {
  ...SAMPLE_SECRETS,
  caKey: Buffer.from('-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n').toString('base64'),
  etcdCaCert: Buffer.from('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n').toString('base64'),
  etcdClientCert: Buffer.from('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n').toString('base64'),
  etcdClientKey: Buffer.from('-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n').toString('base64'),
};

interface WrittenFile {
  readonly path: string;
  readonly content: string;
  readonly permissions: string;
}

/** Each example's bootstrap files, filled as the documented step fills them, in a temp dir. */
const examples = Object.keys(EXAMPLES).map((name) => {
  const synthesis = synth(EXAMPLES[name]());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cf-tools-${name}-`));
  const files = new Map<string, string>();
  for (const f of synthesis.bootstrapFiles) {
    const target = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const content = fillBootstrapSecrets(f.content, SAMPLE_FILES);
    fs.writeFileSync(target, content);
    files.set(f.path, content);
  }
  /** What cloud-init writes on one node. */
  const written = (node: string): WrittenFile[] => (parseYamlDocuments(files.get(`cloud-init/${node}.yaml`)!)[0] as { write_files: WrittenFile[] }).write_files;
  return { name, dir, files, written };
});

const each = examples.map((e) => [e.name, e] as const);
const itIf = (binary: string | undefined) => (binary ? test : test.skip);

describe('real programs accept the generated files', () => {
  test.each(each)('%s: every cloud-init user-data passes `cloud-init schema`', (_name, e) => {
    if (!cloudInit) return;
    const userData = [...e.files.keys()].filter((p) => p.startsWith('cloud-init/'));
    expect(userData.length).toBeGreaterThan(0);
    for (const p of userData) {
      const r = run(cloudInit, ['schema', '--config-file', path.join(e.dir, p)]);
      expect({ file: p, ...r }).toStrictEqual({ file: p, status: 0, output: expect.stringContaining('Valid cloud-config') });
    }
  });

  test.each(each)('%s: haproxy.cfg passes `haproxy -c` and keepalived.conf `keepalived --config-test`', (_name, e) => {
    const nodes = [...e.files.keys()].filter((p) => p.startsWith('static-pods/') && p.endsWith('/haproxy.yaml')).map((p) => p.split('/')[1]);
    for (const node of nodes) {
      const written = e.written(node);
      const byPath = (p: string) => written.find((f) => f.path === p)!.content;
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-lb-'));
      fs.writeFileSync(path.join(work, 'haproxy.cfg'), byPath('/etc/haproxy/haproxy.cfg'));
      if (haproxy) {
        const r = run(haproxy, ['-c', '-f', path.join(work, 'haproxy.cfg')]);
        expect({ node, ...r }).toStrictEqual({ node, status: 0, output: expect.stringContaining('Configuration file is valid') });
      }
      if (keepalived) {
        // The check script goes where keepalived's script security accepts it (a root-only
        // folder), and the config points there; nothing else of the config changes.
        const scriptDir = fs.mkdtempSync(path.join(os.homedir(), '.cf-keepalived-'));
        const script = path.join(scriptDir, 'check_apiserver.sh');
        fs.writeFileSync(script, byPath('/etc/keepalived/check_apiserver.sh'), { mode: 0o755 });
        const conf = path.join(scriptDir, 'keepalived.conf');
        fs.writeFileSync(conf, byPath('/etc/keepalived/keepalived.conf').split('/etc/keepalived/check_apiserver.sh').join(script));
        const r = run(keepalived, ['--config-test', '-f', conf]);
        fs.rmSync(scriptDir, { recursive: true, force: true });
        expect({ node, ...r }).toStrictEqual({ node, status: 0, output: '' });
      }
    }
  });

  test('an IPv6 VIP: haproxy listens on both families and keepalived holds the IPv6 VIP', () => {
    // GIVEN an IPv6 control-plane network behind haproxy + keepalived
    const s = synth(
      newCluster({
        networking: { podSubnet: 'fd00:244::/56', serviceSubnet: 'fd00:96::/112' },
        controlPlane: {
          nodes: [{ name: 'cp-1', address: 'fd00:10::11' }, { name: 'cp-2', address: 'fd00:10::12' }, { name: 'cp-3', address: 'fd00:10::13' }],
          endpoint: { host: 'fd00:10::10', port: 8443 },
          loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth0' }),
        },
      }),
    );
    const written = (parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'cloud-init/cp-1.yaml')!.content)[0] as { write_files: WrittenFile[] }).write_files;
    const byPath = (p: string) => written.find((f) => f.path === p)!.content;
    const work = fs.mkdtempSync(path.join(os.homedir(), '.cf-v6-'));
    try {
      fs.writeFileSync(path.join(work, 'haproxy.cfg'), byPath('/etc/haproxy/haproxy.cfg'));
      const script = path.join(work, 'check_apiserver.sh');
      fs.writeFileSync(script, byPath('/etc/keepalived/check_apiserver.sh'), { mode: 0o755 });
      fs.writeFileSync(path.join(work, 'keepalived.conf'), byPath('/etc/keepalived/keepalived.conf').split('/etc/keepalived/check_apiserver.sh').join(script));

      // THEN both programs accept them
      if (haproxy) expect(run(haproxy, ['-c', '-f', path.join(work, 'haproxy.cfg')])).toStrictEqual({ status: 0, output: expect.stringContaining('Configuration file is valid') });
      if (keepalived) expect(run(keepalived, ['--config-test', '-f', path.join(work, 'keepalived.conf')])).toStrictEqual({ status: 0, output: '' });
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test.each(each)('%s: the containerd config is read by `containerd config dump`, with the systemd cgroup driver', (_name, e) => {
    if (!containerd) return;
    const config = e.files.get('runtime/config.toml');
    if (config === undefined) return;
    // `containerd github.com/containerd/containerd 1.6.20~ds1 ...` or `containerd containerd.io v2.3.4 ...`
    const installedMajor = Number(/^containerd \S+ v?(\d+)\./m.exec(run(containerd, ['--version']).output)?.[1] ?? 0);
    const version = Number(/^version = (\d+)$/m.exec(config)?.[1]);
    let checked = config;
    if (version === 3 && installedMajor < 2) {
      // Debian ships containerd 1.6/1.7, which ignores a version 3 layout. The v3 file's tables
      // are checked against containerd v2.3.4's own docs; the real binary then reads the
      // version 2 rendering of the same choice (what `majorVersion: 1` writes).
      const docs = fs.readFileSync(path.join(__dirname, '../../../shared/upstream/containerd/v2.3.4/cri-config.md'), 'utf8');
      for (const table of config.match(/^\[[^\]]+\]$/gm) ?? []) expect(docs).toContain(table.slice(1, -1));
      const sandbox = /sandbox = '([^']+)'/.exec(config)![1];
      checked = ContainerRuntime.containerd({ majorVersion: 1, sandboxImage: sandbox }).renderConfig();
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cf-containerd-')), 'config.toml');
    fs.writeFileSync(file, checked);
    const r = run(containerd, ['--config', file, 'config', 'dump']);
    expect(r.status).toBe(0);
    // The dump is the effective config: the CRI plugin is on, runc uses systemd cgroups.
    expect(r.output).toMatch(/disabled_plugins = \[\]/);
    const runc = 'plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc';
    expect(tomlTable(r.output, `${runc}.options`)).toContain('SystemdCgroup = true');
    expect(tomlTable(r.output, runc)).toContain('runtime_type = "io.containerd.runc.v2"');
    expect(r.output).toContain('sandbox_image = "registry.k8s.io/pause:3.10.1"');
  });

  itIf(systemdAnalyze)('the external etcd units pass `systemd-analyze verify` without a warning', () => {
    const e = examples.find((x) => x.name === 'ha-external-etcd')!;
    const units = [...e.files.keys()].filter((p) => p.endsWith('.service'));
    expect(units).toHaveLength(3);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-units-'));
    for (const p of units) {
      // systemd checks that ExecStart's binary exists; the test machine has etcd elsewhere (or
      // not at all), so the test alone points the unit at an existing binary.
      const unit = e.files.get(p)!.replace(/^ExecStart=\/usr\/local\/bin\/etcd /m, `ExecStart=${etcd ?? '/bin/true'} `);
      const file = path.join(work, path.basename(p));
      fs.writeFileSync(file, unit);
      expect({ unit: p, ...run(systemdAnalyze!, ['verify', file]) }).toStrictEqual({ unit: p, status: 0, output: '' });
    }
  });

  test('a broken file is refused by each program, so the checks above can fail', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-broken-'));
    const write = (name: string, content: string) => {
      fs.writeFileSync(path.join(work, name), content);
      return path.join(work, name);
    };
    if (cloudInit) expect(run(cloudInit, ['schema', '--config-file', write('ci.yaml', '#cloud-config\nruncmd: 5\n')]).status).not.toBe(0);
    if (haproxy) expect(run(haproxy, ['-c', '-f', write('h.cfg', 'frontend x\n    bind *:notaport\n')]).status).not.toBe(0);
    if (keepalived) expect(run(keepalived, ['--config-test', '-f', write('k.conf', 'vrrp_instance VI_1 {\n    state SOMETIMES\n}\n')]).status).not.toBe(0);
    if (containerd) expect(run(containerd, ['--config', write('c.toml', 'version = 2\n[plugins\n'), 'config', 'dump']).status).not.toBe(0);
  });
});
