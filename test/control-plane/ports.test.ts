import { EndpointLoadBalancer, KubeProxy, portRules } from '../../lib';
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
});
