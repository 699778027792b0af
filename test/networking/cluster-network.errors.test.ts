import { CalicoEncapsulation, CiliumRouting, Cni, CniPlugin, FlannelBackend } from '../../constructs';
import { ClusterProps, CrdSource, KubeProxy, formatProblem } from '../../lib';
import { synthErrors, synthWarnings } from '../support/synth';
import { addDefaultDenyTenant, addWorkers, clusterWith } from './helpers';

const DUAL_STACK: ClusterProps = {
  networking: { podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: '10.96.0.0/12,fd00:10:96::/112' },
};

const ALL_CNIS: [string, () => CniPlugin][] = [
  ['flannel', () => Cni.flannel()],
  ['calico', () => Cni.calico({ crds: CrdSource.none() })],
  ['canal', () => Cni.canal({ crds: CrdSource.none() })],
  ['cilium', () => Cni.cilium()],
  ['weave', () => Cni.weave()],
];

describe('ClusterNetwork errors', () => {
  test.each(ALL_CNIS)('%s: an invalid pod subnet is reported by the core rule, and the CNI does not crash', (_name, cni) => {
    // GIVEN a pod subnet with host bits set
    const errors = synthErrors(clusterWith(cni(), { networking: { podSubnet: '10.244.0.1/16' } }));

    // THEN the one error is the syntax error
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([['network/cidr-syntax', 'networking.podSubnet']]);
  });

  test.each(ALL_CNIS)('%s: an overlapping pod subnet is reported, and the CNI does not crash', (_name, cni) => {
    const errors = synthErrors(clusterWith(cni(), { networking: { podSubnet: '10.96.0.0/16', serviceSubnet: '10.96.0.0/12' } }));
    expect(errors.map((e) => e.rule)).toStrictEqual(['network/cidr-overlap']);
  });

  test.each([
    ['flannel /24 per node', () => Cni.flannel(), '10.244.0.0/22', 5, 24, 4],
    ['calico blockSize 26', () => Cni.calico({ crds: CrdSource.none() }), '10.244.0.0/24', 5, 26, 4],
    ['cilium mask size 24', () => Cni.cilium(), '10.244.0.0/23', 3, 24, 2],
  ])('%s: a pod subnet too small for the node count', (_name, cni, podSubnet, nodes, prefix, blocks) => {
    // GIVEN more nodes than per-node blocks fit in the pod subnet
    const cluster = clusterWith(cni(), { networking: { podSubnet } });
    addWorkers(cluster, nodes);

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([
      ['networking/pod-subnet-too-small', 'test/Networking', 'networking.podSubnet', { podSubnet, nodeBlockPrefix: prefix, nodes }],
    ]);
    expect(errors[0].message).toContain(`holds ${blocks} such block(s) but the cluster has ${nodes} nodes`);
  });

  test('a per-node block larger than the pool fits no node at all', () => {
    const cluster = clusterWith(Cni.calico({ crds: CrdSource.none(), blockSize: 24 }), { networking: { podSubnet: '10.244.0.0/25' } });
    addWorkers(cluster, 1);
    expect(synthErrors(cluster).map((e) => e.rule)).toStrictEqual(['networking/pod-subnet-too-small']);
  });

  test('cilium kube-proxy replacement while kube-proxy is enabled', () => {
    // GIVEN the default cluster (kube-proxy in iptables mode) and replacement on
    const errors = synthErrors(clusterWith(Cni.cilium({ kubeProxyReplacement: true, apiServer: { host: '192.168.1.10' } })));

    // THEN
    expect(errors.map((e) => formatProblem(e))).toStrictEqual([
      '[error] test/Networking (cni.kubeProxyReplacement): cilium is set to replace kube-proxy, but the cluster still runs kube-proxy (iptables mode); ' +
        'both would program Service load-balancing on every node ' +
        '(received {"kubeProxyReplacement":true,"kubeProxy":"iptables"}; expected kubeProxy: KubeProxy.disabled() on the Cluster, or kubeProxyReplacement: false) ' +
        '[networking/kube-proxy-replacement]',
    ]);
  });

  test('kube-proxy disabled with a CNI that does not replace it', () => {
    const errors = synthErrors(clusterWith(Cni.flannel(), { kubeProxy: KubeProxy.disabled() }));
    expect(errors.map((e) => [e.rule, e.message])).toStrictEqual([
      ['networking/kube-proxy-required', 'the cluster runs without kube-proxy, but flannel does not replace it: Services would not route'],
    ]);
  });

  test('cilium kube-proxy replacement without an API server endpoint', () => {
    const errors = synthErrors(clusterWith(Cni.cilium({ kubeProxyReplacement: true }), { kubeProxy: KubeProxy.disabled() }));
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([['networking/cilium-api-server', 'cni.apiServer']]);
  });

  test('NetworkPolicies with flannel are refused: they would silently do nothing', () => {
    // GIVEN a tenant with a default-deny policy on a flannel cluster
    const cluster = clusterWith(Cni.flannel());
    addDefaultDenyTenant(cluster);

    // WHEN
    const errors = synthErrors(cluster);

    // THEN the error names the policies, the reason, and the way out
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      rule: 'networking/network-policy-unenforced',
      path: 'test/Networking',
      field: 'cni',
      received: ['tenant-a/default-deny'],
    });
    expect(errors[0].message).toBe(
      'the cluster defines 1 NetworkPolicy object(s), but flannel does not enforce NetworkPolicies: the API server would accept them ' +
        'and they would silently do nothing, leaving every pod reachable',
    );
    expect(errors[0].expected).toContain('allowUnenforcedNetworkPolicies: true');
  });

  test.each([
    ['canal', () => Cni.canal({ crds: CrdSource.none() })],
    ['weave', () => Cni.weave()],
  ])('dual-stack with %s, which cannot do it', (name, cni) => {
    const errors = synthErrors(clusterWith(cni(), DUAL_STACK));
    expect(errors.map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['networking/dual-stack-unsupported', 'networking.podSubnet', '10.244.0.0/16,fd00:10:244::/56'],
    ]);
    expect(errors[0].message).toBe(
      `${name} cannot run a dual-stack pod network; pods would get no IPv6 address while Services and kube-proxy expect one`,
    );
  });

  test('IPv6-only with weave', () => {
    const errors = synthErrors(clusterWith(Cni.weave(), { networking: { podSubnet: 'fd00:10:244::/56', serviceSubnet: 'fd00:10:96::/112' } }));
    expect(errors.map((e) => e.rule)).toStrictEqual(['networking/ipv6-unsupported']);
  });

  test.each(ALL_CNIS.filter(([n]) => ['flannel', 'calico', 'cilium'].includes(n)))('dual-stack is accepted by %s', (_name, cni) => {
    // (Cilium's release range is reported on its own: test/validation/add-on-support.test.ts)
    expect(synthWarnings(clusterWith(cni(), DUAL_STACK)).filter((w) => w.rule !== 'versions/add-on-kubernetes-support')).toStrictEqual([]);
  });

  test('a CNI pool override that differs from the pod subnet', () => {
    const errors = synthErrors(clusterWith(Cni.cilium({ poolCidrs: ['10.0.0.0/8'] })));
    expect(errors.map((e) => [e.rule, e.field, e.received, e.expected])).toStrictEqual([
      ['networking/cni-pool-mismatch', 'cni.poolCidrs', ['10.0.0.0/8'], 'exactly the pod subnet: 10.244.0.0/16 (or leave poolCidrs unset)'],
    ]);
  });

  test('a CNI pool override equal to the pod subnet is accepted', () => {
    expect(synthWarnings(clusterWith(Cni.flannel({ poolCidrs: ['10.244.0.0/16'] })))).toStrictEqual([]);
  });

  test('IP-in-IP with an IPv6 pool', () => {
    const errors = synthErrors(clusterWith(Cni.calico({ crds: CrdSource.none(), encapsulation: CalicoEncapsulation.IPIP }), DUAL_STACK));
    expect(errors.map((e) => e.rule)).toStrictEqual(['networking/calico-encapsulation']);
  });

  test('out-of-range options are reported together', () => {
    const errors = synthErrors(
      clusterWith(Cni.calico({ crds: CrdSource.none(), blockSize: 33, ipv6BlockSize: 100, mtu: 100000, controlPlaneReplicas: 0 })),
    );
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([
      ['networking/mtu', 'cni.mtu'],
      ['networking/calico-block-size', 'cni.blockSize'],
      ['networking/calico-block-size', 'cni.ipv6BlockSize'],
      ['networking/calico-replicas', 'cni.controlPlaneReplicas'],
    ]);
  });

  test('flannel host-gw cannot take an MTU', () => {
    const errors = synthErrors(clusterWith(Cni.flannel({ backend: FlannelBackend.HOST_GW, mtu: 1400 })));
    expect(errors.map((e) => e.rule)).toStrictEqual(['networking/mtu']);
  });

  test('host-gw across several node subnets is warned about', () => {
    const warnings = synthWarnings(
      clusterWith(Cni.flannel({ backend: FlannelBackend.HOST_GW }), { networking: { nodeSubnets: ['192.168.1.0/24', '192.168.2.0/24'] } }),
    );
    expect(warnings.map((w) => w.rule)).toStrictEqual(['networking/flannel-host-gw-l2']);
  });
});

