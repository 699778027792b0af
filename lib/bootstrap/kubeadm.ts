import type { Cluster } from '../cluster';
import { ControlPlane } from '../control-plane/control-plane';
import { EtcdTopology, ExtraArg } from '../control-plane/etcd';
import { EvictionSignal, ReservedResources } from '../control-plane/kubelet';
import { NodeSpec, Taint, TaintEffect } from '../control-plane/node';
import { NodePool } from '../control-plane/node-pool';
import { IpvsScheduler, KubeProxyMode } from '../kube-proxy';
import { parseCidr, parseIp, splitCidrList } from '../net/cidr';
import { BOOTSTRAP_PLACEHOLDERS } from './secrets';
import { securityApiServerArgs, securityApiServerVolumes } from '../security/api-server-files';
import { hardenedApiServerArgs, hardenedControllerManagerArgs, hardenedKubeletSettings, hardenedSchedulerArgs } from '../security/component-settings';

// Field names and nesting follow kubeadm.k8s.io/v1beta4 (cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go),
// kubelet.config.k8s.io/v1beta1 and kubeproxy.config.k8s.io/v1alpha1; tests validate them strictly.
const KUBEADM_API = 'kubeadm.k8s.io/v1beta4';

/** @internal Defaults of the kubelet settings, resolved in one place. */
export const KUBELET_DEFAULTS = {
  // The kubelet's built-in hard thresholds (kubernetes@v1.35 pkg/kubelet/apis/config/v1beta1
  // defaults_linux.go DefaultEvictionHard), written out so they are visible and reviewable. A
  // partial `evictionHard` is merged over them: a map with only some signals would set every
  // other threshold to 0, silently turning that eviction off.
  evictionHard: {
    [EvictionSignal.MEMORY_AVAILABLE]: '100Mi',
    [EvictionSignal.NODEFS_AVAILABLE]: '10%',
    [EvictionSignal.NODEFS_INODES_FREE]: '5%',
    [EvictionSignal.IMAGEFS_AVAILABLE]: '15%',
  } as Readonly<Partial<Record<EvictionSignal, string>>>,
  systemReserved: { cpu: '100m', memory: '256Mi' } as ReservedResources,
  kubeReserved: { cpu: '100m', memory: '256Mi' } as ReservedResources,
  maxPods: 110,
};

const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: TaintEffect.NO_SCHEDULE };

function args(list: readonly ExtraArg[]): ExtraArg[] | undefined {
  return list.length > 0 ? list.map((a) => ({ name: a.name, value: a.value })) : undefined;
}

function reserved(r: ReservedResources): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (r.cpu) out.cpu = r.cpu;
  if (r.memory) out.memory = r.memory;
  if (r.ephemeralStorage) out['ephemeral-storage'] = r.ephemeralStorage;
  if (r.pid) out.pid = r.pid;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * @internal
 * The node's addresses, primary family first: the family of the first pod CIDR, which
 * kube-controller-manager and the kubelet treat as the cluster's primary family.
 */
export function nodeAddresses(cluster: Cluster, node: NodeSpec): string[] {
  const first = splitCidrList(cluster.networking.podSubnet).map(parseCidr)[0];
  const primary = first?.ok ? first.cidr.family : 4;
  const all = [node.address, ...(node.secondaryAddress ? [node.secondaryAddress] : [])];
  return [...all].sort((a, b) => Number(parseIp(b)?.family === primary) - Number(parseIp(a)?.family === primary));
}

function nodeRegistration(cluster: Cluster, node: NodeSpec, taints: readonly Taint[], labels: Readonly<Record<string, string>> = {}) {
  const labelText = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return {
    name: node.name,
    criSocket: cluster.controlPlane!.containerRuntime.criSocket,
    // An empty list registers the node without taints; kubeadm adds its default taint only when the field is absent.
    taints: taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })),
    kubeletExtraArgs: [{ name: 'node-ip', value: nodeAddresses(cluster, node).join(',') }, ...(labelText ? [{ name: 'node-labels', value: labelText }] : [])],
  };
}

