import { ClusterNetwork, Cni } from '../../constructs/networking';
import { newCluster, synth, synthWarnings } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const node = { name: 'cp-1', address: '192.168.56.11' };

describe('pod capacity of a node, and a cluster without a CNI', () => {
  test('maxPods above what a flannel /24 node block addresses is refused, and nothing is written', () => {
    const cluster = newCluster({ kubelet: { maxPods: 300 }, controlPlane: { nodes: [node] } });
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.flannel() });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test (kubelet.maxPods): flannel gives every node a /24 block of 10.244.0.0/16, which addresses 253 pods; the kubelet would admit pods that then never get an address (received 300; expected at most 253, or a larger per-node block) [networking/max-pods]',
    ]);
  });

  test('the bound follows the block: a cilium /25 block holds 125 pods', () => {
    const cluster = newCluster({ kubelet: { maxPods: 126 }, controlPlane: { nodes: [node] } });
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.cilium({ clusterPoolIpv4MaskSize: 25 }) });
    expect(refusedWithoutWriting(cluster)[0]).toContain('cilium gives every node a /25 block of 10.244.0.0/16, which addresses 125 pods');
  });

  test('253 pods fit a /24, and Calico, which gives a node more blocks as needed, is not bounded by its block', () => {
    const flannel = newCluster({ kubelet: { maxPods: 253 }, controlPlane: { nodes: [node] } });
    new ClusterNetwork(flannel, 'Networking', { cni: Cni.flannel() });
    expect(() => synth(flannel)).not.toThrow();
    const calico = newCluster({ kubelet: { maxPods: 500 }, controlPlane: { nodes: [node] } });
    new ClusterNetwork(calico, 'Networking', { cni: Cni.calico() });
    expect(() => synth(calico)).not.toThrow();
  });

  test('a kubeadm cluster without a CNI warns, saying what to add', () => {
    expect(synthWarnings(newCluster({ controlPlane: { nodes: [node] } })).map((w) => [w.rule, w.path, w.field, w.message, w.expected])).toStrictEqual([
      [
        'networking/no-cni',
        'test',
        'addOns',
        'kubeadm installs no pod network: without a CNI add-on every node stays NotReady and CoreDNS stays Pending',
        "a CNI add-on, e.g. new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico() }) (or Cni.cilium(), Cni.flannel(), Cni.canal())",
      ],
    ]);
  });

  test('a cluster without a control plane (an existing one) does not warn about its CNI', () => {
    expect(synthWarnings(newCluster()).filter((w) => w.rule === 'networking/no-cni')).toStrictEqual([]);
  });
});
