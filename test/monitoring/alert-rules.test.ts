import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AlertRuleGroup, defaultAlertRules } from '../../constructs/monitoring';
import { jobsOf, promqlSyntaxError, renderRuleGroups } from '../../constructs/monitoring/alert-rules';
import { toYaml } from '../../lib/synth/yaml';
import { definePlatform } from '../../examples/platform';
import { manifests, synth } from '../support/synth';
import { KP } from './fixtures';
import { requiredTool, run } from './real-tools';

const promtool = requiredTool('promtool', 'prometheus');
const describeIfPromtool = promtool ? describe : describe.skip;

const GROUPS = defaultAlertRules({ cniDaemonSets: ['calico-node', 'cilium'], cniJobs: ['calico-node', 'calico-typha'], coreDns: true });

/** The buckets of apiserver_client_certificate_expiration_seconds (kubernetes/apiserver@v0.35.7:pkg/authentication/request/x509/x509.go). */
const CERT_BUCKETS = ['0', '1800', '3600', '7200', '21600', '43200', '86400', '172800', '345600', '604800', '2592000', '7776000', '15552000', '31104000', '+Inf'];
/** Client certificates the API server saw, ten a minute, all with `remaining` seconds of validity left. */
function clientCertificates(remaining: number): Series {
  const series = (name: string, le?: string) => `${name}{job="apiserver",instance="10.0.0.11:6443"${le === undefined ? '' : `,le="${le}"`}}`;
  return {
    ...Object.fromEntries(CERT_BUCKETS.map((le) => [series('apiserver_client_certificate_expiration_seconds_bucket', le), le === '+Inf' || Number(le) >= remaining ? '0+10x15' : '0x15'])),
    [series('apiserver_client_certificate_expiration_seconds_count')]: '0+10x15',
  };
}

type Series = Record<string, string>;
/** Input series (selector -> values) under which an alert fires, and under which it stays quiet. */
interface AlertCase {
  readonly evalTime: string;
  readonly firing: Series;
  readonly healthy: Series;
  /** Labels of the fired alert besides alertname and severity. */
  readonly labels: Record<string, string>;
}

