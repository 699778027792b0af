import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AlertReceiver, AlertSeverity, ClusterMonitoring, PrometheusStorage, ServiceMonitor } from '../../constructs/monitoring';
import { ClusterValidationError, formatProblem, synthesizeToDirectory } from '../../lib';
import { newCluster, synthErrors, synthWarnings } from '../support/synth';
import { monitoringCluster } from './fixtures';

function errorLines(...args: Parameters<typeof monitoringCluster>): string[] {
  return synthErrors(monitoringCluster(...args)).map(formatProblem);
}

describe('ClusterMonitoring errors', () => {
  test('a retention that is not a Prometheus duration is refused, and nothing is written', () => {
    // GIVEN a previous output
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-monitoring-'));
    fs.writeFileSync(path.join(outdir, 'marker'), 'previous output');
    const cluster = monitoringCluster({ prometheus: { retention: '2 weeks' } });

    // WHEN
    let error: unknown;
    try {
      synthesizeToDirectory(cluster, outdir);
    } catch (e) {
      error = e;
    }

    // THEN
    expect(error).toBeInstanceOf(ClusterValidationError);
    expect((error as ClusterValidationError).errors.map(formatProblem)).toStrictEqual([
      '[error] test/Monitoring (prometheus.retention): not a Prometheus duration; the operator would refuse the Prometheus resource (received "2 weeks"; expected a Prometheus duration such as 15d, 12h or 90m (units y, w, d, h, m, s, ms, largest first)) [monitoring/duration]',
    ]);
    expect(fs.readdirSync(outdir)).toStrictEqual(['marker']);
  });

  test('persistent storage without any StorageClass, or naming a class the model lacks, is refused', () => {
    const cluster = newCluster();
    new ClusterMonitoring(cluster, 'Monitoring');
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/Monitoring (prometheus.storage): persistent storage with no StorageClass given and no default StorageClass in the model; the Prometheus volumes would stay Pending (received []; expected PrometheusStorage.persistent({ storageClass }) naming a StorageClass of the model, a default StorageClass, or PrometheusStorage.ephemeral()) [monitoring/storage-class]',
    ]);
    expect(errorLines({ prometheus: { storage: PrometheusStorage.persistent({ storageClass: 'ssd' }) } })).toStrictEqual([
      '[error] test/Monitoring (prometheus.storage.storageClass): no StorageClass of that name in the model; the Prometheus volumes would stay Pending (received "ssd"; expected one of local) [monitoring/storage-class]',
    ]);
  });

  test('an Alertmanager receiver with an inline secret is refused without echoing it', () => {
    const receivers = [AlertReceiver.none('null'), AlertReceiver.slack('slack', { apiUrl: 'https://hooks.slack.com/services/T000/B000/XXXX' as never, channel: '#alerts' })];
    expect(errorLines({ alertmanager: { receivers, route: { receiver: 'slack' } } })).toStrictEqual([
      "[error] test/Monitoring (alertmanager.receivers[1].apiUrl): receiver 'slack' must read its credential from a Secret; an inline value would be written to Git (received \"***\"; expected { secretName, key } of a Secret in the monitoring namespace) [monitoring/inline-secret]",
    ]);
  });

  test('a route to a receiver that does not exist is refused', () => {
    expect(errorLines({ alertmanager: { receivers: [AlertReceiver.none('null')], route: { receiver: 'null', routes: [{ receiver: 'pager', matchers: [{ name: 'severity', value: 'critical' }] }] } } })).toStrictEqual([
      '[error] test/Monitoring (alertmanager.route): the routing tree names a receiver that is not defined; Alertmanager refuses the configuration (received "pager"; expected one of null) [monitoring/receiver]',
    ]);
  });

  test('a ServiceMonitor naming a port its Service lacks is refused', () => {
    const cluster = monitoringCluster();
    new ServiceMonitor(cluster, 'BadMonitor', { name: 'kube-state-metrics-typo', namespace: 'monitoring', selector: { 'app.kubernetes.io/name': 'kube-state-metrics' }, endpoints: [{ port: 'http-main' }] });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/BadMonitor (endpoints[0].port): no Service the ServiceMonitor selects (monitoring/kube-state-metrics) exposes a port of that name; Prometheus would scrape nothing (received "http-main"; expected one of https-main, https-self) [monitoring/service-monitor-port]',
    ]);
  });

  test('metrics-server while the API server\'s front-proxy settings are disabled is refused', () => {
    const lines = errorLines(
      {},
      {
        controlPlane: {
          nodes: [{ name: 'cp-1', address: '10.0.0.11' }],
          apiServerExtraArgs: [{ name: 'requestheader-allowed-names', value: 'aggregator' }],
        },
      },
    );
    // The flag is also owned by the model (security.authentication.authenticatingProxy), so both refusals appear.
    expect(lines).toStrictEqual([
      '[error] test/ControlPlane (apiServerExtraArgs[0]): kube-apiserver --requestheader-allowed-names is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition (received "--requestheader-allowed-names=aggregator"; expected no --requestheader-allowed-names extra arg: set ControlPlaneProps.security.authentication.authenticatingProxy instead: it adds the proxy to kubeadm\'s front-proxy settings, which the aggregation layer (metrics-server) needs intact) [control-plane/owned-flag]',
      '[error] test/Monitoring (metricsServer): metrics-server is served through the API aggregation layer, which the API server\'s --requestheader-allowed-names override breaks; kubectl top and every HorizontalPodAutoscaler would fail (received "controlPlane.apiServerExtraArgs requestheader-allowed-names=\\"aggregator\\""; expected kubeadm\'s front-proxy setting for --requestheader-allowed-names (front-proxy-client): remove the override, or metricsServer: false) [monitoring/aggregation-layer]',
    ]);
  });

  test('a PromQL expression that does not parse is refused, with the rule located', () => {
    const alertRules = [{ name: 'team', rules: [{ alert: 'Broken', expr: 'sum(rate(http_requests_total{job="api"}[5m])', severity: AlertSeverity.WARNING, summary: 's', description: 'd' }] }];
    expect(errorLines({ alertRules })).toStrictEqual([
      '[error] test/Monitoring (alertRules.team.Broken.expr): the expression does not parse as PromQL (unexpected end of the expression); Prometheus refuses the whole rule file (received "sum(rate(http_requests_total{job=\\"api\\"}[5m])"; expected a valid PromQL expression) [monitoring/promql]',
    ]);
  });

  test('every problem is reported at once', () => {
    const lines = errorLines({ prometheus: { retention: '1 year', replicas: 0, retentionSize: '10 gigs' }, alertRules: [{ name: 'g', interval: 'often', rules: [{ alert: 'A', expr: 'up ==', for: 'soon', severity: AlertSeverity.INFO, summary: 's', description: 'd' }] }] });
    expect(lines.map((l) => l.split(' [')[1])).toStrictEqual(['monitoring/duration]', 'monitoring/retention-size]', 'monitoring/replicas]', 'monitoring/duration]', 'monitoring/promql]', 'monitoring/duration]']);
  });
});

describe('ClusterMonitoring warnings', () => {
  test('a rule about a job no ServiceMonitor produces is a warning naming the scraped jobs', () => {
    const alertRules = [{ name: 'team', rules: [{ alert: 'ApiDown', expr: 'up{job="payments-api"} == 0', severity: AlertSeverity.CRITICAL, summary: 's', description: 'd' }] }];
    const warnings = synthWarnings(monitoringCluster({ alertRules })).filter((w) => w.rule === 'monitoring/unscraped-job');
    expect(warnings.map((w) => [w.field, w.received])).toStrictEqual([['alertRules.team.ApiDown.expr', 'payments-api']]);
    expect(warnings[0].expected).toContain('kube-state-metrics');
  });
});
