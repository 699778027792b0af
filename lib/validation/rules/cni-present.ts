import type { Cluster } from '../../cluster';
import { ValidationContext } from '../context';

/** Name of the add-on key a pod network fills (constructs/networking's CNI key). */
const CNI_KEY_NAME = 'cni';

/**
 * A cluster that clusterforge bootstraps with kubeadm needs a pod network: without one,
 * nodes stay NotReady and CoreDNS stays Pending. A cluster without a control plane is an
 * existing one, whose network is already there.
 */
export function validateCniPresent(cluster: Cluster, context: ValidationContext): void {
  if (!cluster.controlPlane || cluster.addOns.some((a) => a.key.name === CNI_KEY_NAME)) return;
  context.warn(cluster, {
    rule: 'networking/no-cni',
    field: 'addOns',
    message: 'kubeadm installs no pod network: without a CNI add-on every node stays NotReady and CoreDNS stays Pending',
    received: cluster.addOns.map((a) => a.key.name),
    expected: "a CNI add-on, e.g. new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico() }) (or Cni.cilium(), Cni.flannel(), Cni.canal())",
  });
}
