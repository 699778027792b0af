import { EndpointLoadBalancer, Etcd, EvictionSignal, KubeProxy, KubeProxyMode } from '../../lib';
import { newCluster, synthErrors, synthWarnings } from '../support/synth';

const three = [
  { name: 'cp-1', address: '10.0.0.11' },
  { name: 'cp-2', address: '10.0.0.12' },
  { name: 'cp-3', address: '10.0.0.13' },
];
const members = [
  { name: 'etcd-1', address: '10.0.1.11' },
  { name: 'etcd-2', address: '10.0.1.12' },
  { name: 'etcd-3', address: '10.0.1.13' },
];
const tls = { caFile: '/pki/ca.crt', certFile: '/pki/client.crt', keyFile: '/pki/client.key' };

describe('control plane and etcd: bad input', () => {
  test.each([2, 4])('%i stacked control-plane nodes are refused, explaining quorum', (count) => {
    const nodes = Array.from({ length: count }, (_, i) => ({ name: `cp-${i + 1}`, address: `10.0.0.${11 + i}` }));
    const errors = synthErrors(newCluster({ controlPlane: { nodes, endpoint: { host: 'api.example.com' } } }));
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received, e.expected])).toStrictEqual([
      ['control-plane/quorum', 'test/ControlPlane', 'nodes', count, 'an odd number of control-plane nodes: 1, 3 or 5'],
    ]);
    expect(errors[0].message).toContain(`an etcd cluster of ${count} members tolerates no more failures than one of ${count - 1}`);
    if (count === 2) expect(errors[0].message).toContain('(none at all), while doubling the chance that a failure loses quorum');
  });

  test('an HA control plane without an endpoint', () => {
    const errors = synthErrors(newCluster({ controlPlane: { nodes: three } }));
    expect(errors.map((e) => [e.rule, e.field, e.message])).toStrictEqual([
      [
        'control-plane/endpoint-required',
        'endpoint',
        'a control plane of 3 nodes needs a load-balanced endpoint; without it every node and client would pin the first API server',
      ],
    ]);
  });

  test('duplicate node names and addresses across the control plane and pools', () => {
    const cluster = newCluster({ controlPlane: { nodes: [{ name: 'node-1', address: '10.0.0.11' }] } });
    cluster.addNodePool('workers', { nodes: [{ name: 'node-1', address: '10.0.0.21' }, { name: 'node-2', address: '10.0.0.11' }] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([
      ['nodes/duplicate-name', 'test/NodePools/workers', 'nodes[0].name', 'node-1'],
      ['nodes/duplicate-address', 'test/NodePools/workers', 'nodes[1].address', '10.0.0.11'],
    ]);
    expect(errors[1].message).toBe('node address is also used by test/ControlPlane nodes[0] (node-1)');
  });

  test('an etcd member URL without TLS while TLS files are given', () => {
    const errors = synthErrors(
      newCluster({
        controlPlane: { nodes: three, endpoint: { host: 'api.example.com' } },
        etcd: Etcd.external({ members: [...members.slice(0, 2), { ...members[2], scheme: 'http' }], ...tls }),
      }),
    );
    expect(errors.map((e) => [e.rule, e.field, e.received, e.expected])).toStrictEqual([
      ['etcd/tls', 'etcd.members[2].scheme', 'http://10.0.1.13:2379', 'https'],
    ]);
    expect(errors[0].message).toContain("etcd member URLs use 'http' while TLS files are given");
  });

  test('a pod subnet overlapping the node network', () => {
    const errors = synthErrors(
      newCluster({ networking: { podSubnet: '10.0.0.0/16', nodeSubnets: ['10.0.0.0/24'] }, controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] } }),
    );
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([
      ['network/cidr-overlap', 'networking.nodeSubnets[0]'],
      ['nodes/address', 'nodes[0].address'],
    ]);
    expect(errors[1].message).toBe('node address lies in the cluster network 10.0.0.0/16; pod or service routing would capture node traffic');
  });

  test('an unknown kube-proxy mode', () => {
    const errors = synthErrors(newCluster({ kubeProxy: KubeProxy.mode('ipvss' as KubeProxyMode) }));
    expect(errors.map((e) => [e.rule, e.field, e.received, e.expected])).toStrictEqual([
      ['kube-proxy/mode', 'kubeProxy', 'ipvss', 'one of iptables, ipvs, nftables, or KubeProxy.disabled()'],
    ]);
  });

  test('etcd member counts, names and port collisions are all reported at once', () => {
    const errors = synthErrors(
      newCluster({
        controlPlane: { nodes: three, endpoint: { host: 'api.example.com' } },
        etcd: Etcd.external({
          members: [
            { name: 'etcd-1', address: '10.0.1.11' },
            { name: 'etcd-1', address: '10.0.1.11', clientPort: 2380, peerPort: 2390, metricsPort: 2391 },
          ],
          ...tls,
        }),
      }),
    );
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([
      ['etcd/member-count', 'etcd.members'],
      ['etcd/member-name', 'etcd.members[1].name'],
      ['etcd/port-collision', 'etcd.members[1].clientPort'],
    ]);
    expect(errors[2].message).toBe('client URL 10.0.1.11:2380 collides with etcd-1 peer; two listeners cannot share an address and port');
  });

  test('one etcd member is allowed with a warning', () => {
    const warnings = synthWarnings(
      newCluster({ controlPlane: { nodes: three, endpoint: { host: 'api.example.com' } }, etcd: Etcd.external({ members: [members[0]], ...tls }) }),
    );
    expect(warnings.filter((w) => w.rule !== 'networking/no-cni').map((w) => [w.rule, w.message])).toStrictEqual([
      ['etcd/member-count', 'a single etcd member is a single point of failure for the whole cluster'],
    ]);
  });

  test('VIP load balancers need an IP endpoint that is not a node, and the right port', () => {
    const kubeVip = synthErrors(
      newCluster({ controlPlane: { nodes: three, endpoint: { host: '10.0.0.11', port: 443 }, loadBalancer: EndpointLoadBalancer.kubeVip({ interface: 'eth0' }) } }),
    );
    expect(kubeVip.map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['control-plane/load-balancer', 'endpoint.port', 443],
      ['control-plane/load-balancer', 'endpoint.host', '10.0.0.11'],
    ]);
    const haproxy = synthErrors(
      newCluster({
        controlPlane: { nodes: three, endpoint: { host: 'api.example.com', port: 6443 }, loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth0', port: 6443 }) },
      }),
    );
    expect(haproxy.map((e) => [e.field, e.message])).toStrictEqual([
      ['endpoint.host', 'haproxy-keepalived announces the endpoint as a virtual IP, so the endpoint host must be an IP address'],
      ['loadBalancer.port', 'haproxy runs on the control-plane nodes, where kube-apiserver already binds 6443'],
    ]);
  });

  test('node labels a kubelet may not set, and malformed durations', () => {
    const cluster = newCluster({ controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }], certificateValidityPeriod: '1 year' } });
    cluster.addNodePool('workers', { nodes: [{ name: 'w-1', address: '10.0.0.21' }], labels: { 'node-role.kubernetes.io/worker': '' } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['control-plane/duration', 'certificateValidityPeriod', '1 year'],
      ['nodes/label', 'labels.node-role.kubernetes.io/worker', 'node-role.kubernetes.io/worker'],
    ]);
  });

  test('a duplicate node pool id is a located problem, reported at synthesis', () => {
    const cluster = newCluster();
    cluster.addNodePool('workers', { nodes: [{ name: 'w1', address: '192.168.56.21' }] });
    cluster.addNodePool('workers', { nodes: [] });
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.message])).toStrictEqual([
      ['ids/duplicate', 'test/NodePools', 'addNodePool(id)', "a second node pool with id 'workers': test/NodePools/workers has it already"],
    ]);
  });
});

