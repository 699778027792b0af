import { Cni, CiliumProps } from '../../constructs';
import { CILIUM_COMPONENT } from '../../constructs/networking/cilium';
import { ClusterProps, KubeObject, KubeProxy, UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { ParityOptions, configKeyDifferences, expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { clusterWith } from './helpers';

// upstream: ../shared/upstream/cilium/1.18.9, `helm template` renders of the cilium 1.18.9 chart
// (cilium-default.yaml with the chart defaults; cilium-kpr.yaml with kubeProxyReplacement and
// k8sServiceHost 10.20.0.10:6443). See its PROVENANCE.txt.

const CONFIG_LABEL = 'cilium-config';

interface Rendered {
  readonly upstream: KubeObject[];
  readonly ours: KubeObject[];
  readonly deviations: UpstreamDeviation[];
}

function render(file: string, props: CiliumProps = {}, clusterProps: ClusterProps = {}): Rendered {
  const cluster = clusterWith(Cni.cilium(props), clusterProps);
  const ours = manifests(synth(cluster));
  const deviations = UpstreamDeviation.of(cluster).filter((d) => d.component === CILIUM_COMPONENT);
  return { upstream: loadUpstream(`cilium/1.18.9/${file}`), ours, deviations };
}

function options(r: Rendered): ParityOptions {
  return {
    upstream: r.upstream,
    ours: r.ours,
    workloads: [
      { upstream: { kind: 'DaemonSet', namespace: 'kube-system', name: 'cilium' }, ours: { kind: 'DaemonSet', namespace: 'cilium', name: 'cilium' } },
      {
        upstream: { kind: 'Deployment', namespace: 'kube-system', name: 'cilium-operator' },
        ours: { kind: 'Deployment', namespace: 'cilium', name: 'cilium-operator' },
      },
    ],
    serviceAccounts: { 'kube-system/cilium': 'cilium/cilium', 'kube-system/cilium-operator': 'cilium/cilium-operator' },
    namespaces: { 'kube-system': 'cilium' },
  };
}

function configOf(objects: readonly KubeObject[], namespace: string): Record<string, string> {
  const found = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'cilium-config' && o.metadata.namespace === namespace);
  if (!found) throw new Error(`no cilium-config in ${namespace}`);
  return (found as unknown as { data: Record<string, string> }).data;
}

/** Workload and RBAC parity, and the cilium-config keys against the declared config deviations. */
function expectParity(r: Rendered): void {
  const isConfigItem = (item: string): boolean => item.startsWith(`${CONFIG_LABEL} key `);
  expectUpstreamParity({ ...options(r), deviations: r.deviations.filter((d) => !isConfigItem(d.item)) });
  const configDifferences = configKeyDifferences(CONFIG_LABEL, configOf(r.upstream, 'kube-system'), configOf(r.ours, 'cilium'));
  expect(configDifferences.map((d) => d.item).sort()).toStrictEqual(r.deviations.filter((d) => isConfigItem(d.item)).map((d) => d.item).sort());
}

describe('Cilium upstream parity (chart 1.18.9)', () => {
  test('chart defaults: every grant, mount, arg, probe and config key of the render, or a declared deviation', () => {
    expectParity(render('cilium-default.yaml'));
  });

  test('kube-proxy replacement: the kpr render', () => {
    const r = render(
      'cilium-kpr.yaml',
      { kubeProxyReplacement: true, apiServer: { host: '10.20.0.10', port: 6443 } },
      { kubeProxy: KubeProxy.disabled() },
    );
    expectParity(r);
  });

  test('the fixes of issue 12 are there: no API-outage restarts, netns mount, 300 startup tries, operator grants', () => {
    // GIVEN the chart defaults
    const r = render('cilium-default.yaml');
    // THEN none of these is a difference from upstream
    const items = upstreamDifferences(options(r)).map((d) => d.item);
    const fixed = [
      'DaemonSet/kube-system/cilium container cilium-agent probe liveness',
      'DaemonSet/kube-system/cilium container cilium-agent probe startup',
      'DaemonSet/kube-system/cilium container cilium-agent mount /var/run/cilium/netns',
      'rbac kube-system/cilium-operator cluster core/secrets get',
      'rbac kube-system/cilium-operator cluster core/configmaps/cilium-config patch',
      'rbac kube-system/cilium-operator cluster cilium.io/ciliumbgpclusterconfigs/status update',
      'rbac kube-system/cilium-operator cluster apiextensions.k8s.io/customresourcedefinitions/ciliumgatewayclassconfigs.cilium.io update',
    ];
    expect(items.filter((i) => fixed.includes(i))).toStrictEqual([]);
  });
});
