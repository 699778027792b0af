import { CalicoEncapsulation, ClusterNetwork, Cni, CniPlugin, FlannelBackend } from '../../constructs/networking';
import { EndpointLoadBalancer, KubeProxy } from '../../lib';
import { portRules } from '../../lib/bootstrap/ports';
import { defineMinimal } from '../../examples/minimal';
import { defineHaExternalEtcd } from '../../examples/ha-external-etcd';
import { newCluster, synth } from '../support/synth';

describe('ports table', () => {
  test('stacked etcd with haproxy: VRRP and the haproxy port, etcd between control-plane nodes', () => {
    const cluster = newCluster({
      kubeProxy: KubeProxy.disabled(),
      controlPlane: {
        nodes: [{ name: 'cp-1', address: '10.0.0.11' }, { name: 'cp-2', address: '10.0.0.12' }, { name: 'cp-3', address: '10.0.0.13' }],
        endpoint: { host: '10.0.0.10', port: 8443 },
        loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth0' }),
      },
    });
    expect(portRules(cluster).map((r) => [r.protocol, r.ports, r.to, r.from])).toStrictEqual([
      ['TCP', '6443', 'control plane', 'all nodes, clients, load balancer'],
      ['TCP', '8443', 'control plane (VIP)', 'all nodes, clients'],
      ['VRRP (IP protocol 112)', '-', 'control plane', 'control plane'],
      ['TCP', '2379-2380', 'control plane', 'control plane'],
      ['TCP', '10250', 'all nodes', 'control plane'],
      ['TCP', '10257', 'control plane', 'localhost'],
      ['TCP', '10259', 'control plane', 'localhost'],
      ['TCP', '30000-32767', 'all nodes', 'clients, load balancers'],
    ]);
  });

  test('external etcd: client, peer and metrics ports on the etcd hosts; written as Markdown', () => {
    const s = synth(defineHaExternalEtcd());
    const md = s.bootstrapFiles.find((f) => f.path === 'PORTS.md')!.content;
    expect(md).toContain('| TCP | 2379 | etcd hosts | control plane | etcd client API |');
    expect(md).toContain('| TCP | 2380 | etcd hosts | etcd hosts | etcd peer traffic |');
    // Cilium replaces kube-proxy in this example, so its health port stays closed.
    expect(md).not.toContain('10256');
  });

  test("the CNI's own ports, for the mode the model configures", () => {
    // GIVEN a cluster per CNI mode
    const rows = (cni: CniPlugin) => {
      const cluster = newCluster({ controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] } });
      new ClusterNetwork(cluster, 'Networking', { cni });
      return portRules(cluster).filter((r) => r.purpose.includes(': ')).map((r) => [r.protocol, r.ports, r.purpose]);
    };

    // THEN
    expect(rows(Cni.flannel({ backend: FlannelBackend.VXLAN }))).toStrictEqual([['UDP', '8472', 'flannel: VXLAN overlay']]);
    expect(rows(Cni.flannel({ backend: FlannelBackend.HOST_GW }))).toStrictEqual([]);
    expect(rows(Cni.calico({ encapsulation: CalicoEncapsulation.IPIP }))).toStrictEqual([
      ['TCP', '5473', 'calico: Typha (calico-node to Typha)'],
      ['TCP', '179', 'calico: BGP between calico-node agents'],
      ['IP-in-IP (IP protocol 4)', '-', 'calico: IP-in-IP overlay'],
    ]);
    expect(rows(Cni.calico({ encapsulation: CalicoEncapsulation.VXLAN }))).toStrictEqual([
      ['TCP', '5473', 'calico: Typha (calico-node to Typha)'],
      ['UDP', '4789', 'calico: VXLAN overlay'],
    ]);
    expect(rows(Cni.weave())).toStrictEqual([
      ['TCP', '6783', 'weave: Weave control'],
      ['UDP', '6783-6784', 'weave: Weave data (fast datapath and sleeve)'],
    ]);
  });

  test('PORTS.md of the examples lists the CNI rows: flannel VXLAN, Cilium health and VXLAN', () => {
    const md = (s: ReturnType<typeof synth>) => s.bootstrapFiles.find((f) => f.path === 'PORTS.md')!.content;
    expect(md(synth(defineMinimal()))).toContain('| UDP | 8472 | all nodes | all nodes | flannel: VXLAN overlay |');
    const cilium = md(synth(defineHaExternalEtcd()));
    expect(cilium).toContain('| TCP | 4240 | all nodes | all nodes | cilium: cilium-health probes |');
    expect(cilium).toContain('| UDP | 8472 | all nodes | all nodes | cilium: VXLAN overlay |');
  });
});
