import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { CiliumRouting, ClusterNetwork, Cni } from '../constructs/networking';
import { Cluster, EncryptionAlgorithm, EndpointLoadBalancer, Etcd, KubeProxy, Namespace } from '../lib';

/** Three control-plane nodes and three external etcd members behind a load balancer the user owns. */
export function defineHaExternalEtcd(scope: Construct = new App()): Cluster {
  const cluster = new Cluster(scope, 'ha-external-etcd', {
    networking: { podSubnet: '10.32.0.0/16', serviceSubnet: '10.33.0.0/16', nodeSubnets: ['172.20.0.0/24', '172.20.1.0/24'] },
    // Cilium replaces kube-proxy, so kubeadm must not install it.
    kubeProxy: KubeProxy.disabled(),
    etcd: Etcd.external({
      members: [
        { name: 'etcd-1', address: '172.20.1.11' },
        { name: 'etcd-2', address: '172.20.1.12' },
        { name: 'etcd-3', address: '172.20.1.13' },
      ],
      caFile: '/etc/kubernetes/pki/etcd/ca.crt',
      certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
      keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
    }),
    controlPlane: {
      nodes: [
        { name: 'cp-1', address: '172.20.0.11' },
        { name: 'cp-2', address: '172.20.0.12' },
        { name: 'cp-3', address: '172.20.0.13' },
      ],
      endpoint: { host: 'api.ha-external-etcd.example.com', port: 6443 },
      loadBalancer: EndpointLoadBalancer.external(),
      encryptionAlgorithm: EncryptionAlgorithm.ECDSA_P256,
      certificateValidityPeriod: '4380h',
    },
  });
  cluster.addNodePool('workers', {
    nodes: [
      { name: 'worker-1', address: '172.20.0.21' },
      { name: 'worker-2', address: '172.20.0.22' },
    ],
  });
  new ClusterNetwork(cluster, 'Networking', { cni: Cni.cilium({ routing: CiliumRouting.VXLAN, kubeProxyReplacement: true }) });
  new Namespace(cluster, 'apps');
  return cluster;
}
