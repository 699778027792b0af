import { Cni } from '../../constructs';
import { CANAL_DEFAULTS } from '../../constructs/networking/canal';
import { CrdSource } from '../../lib';
import { CANAL_PINS } from '../../lib/versions/networking';
import { findObject, manifests, synth } from '../support/synth';
import { addDefaultDenyTenant, clusterWith, container, hostPathMountedAt, json, podSecurityFindings, podSpec, verbsOn } from './helpers';

const canal = () => Cni.canal({ crds: CrdSource.none() });

describe('Cni.canal', () => {
  test('capabilities and defaults', () => {
    const cni = Cni.canal();
    expect([cni.enforcesNetworkPolicies, cni.supportsIpv6, cni.supportsDualStack]).toStrictEqual([true, false, false]);
    expect(CANAL_DEFAULTS).toStrictEqual({ namespace: 'kube-system', felixMetricsPort: 9091, kubeControllersMetricsPort: 9094, nodeBlockPrefixIpv4: 24 });
  });

  test('flannel networking from the pod subnet, calico policy without BGP', () => {
    // GIVEN
    const synthesis = synth(clusterWith(canal(), { networking: { podSubnet: '10.32.0.0/12' } }));

    // THEN the flannel network is the pod subnet
    const config = json(findObject(synthesis, 'ConfigMap', 'canal-config', 'kube-system'));
    expect(JSON.parse(config.data['net-conf.json'])).toStrictEqual({ Network: '10.32.0.0/12', Backend: { Type: 'vxlan' } });
    expect(config.data).toMatchObject({ typha_service_name: 'none', masquerade: 'true', veth_mtu: '0', canal_iface: '' });
    expect(config.data.cni_network_config).toContain('"subnet": "usePodCidr"');

    // AND calico-node enforces policy only
    const ds = findObject(synthesis, 'DaemonSet', 'canal', 'kube-system');
    const node = container(ds, 'calico-node');
    expect(node.image).toBe('quay.io/calico/node:v3.32.0');
    expect(node.env).toEqual(
      expect.arrayContaining([
        { name: 'CALICO_NETWORKING_BACKEND', value: 'none' },
        { name: 'CLUSTER_TYPE', value: 'k8s,canal' },
        { name: 'USE_POD_CIDR', value: 'true' },
        { name: 'FELIX_IPV6SUPPORT', value: 'false' },
      ]),
    );
    expect(node.securityContext).toStrictEqual({ privileged: true });
    expect(node.readinessProbe.httpGet).toStrictEqual({ path: '/readiness', port: 9099, host: 'localhost' });
    expect(container(ds, 'kube-flannel')).toMatchObject({
      image: 'docker.io/flannel/flannel:v0.24.4',
      command: ['/opt/bin/flanneld', '--ip-masq', '--kube-subnet-mgr'],
    });
  });

  test('the DaemonSet installs the CNI on the host network', () => {
    const synthesis = synth(clusterWith(canal()));
    const ds = findObject(synthesis, 'DaemonSet', 'canal', 'kube-system');
    expect(podSpec(ds).hostNetwork).toBe(true);
    expect(podSpec(ds).serviceAccountName).toBe('canal');
    expect(container(ds, 'install-cni')).toMatchObject({ image: 'quay.io/calico/cni:v3.32.0', command: ['/opt/cni/bin/install'] });
    expect(hostPathMountedAt(ds, 'install-cni', '/host/opt/cni/bin')).toBe('/opt/cni/bin');
    expect(hostPathMountedAt(ds, 'install-cni', '/host/etc/cni/net.d')).toBe('/etc/cni/net.d');
    expect(container(ds, 'install-cni').env).toEqual(expect.arrayContaining([{ name: 'CNI_CONF_NAME', value: '10-canal.conflist' }]));
  });

  test('RBAC for calico-node, flannel and kube-controllers', () => {
    const synthesis = synth(clusterWith(canal()));
    const calicoNode = findObject(synthesis, 'ClusterRole', 'calico-node');
    expect(verbsOn(calicoNode, '', 'nodes')).toStrictEqual(['get', 'list', 'watch']);
    expect(verbsOn(calicoNode, '', 'pods')).toStrictEqual(['get', 'list', 'watch']);
    expect(verbsOn(calicoNode, 'networking.k8s.io', 'networkpolicies')).toStrictEqual(['list', 'watch']);
    const flannel = findObject(synthesis, 'ClusterRole', 'flannel');
    expect(verbsOn(flannel, '', 'nodes')).toStrictEqual(['list', 'watch']);
    expect(verbsOn(flannel, '', 'nodes/status')).toStrictEqual(['patch']);
    const bindings = manifests(synthesis).filter((o) => o.kind === 'ClusterRoleBinding').map((o) => o.metadata.name);
    expect(bindings).toEqual(expect.arrayContaining(['canal-flannel', 'canal-calico', 'calico-kube-controllers', 'calico-cni-plugin', 'calico-tier-getter']));
  });

  test('Felix can list what it lists at startup even without KubeVirt or ClusterNetworkPolicies', () => {
    // GIVEN
    const calicoNode = findObject(synth(clusterWith(canal())), 'ClusterRole', 'calico-node');

    // THEN a Forbidden list would keep calico-node unready and policy unenforced
    expect(verbsOn(calicoNode, 'kubevirt.io', 'virtualmachineinstancemigrations')).toStrictEqual(['get', 'list', 'watch']);
    expect(verbsOn(calicoNode, 'policy.networking.k8s.io', 'clusternetworkpolicies')).toStrictEqual(['list', 'watch']);
  });

  test('kube-controllers may run the datastore migration controller', () => {
    // GIVEN
    const controllers = findObject(synth(clusterWith(canal())), 'ClusterRole', 'calico-kube-controllers');

    // THEN
    expect(verbsOn(controllers, 'migration.projectcalico.org', 'datastoremigrations')).toStrictEqual(['create', 'get', 'list', 'patch', 'update', 'watch']);
    expect(verbsOn(controllers, 'apiextensions.k8s.io', 'customresourcedefinitions')).toStrictEqual(['delete', 'get', 'list', 'watch']);
    expect(verbsOn(controllers, 'projectcalico.org', '*')).toStrictEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
  });

  test('kube-controllers run restricted; no namespace object is written for kube-system', () => {
    const synthesis = synth(clusterWith(canal()));
    expect(manifests(synthesis).filter((o) => o.kind === 'Namespace')).toStrictEqual([]);
    const findings = podSecurityFindings(synthesis);
    expect(findings.filter((f) => f.violations.length > 0)).toStrictEqual([]);
    const controllers = findObject(synthesis, 'Deployment', 'calico-kube-controllers', 'kube-system');
    expect(container(controllers, 'calico-kube-controllers').image).toBe('quay.io/calico/kube-controllers:v3.32.0');
  });

  test('calico CRDs, and the ClusterNetworkPolicy CRD Felix lists, default to the pinned release URL', () => {
    expect(synth(clusterWith(Cni.canal())).crdUrls).toStrictEqual([CANAL_PINS.crdsUrl]);
  });

  test('canal enforces tenants’ NetworkPolicies, so they are accepted', () => {
    const cluster = clusterWith(canal());
    addDefaultDenyTenant(cluster);
    expect(synth(cluster).warnings).toStrictEqual([]);
  });
});
