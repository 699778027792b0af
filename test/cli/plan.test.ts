import * as fs from 'fs';
import * as path from 'path';
import { clusterforge, userProject } from '../support/cli';

// `clusterforge plan`: the offline upgrade planner, run as a user runs it.

/** A definition of cluster `demo` at `version`: one control-plane node and a pool of two, Flannel. */
function definition(version: string, pool = ''): string {
  return [
    "import { App } from 'cdk8s';",
    "import { Cluster, KubernetesVersion } from 'clusterforge';",
    "import { ClusterNetwork, Cni } from 'clusterforge/constructs';",
    '',
    'export default function define(scope = new App()): Cluster {',
    "  const cluster = new Cluster(scope, 'demo', {",
    `    kubernetesVersion: KubernetesVersion.of('${version}'),`,
    "    controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] },",
    '  });',
    `  cluster.addNodePool('workers', { nodes: [{ name: 'w-1', address: '10.0.0.21' }, { name: 'w-2', address: '10.0.0.22' }], maxUnavailable: 2${pool} });`,
    "  new ClusterNetwork(cluster, 'Networking', { cni: Cni.flannel() });",
    '  return cluster;',
    '}',
    '',
  ].join('\n');
}

/** A project whose committed dist/demo was synthesised at v1.34.2, and whose definition now says `version`. */
function committedAt134(version: string, pool = ''): string {
  const dir = userProject({ 'cluster.ts': definition('v1.34.2') });
  const synth = clusterforge(['synth', 'cluster.ts'], dir);
  expect([synth.status, synth.stderr]).toStrictEqual([0, '']);
  fs.writeFileSync(path.join(dir, 'cluster.ts'), definition(version, pool));
  return dir;
}

