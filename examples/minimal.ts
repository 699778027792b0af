import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterNetwork, Cni, FlannelBackend } from '../constructs/networking';
import { Provisioner } from '../constructs/storage';
import { Cluster, Namespace } from '../lib';

/** The smallest useful cluster: one control-plane node, one worker, defaults everywhere else. */
export function defineMinimal(scope: Construct = new App()): Cluster {
  const cluster = new Cluster(scope, 'minimal', {
    networking: { nodeSubnets: ['192.168.56.0/24'] },
    controlPlane: { nodes: [{ name: 'cp-1', address: '192.168.56.10' }] },
  });
  cluster.addNodePool('workers', { nodes: [{ name: 'worker-1', address: '192.168.56.21' }] });
  new ClusterNetwork(cluster, 'Networking', { cni: Cni.flannel({ backend: FlannelBackend.VXLAN }) });
  cluster.addStorageClass('local-path', { provisioner: Provisioner.localPath(), default: true });
  new Namespace(cluster, 'apps');
  return cluster;
}
