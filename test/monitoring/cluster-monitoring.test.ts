import { AlertReceiver, ClusterMonitoring, MONITORING, PrometheusStorage } from '../../constructs/monitoring';
import { ALERTMANAGER_DEFAULTS } from '../../constructs/monitoring/alertmanager';
import { CLUSTER_MONITORING_DEFAULTS } from '../../constructs/monitoring/cluster-monitoring';
import { GRAFANA_COMPONENT } from '../../constructs/monitoring/grafana';
import { PROMETHEUS_DEFAULTS } from '../../constructs/monitoring/prometheus';
import { KubeObject, renderClusterFiles, synthesizeCluster } from '../../lib';
import { MONITORING_PINS } from '../../lib/versions/monitoring';
import { expectDeviationsInGates } from '../networking/helpers';
import { manifests, synth } from '../support/synth';
import { monitoringCluster, objectNamed } from './fixtures';

describe('ClusterMonitoring', () => {
  describe('with its defaults', () => {
    const cluster = monitoringCluster();
    let objects: KubeObject[];
    beforeAll(() => {
      objects = manifests(synth(cluster));
    });

    test('the defaults are resolved in one place', () => {
      expect(CLUSTER_MONITORING_DEFAULTS.namespace).toBe('monitoring');
      expect(CLUSTER_MONITORING_DEFAULTS.metricsServer).toBe(true);
      expect(CLUSTER_MONITORING_DEFAULTS.defaultAlertRules).toBe(true);
      expect(PROMETHEUS_DEFAULTS.replicas).toBe(2);
      expect(PROMETHEUS_DEFAULTS.retention).toBe('15d');
      expect(PROMETHEUS_DEFAULTS.storage()).toStrictEqual(PrometheusStorage.persistent({ size: '50Gi' }));
      expect(ALERTMANAGER_DEFAULTS.replicas).toBe(3);
      expect(cluster.addOn(MONITORING)).toBeInstanceOf(ClusterMonitoring);
    });

    test('the namespace is privileged for node-exporter\'s host access', () => {
      expect(objectNamed(objects, 'Namespace', 'monitoring').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    });

    test('Prometheus: two replicas, 15 days, a 50Gi volume of the default StorageClass, the cluster as external label, every monitor selected', () => {
      const spec = objectNamed(objects, 'Prometheus', 'k8s').spec;
      expect({ replicas: spec.replicas, retention: spec.retention, storage: spec.storage, externalLabels: spec.externalLabels }).toStrictEqual({
        replicas: 2,
        retention: '15d',
        storage: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local', resources: { requests: { storage: '50Gi' } } } } },
        externalLabels: { cluster: 'test' },
      });
      expect([spec.serviceMonitorSelector, spec.serviceMonitorNamespaceSelector, spec.podMonitorSelector, spec.ruleSelector, spec.ruleNamespaceSelector]).toStrictEqual([{}, {}, {}, {}, {}]);
      expect(spec.resources).toStrictEqual({ requests: { cpu: '200m', memory: '2Gi' }, limits: { memory: '4Gi' } });
    });

    test('the alert rules are one PrometheusRule with the default groups', () => {
      const rule = objectNamed(objects, 'PrometheusRule', 'clusterforge-rules');
      expect(rule.spec.groups.map((g: any) => g.name)).toStrictEqual(['clusterforge.general', 'clusterforge.nodes', 'clusterforge.etcd', 'clusterforge.apiserver', 'clusterforge.workloads', 'clusterforge.network']);
    });

    test('every image is a pin of lib/versions', () => {
      const images = objects.flatMap((o: any) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.image)).concat(objects.filter((o) => ['Prometheus', 'Alertmanager'].includes(o.kind)).map((o: any) => o.spec.image));
      const pinned = new Set(Object.values(MONITORING_PINS).filter((v): v is { repository: string; tag: string } => typeof v === 'object').map((p) => `${p.repository}:${p.tag}`));
      const monitoringImages = images.filter((i: string) => /prometheus|alertmanager|node-exporter|kube-state-metrics|metrics-server|kube-rbac-proxy|grafana/.test(i));
      expect(monitoringImages.filter((i: string) => !pinned.has(i))).toStrictEqual([]);
    });

    test('synthesis is deterministic', () => {
      const render = () => [...renderClusterFiles(synthesizeCluster(monitoringCluster())).entries()];
      expect(render()).toStrictEqual(render());
    });
  });

  test('props override the defaults', () => {
    const objects = manifests(
      synth(
        monitoringCluster({
          namespace: 'observability',
          prometheus: {
            replicas: 1,
            retention: '30d',
            retentionSize: '45GB',
            storage: PrometheusStorage.ephemeral(),
            externalLabels: { region: 'eu-1' },
            serviceMonitorSelector: { team: 'platform' },
            ruleSelector: { prometheus: 'main' },
          },
          alertmanager: false,
          metricsServer: false,
          defaultAlertRules: false,
        }),
      ),
    );
    const spec = objectNamed(objects, 'Prometheus', 'k8s', 'observability').spec;
    expect({ replicas: spec.replicas, retention: spec.retention, retentionSize: spec.retentionSize, storage: spec.storage, externalLabels: spec.externalLabels, alerting: spec.alerting }).toStrictEqual({
      replicas: 1,
      retention: '30d',
      retentionSize: '45GB',
      storage: undefined,
      externalLabels: { region: 'eu-1' },
      alerting: undefined,
    });
    expect(spec.serviceMonitorSelector).toStrictEqual({ matchLabels: { team: 'platform' } });
    // Every ServiceMonitor of the model carries the selector's labels, so this Prometheus scrapes them.
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor');
    expect(monitors.length).toBeGreaterThan(5);
    expect(monitors.filter((m) => m.metadata.labels?.team !== 'platform').map((m) => m.metadata.name)).toStrictEqual([]);
    // Our rules carry the rule selector's labels, so this Prometheus loads them.
    expect(objectNamed(objects, 'PrometheusRule', 'clusterforge-rules').metadata.labels.prometheus).toBe('main');
    expect(objects.filter((o) => ['Alertmanager', 'APIService'].includes(o.kind) || o.metadata.name === 'metrics-server')).toStrictEqual([]);
  });

  test('bootstrap/monitoring-runbook.md says how to create every referenced Secret and where each control-plane component is scraped', () => {
    const synthesis = synth(
      monitoringCluster({
        grafana: { adminCredentials: { secretName: 'grafana-admin' } },
        alertmanager: { receivers: [AlertReceiver.slack('slack', { apiUrl: { secretName: 'alerting', key: 'slack-url' }, channel: '#a' })], route: { receiver: 'slack' } },
        controlPlane: { etcd: { clientCertificateSecret: 'etcd-metrics-client' } },
      }),
    );
    const runbook = synthesis.bootstrapFiles.find((f) => f.path === 'monitoring-runbook.md')!.content;
    expect(runbook).toContain('kubectl apply --server-side -f https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.93.0/stripped-down-crds.yaml');
    expect(runbook).toContain('kubectl -n monitoring create secret generic alerting \\\n  --from-literal=slack-url=...');
    expect(runbook).toContain('kubectl -n monitoring create secret generic grafana-admin');
    expect(runbook).toContain('kubectl -n monitoring create secret generic etcd-metrics-client');
    expect(runbook).toContain('| etcd | etcd | 2379 | https | 10.0.0.11, 10.0.0.12, 10.0.0.13 |');
    // The CNI's targets, and what is left unscraped with the reason.
    expect(runbook).toContain('## calico scrape targets');
    expect(runbook).toContain('| calico-node | calico-system | 9091 | PodMonitor | host (node addresses) |');
    expect(runbook).toContain('| calico-typha | calico-system | 9093 | ServiceMonitor | host (node addresses) |');
    expect(runbook).toMatch(/calico-kube-controllers serve metrics on 9094, but .* tigera-prometheus/);
  });

  test('GATES.md lists Grafana\'s declared deviations', () => {
    expectDeviationsInGates(monitoringCluster({ grafana: { adminCredentials: { secretName: 'grafana-admin' } } }), GRAFANA_COMPONENT);
  });
});
