import { ClusterLogging, LogStorage } from '../../constructs/logging';
import { KubeObject, PodSecurityLevel } from '../../lib';
import { allowsConnection } from '../support/network-policy';
import { manifests, synth } from '../support/synth';
import { monitoringCluster } from './fixtures';

const PROMETHEUS = { namespace: 'monitoring', labels: { 'app.kubernetes.io/component': 'prometheus', 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s', 'app.kubernetes.io/part-of': 'kube-prometheus' } };
const GRAFANA = { namespace: 'monitoring', labels: { 'app.kubernetes.io/component': 'grafana', 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/part-of': 'kube-prometheus' } };
const ALERTMANAGER = { namespace: 'monitoring', labels: { 'app.kubernetes.io/component': 'alert-router', 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': 'main', 'app.kubernetes.io/part-of': 'kube-prometheus' } };
const KSM = { namespace: 'monitoring', labels: { 'app.kubernetes.io/component': 'exporter', 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/part-of': 'kube-prometheus' } };
const TENANT_APP = { namespace: 'payments', labels: { app: 'api' } };

describe('monitoring NetworkPolicies', () => {
  let objects: KubeObject[];
  beforeAll(() => {
    const cluster = monitoringCluster({ grafana: { adminCredentials: { secretName: 'grafana-admin' } } });
    cluster.addTenant('payments', { namespaces: ['payments'], podSecurity: { enforce: PodSecurityLevel.RESTRICTED } });
    new ClusterLogging(cluster, 'Logging', { storage: LogStorage.elasticsearch(), aggregator: {} });
    objects = manifests(synth(cluster));
  });

  test('a tenant with default-deny still lets Prometheus scrape its pods, and nobody else from monitoring', () => {
    expect(objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'payments' && o.metadata.name === 'default-deny-all')).toBe(true);
    expect(allowsConnection(objects, { from: PROMETHEUS, to: TENANT_APP, port: 8080 })).toBe(true);
    expect(allowsConnection(objects, { from: GRAFANA, to: TENANT_APP, port: 8080 })).toBe(false);
    expect(allowsConnection(objects, { from: { namespace: 'default', labels: {} }, to: TENANT_APP, port: 8080 })).toBe(false);
  });

  test('a tenant naming one namespace twice gets one scrape policy there, as it gets one namespace', () => {
    // GIVEN monitoring and a tenant whose namespaces list one twice
    const cluster = monitoringCluster();
    cluster.addTenant('billing', { namespaces: ['billing', 'billing-jobs', 'billing'] });
    // WHEN it synthesises THEN it does, with one scrape policy per namespace
    const policies = manifests(synth(cluster)).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-prometheus-scrape');
    expect(policies.map((o) => o.metadata.namespace).filter((ns) => ns!.startsWith('billing'))).toStrictEqual(['billing', 'billing-jobs']);
  });

  test('Prometheus reaches the exporters, Alertmanager and the nodes\' metrics ports', () => {
    expect(allowsConnection(objects, { from: PROMETHEUS, to: KSM, port: 8443 })).toBe(true);
    expect(allowsConnection(objects, { from: PROMETHEUS, to: ALERTMANAGER, port: 9093 })).toBe(true);
    for (const port of [10250, 10259, 10257, 2381, 9100, 10249, 6443]) {
      expect([port, allowsConnection(objects, { from: PROMETHEUS, to: { ip: '10.0.0.11' }, port })]).toStrictEqual([port, true]);
    }
    expect(allowsConnection(objects, { from: PROMETHEUS, to: { ip: '10.0.0.11' }, port: 22 })).toBe(false);
  });

  test('Grafana reaches Prometheus; the exporters accept nobody but Prometheus', () => {
    expect(allowsConnection(objects, { from: GRAFANA, to: PROMETHEUS, port: 9090 })).toBe(true);
    expect(allowsConnection(objects, { from: GRAFANA, to: KSM, port: 8443 })).toBe(false);
    expect(allowsConnection(objects, { from: TENANT_APP, to: PROMETHEUS, port: 9090 })).toBe(false);
    expect(allowsConnection(objects, { from: TENANT_APP, to: ALERTMANAGER, port: 9093 })).toBe(false);
  });

  test('the logging namespace lets Prometheus scrape Fluent Bit and the Fluentd aggregator, and only on their metrics ports', () => {
    const fluentBit = { namespace: 'logging', labels: { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'fluent-bit' } };
    const aggregator = { namespace: 'logging', labels: (objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'fluentd-aggregator') as any).spec.template.metadata.labels };
    expect(allowsConnection(objects, { from: PROMETHEUS, to: fluentBit, port: 2020 })).toBe(true);
    expect(allowsConnection(objects, { from: PROMETHEUS, to: aggregator, port: 24231 })).toBe(true);
    expect(allowsConnection(objects, { from: PROMETHEUS, to: aggregator, port: 24224 })).toBe(false);
    expect(allowsConnection(objects, { from: GRAFANA, to: fluentBit, port: 2020 })).toBe(false);
  });
});
