import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterCa, ClusterProps, ClusterSynthesis, ContainerRuntime, EndpointLoadBalancer, Etcd, EvictionSignal, NodePrerequisites, caCertHash } from '../../lib';
import { BOOTSTRAP_PLACEHOLDERS, fillBootstrapSecrets } from '../../lib/bootstrap/secrets';
import { CONTAINER_RUNTIME_DEFAULTS } from '../../lib/control-plane/container-runtime';
import { defineHaExternalEtcd } from '../../examples/ha-external-etcd';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';

function file(s: ClusterSynthesis, p: string): string {
  const f = s.bootstrapFiles.find((x) => x.path === p);
  if (!f) throw new Error(`no bootstrap file ${p}; have ${s.bootstrapFiles.map((x) => x.path).join(', ')}`);
  return f.content;
}
const docs = (s: ClusterSynthesis, p: string) => parseYamlDocuments(file(s, p)) as Record<string, any>[];
const cloudInit = (s: ClusterSynthesis, node: string) => docs(s, `cloud-init/${node}.yaml`)[0] as { write_files: any[]; runcmd: string[] };

const one = { controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] } } satisfies ClusterProps;

/** A self-signed CA certificate made by openssl, and its key, in a temp dir. */
function makeCa(): { cert: string; keyPath: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-ca-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=kubernetes', '-addext', 'basicConstraints=critical,CA:TRUE'], { cwd: dir, stdio: 'pipe' });
  return { cert: fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'), keyPath: path.join(dir, 'ca.key') };
}

describe('node bootstrap', () => {
  test('a partial evictionHard is merged over the kubelet defaults, so no other threshold drops to 0', () => {
    // GIVEN only a memory threshold
    const s = synth(newCluster({ ...one, kubelet: { evictionHard: { [EvictionSignal.MEMORY_AVAILABLE]: '500Mi' } } }));

    // THEN the other hard thresholds keep their defaults
    expect(docs(s, 'kubeadm/cp-1.yaml')[2].evictionHard).toStrictEqual({
      'memory.available': '500Mi',
      'nodefs.available': '10%',
      'nodefs.inodesFree': '5%',
      'imagefs.available': '15%',
    });
  });

  test('dual-stack nodes: node-ip carries both families, primary first; SANs both; the API server advertises the primary', () => {
    // GIVEN an IPv4-primary dual-stack cluster whose node lists its IPv6 address first
    const s = synth(
      newCluster({
        networking: { podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: '10.96.0.0/16,fd00:10:96::/112' },
        controlPlane: { nodes: [{ name: 'cp-1', address: 'fd00:1::11', secondaryAddress: '10.0.0.11' }] },
      }),
    );

    // THEN
    const [init, clusterConfig] = docs(s, 'kubeadm/cp-1.yaml');
    expect(init.nodeRegistration.kubeletExtraArgs).toStrictEqual([{ name: 'node-ip', value: '10.0.0.11,fd00:1::11' }]);
    expect(init.localAPIEndpoint).toStrictEqual({ advertiseAddress: '10.0.0.11', bindPort: 6443 });
    expect(clusterConfig.apiServer.certSANs).toStrictEqual(['fd00:1::11', 'cp-1', '10.0.0.11']);
  });

  test('a single node without workers is schedulable; with workers it keeps the taint unless asked', () => {
    // GIVEN
    const taints = (props: ClusterProps, workers: boolean) => {
      const cluster = newCluster(props);
      if (workers) cluster.addNodePool('workers', { nodes: [{ name: 'w-1', address: '10.0.0.21' }] });
      const s = synth(cluster);
      return [docs(s, 'kubeadm/cp-1.yaml')[0].nodeRegistration.taints, file(s, 'README.md')];
    };

    // THEN no workers: an explicitly empty list (kubeadm adds its default taint only when the field is absent)
    const [alone, readme] = taints(one, false);
    expect(alone).toStrictEqual([]);
    expect(readme).toContain('registered **without** the `node-role.kubernetes.io/control-plane:NoSchedule` taint: the cluster has no worker nodes');
    expect(taints(one, true)[0]).toStrictEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(taints({ controlPlane: { ...one.controlPlane, schedulableControlPlane: true } }, true)[0]).toStrictEqual([]);
  });

  test('containerd by default: config version 3 with systemd cgroups and the pause image, restarted before kubeadm', () => {
    // GIVEN
    const s = synth(newCluster(one));
    const ci = cloudInit(s, 'cp-1');

    // THEN
    const config = ci.write_files.find((f) => f.path === '/etc/containerd/config.toml').content;
    expect(config).toBe(file(s, 'runtime/config.toml'));
    expect(config).toContain("version = 3\n");
    expect(config).toContain("[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n  SystemdCgroup = true\n");
    expect(config).toContain("sandbox = 'registry.k8s.io/pause:3.10.1'");
    expect(ci.runcmd.indexOf('systemctl restart containerd')).toBeLessThan(ci.runcmd.findIndex((c) => c.startsWith('kubeadm ')));
    expect(CONTAINER_RUNTIME_DEFAULTS.containerdMajorVersion).toBe(2);
    // AND the README lists what the preinstalled image must carry, with versions
    const readme = file(s, 'README.md');
    expect(readme).toContain('The machine image must already carry the packages (`NodePrerequisites.preinstalled()`)');
    expect(readme).toContain('- kubeadm, kubelet and kubectl v1.35.7 (the kubelet enabled in systemd).');
    expect(readme).toContain('- containerd 2.x (v2.3.4 tested; config version 3) with runc');
  });

  test('containerd 1.x gets config version 2; CRI-O gets its drop-in and socket', () => {
    // GIVEN
    const v1 = ContainerRuntime.containerd({ majorVersion: 1 }).renderConfig();
    const crio = synth(newCluster({ controlPlane: { ...one.controlPlane, containerRuntime: ContainerRuntime.crio() } }));

    // THEN
    expect(v1).toContain('version = 2\n');
    expect(v1).toContain('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n');
    expect(docs(crio, 'kubeadm/cp-1.yaml')[0].nodeRegistration.criSocket).toBe('unix:///var/run/crio/crio.sock');
    const ci = cloudInit(crio, 'cp-1');
    expect(ci.write_files.find((f) => f.path === '/etc/crio/crio.conf.d/10-clusterforge.conf').content).toContain('cgroup_manager = "systemd"');
    expect(ci.runcmd).toContain('systemctl restart crio');
  });

  test('NodePrerequisites.aptPackages installs the exact patch from pkgs.k8s.io and holds it', () => {
    // GIVEN
    const s = synth(newCluster({ controlPlane: { ...one.controlPlane, nodePrerequisites: NodePrerequisites.aptPackages() } }));

    // THEN
    const run = cloudInit(s, 'cp-1').runcmd;
    expect(run).toContain(
      "echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.35/deb/ /' > /etc/apt/sources.list.d/kubernetes.list",
    );
    expect(run).toContain(
      'DEBIAN_FRONTEND=noninteractive apt-get install -y -o Dpkg::Options::=--force-confold kubelet=1.35.7-1.1 kubeadm=1.35.7-1.1 kubectl=1.35.7-1.1 containerd',
    );
    expect(run.indexOf('apt-mark hold kubelet kubeadm kubectl')).toBeLessThan(run.indexOf('systemctl restart containerd'));
    expect(file(s, 'README.md')).toContain('kubelet, kubeadm and kubectl\n`1.35.7-1.1` from `https://pkgs.k8s.io/core:/stable:/v1.35/deb/`');
  });

  test('a provided CA: its hash is in every join file, its certificate and key placeholder on the first node only', () => {
    // GIVEN
    const ca = makeCa();
    const cluster = newCluster({
      controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }], ca: ClusterCa.provided({ certificate: ca.cert }) },
    });
    cluster.addNodePool('workers', { nodes: [{ name: 'w-1', address: '10.0.0.21' }] });
    const s = synth(cluster);

    // THEN
    expect(docs(s, 'kubeadm/w-1.yaml')[0].discovery.bootstrapToken.caCertHashes).toStrictEqual([caCertHash(ca.cert)]);
    const written = cloudInit(s, 'cp-1').write_files;
    expect(written.find((f) => f.path === '/etc/kubernetes/pki/ca.crt').content).toBe(ca.cert);
    expect(written.find((f) => f.path === '/etc/kubernetes/pki/ca.key')).toStrictEqual({
      path: '/etc/kubernetes/pki/ca.key',
      permissions: '0600',
      encoding: 'b64',
      content: BOOTSTRAP_PLACEHOLDERS.caKey,
    });
    expect(cloudInit(s, 'w-1').write_files.some((f) => f.path.startsWith('/etc/kubernetes/pki/'))).toBe(false);
    expect(s.bootstrapFiles.some((f) => f.content.includes('PRIVATE KEY'))).toBe(false);

    // AND filling the key puts the key file in, base64 for cloud-init to decode
    const key = fs.readFileSync(ca.keyPath);
    const filled = fillBootstrapSecrets(file(s, 'cloud-init/cp-1.yaml'), { caKey: key.toString('base64') });
    const keyFile = (parseYamlDocuments(filled)[0] as any).write_files.find((f: any) => f.path === '/etc/kubernetes/pki/ca.key');
    expect(Buffer.from(keyFile.content, 'base64').equals(key)).toBe(true);
    expect(file(s, 'README.md')).toContain('--ca-key <path to ca.key>');
  });

  test('external etcd: the first node gets the client PKI through placeholders; the README starts with the etcd hosts', () => {
    // GIVEN
    const s = synth(defineHaExternalEtcd());

    // THEN only cp-1 carries the files kubeadm's preflight reads
    const pki = (node: string) => cloudInit(s, node).write_files.filter((f) => f.encoding === 'b64').map((f) => [f.path, f.permissions, f.content]);
    expect(pki('cp-1')).toStrictEqual([
      ['/etc/kubernetes/pki/etcd/ca.crt', '0644', BOOTSTRAP_PLACEHOLDERS.etcdCaCert],
      ['/etc/kubernetes/pki/apiserver-etcd-client.crt', '0644', BOOTSTRAP_PLACEHOLDERS.etcdClientCert],
      ['/etc/kubernetes/pki/apiserver-etcd-client.key', '0600', BOOTSTRAP_PLACEHOLDERS.etcdClientKey],
    ]);
    expect(pki('cp-2')).toStrictEqual([]);

    // AND the README orders etcd PKI, etcd members, secrets, then the control plane
    const readme = file(s, 'README.md');
    const order = ['## 1. What every node needs', 'sh etcd/pki.sh', 'systemctl enable --now etcd-etcd-1', 'endpoint health', '--etcd-pki', '`cp-1` (172.20.0.11)', '**for 2 hours**', 'kubeadm init phase upload-certs --upload-certs', '`worker-1`'];
    const positions = order.map((t) => readme.indexOf(t));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toStrictEqual(positions);
  });

  test('kube-vip examples document the admin.conf switch in the README', () => {
    const s = synth(
      newCluster({
        controlPlane: {
          nodes: [{ name: 'cp-1', address: '10.0.0.11' }, { name: 'cp-2', address: '10.0.0.12' }, { name: 'cp-3', address: '10.0.0.13' }],
          endpoint: { host: '10.0.0.10' },
          loadBalancer: EndpointLoadBalancer.kubeVip({ interface: 'eth0' }),
        },
        etcd: Etcd.stacked(),
      }),
    );
    expect(file(s, 'README.md')).toContain('switches it to `admin.conf`');
  });

  test('etcd/pki.sh (ECDSA in this example) writes certificates that verify against its CA, with kubeadm\'s SANs', () => {
    // GIVEN
    const s = synth(defineHaExternalEtcd());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-pki-'));
    fs.writeFileSync(path.join(dir, 'pki.sh'), file(s, 'etcd/pki.sh'));

    // WHEN
    execFileSync('sh', [path.join(dir, 'pki.sh'), path.join(dir, 'out')], { stdio: 'pipe' });
    const out = path.join(dir, 'out');

    // THEN
    const verify = execFileSync('openssl', ['verify', '-CAfile', 'ca.crt', 'etcd-2/server.crt', 'etcd-2/peer.crt', 'apiserver-etcd-client.crt'], { cwd: out, encoding: 'utf8' });
    expect(verify).toBe('etcd-2/server.crt: OK\netcd-2/peer.crt: OK\napiserver-etcd-client.crt: OK\n');
    const ext = execFileSync('openssl', ['x509', '-in', 'etcd-2/server.crt', '-noout', '-ext', 'subjectAltName'], { cwd: out, encoding: 'utf8' });
    expect(ext).toContain('DNS:etcd-2, DNS:localhost, IP Address:172.20.1.12, IP Address:127.0.0.1');
    expect(execFileSync('openssl', ['pkey', '-in', 'ca.key', '-noout', '-text'], { cwd: out, encoding: 'utf8' })).toContain('NIST CURVE: P-256');
    expect(fs.readdirSync(path.join(out, 'etcd-2')).sort()).toStrictEqual(['ca.crt', 'peer.crt', 'peer.key', 'server.crt', 'server.key']);
  });
});
