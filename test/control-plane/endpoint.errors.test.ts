import { EndpointLoadBalancer } from '../../lib';
import { newCluster, synth } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const three = [
  { name: 'cp-1', address: '192.168.56.11' },
  { name: 'cp-2', address: '192.168.56.12' },
  { name: 'cp-3', address: '192.168.56.13' },
];

describe('control-plane endpoint: definitions that cannot work', () => {
  test('an HA endpoint equal to one node address is refused, and nothing is written', () => {
    const cluster = newCluster({ controlPlane: { nodes: three, endpoint: { host: '192.168.56.11', port: 6443 } } });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      "[error] test/ControlPlane (endpoint.host): the endpoint of a 3-node control plane is node cp-1's own address: every node and client would pin that one API server, and losing it stops the cluster (received \"192.168.56.11\"; expected the address or DNS name of a load balancer in front of every control-plane node, or a VIP with EndpointLoadBalancer.kubeVip() or haproxyKeepalived()) [control-plane/endpoint]",
    ]);
  });

  test('an HA endpoint equal to one node name is refused too', () => {
    const cluster = newCluster({ controlPlane: { nodes: three, endpoint: { host: 'cp-2' } } });
    expect(refusedWithoutWriting(cluster)[0]).toContain("the endpoint of a 3-node control plane is node cp-2's own name");
  });

  test('a kube-vip VIP outside every declared node subnet is refused, and nothing is written', () => {
    const cluster = newCluster({
      networking: { nodeSubnets: ['192.168.56.0/24'] },
      controlPlane: { nodes: three, endpoint: { host: '10.1.0.10' }, loadBalancer: EndpointLoadBalancer.kubeVip({ interface: 'eth0' }) },
    });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      "[error] test/ControlPlane (endpoint.host): kube-vip announces the VIP on the nodes' own network, but it lies outside every declared node subnet, so no node can answer for it (received \"10.1.0.10\"; expected a free address in 192.168.56.0/24) [control-plane/load-balancer]",
    ]);
  });

  test('a keepalived VIP outside the node subnets is refused the same way', () => {
    const cluster = newCluster({
      networking: { nodeSubnets: ['192.168.56.0/24', '192.168.57.0/24'] },
      controlPlane: { nodes: three, endpoint: { host: '10.1.0.10', port: 8443 }, loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth0' }) },
    });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      "[error] test/ControlPlane (endpoint.host): haproxy-keepalived announces the VIP on the nodes' own network, but it lies outside every declared node subnet, so no node can answer for it (received \"10.1.0.10\"; expected a free address in 192.168.56.0/24, 192.168.57.0/24) [control-plane/load-balancer]",
    ]);
  });

  test('the endpoint port follows haproxy when unset, instead of defaulting to 6443 and being refused', () => {
    const cluster = newCluster({
      networking: { nodeSubnets: ['192.168.56.0/24'] },
      controlPlane: { nodes: three, endpoint: { host: '192.168.56.10' }, loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth0', port: 9443 }) },
    });
    expect(cluster.controlPlane!.endpoint).toStrictEqual({ host: '192.168.56.10', port: 9443, address: '192.168.56.10:9443' });
    expect(() => synth(cluster)).not.toThrow();
  });

  test.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [-0, '-0'],
    [1.5, '1.5'],
  ])('a port of %p is shown as written: %s', (port, shown) => {
    const cluster = newCluster({ controlPlane: { nodes: three, endpoint: { host: 'api.example.com', port } } });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      `[error] test/ControlPlane (endpoint.port): endpoint port is not a TCP port (received ${shown}; expected an integer from 1 to 65535) [control-plane/endpoint]`,
    ]);
  });
});
