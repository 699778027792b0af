import { ClusterMonitoring, ClusterMonitoringProps, MONITORING } from '../../constructs/monitoring';
import { ClusterNetwork, Cni } from '../../constructs/networking';
import { Provisioner } from '../../constructs/storage';
import { Cluster, ClusterProps, Etcd, KubeObject, UpstreamDeviation } from '../../lib';
import { manifests, newCluster, synth } from '../support/synth';
import { ParityOptions, expectUpstreamParity, loadUpstream } from '../support/upstream-parity';

type Json = Record<string, any>;

export const KP = 'kube-prometheus/main-cd97c0f7';

/** Three control-plane nodes, three workers, Flannel with CoreDNS, a default StorageClass, and monitoring. */
export function monitoringCluster(props: ClusterMonitoringProps = {}, clusterProps: ClusterProps = {}): Cluster {
  const cluster = newCluster({
    controlPlane: { nodes: [1, 2, 3].map((i) => ({ name: `cp-${i}`, address: `10.0.0.1${i}` })), endpoint: { host: '10.0.0.10' } },
    networking: { nodeSubnets: ['10.0.0.0/16'] },
    ...clusterProps,
  });
  cluster.addNodePool('workers', { nodes: [1, 2, 3].map((i) => ({ name: `w-${i}`, address: `10.0.1.${i}` })) });
  cluster.addStorageClass('local', { provisioner: Provisioner.localPath(), default: true });
  new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico() });
  new ClusterMonitoring(cluster, 'Monitoring', props);
  return cluster;
}

export const EXTERNAL_ETCD = Etcd.external({
  members: [1, 2, 3].map((i) => ({ name: `etcd-${i}`, address: `10.0.2.${i}` })),
  caFile: '/etc/kubernetes/pki/etcd/ca.crt',
  certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
  keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
});

export function objectNamed(objects: readonly KubeObject[], kind: string, name: string, namespace?: string): Json {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`${found.length} ${kind} named ${name}`);
  return found[0] as Json;
}

/** Synthesises `cluster` and runs the upstream parity check of one component of its monitoring add-on. */
export function expectMonitoringParity(cluster: Cluster, child: string, upstreamFiles: readonly string[], options: Omit<ParityOptions, 'upstream' | 'ours'>): void {
  const monitoring = cluster.addOn(MONITORING)!;
  expectUpstreamParity({
    ...options,
    upstream: upstreamFiles.flatMap((f) => loadUpstream(f)),
    ours: manifests(synth(cluster)),
    deviations: UpstreamDeviation.of(monitoring.node.findChild(child)),
  });
}
