import { MONITORING } from '../../constructs/monitoring';
import { UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream } from '../support/upstream-parity';
import { KP, monitoringCluster, objectNamed } from './fixtures';

const DEPLOY = { kind: 'Deployment', name: 'grafana', namespace: 'monitoring' };

describe('Grafana upstream parity (kube-prometheus main-cd97c0f7, Grafana 13.1.1)', () => {
  test('the Deployment matches upstream but for the declared admin Secret, ConfigMaps and dashboards', () => {
    const cluster = monitoringCluster({ grafana: { adminCredentials: { secretName: 'grafana-admin' }, dashboards: { nodes: '{"title":"Nodes"}' } } });
    const ours = manifests(synth(cluster));
    expectUpstreamParity({
      upstream: loadUpstream(`${KP}/grafana-deployment.yaml`),
      ours,
      workloads: [{ upstream: DEPLOY, ours: DEPLOY }],
      deviations: UpstreamDeviation.of(cluster.addOn(MONITORING)!.node.findChild('Grafana')),
    });
    // The datasource is Prometheus, and the admin password is a reference only.
    expect(JSON.parse(objectNamed(ours, 'ConfigMap', 'grafana-datasources').data['datasources.yaml']).datasources[0].url).toBe('http://prometheus-k8s.monitoring.svc:9090');
    const env = objectNamed(ours, 'Deployment', 'grafana').spec.template.spec.containers[0].env;
    expect(env).toStrictEqual([
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-user' } } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-password' } } },
    ]);
  });
});
