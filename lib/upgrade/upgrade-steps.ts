import type { Cluster } from '../cluster';
import { EtcdTopology } from '../control-plane/etcd';
import type { NodePool } from '../control-plane/node-pool';
import type { ManifestFile } from '../synth/ordering';
import { KUBEADM_ETCD_VERSIONS } from '../versions/upgrade';
import { PACKAGE_REPOSITORIES } from '../versions/node';
import { UPGRADE_CONFIG_PATH } from './upgrade-configuration';

// The commands of one minor-release step of an upgrade, from the model: the same node names,
// etcd endpoints and package versions as the bootstrap files. The order is kubeadm's
// (kubernetes/website content/en/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade.md):
// etcd backup, the first control-plane node with `kubeadm upgrade apply`, the others with
// `kubeadm upgrade node`, then what runs on the cluster, then the workers.

/** The part of an upgrade a step belongs to, in the order they run. */
export enum UpgradePhase {
  BACKUP = 'back up etcd',
  CONTROL_PLANE = 'control plane',
  ADD_ONS = 'CNI and add-ons',
  WORKERS = 'workers',
}

/** One step: where it runs and its exact commands. */
export interface UpgradeStep {
  readonly phase: UpgradePhase;
  /** A node name, or `workstation` for kubectl with the admin kubeconfig. */
  readonly where: string;
  readonly title: string;
  readonly commands: readonly string[];
  /** Why, or what to check, in a sentence. */
  readonly note?: string | undefined;
}

/** Where a hop starts and ends. */
export interface HopVersions {
  readonly fromMinor: number;
  readonly toMinor: number;
  /**
   * The exact target (`v1.35.7`) on the last hop. Intermediate hops go to the newest patch of
   * their minor, as the version-skew policy recommends, which the planner does not pin.
   */
  readonly exact?: string | undefined;
}

const WORKSTATION = 'workstation';
const APT = 'DEBIAN_FRONTEND=noninteractive apt-get';
const KUBERNETES_LIST = '/etc/apt/sources.list.d/kubernetes.list';
const KUBERNETES_KEYRING = '/etc/apt/keyrings/kubernetes-apt-keyring.gpg';
/** kubeadm's client certificate for etcd health checks, the one its etcd probes use. */
const KUBEADM_ETCD_PKI = '/etc/kubernetes/pki/etcd';
const SNAPSHOT_DIR = '/var/lib/etcd-backup';

/** @internal The apt version of packages for a hop: `'1.35.7-1.1'` exactly, or `'1.34.*'` for the newest patch. */
export function packageVersion(hop: HopVersions): string {
  return hop.exact ? `${hop.exact.replace(/^v/, '')}-${PACKAGE_REPOSITORIES.kubernetesDebRevision}` : `1.${hop.toMinor}.*`;
}

/** pkgs.k8s.io has one repository per minor: point apt at the target's before installing. */
function switchRepository(toMinor: number): string {
  return `echo 'deb [signed-by=${KUBERNETES_KEYRING}] ${PACKAGE_REPOSITORIES.kubernetesDeb(`v1.${toMinor}`)} /' > ${KUBERNETES_LIST}`;
}

function install(packages: readonly string[], version: string, update = true): string[] {
  const list = packages.join(' ');
  return [
    `apt-mark unhold ${list}`,
    ...(update ? [`${APT} update`] : []),
    `${APT} install -y ${packages.map((p) => `${p}='${version}'`).join(' ')}`,
    `apt-mark hold ${list}`,
  ];
}

function upgradeKubeletCommands(version: string): string[] {
  // apt's lists were updated for kubeadm, from the same repository.
  return [...install(['kubelet', 'kubectl'], version, false), 'systemctl daemon-reload', 'systemctl restart kubelet'];
}

