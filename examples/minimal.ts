import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterNetwork, Cni, FlannelBackend } from '../constructs/networking';
import { Provisioner } from '../constructs/storage';
import { Cluster, ContainerRuntime, Namespace, NodePrerequisites } from '../lib';

/** The smallest useful cluster: one control-plane node, one worker, on plain Debian machines; defaults everywhere else. */
export function defineMinimal(scope: Construct = new App()): Cluster {
  const cluster = new Cluster(scope, 'minimal', {
    networking: { nodeSubnets: ['192.168.56.0/24'] },
    controlPlane: {
      nodes: [{ name: 'cp-1', address: '192.168.56.10' }],
      // Plain Debian 12 machines: cloud-init installs kubeadm from pkgs.k8s.io, and Debian's
      // containerd, which is 1.6 (config version 2).
      nodePrerequisites: NodePrerequisites.aptPackages(),
      containerRuntime: ContainerRuntime.containerd({ majorVersion: 1 }),
    },
  });
  cluster.addNodePool('workers', { nodes: [{ name: 'worker-1', address: '192.168.56.21' }] });
  new ClusterNetwork(cluster, 'Networking', { cni: Cni.flannel({ backend: FlannelBackend.VXLAN }) });
  cluster.addStorageClass('local-path', { provisioner: Provisioner.localPath(), default: true });
  new Namespace(cluster, 'apps');
  return cluster;
}