const CASES: Record<string, AlertCase> = {
  NodeDown: { evalTime: '10m', firing: { 'up{job="node-exporter",instance="w-1"}': '0x10' }, healthy: { 'up{job="node-exporter",instance="w-1"}': '1x10' }, labels: { job: 'node-exporter', instance: 'w-1' } },
  KubeNodeNotReady: {
    evalTime: '20m',
    firing: { 'kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true",node="w-1"}': '0x20' },
    healthy: { 'kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true",node="w-1"}': '1x20' },
    labels: { job: 'kube-state-metrics', condition: 'Ready', status: 'true', node: 'w-1' },
  },
  EtcdNoLeader: { evalTime: '5m', firing: { 'etcd_server_has_leader{job="etcd",instance="cp-1"}': '0x5' }, healthy: { 'etcd_server_has_leader{job="etcd",instance="cp-1"}': '1x5' }, labels: { job: 'etcd', instance: 'cp-1' } },
  EtcdInsufficientMembers: {
    evalTime: '5m',
    firing: { 'up{job="etcd",instance="cp-1"}': '1x5', 'up{job="etcd",instance="cp-2"}': '0x5', 'up{job="etcd",instance="cp-3"}': '0x5' },
    healthy: { 'up{job="etcd",instance="cp-1"}': '1x5', 'up{job="etcd",instance="cp-2"}': '1x5', 'up{job="etcd",instance="cp-3"}': '0x5' },
    labels: { job: 'etcd' },
  },
  KubeAPIErrorsHigh: {
    evalTime: '15m',
    firing: { 'apiserver_request_total{job="apiserver",code="500"}': '0+10x20', 'apiserver_request_total{job="apiserver",code="200"}': '0+10x20' },
    healthy: { 'apiserver_request_total{job="apiserver",code="500"}': '0x20', 'apiserver_request_total{job="apiserver",code="200"}': '0+10x20' },
    labels: {},
  },
  KubeletClientCertificateExpiration: {
    evalTime: '1m',
    firing: { 'kubelet_certificate_manager_client_ttl_seconds{job="kubelet",node="w-1"}': '3600x2' },
    healthy: { 'kubelet_certificate_manager_client_ttl_seconds{job="kubelet",node="w-1"}': '2592000x2' },
    labels: { job: 'kubelet', node: 'w-1' },
  },
  KubeletServerCertificateExpiration: {
    evalTime: '1m',
    firing: { 'kubelet_certificate_manager_server_ttl_seconds{job="kubelet",node="w-1"}': '3600x2' },
    healthy: { 'kubelet_certificate_manager_server_ttl_seconds{job="kubelet",node="w-1"}': '2592000x2' },
    labels: { job: 'kubelet', node: 'w-1' },
  },
  KubeClientCertificateExpiration: {
    evalTime: '10m',
    // A day left on every certificate presented; a year left.
    firing: clientCertificates(86400),
    healthy: clientCertificates(31104000),
    labels: { job: 'apiserver', instance: '10.0.0.11:6443' },
  },
  KubePersistentVolumeFillingUp: {
    evalTime: '5m',
    firing: {
      'kubelet_volume_stats_available_bytes{job="kubelet",metrics_path="/metrics",namespace="data",persistentvolumeclaim="pg"}': '1x5',
      'kubelet_volume_stats_capacity_bytes{job="kubelet",metrics_path="/metrics",namespace="data",persistentvolumeclaim="pg"}': '100x5',
      'kubelet_volume_stats_used_bytes{job="kubelet",metrics_path="/metrics",namespace="data",persistentvolumeclaim="pg"}': '99x5',
    },
    healthy: {
      'kubelet_volume_stats_available_bytes{job="kubelet",metrics_path="/metrics",namespace="data",persistentvolumeclaim="pg"}': '50x5',
      'kubelet_volume_stats_capacity_bytes{job="kubelet",metrics_path="/metrics",namespace="data",persistentvolumeclaim="pg"}': '100x5',
      'kubelet_volume_stats_used_bytes{job="kubelet",metrics_path="/metrics",namespace="data",persistentvolumeclaim="pg"}': '50x5',
    },
    labels: { job: 'kubelet', metrics_path: '/metrics', namespace: 'data', persistentvolumeclaim: 'pg' },
  },
  KubePodCrashLooping: {
    evalTime: '20m',
    firing: { 'kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff",job="kube-state-metrics",namespace="payments",pod="api-0",container="api"}': '1x20' },
    healthy: { 'kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff",job="kube-state-metrics",namespace="payments",pod="api-0",container="api"}': '0x20' },
    labels: { reason: 'CrashLoopBackOff', job: 'kube-state-metrics', namespace: 'payments', pod: 'api-0', container: 'api' },
  },
  CniAgentUnavailable: {
    evalTime: '15m',
    firing: {
      'kube_daemonset_status_desired_number_scheduled{job="kube-state-metrics",namespace="calico-system",daemonset="calico-node"}': '6x15',
      'kube_daemonset_status_number_available{job="kube-state-metrics",namespace="calico-system",daemonset="calico-node"}': '5x15',
    },
    healthy: {
      'kube_daemonset_status_desired_number_scheduled{job="kube-state-metrics",namespace="calico-system",daemonset="calico-node"}': '6x15',
      'kube_daemonset_status_number_available{job="kube-state-metrics",namespace="calico-system",daemonset="calico-node"}': '6x15',
    },
    labels: { job: 'kube-state-metrics', namespace: 'calico-system', daemonset: 'calico-node' },
  },
  CniTargetDown: {
    evalTime: '15m',
    firing: { 'up{job="calico-node",instance="10.0.1.1:9091"}': '0x15', 'up{job="calico-typha",instance="10.0.1.2:9093"}': '1x15' },
    healthy: { 'up{job="calico-node",instance="10.0.1.1:9091"}': '1x15', 'up{job="calico-typha",instance="10.0.1.2:9093"}': '1x15' },
    labels: { job: 'calico-node', instance: '10.0.1.1:9091' },
  },
  CoreDNSDown: { evalTime: '20m', firing: { 'up{job="kube-dns",instance="coredns-0"}': '0x20' }, healthy: { 'up{job="kube-dns",instance="coredns-0"}': '1x20' }, labels: {} },
  CoreDNSErrorsHigh: {
    evalTime: '15m',
    firing: { 'coredns_dns_responses_total{job="kube-dns",rcode="SERVFAIL"}': '0+10x15', 'coredns_dns_responses_total{job="kube-dns",rcode="NOERROR"}': '0+10x15' },
    healthy: { 'coredns_dns_responses_total{job="kube-dns",rcode="SERVFAIL"}': '0x15', 'coredns_dns_responses_total{job="kube-dns",rcode="NOERROR"}': '0+10x15' },
    labels: {},
  },
};

function write(dir: string, name: string, value: unknown): string {
  fs.writeFileSync(path.join(dir, name), toYaml(value));
  return name;
}

/** The rule file with annotations dropped: promtool compares annotations, whose templates it expands; the unit tests are about the expressions. */
function withoutAnnotations(groups: readonly AlertRuleGroup[]): unknown {
  const file = renderRuleGroups(groups);
  return { groups: file.groups.map((g: any) => ({ ...g, rules: g.rules.map(({ annotations: _a, ...r }: any) => r) })) };
}

