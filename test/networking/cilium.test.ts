import { CiliumProps, CiliumRouting, Cni } from '../../constructs';
import { CILIUM_DEFAULTS } from '../../constructs/networking/cilium';
import { ClusterProps, KubeProxy, PodSecurityLevel } from '../../lib';
import { evaluatePodSecurity, podTemplateOf } from '../../lib/validation/pod-security';
import { findObject, synth } from '../support/synth';
import { clusterWith, configData, container, hostPathMountedAt, json, podSecurityFindings, podSpec, verbsOn } from './helpers';

const KUBE_PROXY_FREE: ClusterProps = {
  kubeProxy: KubeProxy.disabled(),
  controlPlane: { nodes: [{ name: 'cp-1', address: '192.168.1.10' }] },
};

function ciliumConfig(props: CiliumProps = {}, clusterProps: ClusterProps = {}): Record<string, string> {
  const synthesis = synth(clusterWith(Cni.cilium(props), clusterProps));
  return configData(findObject(synthesis, 'ConfigMap', 'cilium-config', 'cilium'));
}

describe('Cni.cilium', () => {
  test('defaults are resolved in one place', () => {
    const cni = Cni.cilium();
    expect(CILIUM_DEFAULTS).toStrictEqual({
      routing: CiliumRouting.VXLAN,
      kubeProxyReplacement: false,
      clusterPoolIpv4MaskSize: 24,
      clusterPoolIpv6MaskSize: 120,
      operatorReplicas: 2,
      namespace: 'cilium',
      healthPort: 9879,
      operatorPrometheusPort: 9963,
      prometheusPort: 9962,
      envoyPrometheusPort: 9964,
      cgroupRoot: '/run/cilium/cgroupv2',
      secretsNamespace: 'cilium-secrets',
    });
    expect([cni.nodeBlockPrefix(4), cni.nodeBlockPrefix(6), cni.replacesKubeProxy, cni.enforcesNetworkPolicies]).toStrictEqual([24, 120, false, true]);
  });

  test('cluster-pool IPAM takes the pod subnet; tunnel mode uses VXLAN', () => {
    const data = ciliumConfig({}, { networking: { podSubnet: '10.32.0.0/12' } });
    expect(data).toMatchObject({
      ipam: 'cluster-pool',
      'cluster-pool-ipv4-cidr': '10.32.0.0/12',
      'cluster-pool-ipv4-mask-size': '24',
      'enable-ipv4': 'true',
      'enable-ipv6': 'false',
      'routing-mode': 'tunnel',
      'tunnel-protocol': 'vxlan',
      'kube-proxy-replacement': 'false',
      'enable-k8s-networkpolicy': 'true',
      'write-cni-conf-when-ready': '/host/etc/cni/net.d/05-cilium.conflist',
      'cni-exclusive': 'true',
      'enable-hubble': 'true',
      'hubble-socket-path': '/var/run/cilium/hubble.sock',
      'external-envoy-proxy': 'false',
      'policy-secrets-namespace': 'cilium-secrets',
    });
    expect(data['ipv4-native-routing-cidr']).toBeUndefined();
    // Hubble serves only the node-local socket: no TCP listener needing a Git-bound key.
    expect(data['hubble-listen-address']).toBeUndefined();
  });

  test('geneve tunnels and native routing', () => {
    expect(ciliumConfig({ routing: CiliumRouting.GENEVE })).toMatchObject({ 'routing-mode': 'tunnel', 'tunnel-protocol': 'geneve' });
    const native = ciliumConfig({ routing: CiliumRouting.NATIVE });
    expect(native).toMatchObject({
      'routing-mode': 'native',
      'ipv4-native-routing-cidr': '10.244.0.0/16',
      'auto-direct-node-routes': 'true',
    });
    expect(native['tunnel-protocol']).toBeUndefined();
  });

  test('dual-stack enables both families with per-family pools and mask sizes', () => {
    const data = ciliumConfig(
      { clusterPoolIpv6MaskSize: 112, mtu: 1450 },
      { networking: { podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: '10.96.0.0/12,fd00:10:96::/112' } },
    );
    expect(data).toMatchObject({
      'enable-ipv4': 'true',
      'enable-ipv6': 'true',
      'cluster-pool-ipv4-cidr': '10.244.0.0/16',
      'cluster-pool-ipv6-cidr': 'fd00:10:244::/56',
      'cluster-pool-ipv6-mask-size': '112',
      mtu: '1450',
    });
  });

  test('kube-proxy replacement: enabled in the config, agents dial the control-plane endpoint', () => {
    // GIVEN a kube-proxy-free cluster with a control plane
    const synthesis = synth(clusterWith(Cni.cilium({ kubeProxyReplacement: true }), KUBE_PROXY_FREE));

    // THEN
    const data = configData(findObject(synthesis, 'ConfigMap', 'cilium-config', 'cilium'));
    expect(data['kube-proxy-replacement']).toBe('true');
    const ds = findObject(synthesis, 'DaemonSet', 'cilium', 'cilium');
    const apiEnv = [
      { name: 'KUBERNETES_SERVICE_HOST', value: '192.168.1.10' },
      { name: 'KUBERNETES_SERVICE_PORT', value: '6443' },
    ];
    for (const name of ['cilium-agent', 'config', 'clean-cilium-state']) {
      expect(container(ds, name).env).toEqual(expect.arrayContaining(apiEnv));
    }
    expect(container(findObject(synthesis, 'Deployment', 'cilium-operator', 'cilium'), 'cilium-operator').env).toEqual(
      expect.arrayContaining(apiEnv),
    );
  });

  test('without replacement the agents use the kubernetes Service', () => {
    const synthesis = synth(clusterWith(Cni.cilium()));
    const names = container(findObject(synthesis, 'DaemonSet', 'cilium', 'cilium'), 'cilium-agent').env.map((e: { name: string }) => e.name);
    expect(names).toStrictEqual([
      'K8S_NODE_NAME',
      'CILIUM_K8S_NAMESPACE',
      'CILIUM_CLUSTERMESH_CONFIG',
      'GOMEMLIMIT',
      'KUBE_CLIENT_BACKOFF_BASE',
      'KUBE_CLIENT_BACKOFF_DURATION',
    ]);
  });

  test('the agent DaemonSet: host network, CNI mounts, capabilities instead of privileged, probes', () => {
    const synthesis = synth(clusterWith(Cni.cilium()));
    const ds = findObject(synthesis, 'DaemonSet', 'cilium', 'cilium');
    const spec = podSpec(ds);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.tolerations).toStrictEqual([{ operator: 'Exists' }]);
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(spec.securityContext).toStrictEqual({ appArmorProfile: { type: 'Unconfined' }, seccompProfile: { type: 'Unconfined' } });
    expect(spec.initContainers.map((c: { name: string }) => c.name)).toStrictEqual([
      'config',
      'mount-cgroup',
      'apply-sysctl-overwrites',
      'mount-bpf-fs',
      'clean-cilium-state',
      'install-cni-binaries',
    ]);

    // CNI config dir and binary dir on the host
    expect(hostPathMountedAt(ds, 'cilium-agent', '/host/etc/cni/net.d')).toBe('/etc/cni/net.d');
    expect(hostPathMountedAt(ds, 'install-cni-binaries', '/host/opt/cni/bin')).toBe('/opt/cni/bin');
    expect(hostPathMountedAt(ds, 'cilium-agent', '/sys/fs/bpf')).toBe('/sys/fs/bpf');
    expect(hostPathMountedAt(ds, 'clean-cilium-state', '/run/cilium/cgroupv2')).toBe('/run/cilium/cgroupv2');

    const agent = container(ds, 'cilium-agent');
    expect(agent.image).toBe('quay.io/cilium/cilium:v1.18.9@sha256:c9140c2ebcc636ba346a4152fb28d616a4a51586c22c72dcd6f273bed41053c0');
    expect(agent.securityContext.privileged).toBeUndefined();
    expect(agent.securityContext.capabilities).toStrictEqual({
      add: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_MODULE', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
      drop: ['ALL'],
    });
    expect(agent.readinessProbe.httpGet).toStrictEqual({
      host: '127.0.0.1',
      path: '/healthz',
      port: 9879,
      scheme: 'HTTP',
      httpHeaders: [{ name: 'brief', value: 'true' }],
    });
    expect(agent.startupProbe).toMatchObject({ failureThreshold: 300, periodSeconds: 2, initialDelaySeconds: 5 });
    // An API server outage does not fail liveness (and restart every agent).
    expect(agent.livenessProbe.httpGet.httpHeaders).toStrictEqual([
      { name: 'brief', value: 'true' },
      { name: 'require-k8s-connectivity', value: 'false' },
    ]);
    expect(hostPathMountedAt(ds, 'cilium-agent', '/var/run/cilium/netns')).toBe('/var/run/netns');
    // Only the bpffs mount needs full privileges (bidirectional propagation).
    expect(container(ds, 'mount-bpf-fs').securityContext).toStrictEqual({ privileged: true });
  });

  test('the operator Deployment matches the chart', () => {
    const synthesis = synth(clusterWith(Cni.cilium()));
    const deployment = json(findObject(synthesis, 'Deployment', 'cilium-operator', 'cilium'));
    expect(deployment.spec.replicas).toBe(2);
    const spec = podSpec(deployment);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.priorityClassName).toBe('system-cluster-critical');
    expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector).toStrictEqual({
      matchLabels: { 'io.cilium/app': 'operator' },
    });
    const operator = container(deployment, 'cilium-operator');
    expect(operator.image).toBe('quay.io/cilium/operator-generic:v1.18.9@sha256:9094fe19965c558bc9361aa4f0d19fcc48f7377f835dc70f138bf4dc1db48ca4');
    expect(operator.command).toStrictEqual(['cilium-operator-generic']);
    expect(operator.args).toStrictEqual(['--config-dir=/tmp/cilium/config-map', '--debug=$(CILIUM_DEBUG)']);
    expect(operator.livenessProbe.httpGet).toStrictEqual({ host: '127.0.0.1', path: '/healthz', port: 9234, scheme: 'HTTP' });
    expect(operator.ports).toStrictEqual([{ name: 'prometheus', containerPort: 9963, hostPort: 9963, protocol: 'TCP' }]);
  });

  test('a single operator replica may be replaced all at once', () => {
    const synthesis = synth(clusterWith(Cni.cilium({ operatorReplicas: 1 })));
    const deployment = json(findObject(synthesis, 'Deployment', 'cilium-operator', 'cilium'));
    expect(deployment.spec.strategy.rollingUpdate).toStrictEqual({ maxSurge: '25%', maxUnavailable: '100%' });
  });

  test('RBAC: the agent reads nodes, pods and policies; the operator restarts pods and untaints nodes', () => {
    const synthesis = synth(clusterWith(Cni.cilium()));
    const agent = findObject(synthesis, 'ClusterRole', 'cilium');
    expect(verbsOn(agent, '', 'nodes')).toStrictEqual(['get', 'list', 'watch']);
    expect(verbsOn(agent, '', 'pods')).toStrictEqual(['get', 'list', 'watch']);
    expect(verbsOn(agent, 'networking.k8s.io', 'networkpolicies')).toStrictEqual(['get', 'list', 'watch']);
    expect(verbsOn(agent, 'cilium.io', 'ciliumnodes')).toStrictEqual(['create', 'get', 'list', 'update', 'watch']);
    const operator = findObject(synthesis, 'ClusterRole', 'cilium-operator');
    expect(verbsOn(operator, '', 'pods')).toStrictEqual(['delete', 'get', 'list', 'watch']);
    expect(verbsOn(operator, '', 'nodes')).toStrictEqual(['list', 'patch', 'watch']);
    expect(verbsOn(operator, 'coordination.k8s.io', 'leases')).toStrictEqual(['create', 'get', 'update']);
    expect(verbsOn(findObject(synthesis, 'Role', 'cilium-config-agent', 'cilium'), '', 'configmaps')).toStrictEqual(['get', 'list', 'watch']);
  });

  test('no Secret is written (Hubble certificates would be)', () => {
    const synthesis = synth(clusterWith(Cni.cilium()));
    expect(synthesis.objects.filter((o) => o.manifest.kind === 'Secret')).toStrictEqual([]);
  });

  test('pods pass Pod Security in the privileged cilium namespace; the agent could not run elsewhere', () => {
    const synthesis = synth(clusterWith(Cni.cilium()));
    expect(findObject(synthesis, 'Namespace', 'cilium').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(podSecurityFindings(synthesis).filter((f) => f.violations.length > 0)).toStrictEqual([]);
    const agent = podTemplateOf(findObject(synthesis, 'DaemonSet', 'cilium', 'cilium'))!;
    expect(evaluatePodSecurity(agent, PodSecurityLevel.BASELINE).length).toBeGreaterThan(0);
  });

  test('IPv6-only clusters probe the IPv6 loopback', () => {
    const synthesis = synth(clusterWith(Cni.cilium(), { networking: { podSubnet: 'fd00:10:244::/56', serviceSubnet: 'fd00:10:96::/112' } }));
    const ds = findObject(synthesis, 'DaemonSet', 'cilium', 'cilium');
    expect(container(ds, 'cilium-agent').livenessProbe.httpGet.host).toBe('::1');
    const data = configData(findObject(synthesis, 'ConfigMap', 'cilium-config', 'cilium'));
    expect(data).toMatchObject({ 'enable-ipv4': 'false', 'enable-ipv6': 'true', 'operator-api-serve-addr': '[::1]:9234' });
  });
});
