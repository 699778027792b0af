import { MetalLb, MetalLbProps } from '../../constructs/metallb';
import { Cluster, ClusterProps, KubeProxy } from '../../lib';
import { newCluster } from '../support/synth';

/**
 * A cluster on 10.20.0.0/22 with three control-plane nodes behind the VIP 10.20.0.10 and two
 * workers, kube-proxy in IPVS mode with strictARP, and MetalLB.
 */
export function metallbCluster(props: MetalLbProps = {}, clusterProps: ClusterProps = {}): { cluster: Cluster; metallb: MetalLb } {
  const cluster = newCluster({
    networking: { nodeSubnets: ['10.20.0.0/22'] },
    kubeProxy: KubeProxy.ipvs({ strictArp: true }),
    controlPlane: {
      nodes: [1, 2, 3].map((i) => ({ name: `cp-${i}`, address: `10.20.0.1${i}` })),
      endpoint: { host: '10.20.0.10', port: 6443 },
    },
    ...clusterProps,
  });
  cluster.addNodePool('workers', { nodes: [1, 2].map((i) => ({ name: `w-${i}`, address: `10.20.1.1${i}` })) });
  return { cluster, metallb: new MetalLb(cluster, 'MetalLB', props) };
}