describe('Canal and nftables', () => {
  test('Canal with kube-proxy in nftables mode is refused', () => {
    // GIVEN Canal, which runs flannel and Felix in iptables mode
    const errors = synthErrors(clusterWith(Cni.canal({ crds: CrdSource.none() }), { kubeProxy: KubeProxy.nftables() }));

    // THEN
    expect(errors.map((e) => [e.rule, e.field, e.received])).toStrictEqual([['networking/canal-nftables', 'cni', 'KubeProxy.nftables()']]);
  });
});

describe('ClusterNetwork: fuzz regressions', () => {
  test('an unknown Calico encapsulation is an error, not an Installation the CRD refuses', () => {
    // GIVEN an encapsulation from untyped input
    const errors = synthErrors(clusterWith(Cni.calico({ encapsulation: 'GRE' as CalicoEncapsulation, crds: CrdSource.none() })));
    // THEN
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([
      ['networking/calico-encapsulation', 'test/Networking', 'cni.encapsulation', 'GRE'],
    ]);
    expect(errors[0].message).toBe('not an encapsulation the Installation accepts; the operator would refuse the IP pools');
  });

  test('control-plane and operator replicas beyond int32 are errors, not objects the schemas refuse', () => {
    // GIVEN replica counts that do not fit the int32 fields they are written to
    const calico = synthErrors(clusterWith(Cni.calico({ controlPlaneReplicas: 1e10, crds: CrdSource.none() })));
    const cilium = synthErrors(clusterWith(Cni.cilium({ operatorReplicas: 2 ** 31 })));
    // THEN
    expect(calico.map((e) => [e.rule, e.path, e.field, e.message, e.expected])).toStrictEqual([
      ['networking/calico-replicas', 'test/Networking', 'cni.controlPlaneReplicas', 'control-plane replicas must be a positive int32', 'an integer from 1 to 2147483647'],
    ]);
    expect(cilium.map((e) => [e.rule, e.field, e.received])).toStrictEqual([['networking/cilium-operator-replicas', 'cni.operatorReplicas', 2 ** 31]]);
  });

  test('an unknown flannel backend or Cilium routing mode is an error, not a ConfigMap the agent refuses', () => {
    const flannel = synthErrors(clusterWith(Cni.flannel({ backend: 'udp' as FlannelBackend })));
    const cilium = synthErrors(clusterWith(Cni.cilium({ routing: 'gre' as CiliumRouting })));
    expect(flannel.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([['networking/flannel-backend', 'test/Networking', 'cni.backend', 'udp']]);
    expect(cilium.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([['networking/cilium-routing', 'test/Networking', 'cni.routing', 'gre']]);
  });
});

