import { Cni } from '../../constructs';
import { KubeObject, UpstreamDeviation } from '../../lib';
import { findObject, manifests, synth } from '../support/synth';
import { configKeyDifferences, expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { clusterWith, expectDeviationsInGates, configData } from './helpers';

// upstream: projectcalico/calico@v3.32.0:manifests/canal.yaml, byte-for-byte in
// ../shared/upstream/calico/v3.32.0 (see its PROVENANCE.txt).
const CANAL = 'calico/v3.32.0/canal.yaml';
const DAEMONSET = { kind: 'DaemonSet', name: 'canal', namespace: 'kube-system' };
const KUBE_CONTROLLERS = { kind: 'Deployment', name: 'calico-kube-controllers', namespace: 'kube-system' };
const SERVICE_ACCOUNTS = {
  'kube-system/canal': 'kube-system/canal',
  'kube-system/calico-kube-controllers': 'kube-system/calico-kube-controllers',
  'kube-system/calico-cni-plugin': 'kube-system/calico-cni-plugin',
};

function upstream(): KubeObject[] {
  return loadUpstream(CANAL).filter((o) => o.kind !== 'CustomResourceDefinition');
}

function rendered() {
  const cluster = clusterWith(Cni.canal());
  const synthesis = synth(cluster);
  return { cluster, synthesis, ours: manifests(synthesis) };
}

describe('Canal upstream parity, Calico v3.32.0 canal.yaml', () => {
  test('calico-node, flannel, kube-controllers and their RBAC are upstream\'s, every difference declared', () => {
    // GIVEN upstream's canal.yaml and ours
    const { cluster, ours } = rendered();

    // THEN every grant, image, arg, env, mount, probe and securityContext leaf matches or is declared
    expectUpstreamParity({
      upstream: upstream(),
      ours,
      workloads: [
        { upstream: DAEMONSET, ours: DAEMONSET },
        { upstream: KUBE_CONTROLLERS, ours: KUBE_CONTROLLERS },
      ],
      serviceAccounts: SERVICE_ACCOUNTS,
      deviations: UpstreamDeviation.of(cluster).filter((d) => d.component.startsWith('Canal')),
    });
  });

  test('every service account holds exactly the grants upstream gives it', () => {
    const { ours } = rendered();
    expect(upstreamDifferences({ upstream: upstream(), ours, serviceAccounts: SERVICE_ACCOUNTS })).toStrictEqual([]);
  });

  test('kube-controller-manager may get tiers (calico-tier-getter), as upstream binds it', () => {
    // GIVEN
    const { synthesis } = rendered();
    const pick = (o: KubeObject) => {
      const { rules, roleRef, subjects } = o as unknown as Record<string, unknown>;
      return { kind: o.kind, name: o.metadata.name, rules, roleRef, subjects };
    };

    // THEN
    for (const kind of ['ClusterRole', 'ClusterRoleBinding']) {
      const theirs = upstream().find((o) => o.kind === kind && o.metadata.name === 'calico-tier-getter')!;
      expect(pick(findObject(synthesis, kind, 'calico-tier-getter'))).toStrictEqual(pick(theirs));
    }
  });

  test('canal-config carries upstream\'s keys, and its CNI and flannel configs too', () => {
    // GIVEN
    const { synthesis } = rendered();
    const theirs = configData(upstream().find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'canal-config')!);
    const ours = configData(findObject(synthesis, 'ConfigMap', 'canal-config', 'kube-system'));
    // The install-cni container fills the __X__ placeholders; an unquoted one is not JSON yet.
    const cniConf = (text: string) => JSON.parse(text.replace(/__CNI_MTU__/g, '0'));

    // THEN
    expect([
      ...configKeyDifferences('canal-config', theirs, ours),
      ...configKeyDifferences('canal-config net-conf.json', JSON.parse(theirs['net-conf.json']), JSON.parse(ours['net-conf.json'])),
      ...configKeyDifferences('canal-config cni_network_config', cniConf(theirs.cni_network_config), cniConf(ours.cni_network_config)),
    ]).toStrictEqual([]);
    expect(ours.cni_network_config).toBe(theirs.cni_network_config);
  });

  test('GATES.md lists the declared deviations under the component', () => {
    expectDeviationsInGates(rendered().cluster, 'Canal (Calico v3.32.0 canal.yaml)');
  });
});
