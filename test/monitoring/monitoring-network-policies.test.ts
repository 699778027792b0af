import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClusterLogging, LogStorage } from '../../constructs/logging';
import { renderLate } from '../../lib/synth/late-rendering';
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

  test('a policy whose class renders it into another namespace than it declares still counts where it renders', () => {
    // GIVEN a workload announcing metrics in `apps`, and a deny-all policy that declares `staging`
    // but whose own toJson puts it in `apps`
    const cluster = monitoringCluster();
    const apps = new Construct(cluster, 'Apps');
    const labels = { app: 'a' };
    const annotations = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9000' };
    new k8s.KubeDeployment(apps, 'App', { metadata: { name: 'app', namespace: 'apps' }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations }, spec: { containers: [{ name: 'c', image: 'x' }] } } } });
    class Relocated extends k8s.KubeNetworkPolicy {
      public toJson(): any {
        const json = super.toJson();
        return { ...json, metadata: { ...json.metadata, namespace: 'apps' } };
      }
    }
    new Relocated(apps, 'Deny', { metadata: { name: 'deny', namespace: 'staging' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    // WHEN late rendering runs
    renderLate(cluster);
    // THEN Prometheus is let in to the pods that policy isolates
    const policies = cluster.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'NetworkPolicy');
    const inApps = policies.map((c) => c.toJson().metadata).filter((m) => m.namespace === 'apps').map((m) => m.name);
    expect(inApps.sort()).toStrictEqual(['allow-prometheus-app', 'deny']);
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