function apiEndpoint(cluster: Cluster, node: NodeSpec) {
  // kube-apiserver advertises one address: the one of the cluster's primary family.
  return { advertiseAddress: nodeAddresses(cluster, node)[0], bindPort: 6443 };
}

/** @internal The taints of control-plane nodes: kubeadm's, unless the control plane is schedulable. */
export function controlPlaneTaints(cluster: Cluster): Taint[] {
  return cluster.controlPlane!.isSchedulable(workerNodeCount(cluster)) ? [] : [CONTROL_PLANE_TAINT];
}

function workerNodeCount(cluster: Cluster): number {
  return cluster.nodePools.reduce((n, p) => n + p.nodes.length, 0);
}

/** @internal kubeadm v1beta4 `ClusterConfiguration` of the cluster. */
export function clusterConfiguration(cluster: Cluster, cp: ControlPlane): Record<string, unknown> {
  const etcd = cluster.etcd;
  const ext = etcd.externalOptions;
  const local = etcd.stackedOptions ?? {};
  return {
    apiVersion: KUBEADM_API,
    kind: 'ClusterConfiguration',
    clusterName: cluster.clusterName,
    kubernetesVersion: cluster.kubernetesVersion.kubeadmVersion,
    controlPlaneEndpoint: cp.endpoint.address,
    networking: {
      podSubnet: cluster.networking.podSubnet,
      serviceSubnet: cluster.networking.serviceSubnet,
      dnsDomain: cluster.networking.dnsDomain,
    },
    // The model's flags first; the owned-flags rule keeps extra args from overriding them.
    apiServer: {
      certSANs: [...cp.certSANs],
      extraArgs: args([...hardenedApiServerArgs(cp.hardening), ...securityApiServerArgs(cluster, cp), ...cp.apiServerExtraArgs]),
      extraVolumes: securityApiServerVolumes(cp).map((v) => ({ ...v })),
    },
    controllerManager: { extraArgs: args([...hardenedControllerManagerArgs(cp.hardening), ...cp.controllerManagerExtraArgs]) },
    scheduler: { extraArgs: args([...hardenedSchedulerArgs(cp.hardening), ...cp.schedulerExtraArgs]) },
    etcd:
      etcd.topology === EtcdTopology.EXTERNAL && ext
        ? {
            external: {
              endpoints: etcd.members.map((m) => `${m.scheme}://${hostPort(m.address, m.clientPort)}`),
              caFile: ext.caFile,
              certFile: ext.certFile,
              keyFile: ext.keyFile,
            },
          }
        : {
            local: {
              dataDir: etcd.dataDir,
              extraArgs: args(local.extraArgs ?? []),
              serverCertSANs: local.serverCertSANs?.length ? [...local.serverCertSANs] : undefined,
              peerCertSANs: local.peerCertSANs?.length ? [...local.peerCertSANs] : undefined,
            },
          },
    proxy: cluster.kubeProxy.enabled ? undefined : { disabled: true },
    certificateValidityPeriod: cp.certificateValidityPeriod,
    caCertificateValidityPeriod: cp.caCertificateValidityPeriod,
    encryptionAlgorithm: cp.encryptionAlgorithm,
  };
}

/** @internal kubeadm v1beta4 `InitConfiguration` of the first control-plane node (token and key as placeholders). */
export function initConfiguration(cluster: Cluster, node: NodeSpec): Record<string, unknown> {
  return {
    apiVersion: KUBEADM_API,
    kind: 'InitConfiguration',
    bootstrapTokens: [
      {
        token: BOOTSTRAP_PLACEHOLDERS.bootstrapToken,
        description: `clusterforge join token of ${cluster.clusterName}`,
        ttl: '24h0m0s',
        usages: ['signing', 'authentication'],
        groups: ['system:bootstrappers:kubeadm:default-node-token'],
      },
    ],
    localAPIEndpoint: apiEndpoint(cluster, node),
    nodeRegistration: nodeRegistration(cluster, node, controlPlaneTaints(cluster)),
    // Uploads the control-plane certificates encrypted with this key, for the other
    // control-plane nodes to download at join (`kubeadm init --upload-certs`).
    certificateKey: BOOTSTRAP_PLACEHOLDERS.certificateKey,
    skipPhases: cluster.kubeProxy.enabled ? undefined : ['addon/kube-proxy'],
  };
}