describe('default alert rules', () => {
  const rules = GROUPS.flatMap((g) => g.rules);

  test('cover node down, etcd leader and quorum, API errors, kubelet client and server and API client certificates, full volumes, crash loops, the CNI (agents and metrics targets) and CoreDNS', () => {
    expect(rules.map((r) => r.alert)).toStrictEqual(['Watchdog', ...Object.keys(CASES)]);
  });

  test('every expression parses as PromQL', () => {
    expect(rules.filter((r) => promqlSyntaxError(r.expr) !== undefined)).toStrictEqual([]);
  });

  test('a broken expression is located', () => {
    expect(promqlSyntaxError('sum(rate(up[5m])')).toBe('unexpected end of the expression');
    expect(promqlSyntaxError('up{job="x"} > > 1')).toMatch(/^syntax error at character/);
  });

  test('use only metric names kube-prometheus\'s rules (or the etcd and CoreDNS mixins) use', () => {
    const upstreamRules = fs
      .readdirSync(path.join(__dirname, '../../../shared/upstream', KP))
      .filter((f) => f.endsWith('prometheusRule.yaml'))
      .map((f) => fs.readFileSync(path.join(__dirname, '../../../shared/upstream', KP, f), 'utf8'))
      .join('\n');
    const MIXINS = new Set(['etcd_server_has_leader', 'coredns_dns_responses_total']);
    const metrics = [...new Set(rules.flatMap((r) => [...r.expr.matchAll(/\b([a-z_:][a-z0-9_:]*)\s*(?=\{)/g)].map((m) => m[1])))].filter((m) => !['by', 'without', 'on', 'and'].includes(m));
    expect(metrics.filter((m) => !MIXINS.has(m) && !upstreamRules.includes(m))).toStrictEqual([]);
  });

  test('select jobs by the names their ServiceMonitors give them', () => {
    expect([...new Set(rules.flatMap((r) => jobsOf(r.expr)))].sort()).toStrictEqual(['apiserver', 'etcd', 'kube-dns', 'kube-state-metrics', 'kubelet', 'node-exporter']);
  });
});

describeIfPromtool('promtool (Debian prometheus)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-promtool-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('check rules accepts the rendered rule file', () => {
    const file = write(dir, 'rules.yaml', renderRuleGroups(GROUPS));
    expect(run(promtool!, ['check', 'rules', file], dir)).toMatch(/SUCCESS: \d+ rules found/);
  });

  test('check rules accepts every PrometheusRule the platform example renders', () => {
    const rulesObjects = manifests(synth(definePlatform())).filter((o) => o.kind === 'PrometheusRule');
    expect(rulesObjects.length).toBeGreaterThan(0);
    for (const r of rulesObjects) {
      const file = write(dir, `${r.metadata.name}.yaml`, (r as any).spec);
      expect(run(promtool!, ['check', 'rules', file], dir)).toMatch(/SUCCESS: \d+ rules found/);
    }
  });

  test('check rules refuses a file whose expression does not parse', () => {
    const file = write(dir, 'bad.yaml', renderRuleGroups([{ name: 'bad', rules: [{ ...GROUPS[0].rules[0], expr: 'sum(rate(up[5m])' }] }]));
    expect(() => run(promtool!, ['check', 'rules', file], dir)).toThrow(/parse error|unclosed/);
  });

  test('test rules: each default alert fires on its failure series and stays quiet on healthy ones', () => {
    const rulesFile = write(dir, 'rules-under-test.yaml', withoutAnnotations(GROUPS));
    const severity = new Map(GROUPS.flatMap((g) => g.rules).map((r) => [r.alert, r.severity]));
    const inputs = (s: Series) => Object.entries(s).map(([series, values]) => ({ series, values }));
    const tests = [
      { interval: '1m', input_series: [], alert_rule_test: [{ eval_time: '1m', alertname: 'Watchdog', exp_alerts: [{ exp_labels: { severity: 'none' } }] }] },
      ...Object.entries(CASES).flatMap(([alertname, c]) => [
        {
          name: `${alertname} fires`,
          interval: '1m',
          input_series: inputs(c.firing),
          alert_rule_test: [{ eval_time: c.evalTime, alertname, exp_alerts: [{ exp_labels: { ...c.labels, severity: severity.get(alertname) } }] }],
        },
        { name: `${alertname} stays quiet`, interval: '1m', input_series: inputs(c.healthy), alert_rule_test: [{ eval_time: c.evalTime, alertname, exp_alerts: [] }] },
      ]),
    ];
    const testFile = write(dir, 'rules.test.yaml', { rule_files: [rulesFile], evaluation_interval: '1m', tests });
    expect(run(promtool!, ['test', 'rules', testFile], dir)).toContain('SUCCESS');
  });
});
