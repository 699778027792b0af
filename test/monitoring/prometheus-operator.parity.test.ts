import { MONITORING } from '../../constructs/monitoring';
import { PROMETHEUS_OPERATOR_EXAMPLE_COMPONENT } from '../../constructs/monitoring/prometheus-operator';
import { KubeObject, UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { KP, monitoringCluster, objectNamed } from './fixtures';

const DEPLOY = { kind: 'Deployment', name: 'prometheus-operator', namespace: 'monitoring' };
const KP_FILES = ['deployment', 'clusterRole', 'clusterRoleBinding', 'serviceAccount', 'service'].map((f) => `${KP}/prometheusOperator-${f}.yaml`);
const EXAMPLE_FILES = ['deployment', 'cluster-role', 'cluster-role-binding', 'service-account'].map((f) => `prometheus-operator/v0.93.0/prometheus-operator-${f}.yaml`);

describe('Prometheus Operator upstream parity (kube-prometheus main-cd97c0f7, operator v0.93.0)', () => {
  const cluster = monitoringCluster();
  let ours: KubeObject[];
  beforeAll(() => {
    ours = manifests(synth(cluster));
  });
  const deviations = (component: string) => UpstreamDeviation.of(cluster.addOn(MONITORING)!.node.findChild('Operator')).filter((d) => d.component === component);

  test('the operator Deployment and its RBAC match kube-prometheus exactly', () => {
    expect(upstreamDifferences({ upstream: KP_FILES.flatMap(loadUpstream), ours, workloads: [{ upstream: DEPLOY, ours: DEPLOY }], serviceAccounts: { 'monitoring/prometheus-operator': 'monitoring/prometheus-operator' } })).toStrictEqual([]);
  });

  test("against the operator's own example RBAC, only the declared kube-rbac-proxy and EndpointSlice grants are added", () => {
    expectUpstreamParity({
      upstream: EXAMPLE_FILES.flatMap(loadUpstream),
      ours,
      serviceAccounts: { 'default/prometheus-operator': 'monitoring/prometheus-operator' },
      namespaces: { default: 'monitoring' },
      deviations: deviations(PROMETHEUS_OPERATOR_EXAMPLE_COMPONENT),
    });
  });

  test('the operator runs the pinned image with the pinned config-reloader', () => {
    const container = objectNamed(ours, 'Deployment', 'prometheus-operator').spec.template.spec.containers[0];
    expect(container.image).toBe('quay.io/prometheus-operator/prometheus-operator:v0.93.0');
    expect(container.args).toContain('--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0');
  });

  test('the monitoring.coreos.com CRDs come from the pinned release through the CRD source', () => {
    const crds = cluster.node.findAll().find((c) => c.constructor.name === 'UpstreamCrds' && (c as any).group === 'monitoring.coreos.com') as any;
    expect(crds.urls).toStrictEqual(['https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.93.0/stripped-down-crds.yaml']);
  });
});
