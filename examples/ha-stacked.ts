import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { CalicoEncapsulation, ClusterNetwork, Cni } from '../constructs/networking';
import { Cluster, EndpointLoadBalancer, Etcd, EvictionSignal, KubeProxy, Namespace, TaintEffect } from '../lib';

/** Three control-plane nodes with stacked etcd behind a kube-vip ARP VIP. */
export function defineHaStacked(scope: Construct = new App()): Cluster {
  const cluster = new Cluster(scope, 'ha-stacked', {
    networking: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', nodeSubnets: ['10.0.10.0/24'] },
    kubeProxy: KubeProxy.ipvs(),
    etcd: Etcd.stacked({ extraArgs: [{ name: 'quota-backend-bytes', value: '8589934592' }] }),
    controlPlane: {
      nodes: [
        { name: 'cp-1', address: '10.0.10.11' },
        { name: 'cp-2', address: '10.0.10.12' },
        { name: 'cp-3', address: '10.0.10.13' },
      ],
      endpoint: { host: '10.0.10.10', port: 6443 },
      loadBalancer: EndpointLoadBalancer.kubeVip({ interface: 'eth0' }),
      security: { audit: { maxAgeDays: 30 } },
    },
    kubelet: {
      evictionSoft: { [EvictionSignal.MEMORY_AVAILABLE]: { threshold: '500Mi', gracePeriod: '1m30s' } },
    },
  });
  cluster.addNodePool('general', {
    nodes: [
      { name: 'worker-1', address: '10.0.10.21' },
      { name: 'worker-2', address: '10.0.10.22' },
      { name: 'worker-3', address: '10.0.10.23' },
    ],
    labels: { 'node.kubernetes.io/pool': 'general' },
    nodeCpu: '8',
    nodeMemory: '32Gi',
  });
  cluster.addNodePool('gpu', {
    nodes: [{ name: 'gpu-1', address: '10.0.10.31' }],
    labels: { 'example.com/accelerator': 'nvidia' },
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }],
  });
  new ClusterNetwork(cluster, 'Networking', {
    cni: Cni.calico({ encapsulation: CalicoEncapsulation.VXLAN_CROSS_SUBNET, blockSize: 26 }),
    coreDns: { replicas: 3 },
  });
  new Namespace(cluster, 'apps');
  return cluster;
}