/** @internal Backs up etcd before anything moves: the backup add-on's own job or units when present, etcdctl otherwise. */
export function backupSteps(cluster: Cluster, manifestFiles: readonly ManifestFile[], bootstrapPaths: readonly string[], hop: HopVersions): UpgradeStep[] {
  const cp = cluster.controlPlane;
  const suffix = `pre-upgrade-1-${hop.toMinor}`;
  const cronJob = manifestFiles.flatMap((f) => f.objects).find((o) => o.manifest.kind === 'CronJob' && o.manifest.metadata.name === 'etcd-snapshot');
  if (cronJob) {
    const ns = cronJob.manifest.metadata.namespace!;
    const job = `etcd-snapshot-${suffix}`;
    return [
      {
        phase: UpgradePhase.BACKUP,
        where: WORKSTATION,
        title: `etcd snapshot by the backup add-on's CronJob ${ns}/etcd-snapshot`,
        commands: [`kubectl -n ${ns} create job ${job} --from=cronjob/etcd-snapshot`, `kubectl -n ${ns} wait --for=condition=complete --timeout=15m job/${job}`],
        note: 'the job verifies the snapshot with etcdutl and copies it to the backup target; go on only when it completed',
      },
    ];
  }
  const members = cluster.etcd.members;
  if (cluster.etcd.topology === EtcdTopology.EXTERNAL) {
    const units = members.filter((m) => bootstrapPaths.includes(`etcd/etcd-snapshot-${m.name}.service`));
    if (units.length > 0) {
      return units.map((m) => ({
        phase: UpgradePhase.BACKUP,
        where: m.name,
        title: `etcd snapshot of member ${m.name} by the backup add-on's unit`,
        commands: [`systemctl start etcd-snapshot-${m.name}.service`, `systemctl status --no-pager etcd-snapshot-${m.name}.service`],
      }));
    }
    const ext = cluster.etcd.externalOptions!;
    const first = members[0];
    const host = first.address.includes(':') ? `[${first.address}]` : first.address;
    return [
      {
        phase: UpgradePhase.BACKUP,
        where: cp?.firstNode?.name ?? WORKSTATION,
        title: `etcd snapshot of member ${first.name} (no backup add-on: restore runbook's etcdctl command)`,
        commands: [
          `mkdir -p ${SNAPSHOT_DIR}`,
          `etcdctl --endpoints=${first.scheme}://${host}:${first.clientPort} --cacert=${ext.caFile} --cert=${ext.certFile} --key=${ext.keyFile} --command-timeout=300s snapshot save ${SNAPSHOT_DIR}/${suffix}.db`,
          `etcdutl snapshot status ${SNAPSHOT_DIR}/${suffix}.db --write-out=table`,
        ],
        note: 'copy the file off the node before going on',
      },
    ];
  }
  return [
    {
      phase: UpgradePhase.BACKUP,
      where: cp?.firstNode?.name ?? WORKSTATION,
      title: 'etcd snapshot of the local stacked member (no backup add-on: restore runbook\'s etcdctl command)',
      commands: [
        `mkdir -p ${SNAPSHOT_DIR}`,
        `etcdctl --endpoints=https://127.0.0.1:2379 --cacert=${KUBEADM_ETCD_PKI}/ca.crt --cert=${KUBEADM_ETCD_PKI}/healthcheck-client.crt --key=${KUBEADM_ETCD_PKI}/healthcheck-client.key --command-timeout=300s snapshot save ${SNAPSHOT_DIR}/${suffix}.db`,
        `etcdutl snapshot status ${SNAPSHOT_DIR}/${suffix}.db --write-out=table`,
      ],
      note: 'copy the file off the node before going on',
    },
  ];
}

/** @internal Control-plane nodes one at a time: `kubeadm upgrade apply` on the first, `kubeadm upgrade node` on the others. */
export function controlPlaneSteps(cluster: Cluster, hop: HopVersions): UpgradeStep[] {
  const cp = cluster.controlPlane;
  if (!cp) return [];
  const version = packageVersion(hop);
  const stacked = cluster.etcd.topology === EtcdTopology.STACKED;
  const etcd = KUBEADM_ETCD_VERSIONS[hop.toMinor];
  const apply = hop.exact ? `kubeadm upgrade apply --config ${UPGRADE_CONFIG_PATH}` : 'kubeadm upgrade apply "$(kubeadm version -o short)"';
  const plan = hop.exact ? `kubeadm upgrade plan --config ${UPGRADE_CONFIG_PATH}` : 'kubeadm upgrade plan "$(kubeadm version -o short)"';
  const node = hop.exact ? `kubeadm upgrade node --config ${UPGRADE_CONFIG_PATH}` : 'kubeadm upgrade node';
  return cp.nodes.flatMap((n, i): UpgradeStep[] => [
    {
      phase: UpgradePhase.CONTROL_PLANE,
      where: n.name,
      title: i === 0 ? `kubeadm upgrade apply on ${n.name}, the first control-plane node` : `kubeadm upgrade node on ${n.name}`,
      commands: [
        switchRepository(hop.toMinor),
        ...install(['kubeadm'], version),
        ...(hop.exact ? [`install -D -m 0600 kubeadm-upgrade.yaml ${UPGRADE_CONFIG_PATH}`] : []),
        ...(i === 0 ? [plan, apply] : [node]),
      ],
      note:
        i === 0
          ? `${hop.exact ? 'kubeadm-upgrade.yaml is bootstrap/kubeadm-upgrade.yaml, copied to the node. ' : ''}${stacked && etcd ? `kubeadm also moves stacked etcd to ${etcd.image} (${etcd.source}).` : 'External etcd is not touched by kubeadm.'}`
          : undefined,
    },
    {
      phase: UpgradePhase.CONTROL_PLANE,
      where: WORKSTATION,
      title: `drain ${n.name}`,
      commands: [`kubectl drain ${n.name} --ignore-daemonsets --delete-emptydir-data`],
    },
    { phase: UpgradePhase.CONTROL_PLANE, where: n.name, title: `kubelet and kubectl on ${n.name}`, commands: upgradeKubeletCommands(version) },
    { phase: UpgradePhase.CONTROL_PLANE, where: WORKSTATION, title: `uncordon ${n.name}`, commands: [`kubectl uncordon ${n.name}`] },
  ]);
}

