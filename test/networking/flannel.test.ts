import { CNI, Cni, FlannelBackend } from '../../constructs';
import { FLANNEL_DEFAULTS } from '../../constructs/networking/flannel';
import { KubeProxy } from '../../lib';
import { findObject, synth } from '../support/synth';
import { clusterWith, container, hostPathMountedAt, json, podSecurityFindings, podSpec, verbsOn } from './helpers';

function netConf(cni = Cni.flannel(), clusterProps = {}): unknown {
  const synthesis = synth(clusterWith(cni, clusterProps));
  const cm = json(findObject(synthesis, 'ConfigMap', 'kube-flannel-cfg', 'kube-flannel'));
  return JSON.parse(cm.data['net-conf.json']);
}

describe('Cni.flannel', () => {
  test('defaults are resolved in one place', () => {
    // GIVEN a flannel CNI without options
    const cni = Cni.flannel();

    // THEN it uses vxlan and kube-controller-manager's per-node blocks
    expect(cni.backend).toBe(FlannelBackend.VXLAN);
    expect(FLANNEL_DEFAULTS).toStrictEqual({
      backend: FlannelBackend.VXLAN,
      namespace: 'kube-flannel',
      nodeBlockPrefixIpv4: 24,
      nodeBlockPrefixIpv6: 64,
      healthzPort: 8081,
    });
    expect([cni.nodeBlockPrefix(4), cni.nodeBlockPrefix(6)]).toStrictEqual([24, 64]);
    expect(cni.enforcesNetworkPolicies).toBe(false);
    expect([cni.supportsIpv6, cni.supportsDualStack]).toStrictEqual([true, true]);
  });

  test('the add-on fills the cni slot and gets its own manifest file', () => {
    // GIVEN
    const cluster = clusterWith(Cni.flannel());

    // WHEN
    const synthesis = synth(cluster);

    // THEN
    expect(cluster.addOn(CNI)?.cni.name).toBe('flannel');
    expect(synthesis.manifestFiles.map((f) => f.fileName)).toContain('100-networking.yaml');
  });

  test('the namespace is privileged for Pod Security, on all three modes', () => {
    const synthesis = synth(clusterWith(Cni.flannel()));
    const ns = findObject(synthesis, 'Namespace', 'kube-flannel');
    expect(ns.metadata.labels).toStrictEqual({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/enforce-version': 'v1.35',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/audit-version': 'v1.35',
      'pod-security.kubernetes.io/warn': 'privileged',
      'pod-security.kubernetes.io/warn-version': 'v1.35',
    });
  });

  test('the DaemonSet has the upstream host network, CNI mounts, images and privileges', () => {
    // WHEN
    const synthesis = synth(clusterWith(Cni.flannel()));
    const ds = findObject(synthesis, 'DaemonSet', 'kube-flannel-ds', 'kube-flannel');
    const spec = podSpec(ds);

    // THEN the agent runs in the host network on every node, as upstream
    expect(spec.hostNetwork).toBe(true);
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(spec.tolerations).toStrictEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
    expect(spec.serviceAccountName).toBe('flannel');

    // AND the CNI binary and config are installed on the host by init containers
    expect(container(ds, 'install-cni-plugin')).toMatchObject({
      image: 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3',
      command: ['cp'],
      args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
    });
    expect(hostPathMountedAt(ds, 'install-cni-plugin', '/opt/cni/bin')).toBe('/opt/cni/bin');
    expect(container(ds, 'install-cni')).toMatchObject({
      image: 'ghcr.io/flannel-io/flannel:v0.28.9',
      command: ['/opt/bin/install-conf'],
      args: ['/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
    });
    expect(hostPathMountedAt(ds, 'install-cni', '/etc/cni/net.d')).toBe('/etc/cni/net.d');

    // AND flanneld runs unprivileged with NET_ADMIN and NET_RAW only
    const flanneld = container(ds, 'kube-flannel');
    expect(flanneld.command).toStrictEqual(['/opt/bin/flanneld']);
    expect(flanneld.args).toStrictEqual(['--ip-masq', '--kube-subnet-mgr', '--healthz-port=8081']);
    expect([flanneld.livenessProbe.httpGet, flanneld.readinessProbe.httpGet]).toStrictEqual([
      { path: '/healthz', port: 'healthz' },
      { path: '/readyz', port: 'healthz' },
    ]);
    expect(flanneld.securityContext).toStrictEqual({ privileged: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    expect(flanneld.env.map((e: { name: string }) => e.name)).toStrictEqual([
      'POD_NAME',
      'POD_NAMESPACE',
      'EVENT_QUEUE_DEPTH',
      'CONT_WHEN_CACHE_NOT_READY',
    ]);
    expect(hostPathMountedAt(ds, 'kube-flannel', '/run/flannel')).toBe('/run/flannel');
    expect(hostPathMountedAt(ds, 'kube-flannel', '/run/xtables.lock')).toBe('/run/xtables.lock');
    expect(flanneld.resources).toStrictEqual({ requests: { cpu: '100m', memory: '50Mi' }, limits: { memory: '256Mi' } });
  });

  test('RBAC grants what flannel needs on nodes and pods', () => {
    const synthesis = synth(clusterWith(Cni.flannel()));
    const role = findObject(synthesis, 'ClusterRole', 'flannel');
    expect(verbsOn(role, '', 'nodes')).toStrictEqual(['get', 'list', 'watch']);
    expect(verbsOn(role, '', 'nodes/status')).toStrictEqual(['patch']);
    expect(verbsOn(role, '', 'pods')).toStrictEqual(['get']);
    expect((json(findObject(synthesis, 'ClusterRoleBinding', 'flannel'))).subjects).toStrictEqual([
      { kind: 'ServiceAccount', name: 'flannel', namespace: 'kube-flannel' },
    ]);
  });

  test('net-conf.json takes its Network from the pod subnet', () => {
    // GIVEN a non-default pod subnet
    // THEN Network equals it, with the vxlan backend
    expect(netConf(Cni.flannel(), { networking: { podSubnet: '10.32.0.0/12' } })).toStrictEqual({
      Network: '10.32.0.0/12',
      EnableNFTables: false,
      Backend: { Type: 'vxlan' },
    });
  });

  test.each([
    [FlannelBackend.VXLAN, 'vxlan'],
    [FlannelBackend.HOST_GW, 'host-gw'],
    [FlannelBackend.WIREGUARD, 'wireguard'],
  ])('backend %s is written as Backend.Type %s', (backend, type) => {
    expect(netConf(Cni.flannel({ backend }))).toMatchObject({ Backend: { Type: type } });
  });

  test('the MTU goes to the tunnel backend', () => {
    expect(netConf(Cni.flannel({ backend: FlannelBackend.WIREGUARD, mtu: 1420 }))).toMatchObject({
      Backend: { Type: 'wireguard', MTU: 1420 },
    });
  });

  test('dual-stack and IPv6-only pod subnets enable the IPv6 network', () => {
    // GIVEN dual-stack
    expect(
      netConf(Cni.flannel(), { networking: { podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: '10.96.0.0/12,fd00:10:96::/112' } }),
    ).toStrictEqual({
      Network: '10.244.0.0/16',
      IPv6Network: 'fd00:10:244::/56',
      EnableIPv6: true,
      EnableNFTables: false,
      Backend: { Type: 'vxlan' },
    });
    // AND IPv6 only
    expect(netConf(Cni.flannel(), { networking: { podSubnet: 'fd00:10:244::/56', serviceSubnet: 'fd00:10:96::/112' } })).toStrictEqual({
      EnableIPv4: false,
      IPv6Network: 'fd00:10:244::/56',
      EnableIPv6: true,
      EnableNFTables: false,
      Backend: { Type: 'vxlan' },
    });
  });

  test('flannel masquerades with nftables when kube-proxy runs in nftables mode', () => {
    expect(netConf(Cni.flannel(), { kubeProxy: KubeProxy.nftables() })).toMatchObject({ EnableNFTables: true });
    expect(netConf(Cni.flannel(), { kubeProxy: KubeProxy.ipvs() })).toMatchObject({ EnableNFTables: false });
  });

  test('the CNI config chains flannel and portmap as upstream', () => {
    const synthesis = synth(clusterWith(Cni.flannel()));
    const cm = json(findObject(synthesis, 'ConfigMap', 'kube-flannel-cfg', 'kube-flannel'));
    expect(JSON.parse(cm.data['cni-conf.json'])).toStrictEqual({
      name: 'cbr0',
      cniVersion: '0.3.1',
      plugins: [
        { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    });
  });

  test('every pod template passes Pod Security at its namespace level', () => {
    const findings = podSecurityFindings(synth(clusterWith(Cni.flannel())));
    expect(findings.map((f) => f.object)).toContain('DaemonSet kube-flannel/kube-flannel-ds');
    expect(findings.filter((f) => f.violations.length > 0)).toStrictEqual([]);
  });
});