// Bugs found by the property test in test/fuzz; each names the bug it pins.
describe('control plane and kubelet: fuzz regressions', () => {
  const single = { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] };

  test('an unknown eviction signal is an error, not a KubeletConfiguration the kubelet refuses', () => {
    // GIVEN signals the kubelet does not know, one of them empty
    const cluster = newCluster({
      controlPlane: single,
      kubelet: {
        evictionHard: { ['disk.available' as EvictionSignal]: '100Mi' },
        evictionSoft: { ['' as EvictionSignal]: { threshold: '100Mi', gracePeriod: '1m30s' } },
      },
    });
    // THEN
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([
      ['kubelet/eviction-signal', 'test', 'kubelet.evictionHard.disk.available', 'disk.available'],
      ['kubelet/eviction-signal', 'test', 'kubelet.evictionSoft.', ''],
    ]);
    expect(errors[0].message).toBe('not an eviction signal the kubelet knows; it refuses the whole configuration');
  });

  test('maxPods that is not an int32 pod count is an error, not a non-integer maxPods', () => {
    const errors = synthErrors(newCluster({ controlPlane: single, kubelet: { maxPods: 5e-324 } }));
    expect(errors.map((e) => [e.rule, e.field, e.received, e.expected])).toStrictEqual([
      ['kubelet/max-pods', 'kubelet.maxPods', 5e-324, 'an integer from 1 to 2147483647'],
    ]);
  });

  test('eviction thresholds, grace periods and reserved resources are checked', () => {
    const cluster = newCluster({
      controlPlane: single,
      kubelet: {
        evictionHard: { [EvictionSignal.NODEFS_AVAILABLE]: '110%' },
        evictionSoft: { [EvictionSignal.MEMORY_AVAILABLE]: { threshold: 'lots', gracePeriod: 'soon' } },
        systemReserved: { cpu: '20cores' },
        kubeReserved: { memory: '-1Gi' },
      },
    });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['kubelet/eviction-threshold', 'kubelet.evictionHard.nodefs.available', '110%'],
      ['kubelet/eviction-threshold', 'kubelet.evictionSoft.memory.available.threshold', 'lots'],
      ['kubelet/eviction-grace-period', 'kubelet.evictionSoft.memory.available.gracePeriod', 'soon'],
      ['kubelet/reserved', 'kubelet.systemReserved.cpu', '20cores'],
      ['kubelet/reserved', 'kubelet.kubeReserved.memory', '-1Gi'],
    ]);
  });

  test('an extra argument without a name is an error, not a kubeadm Arg with an empty name', () => {
    // GIVEN empty flag names for the API server and for stacked etcd
    const cluster = newCluster({
      controlPlane: { ...single, apiServerExtraArgs: [{ name: '', value: '' }], schedulerExtraArgs: [{ name: 'v', value: '2' }] },
      etcd: Etcd.stacked({ extraArgs: [{ name: '--snapshot-count', value: '1' }] }),
    });
    // THEN both are located: the control plane's field, and etcd's under the control plane
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field])).toStrictEqual([
      ['control-plane/extra-args', 'test/ControlPlane', 'etcd.extraArgs[0]'],
      ['control-plane/extra-args', 'test/ControlPlane', 'apiServerExtraArgs[0]'],
    ]);
    expect(errors[1].message).toBe('not a flag kubeadm can pass: the name must be a flag name without dashes and the value a string');
  });
});