describe('clusterforge plan', () => {
  test('--from the committed dist/demo: the ordered, checked plan; exit 0', () => {
    const dir = committedAt134('v1.35.7');
    const r = clusterforge(['plan', '--from', 'dist/demo', 'cluster.ts'], dir);
    expect([r.status, r.stderr]).toStrictEqual([0, '']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('demo: upgrade v1.34.2 → v1.35.7 (from dist/demo), 1 minor step');
    expect(lines.filter((l) => /^\s+\d+\. /.test(l)).map((l) => l.trim())).toStrictEqual([
      "1. [back up etcd] cp-1: etcd snapshot of the local stacked member (no backup add-on: restore runbook's etcdctl command)",
      '2. [control plane] cp-1: kubeadm upgrade apply on cp-1, the first control-plane node',
      '3. [control plane] workstation: drain cp-1',
      '4. [control plane] cp-1: kubelet and kubectl on cp-1',
      '5. [control plane] workstation: uncordon cp-1',
      '6. [CNI and add-ons] workstation: namespaces, cluster-wide and core objects',
      '7. [CNI and add-ons] workstation: add-on Networking (cni)',
      '8. [workers] workstation: pool workers: drain w-1, w-2',
      '9. [workers] w-1: upgrade w-1',
      '10. [workers] w-2: upgrade w-2',
      '11. [workers] workstation: pool workers: uncordon w-1, w-2',
    ]);
    expect(r.stdout).toContain("$ DEBIAN_FRONTEND=noninteractive apt-get install -y kubeadm='1.35.7-1.1'");
    expect(r.stdout).toContain('$ kubectl drain w-1 w-2 --ignore-daemonsets --delete-emptydir-data');
    // AND nothing was written
    expect(fs.existsSync(path.join(dir, 'dist', 'demo', 'bootstrap', 'kubeadm', 'cp-1.yaml'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'dist', 'demo', 'bootstrap', 'kubeadm-upgrade.yaml'), 'utf8')).toContain('kubernetesVersion: v1.34.2');
  });

  test('a skipped minor is refused with the route (exit 1); --chain plans 1.33 → 1.34 → 1.35 (exit 0)', () => {
    const dir = userProject({ 'cluster.ts': definition('v1.35.7') });
    const refused = clusterforge(['plan', '--from', 'v1.33.1', 'cluster.ts'], dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr.split('\n').slice(0, 2)).toStrictEqual([
      'demo: the upgrade v1.33.1 → v1.35.7 is refused (1 reason):',
      '  - [error] demo (kubernetesVersion): kube-apiserver must not skip minor releases (kubernetes/website@01bc0975:content/en/releases/version-skew-policy.md); upgrade through every minor instead: 1.33 → 1.34 → 1.35 (clusterforge plan --chain prints that plan) (received "v1.33.1 → v1.35.7"; expected one minor at a time: 1.33 → 1.34 → 1.35) [upgrade/skipped-minor]',
    ]);
    expect(refused.stderr).toContain('clusterforge plan: 1 of 1 upgrade plan(s) refused; nothing was changed');

    const chained = clusterforge(['plan', '--from', 'v1.33.1', '--chain', 'cluster.ts'], dir);
    expect([chained.status, chained.stderr]).toStrictEqual([0, '']);
    expect(chained.stdout.split('\n').filter((l) => /^ {2}v/.test(l))).toStrictEqual(['  v1.33.1 → v1.34 (newest patch)', '  v1.34 → v1.35.7']);
  });

  test('an object of the committed output on a removed API, and one the --openapi documents do not serve: exit 1, naming each', () => {
    // GIVEN the committed output holds a policy/v1beta1 PodDisruptionBudget and a v1alpha1 VolumeAttributesClass
    const dir = committedAt134('v1.35.7');
    fs.appendFileSync(
      path.join(dir, 'dist', 'demo', 'manifests', '010-namespaces.yaml'),
      '---\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: apps\n---\napiVersion: storage.k8s.io/v1alpha1\nkind: VolumeAttributesClass\nmetadata:\n  name: fast\n',
    );

    // WHEN planning against the v1.35 OpenAPI documents
    const openapi = path.resolve(__dirname, '../../../shared/k8s-openapi/v1.35');
    const r = clusterforge(['plan', '--from', 'dist/demo', '--openapi', openapi, 'cluster.ts'], dir);

    // THEN
    expect(r.status).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(errors.map((l) => l.replace(/ \(kubernetes\/website@main:[^)]*\)/, ''))).toStrictEqual([
      '  - [error] dist/demo/manifests/010-namespaces.yaml: PodDisruptionBudget apps/web (apiVersion): policy/v1beta1 PodDisruptionBudget is no longer served since Kubernetes 1.25; migrate the object first (received "policy/v1beta1"; expected policy/v1) [upgrade/removed-api]',
      '  - [error] dist/demo/manifests/010-namespaces.yaml: VolumeAttributesClass fast (apiVersion): storage.k8s.io/v1alpha1 VolumeAttributesClass is not served by Kubernetes v1.35 (its OpenAPI documents); it serves storage.k8s.io/v1, storage.k8s.io/v1beta1; migrate the object first (received "storage.k8s.io/v1alpha1"; expected an apiVersion the target release serves) [upgrade/removed-api]',
    ]);
  });

  test('a downgrade and a kubelet pool four minors behind: exit 1 with the reason', () => {
    const dir = committedAt134('v1.33.4');
    const down = clusterforge(['plan', '--from', 'dist/demo', 'cluster.ts'], dir);
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('Kubernetes v1.33.4 is older than the v1.34.2 the cluster runs (dist/demo)');

    fs.writeFileSync(path.join(dir, 'cluster.ts'), definition('v1.35.7', ", kubeletVersion: KubernetesVersion.of('v1.31.4')"));
    const behind = clusterforge(['plan', '--from', 'dist/demo', 'cluster.ts'], dir);
    expect(behind.status).toBe(1);
    expect(behind.stderr).toContain('[error] demo/NodePools/workers (kubeletVersion): kubelet 1.31 would be 4 minors older than kube-apiserver 1.35');
  });

  test('--from a folder that is not clusterforge output, or missing: usage errors, exit 2', () => {
    const dir = userProject({ 'cluster.ts': definition('v1.35.7'), 'notes/readme.txt': 'hello' });
    const notOutput = clusterforge(['plan', '--from', 'notes', 'cluster.ts'], dir);
    expect([notOutput.status, notOutput.stderr]).toStrictEqual([
      2,
      "clusterforge plan: notes is not clusterforge output of cluster 'demo' (expected GATES.md and manifests/ in it, or in notes/demo, as clusterforge synth writes dist/<cluster>/)\n",
    ]);
    const missing = clusterforge(['plan', 'cluster.ts'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('clusterforge plan: --from is required');
    const neither = clusterforge(['plan', '--from', 'latest', 'cluster.ts'], dir);
    expect([neither.status, neither.stderr]).toStrictEqual([2, 'clusterforge plan: --from latest is neither a Kubernetes release (v1.34.2) nor a folder of clusterforge output\n']);
  });

  test('the examples plan from 1.34 inside the repository; the Cilium example is refused until Cilium is upgraded', () => {
    const ok = clusterforge(['plan', '--from', 'v1.34.2', 'minimal', 'ha-stacked', 'platform']);
    expect([ok.status, ok.stderr]).toStrictEqual([0, '']);
    expect(ok.stdout.split('\n').filter((l) => /^\S/.test(l))).toStrictEqual([
      'minimal: upgrade v1.34.2 → v1.35.7 (from --from v1.34.2), 1 minor step',
      'ha-stacked: upgrade v1.34.2 → v1.35.7 (from --from v1.34.2), 1 minor step',
      'platform: upgrade v1.34.2 → v1.35.7 (from --from v1.34.2), 1 minor step',
    ]);
    const cilium = clusterforge(['plan', '--from', 'v1.34.2', 'ha-external-etcd']);
    expect(cilium.status).toBe(1);
    expect(cilium.stderr).toContain('upgrade add-on Cilium first');
  });
});

describe('clusterforge plan --help', () => {
  test('lists the options and the refusals; plan is among the commands', () => {
    const help = clusterforge(['plan', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout.split('\n')[0]).toBe('usage: clusterforge plan --from <dist/<cluster> | version> [file…] [--chain] [--openapi dir]');
    expect(help.stdout).toContain('--chain');
    expect(clusterforge(['--help']).stdout).toContain('  plan  ');
  });
});
