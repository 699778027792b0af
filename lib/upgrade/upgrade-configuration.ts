import type { Cluster } from '../cluster';
import { EtcdTopology } from '../control-plane/etcd';

/** @internal Where the runbook puts `bootstrap/kubeadm-upgrade.yaml` on each control-plane node. */
export const UPGRADE_CONFIG_PATH = '/etc/kubernetes/clusterforge/kubeadm-upgrade.yaml';

/**
 * @internal
 * kubeadm's v1beta4 UpgradeConfiguration for upgrading to the cluster's release: `apply` on the
 * first control-plane node, `node` on the others and on workers, `plan` to preview. kubeadm
 * upgrades stacked etcd itself; external members are the operator's (etcdUpgrade false, as
 * kubeadm's external-etcd upgrade guide asks). Certificates are renewed, kubeadm's default, so
 * an upgrade also restarts their one-year clock.
 */
export function upgradeConfiguration(cluster: Cluster): Record<string, unknown> {
  const version = cluster.kubernetesVersion.kubeadmVersion;
  const etcdUpgrade = cluster.etcd.topology === EtcdTopology.STACKED;
  // As `kubeadm init` skipped kube-proxy when the CNI replaces it, the upgrade must not install it.
  const skipPhases = cluster.kubeProxy.enabled ? {} : { skipPhases: ['addon/kube-proxy'] };
  return {
    apiVersion: 'kubeadm.k8s.io/v1beta4',
    kind: 'UpgradeConfiguration',
    apply: { kubernetesVersion: version, certificateRenewal: true, etcdUpgrade, imagePullPolicy: 'IfNotPresent', ...skipPhases },
    node: { certificateRenewal: true, etcdUpgrade, imagePullPolicy: 'IfNotPresent', ...skipPhases },
    plan: { kubernetesVersion: version, etcdUpgrade },
  };
}
