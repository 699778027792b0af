import { EtcdSnapshotTarget } from '../../constructs/backup';
import { Cni } from '../../constructs/networking';
import { k8s } from 'cdk8s-plus-27';
import { Etcd, Namespace, KubernetesVersion, UpgradePhase, UpgradePlan } from '../../lib';
import { NODE_POOL_DEFAULTS } from '../../lib/control-plane/node-pool';
import { ADD_ON_KUBERNETES_SUPPORT } from '../../lib/versions/upgrade';
import { backupCluster, minio, STACKED } from '../backup/fixtures';
import { clusterAt, deployed, planFrom, reasons, SERVED_V1_35 } from './fixtures';

const steps = (plan: UpgradePlan) => plan.hops.flatMap((h) => h.steps);
const titles = (plan: UpgradePlan, phase?: UpgradePhase) => steps(plan).filter((s) => phase === undefined || s.phase === phase).map((s) => `${s.where}: ${s.title}`);

describe('planUpgrade: one minor', () => {
  test('1.34 → 1.35: backup, control plane node by node, objects, then the pool; exact package versions', () => {
    // GIVEN a cluster whose definition moved to v1.35.7
    const plan = planFrom(clusterAt('v1.35.7'), 'v1.34.2');

    // THEN one hop, nothing refused, every phase in order
    expect([plan.from, plan.to, plan.route, plan.refusals]).toStrictEqual(['v1.34.2', 'v1.35.7', [35], []]);
    expect(plan.hops.map((h) => [h.from, h.to])).toStrictEqual([['v1.34.2', 'v1.35.7']]);
    expect([...new Set(steps(plan).map((s) => s.phase))]).toStrictEqual([UpgradePhase.BACKUP, UpgradePhase.CONTROL_PLANE, UpgradePhase.ADD_ONS, UpgradePhase.WORKERS]);
    expect(titles(plan, UpgradePhase.CONTROL_PLANE)).toStrictEqual([
      'cp-1: kubeadm upgrade apply on cp-1, the first control-plane node',
      'workstation: drain cp-1',
      'cp-1: kubelet and kubectl on cp-1',
      'workstation: uncordon cp-1',
      'cp-2: kubeadm upgrade node on cp-2',
      'workstation: drain cp-2',
      'cp-2: kubelet and kubectl on cp-2',
      'workstation: uncordon cp-2',
      'cp-3: kubeadm upgrade node on cp-3',
      'workstation: drain cp-3',
      'cp-3: kubelet and kubectl on cp-3',
      'workstation: uncordon cp-3',
    ]);
    const first = steps(plan).find((s) => s.where === 'cp-1' && s.phase === UpgradePhase.CONTROL_PLANE)!;
    expect(first.commands).toStrictEqual([
      "echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.35/deb/ /' > /etc/apt/sources.list.d/kubernetes.list",
      'apt-mark unhold kubeadm',
      'DEBIAN_FRONTEND=noninteractive apt-get update',
      "DEBIAN_FRONTEND=noninteractive apt-get install -y kubeadm='1.35.7-1.1'",
      'apt-mark hold kubeadm',
      'install -D -m 0600 kubeadm-upgrade.yaml /etc/kubernetes/clusterforge/kubeadm-upgrade.yaml',
      'kubeadm upgrade plan --config /etc/kubernetes/clusterforge/kubeadm-upgrade.yaml',
      'kubeadm upgrade apply --config /etc/kubernetes/clusterforge/kubeadm-upgrade.yaml',
    ]);
    expect(first.note).toContain('kubeadm also moves stacked etcd to 3.6.6-0');
    expect(steps(plan).find((s) => s.where === 'cp-2' && s.phase === UpgradePhase.CONTROL_PLANE)!.commands.slice(-1)).toStrictEqual([
      'kubeadm upgrade node --config /etc/kubernetes/clusterforge/kubeadm-upgrade.yaml',
    ]);
  });

  test('workers: pool by pool, maxUnavailable nodes at a time, drained with --ignore-daemonsets --delete-emptydir-data', () => {
    // GIVEN two nodes of the pool may be out at once
    const plan = planFrom(clusterAt('v1.35.7', { pool: { maxUnavailable: 2 } }), 'v1.34.2');

    // THEN batches of two, each drained, upgraded node by node and uncordoned
    expect(titles(plan, UpgradePhase.WORKERS)).toStrictEqual([
      'workstation: pool general: drain w-1, w-2',
      'w-1: upgrade w-1',
      'w-2: upgrade w-2',
      'workstation: pool general: uncordon w-1, w-2',
      'workstation: pool general: drain w-3',
      'w-3: upgrade w-3',
      'workstation: pool general: uncordon w-3',
    ]);
    const drain = steps(plan).find((s) => s.title === 'pool general: drain w-1, w-2')!;
    expect(drain.commands).toStrictEqual(['kubectl drain w-1 w-2 --ignore-daemonsets --delete-emptydir-data']);
    expect(drain.note).toContain('PodDisruptionBudget');
    expect(steps(plan).find((s) => s.where === 'w-1')!.commands).toStrictEqual([
      "echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.35/deb/ /' > /etc/apt/sources.list.d/kubernetes.list",
      'apt-mark unhold kubeadm',
      'DEBIAN_FRONTEND=noninteractive apt-get update',
      "DEBIAN_FRONTEND=noninteractive apt-get install -y kubeadm='1.35.7-1.1'",
      'apt-mark hold kubeadm',
      'kubeadm upgrade node',
      'apt-mark unhold kubelet kubectl',
      "DEBIAN_FRONTEND=noninteractive apt-get install -y kubelet='1.35.7-1.1' kubectl='1.35.7-1.1'",
      'apt-mark hold kubelet kubectl',
      'systemctl daemon-reload',
      'systemctl restart kubelet',
    ]);
  });

  test('drains wait for the PodDisruptionBudgets; one that allows no disruption is named', () => {
    // GIVEN a budget that never allows an eviction
    const cluster = clusterAt('v1.35.7');
    new Namespace(cluster, 'apps');
    new k8s.KubePodDisruptionBudget(cluster, 'Strict', {
      metadata: { name: 'db', namespace: 'apps' },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(0), selector: { matchLabels: { app: 'db' } } },
    });
    const notes = planFrom(cluster, 'v1.34.2').notes;
    expect(notes.filter((n) => n.includes('PodDisruptionBudget'))).toStrictEqual([
      expect.stringMatching(/^drains wait for \d+ PodDisruptionBudgets?: .*PodDisruptionBudget apps\/db/),
      'PodDisruptionBudget apps/db allows no disruption: a node running its pods cannot drain until it changes',
    ]);
  });

  test('maxUnavailable defaults to one node at a time', () => {
    expect(NODE_POOL_DEFAULTS.maxUnavailable).toBe(1);
    expect(titles(planFrom(clusterAt('v1.35.7'), 'v1.34.2'), UpgradePhase.WORKERS).filter((t) => t.includes('drain'))).toStrictEqual([
      'workstation: pool general: drain w-1',
      'workstation: pool general: drain w-2',
      'workstation: pool general: drain w-3',
    ]);
  });

  test('the objects are applied after the control plane: CRDs, core, then add-ons in add-on graph order (Backup after the CNI it depends on)', () => {
    // GIVEN Calico and the backup add-on, which depends on the CNI key
    const { cluster, backup } = backupCluster(STACKED, { etcdSnapshots: { target: EtcdSnapshotTarget.persistentVolumeClaim('etcd-snapshots') } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    const plan = planFrom(cluster, 'v1.34.2');

    // THEN
    expect(plan.refusals).toStrictEqual([]);
    const objects = titles(plan, UpgradePhase.ADD_ONS);
    expect(objects).toStrictEqual(['workstation: the pinned upstream CRDs', 'workstation: namespaces, cluster-wide and core objects', 'workstation: add-on Networking (cni)', 'workstation: add-on Backup (backup)']);
    // AND the backup comes from the add-on's own CronJob
    expect(steps(plan)[0].commands).toStrictEqual([
      'kubectl -n etcd-backup create job etcd-snapshot-pre-upgrade-1-35 --from=cronjob/etcd-snapshot',
      'kubectl -n etcd-backup wait --for=condition=complete --timeout=15m job/etcd-snapshot-pre-upgrade-1-35',
    ]);
  });

  test('without the backup add-on: etcdctl on the first control-plane node with kubeadm’s certificates', () => {
    const plan = planFrom(clusterAt('v1.35.7'), 'v1.34.2');
    expect(steps(plan)[0]).toStrictEqual({
      phase: UpgradePhase.BACKUP,
      where: 'cp-1',
      title: "etcd snapshot of the local stacked member (no backup add-on: restore runbook's etcdctl command)",
      commands: [
        'mkdir -p /var/lib/etcd-backup',
        'etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key --command-timeout=300s snapshot save /var/lib/etcd-backup/pre-upgrade-1-35.db',
        'etcdutl snapshot status /var/lib/etcd-backup/pre-upgrade-1-35.db --write-out=table',
      ],
      note: 'copy the file off the node before going on',
    });
  });

  test('external etcd: the snapshot is taken from the first member’s endpoint with the external client certificates; kubeadm leaves etcd alone', () => {
    const cluster = clusterAt('v1.35.7', {
      props: {
        etcd: Etcd.external({
          members: [{ name: 'etcd-a', address: '10.0.2.1' }, { name: 'etcd-b', address: '10.0.2.2' }, { name: 'etcd-c', address: '10.0.2.3' }],
          caFile: '/etc/kubernetes/pki/etcd/ca.crt',
          certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
          keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
        }),
      },
    });
    const plan = planFrom(cluster, 'v1.34.2');
    expect(steps(plan)[0].commands[1]).toBe(
      'etcdctl --endpoints=https://10.0.2.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/apiserver-etcd-client.crt --key=/etc/kubernetes/pki/apiserver-etcd-client.key --command-timeout=300s snapshot save /var/lib/etcd-backup/pre-upgrade-1-35.db',
    );
    expect(steps(plan)[1].note).toContain('External etcd is not touched by kubeadm');
  });

  test('the same release again plans only the objects’ re-apply (no refusal)', () => {
    const plan = planFrom(clusterAt('v1.35.7'), 'v1.35.7');
    expect(plan.refusals).toStrictEqual([]);
    expect(plan.notes).toContain('the cluster runs v1.35.7 already: only the objects are re-applied');
  });
});

describe('planUpgrade: version-skew rules', () => {
  test('downgrade: refused; a patch upgrade passes', () => {
    expect(reasons(planFrom(clusterAt('v1.34.2'), 'v1.35.1'))).toStrictEqual([['upgrade/downgrade', 'test']]);
    expect(reasons(planFrom(clusterAt('v1.35.1'), 'v1.35.7'))).toStrictEqual([['upgrade/downgrade', 'test']]);
    expect(planFrom(clusterAt('v1.35.7'), 'v1.35.1').refusals).toStrictEqual([]);
  });

  test('a skipped minor is refused, naming the route; the chained plan goes 1.33 → 1.34 → 1.35', () => {
    // GIVEN a cluster at 1.33 whose definition says 1.35
    const cluster = clusterAt('v1.35.7');

    // WHEN planned as is, THEN refused with the route
    const refused = planFrom(cluster, 'v1.33.4');
    expect(reasons(refused)).toStrictEqual([['upgrade/skipped-minor', 'test']]);
    expect(refused.refusals[0].expected).toBe('one minor at a time: 1.33 → 1.34 → 1.35');

    // WHEN chained, THEN two hops, each with its own backup, control plane and workers; objects once, at the end
    const chained = planFrom(cluster, 'v1.33.4', { chain: true });
    expect(chained.refusals).toStrictEqual([]);
    expect(chained.route).toStrictEqual([34, 35]);
    expect(chained.hops.map((h) => [h.from, h.to, [...new Set(h.steps.map((s) => s.phase))]])).toStrictEqual([
      ['v1.33.4', 'v1.34 (newest patch)', [UpgradePhase.BACKUP, UpgradePhase.CONTROL_PLANE, UpgradePhase.WORKERS]],
      ['v1.34', 'v1.35.7', [UpgradePhase.BACKUP, UpgradePhase.CONTROL_PLANE, UpgradePhase.ADD_ONS, UpgradePhase.WORKERS]],
    ]);
    // AND the intermediate hop installs the newest 1.34 patch from the 1.34 repository
    expect(chained.hops[0].steps.find((s) => s.where === 'cp-1' && s.phase === UpgradePhase.CONTROL_PLANE)!.commands).toStrictEqual([
      "echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.34/deb/ /' > /etc/apt/sources.list.d/kubernetes.list",
      'apt-mark unhold kubeadm',
      'DEBIAN_FRONTEND=noninteractive apt-get update',
      "DEBIAN_FRONTEND=noninteractive apt-get install -y kubeadm='1.34.*'",
      'apt-mark hold kubeadm',
      'kubeadm upgrade plan "$(kubeadm version -o short)"',
      'kubeadm upgrade apply "$(kubeadm version -o short)"',
    ]);
    expect(chained.hops[0].steps[0].commands[1]).toContain('pre-upgrade-1-34.db');
  });

  test('a chain across two skipped minors (1.32 → 1.33 → 1.34 → 1.35) plans three hops', () => {
    const chained = planFrom(clusterAt('v1.35.7'), 'v1.32.9', { chain: true });
    expect([chained.refusals, chained.route, chained.hops.map((h) => `${h.from} → ${h.to}`)]).toStrictEqual([
      [],
      [33, 34, 35],
      ['v1.32.9 → v1.33 (newest patch)', 'v1.33 → v1.34 (newest patch)', 'v1.34 → v1.35.7'],
    ]);
    expect(reasons(planFrom(clusterAt('v1.35.7'), 'v1.32.9'))).toStrictEqual([['upgrade/skipped-minor', 'test']]);
  });

  test('a pool held at kubelet 1.33 may stay while the control plane reaches 1.35 (two minors); it is not drained', () => {
    const plan = planFrom(clusterAt('v1.35.7', { pool: { kubeletVersion: KubernetesVersion.of('v1.33.4') } }), 'v1.34.2');
    expect(plan.refusals).toStrictEqual([]);
    expect(titles(plan, UpgradePhase.WORKERS)).toStrictEqual([]);
    expect(plan.notes).toContain('pool general stays at kubelet v1.33.4 (kubeletVersion); it is not drained or upgraded');
  });

  test('a pool held at 1.32 may stay through a chain 1.32 → 1.35 (three minors behind at the end)', () => {
    const plan = planFrom(clusterAt('v1.35.7', { pool: { kubeletVersion: KubernetesVersion.of('v1.32.4') } }), 'v1.32.4', { chain: true });
    expect([plan.refusals, plan.route]).toStrictEqual([[], [33, 34, 35]]);
  });

  test('a pool whose kubelet would be newer than the API server during a chain is refused', () => {
    // GIVEN a pool declared at 1.35 while the control plane still has to pass 1.34
    const plan = planFrom(clusterAt('v1.35.7', { pool: { kubeletVersion: KubernetesVersion.of('v1.35.7') } }), 'v1.33.4', { chain: true });
    expect(reasons(plan)).toStrictEqual([['upgrade/kubelet-skew', 'test/NodePools/general']]);
    expect(plan.refusals[0].message).toContain('kubelet 1.35 would be 1 minor newer than kube-apiserver 1.34');
  });
});

describe('planUpgrade: add-on support', () => {
  test('Calico v3.32 supports 1.35: the plan passes', () => {
    expect(planFrom(clusterAt('v1.35.7', { cni: Cni.calico() }), 'v1.34.2').refusals).toStrictEqual([]);
  });

  test('Cilium v1.18 is e2e-tested up to 1.33: 1.33 passes, 1.34 is refused with "upgrade add-on Cilium first"', () => {
    expect(planFrom(clusterAt('v1.33.4', { cni: Cni.cilium() }), 'v1.33.1').refusals).toStrictEqual([]);
    const refused = planFrom(clusterAt('v1.34.2', { cni: Cni.cilium() }), 'v1.33.4');
    expect(reasons(refused)).toStrictEqual([['upgrade/add-on-support', 'test/Networking']]);
    expect(refused.refusals[0].message).toMatch(/^upgrade add-on Cilium first: its pinned release v1\.18\.9 supports Kubernetes 1\.30–1\.33/);
  });

  test('a release recorded as supporting the target is named', () => {
    const table = ADD_ON_KUBERNETES_SUPPORT.map((e) => (e.component === 'Cilium' ? { ...e, newerRelease: { release: 'v1.19.0', maxMinor: 35, source: 'test' } } : e));
    const refused = planFrom(clusterAt('v1.34.2', { cni: Cni.cilium() }), 'v1.33.4', { addOnSupport: table });
    expect(refused.refusals[0].message).toContain('Cilium v1.19.0 supports up to 1.35 (test)');
  });

  test('in a chained plan the add-on running now must support every intermediate minor', () => {
    // GIVEN the committed output runs an add-on whose range ends at 1.33, and the new definition none
    const running = { ...deployed('apps/v1', 'DaemonSet', 'agent', 'kube-system'), object: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system' }, spec: { template: { spec: { containers: [{ image: 'quay.io/cilium/cilium:v1.18.9' }] } } } } as never };
    const plan = planFrom(clusterAt('v1.35.7'), { version: KubernetesVersion.of('v1.33.4'), source: 'dist/test', objects: [running] }, { chain: true });
    expect(reasons(plan)).toStrictEqual([['upgrade/add-on-support', 'dist/test: manifests/100-apps.yaml: DaemonSet kube-system/agent']]);
    expect(plan.refusals[0].message).toContain('not 1.34');
  });
});

describe('planUpgrade: removed APIs', () => {
  test('the whole platform example passes against the v1.35 OpenAPI documents and the deprecation guide', () => {
    const { definePlatform } = require('../../examples/platform');
    expect(planFrom(definePlatform(), 'v1.34.2', { served: SERVED_V1_35 }).refusals).toStrictEqual([]);
  });

  test('a deployed object on an API the deprecation guide lists as removed fails, naming the object and the replacement', () => {
    const plan = planFrom(clusterAt('v1.35.7'), { version: KubernetesVersion.of('v1.34.2'), source: 'dist/test', objects: [deployed('policy/v1beta1', 'PodDisruptionBudget', 'web', 'apps'), deployed('policy/v1', 'PodDisruptionBudget', 'api', 'apps')] });
    expect(plan.refusals.map((r) => [r.rule, r.path, r.received, r.expected])).toStrictEqual([
      ['upgrade/removed-api', 'dist/test/manifests/100-apps.yaml: PodDisruptionBudget apps/web', 'policy/v1beta1', 'policy/v1'],
    ]);
  });

  test('an object the target’s OpenAPI documents do not serve fails even when the table does not list it', () => {
    const objects = [deployed('storage.k8s.io/v1alpha1', 'VolumeAttributesClass', 'fast')];
    const from = { version: KubernetesVersion.of('v1.34.2'), source: 'dist/test', objects };
    expect(planFrom(clusterAt('v1.35.7'), from).refusals).toStrictEqual([]);
    const plan = planFrom(clusterAt('v1.35.7'), from, { served: SERVED_V1_35 });
    expect(reasons(plan)).toStrictEqual([['upgrade/removed-api', 'dist/test/manifests/100-apps.yaml: VolumeAttributesClass fast']]);
    expect(plan.refusals[0].message).toContain('it serves storage.k8s.io/v1');
  });

  test('custom resources of groups the documents do not describe are left to their CRDs', () => {
    const from = { version: KubernetesVersion.of('v1.34.2'), source: 'dist/test', objects: [deployed('monitoring.coreos.com/v1', 'ServiceMonitor', 'x', 'monitoring')] };
    expect(planFrom(clusterAt('v1.35.7'), from, { served: SERVED_V1_35 }).refusals).toStrictEqual([]);
  });
});