/** @internal kubeadm v1beta4 `JoinConfiguration` of a joining control-plane or worker node (discovery secrets as placeholders). */
export function joinConfiguration(
  cluster: Cluster,
  node: NodeSpec,
  role: { controlPlane: boolean; pool?: NodePool | undefined },
  caCertHashValue: string = BOOTSTRAP_PLACEHOLDERS.caCertHash,
): Record<string, unknown> {
  const cp = cluster.controlPlane!;
  return {
    apiVersion: KUBEADM_API,
    kind: 'JoinConfiguration',
    discovery: {
      bootstrapToken: {
        apiServerEndpoint: cp.endpoint.address,
        token: BOOTSTRAP_PLACEHOLDERS.bootstrapToken,
        caCertHashes: [caCertHashValue],
      },
    },
    nodeRegistration: role.controlPlane
      ? nodeRegistration(cluster, node, controlPlaneTaints(cluster))
      : nodeRegistration(cluster, node, role.pool?.taints ?? [], role.pool?.labels),
    controlPlane: role.controlPlane ? { localAPIEndpoint: apiEndpoint(cluster, node), certificateKey: BOOTSTRAP_PLACEHOLDERS.certificateKey } : undefined,
  };
}

/** @internal `KubeletConfiguration` shared by every node. */
export function kubeletConfiguration(cluster: Cluster): Record<string, unknown> {
  const k = cluster.kubelet;
  const soft = Object.entries(k.evictionSoft ?? {});
  return {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    cgroupDriver: 'systemd',
    evictionHard: mergedEvictionHard(k.evictionHard),
    evictionSoft: soft.length ? Object.fromEntries(soft.map(([s, v]) => [s, v!.threshold])) : undefined,
    evictionSoftGracePeriod: soft.length ? Object.fromEntries(soft.map(([s, v]) => [s, v!.gracePeriod])) : undefined,
    systemReserved: reserved(k.systemReserved ?? KUBELET_DEFAULTS.systemReserved),
    kubeReserved: reserved(k.kubeReserved ?? KUBELET_DEFAULTS.kubeReserved),
    maxPods: k.maxPods ?? KUBELET_DEFAULTS.maxPods,
    ...hardenedKubeletSettings(cluster.controlPlane!.hardening),
  };
}

/** @internal The user's hard thresholds over the kubelet's defaults (defaults' order first, then the user's). */
export function mergedEvictionHard(given: Readonly<Partial<Record<EvictionSignal, string>>> = {}): Record<string, string> {
  return { ...KUBELET_DEFAULTS.evictionHard, ...given } as Record<string, string>;
}

/** @internal `KubeProxyConfiguration`, or undefined when kube-proxy is disabled. */
export function kubeProxyConfiguration(cluster: Cluster): Record<string, unknown> | undefined {
  const proxy = cluster.kubeProxy;
  if (!proxy.enabled) return undefined;
  return {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    mode: proxy.mode,
    clusterCIDR: cluster.networking.podSubnet,
    ipvs: proxy.mode === KubeProxyMode.IPVS ? { scheduler: proxy.ipvsScheduler ?? IpvsScheduler.ROUND_ROBIN, ...(proxy.ipvsStrictArp ? { strictARP: true } : {}) } : undefined,
    metricsBindAddress: proxy.metricsBindAddress,
  };
}

/** @internal `host:port`, bracketing IPv6 hosts. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
