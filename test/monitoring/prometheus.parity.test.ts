import { MONITORING } from '../../constructs/monitoring';
import { KubeObject, UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream } from '../support/upstream-parity';
import { KP, monitoringCluster, objectNamed } from './fixtures';

const FILES = ['clusterRole', 'clusterRoleBinding', 'roleConfig', 'roleBindingConfig', 'roleSpecificNamespaces', 'roleBindingSpecificNamespaces', 'serviceAccount', 'service'].map(
  (f) => `${KP}/prometheus-${f}.yaml`,
);

describe('Prometheus upstream parity (kube-prometheus main-cd97c0f7, Prometheus v3.13.1)', () => {
  const cluster = monitoringCluster();
  let ours: KubeObject[];
  beforeAll(() => {
    ours = manifests(synth(cluster));
  });

  test('RBAC grants every upstream grant but the removed extensions group, and discovery in every namespace, as declared', () => {
    expectUpstreamParity({
      upstream: FILES.flatMap(loadUpstream),
      ours,
      serviceAccounts: { 'monitoring/prometheus-k8s': 'monitoring/prometheus-k8s' },
      deviations: UpstreamDeviation.of(cluster.addOn(MONITORING)!.node.findChild('Prometheus')),
    });
  });

  test('the Prometheus resource keeps upstream\'s image, version, security context, discovery role and selectors', () => {
    const upstream = objectNamed(loadUpstream(`${KP}/prometheus-prometheus.yaml`), 'Prometheus', 'k8s').spec;
    const spec = objectNamed(ours, 'Prometheus', 'k8s').spec;
    for (const key of ['image', 'version', 'serviceAccountName', 'serviceDiscoveryRole', 'nodeSelector', 'alerting', 'serviceMonitorSelector', 'serviceMonitorNamespaceSelector', 'podMonitorSelector', 'ruleSelector', 'probeSelector', 'scrapeConfigSelector']) {
      expect([key, spec[key]]).toStrictEqual([key, upstream[key]]);
    }
    expect(spec.securityContext).toStrictEqual({ ...upstream.securityContext, seccompProfile: { type: 'RuntimeDefault' } });
  });
});
