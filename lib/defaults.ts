import { KubeProxy } from './kube-proxy';
import { KubernetesVersion } from './kubernetes-version';

/**
 * @internal
 * Every default of the cluster model, resolved in one place. Each is tested in
 * test/defaults.test.ts.
 */
export const CLUSTER_DEFAULTS = {
  kubernetesVersion: KubernetesVersion.V1_35,
  /** kubeadm's documented example and flannel's default network. */
  podSubnet: '10.244.0.0/16',
  /** kubeadm's default `networking.serviceSubnet`. */
  serviceSubnet: '10.96.0.0/12',
  /** kubeadm's default `networking.dnsDomain`. */
  dnsDomain: 'cluster.local',
  nodeSubnets: [] as readonly string[],
  /** kubeadm's default proxy mode. */
  kubeProxy: KubeProxy.iptables(),
  quotaOvercommitRatio: 1.5,
} as const;