/**
 * @internal
 * What runs on the cluster: the pinned CRDs first, then the shared and core objects, then each
 * add-on's files in the order of the add-on graph (dependencies first), as `manifests/` numbers them.
 */
export function addOnSteps(clusterName: string, manifestFiles: readonly ManifestFile[], crdUrls: readonly string[], addOns: readonly { readonly id: string; readonly key: string }[]): UpgradeStep[] {
  const apply = (files: readonly ManifestFile[]) => files.map((f) => `kubectl apply --server-side -f dist/${clusterName}/manifests/${f.fileName}`);
  const ids = new Set(addOns.map((a) => a.id));
  const core = manifestFiles.filter((f) => f.group === undefined || !ids.has(f.group));
  const steps: UpgradeStep[] = [];
  if (crdUrls.length > 0) {
    steps.push({
      phase: UpgradePhase.ADD_ONS,
      where: WORKSTATION,
      title: 'the pinned upstream CRDs',
      commands: crdUrls.map((u) => `kubectl apply --server-side -f ${u}`),
      note: 'server-side: some CRDs are larger than the client-side apply annotation allows',
    });
  }
  if (core.length > 0) steps.push({ phase: UpgradePhase.ADD_ONS, where: WORKSTATION, title: 'namespaces, cluster-wide and core objects', commands: apply(core) });
  for (const addOn of addOns) {
    const files = manifestFiles.filter((f) => f.group === addOn.id);
    if (files.length > 0) steps.push({ phase: UpgradePhase.ADD_ONS, where: WORKSTATION, title: `add-on ${addOn.id} (${addOn.key})`, commands: apply(files) });
  }
  return steps;
}

/** @internal One pool: batches of maxUnavailable nodes, each drained, upgraded and uncordoned. */
export function poolSteps(pool: NodePool, hop: HopVersions): UpgradeStep[] {
  const version = packageVersion(hop);
  const steps: UpgradeStep[] = [];
  for (let i = 0; i < pool.nodes.length; i += pool.maxUnavailable) {
    const batch = pool.nodes.slice(i, i + pool.maxUnavailable).map((n) => n.name);
    steps.push({
      phase: UpgradePhase.WORKERS,
      where: WORKSTATION,
      title: `pool ${pool.node.id}: drain ${batch.join(', ')}`,
      commands: [`kubectl drain ${batch.join(' ')} --ignore-daemonsets --delete-emptydir-data`],
      note: `at most ${pool.maxUnavailable} node${pool.maxUnavailable === 1 ? '' : 's'} of the pool at once (maxUnavailable); drain evicts through the Eviction API, so it waits while a PodDisruptionBudget forbids an eviction`,
    });
    for (const name of batch) {
      steps.push({
        phase: UpgradePhase.WORKERS,
        where: name,
        title: `upgrade ${name}`,
        commands: [switchRepository(hop.toMinor), ...install(['kubeadm'], version), 'kubeadm upgrade node', ...upgradeKubeletCommands(version)],
      });
    }
    steps.push({ phase: UpgradePhase.WORKERS, where: WORKSTATION, title: `pool ${pool.node.id}: uncordon ${batch.join(', ')}`, commands: [`kubectl uncordon ${batch.join(' ')}`] });
  }
  return steps;
}
