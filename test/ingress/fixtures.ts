import { ClusterIngress, ClusterIngressProps } from '../../constructs/ingress';
import { Cluster, ClusterProps } from '../../lib';
import { newCluster } from '../support/synth';

/** A cluster of one control-plane node and two workers, with the ingress add-on. */
export function ingressCluster(props: ClusterIngressProps = {}, clusterProps: ClusterProps = {}): { cluster: Cluster; ingress: ClusterIngress } {
  const cluster = newCluster({
    controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.10' }] },
    networking: { nodeSubnets: ['10.0.0.0/16'] },
    ...clusterProps,
  });
  cluster.addNodePool('workers', { nodes: [1, 2].map((i) => ({ name: `w-${i}`, address: `10.0.1.${i}` })) });
  return { cluster, ingress: new ClusterIngress(cluster, 'Ingress', props) };
}
