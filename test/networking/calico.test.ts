import { CalicoCni, CalicoEncapsulation, CalicoProps, Cni } from '../../constructs';
import { CALICO_DEFAULTS } from '../../constructs/networking/calico';
import { ClusterProps, CrdSource, KubeProxy, PodSecurityLevel } from '../../lib';
import { evaluatePodSecurity, podTemplateOf } from '../../lib/validation/pod-security';
import { CALICO_PINS } from '../../lib/versions/networking';
import { findObject, manifests, synth } from '../support/synth';
import { addWorkers, CALICO_INSTALLATION_CRD, clusterWith, container, hostPathMountedAt, json, podSecurityFindings, podSpec, verbsOn } from './helpers';

function calico(props: CalicoProps = {}): CalicoCni {
  return Cni.calico(props);
}

function installationSpec(props: CalicoProps = {}, clusterProps: ClusterProps = {}): Record<string, any> {
  const synthesis = synth(clusterWith(calico(props), clusterProps));
  return (json(findObject(synthesis, 'Installation', 'default'))).spec;
}

describe('Cni.calico', () => {
  test('defaults are resolved in one place', () => {
    const cni = Cni.calico();
    expect(CALICO_DEFAULTS).toStrictEqual({
      encapsulation: CalicoEncapsulation.VXLAN_CROSS_SUBNET,
      natOutgoing: true,
      blockSize: 26,
      ipv6BlockSize: 122,
      namespace: 'tigera-operator',
      nodeMetricsPort: 9091,
      typhaMetricsPort: 9093,
      kubeControllersMetricsPort: 9094,
      apiServer: true,
      goldmane: true,
      whisker: true,
    });
    expect([cni.encapsulation, cni.natOutgoing, cni.nodeBlockPrefix(4), cni.nodeBlockPrefix(6)]).toStrictEqual([
      CalicoEncapsulation.VXLAN_CROSS_SUBNET,
      true,
      26,
      122,
    ]);
    expect(cni.enforcesNetworkPolicies).toBe(true);
    expect([cni.apiServer, cni.goldmane, cni.whisker]).toStrictEqual([true, true, true]);
  });

  test('by default the API server, Goldmane and Whisker run, as upstream custom-resources.yaml has them', () => {
    // GIVEN the defaults
    const synthesis = synth(clusterWith(calico()));

    // THEN each is a `default` resource the operator reconciles; upstream leaves their specs empty
    expect(json(findObject(synthesis, 'APIServer', 'default'))).toStrictEqual({
      apiVersion: 'operator.tigera.io/v1',
      kind: 'APIServer',
      metadata: { name: 'default' },
      spec: {},
    });
    expect(json(findObject(synthesis, 'Goldmane', 'default'))).toStrictEqual({ apiVersion: 'operator.tigera.io/v1', kind: 'Goldmane', metadata: { name: 'default' } });
    expect(json(findObject(synthesis, 'Whisker', 'default'))).toStrictEqual({ apiVersion: 'operator.tigera.io/v1', kind: 'Whisker', metadata: { name: 'default' } });
  });

  test('the API server, Goldmane and Whisker can each be left out', () => {
    // GIVEN all three off
    const synthesis = synth(clusterWith(calico({ apiServer: false, goldmane: false, whisker: false })));

    // THEN only the Installation remains
    const kinds = manifests(synthesis).filter((o) => o.apiVersion === 'operator.tigera.io/v1').map((o) => o.kind);
    expect(kinds).toStrictEqual(['Installation']);

    // AND Goldmane alone is fine
    const goldmaneOnly = synth(clusterWith(calico({ whisker: false })));
    expect(manifests(goldmaneOnly).filter((o) => o.apiVersion === 'operator.tigera.io/v1').map((o) => o.kind).sort()).toStrictEqual([
      'APIServer',
      'Goldmane',
      'Installation',
    ]);
  });

  test('the Installation pool is the pod subnet, with upstream defaults', () => {
    // GIVEN the default pod subnet
    // THEN one IPv4 pool covers it; VXLAN needs no BGP
    expect(installationSpec()).toStrictEqual({
      calicoNetwork: {
        bgp: 'Disabled',
        ipPools: [
          {
            name: 'default-ipv4-ippool',
            cidr: '10.244.0.0/16',
            blockSize: 26,
            encapsulation: 'VXLANCrossSubnet',
            natOutgoing: 'Enabled',
            nodeSelector: 'all()',
          },
        ],
        linuxDataplane: 'Iptables',
      },
      cni: { type: 'Calico', ipam: { type: 'Calico' } },
      nodeMetricsPort: 9091,
      typhaMetricsPort: 9093,
      serviceCIDRs: ['10.96.0.0/12'],
    });
  });

  test.each([
    [CalicoEncapsulation.IPIP, 'IPIP', 'Enabled'],
    [CalicoEncapsulation.IPIP_CROSS_SUBNET, 'IPIPCrossSubnet', 'Enabled'],
    [CalicoEncapsulation.VXLAN, 'VXLAN', 'Disabled'],
    [CalicoEncapsulation.VXLAN_CROSS_SUBNET, 'VXLANCrossSubnet', 'Disabled'],
    [CalicoEncapsulation.NONE, 'None', 'Enabled'],
  ])('encapsulation %s: pool %s, BGP %s', (encapsulation, written, bgp) => {
    const spec = installationSpec({ encapsulation });
    expect(spec.calicoNetwork.ipPools[0].encapsulation).toBe(written);
    expect(spec.calicoNetwork.bgp).toBe(bgp);
  });

  test('natOutgoing, blockSize, MTU and control-plane replicas are passed on', () => {
    const spec = installationSpec({ natOutgoing: false, blockSize: 24, mtu: 1450, controlPlaneReplicas: 3 });
    expect(spec.calicoNetwork.ipPools[0]).toMatchObject({ natOutgoing: 'Disabled', blockSize: 24 });
    expect(spec.calicoNetwork.mtu).toBe(1450);
    expect(spec.controlPlaneReplicas).toBe(3);
  });

  test('dual-stack gets one pool per family', () => {
    const spec = installationSpec(
      { encapsulation: CalicoEncapsulation.VXLAN },
      { networking: { podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: '10.96.0.0/12,fd00:10:96::/112' } },
    );
    expect(spec.calicoNetwork.ipPools.map((p: Record<string, unknown>) => [p.name, p.cidr, p.blockSize])).toStrictEqual([
      ['default-ipv4-ippool', '10.244.0.0/16', 26],
      ['default-ipv6-ippool', 'fd00:10:244::/56', 122],
    ]);
    expect(spec.serviceCIDRs).toStrictEqual(['10.96.0.0/12', 'fd00:10:96::/112']);
  });

  test('kube-proxy in nftables mode selects the nftables dataplane', () => {
    expect(installationSpec({}, { kubeProxy: KubeProxy.nftables() }).calicoNetwork.linuxDataplane).toBe('Nftables');
  });

  test('the operator Deployment matches upstream: host network, images, args, env, tolerations', () => {
    const synthesis = synth(clusterWith(calico()));
    const deployment = findObject(synthesis, 'Deployment', 'tigera-operator', 'tigera-operator');
    const spec = podSpec(deployment);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(spec.terminationGracePeriodSeconds).toBe(60);
    expect(spec.tolerations).toStrictEqual([
      { effect: 'NoExecute', operator: 'Exists' },
      { effect: 'NoSchedule', operator: 'Exists' },
    ]);
    expect(spec.nodeSelector).toStrictEqual({ 'kubernetes.io/os': 'linux' });
    const operator = container(deployment, 'tigera-operator');
    expect(operator.image).toBe('quay.io/tigera/operator:v1.42.0');
    expect(operator.command).toStrictEqual(['operator']);
    expect(operator.args).toStrictEqual(['-manage-crds=true']);
    expect(operator.env).toStrictEqual([
      { name: 'WATCH_NAMESPACE', value: '' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'OPERATOR_NAME', value: 'tigera-operator' },
      { name: 'TIGERA_OPERATOR_INIT_IMAGE_VERSION', value: 'v1.42.0' },
    ]);
    expect(operator.envFrom).toStrictEqual([{ configMapRef: { name: 'kubernetes-services-endpoint', optional: true } }]);
    expect(hostPathMountedAt(deployment, 'tigera-operator', '/var/lib/calico')).toBe('/var/lib/calico');
  });

  test('the operator RBAC covers nodes, pods, daemonsets and its own CRs', () => {
    const synthesis = synth(clusterWith(calico()));
    const role = findObject(synthesis, 'ClusterRole', 'tigera-operator');
    expect(verbsOn(role, '', 'nodes')).toStrictEqual(['get', 'list', 'patch', 'watch']);
    expect(verbsOn(role, '', 'pods')).toStrictEqual(['create', 'delete', 'get', 'list', 'update', 'watch']);
    expect(verbsOn(role, 'apps', 'daemonsets')).toStrictEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
    expect(verbsOn(role, 'operator.tigera.io', 'installations')).toStrictEqual(['delete', 'get', 'list', 'patch', 'update', 'watch']);
    expect(verbsOn(role, 'rbac.authorization.k8s.io', 'clusterroles')).toContain('escalate');
    expect(verbsOn(findObject(synthesis, 'ClusterRole', 'tigera-operator-secrets'), '', 'secrets')).toStrictEqual(['create', 'delete', 'update']);
    expect((json(findObject(synthesis, 'RoleBinding', 'tigera-operator-secrets', 'tigera-operator'))).roleRef).toStrictEqual({
      kind: 'ClusterRole',
      name: 'tigera-operator-secrets',
      apiGroup: 'rbac.authorization.k8s.io',
    });
  });

  test('the operator needs host access, so its namespace is privileged and the pod passes there', () => {
    // GIVEN
    const synthesis = synth(clusterWith(calico()));
    const operator = podTemplateOf(findObject(synthesis, 'Deployment', 'tigera-operator', 'tigera-operator'))!;

    // THEN upstream's hostNetwork and hostPath rule out baseline
    expect(evaluatePodSecurity(operator, PodSecurityLevel.BASELINE).map((v) => v.check)).toStrictEqual(['hostNamespaces', 'hostPathVolumes']);
    expect(findObject(synthesis, 'Namespace', 'tigera-operator').metadata.labels).toMatchObject({
      name: 'tigera-operator',
      'pod-security.kubernetes.io/enforce': 'privileged',
    });
    expect(podSecurityFindings(synthesis).filter((f) => f.violations.length > 0)).toStrictEqual([]);
  });

  test('CRDs: a vendored file is synthesised into 000-crds, the default is the pinned release URL', () => {
    // GIVEN the CRD from a file, with only the Installation resource
    const fromFile = synth(clusterWith(calico({ crds: CrdSource.file(CALICO_INSTALLATION_CRD), apiServer: false, goldmane: false, whisker: false })));
    expect(fromFile.manifestFiles[0].fileName).toBe('000-crds.yaml');
    expect(findObject(fromFile, 'CustomResourceDefinition', 'installations.operator.tigera.io')).toBeDefined();
    expect(fromFile.crdUrls).toStrictEqual([]);

    // AND by default
    const byUrl = synth(clusterWith(Cni.calico()));
    expect(byUrl.crdUrls).toStrictEqual(['https://raw.githubusercontent.com/projectcalico/calico/v3.32.0/manifests/operator-crds.yaml']);
    expect(CALICO_PINS.operatorCrdsUrl).toBe(byUrl.crdUrls[0]);
  });

  test('Typha scales with the node count as the operator scales it', () => {
    expect([1, 2, 3, 4, 5, 199, 200, 400, 1000, 3601].map((n) => CalicoCni.expectedTyphaReplicas(n))).toStrictEqual([
      1, 1, 2, 2, 3, 3, 3, 4, 7, 20,
    ]);
  });

  test('a 64-node cluster fits the default /16 pool with /26 blocks', () => {
    const cluster = clusterWith(calico());
    addWorkers(cluster, 64);
    expect(synth(cluster).warnings).toStrictEqual([]);
  });
});
