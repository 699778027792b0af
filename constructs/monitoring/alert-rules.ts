// The PromQL grammar of the Prometheus project (web/ui/module/lezer-promql). The package is an
// ES module with a CommonJS build; this CommonJS project loads the latter.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as {
  parser: { parse(input: string): { iterate(spec: { enter(node: { type: { isError: boolean }; from: number }): void }): void } };
};

// A typed model of Prometheus alerting rules and the default set. Metric names and label
// selectors are those of the kube-prometheus rules (prometheus-operator/kube-prometheus@cd97c0f7:
// manifests/*-prometheusRule.yaml: KubePodCrashLooping, KubeNodeNotReady,
// KubePersistentVolumeFillingUp, KubeletClientCertificateExpiration,
// KubeletServerCertificateExpiration, KubeClientCertificateExpiration, Watchdog) and of the etcd
// and CoreDNS mixins (etcd_server_has_leader; coredns_dns_responses_total, job "kube-dns").

/** How urgent an alert is; Alertmanager routes on it. */
export enum AlertSeverity {
  CRITICAL = 'critical',
  WARNING = 'warning',
  INFO = 'info',
  /** Never notified (the Watchdog). */
  NONE = 'none',
}

/** One alerting rule: a PromQL condition, how long it must hold, its severity and its text. */
export interface AlertRule {
  /** Alert name, CamelCase. */
  readonly alert: string;
  /** PromQL; the alert fires for every series it returns. */
  readonly expr: string;
  /**
   * How long the condition must hold before the alert fires, as a Prometheus duration.
   * @default - fires at the first evaluation
   */
  readonly for?: string | undefined;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly description: string;
  /** @default - none */
  readonly runbookUrl?: string | undefined;
  /** Extra labels. @default - none */
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** A named group of alerting rules, evaluated together. */
export interface AlertRuleGroup {
  readonly name: string;
  /** @default - Prometheus's evaluation interval */
  readonly interval?: string | undefined;
  readonly rules: readonly AlertRule[];
}

/** @internal A Prometheus duration: `1h30m`, `15d`, `500ms` (units y w d h m s ms, largest first). */
export const PROMETHEUS_DURATION = /^(?=\d)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
/** @internal What an error about a Prometheus duration expects. */
export const PROMETHEUS_DURATION_EXPECTED = 'a Prometheus duration such as 15d, 12h or 90m (units y, w, d, h, m, s, ms, largest first)';

/** @internal Why `expr` is not PromQL, or undefined when it parses. */
export function promqlSyntaxError(expr: unknown): string | undefined {
  if (typeof expr !== 'string' || expr.trim() === '') return 'empty expression';
  const tree = parser.parse(expr);
  let at: number | undefined;
  tree.iterate({
    enter: (n) => {
      if (at === undefined && n.type.isError) at = n.from;
    },
  });
  if (at === undefined) return undefined;
  return at >= expr.trimEnd().length ? 'unexpected end of the expression' : `syntax error at character ${at + 1}: ${JSON.stringify(expr.slice(at, at + 20))}`;
}

/** @internal The `job` values an expression selects by equality (`job="x"`). */
export function jobsOf(expr: string): string[] {
  return [...new Set([...expr.matchAll(/\bjob\s*=\s*"([^"]+)"/g)].map((m) => m[1]))];
}

const RUNBOOKS = 'https://runbooks.prometheus-operator.dev/runbooks';

/** What the default alert rules are made for. */
export interface DefaultAlertRulesOptions {
  /** Names of the CNI's node-agent DaemonSets (a regex alternative), for its health alert. */
  readonly cniDaemonSets: readonly string[];
  /**
   * `job` labels of the CNI's metrics endpoints (its agents, operator, Typha), for the alert
   * that one stopped answering.
   * @default - none
   */
  readonly cniJobs?: readonly string[] | undefined;
  /** Whether CoreDNS is part of the model. */
  readonly coreDns: boolean;
}

/** The default alert rules of clusterforge's monitoring. */
export function defaultAlertRules(options: DefaultAlertRulesOptions): AlertRuleGroup[] {
  const groups: AlertRuleGroup[] = [
    {
      name: 'clusterforge.general',
      rules: [
        {
          alert: 'Watchdog',
          expr: 'vector(1)',
          severity: AlertSeverity.NONE,
          summary: 'An alert that always fires, to prove the alerting pipeline works end to end.',
          description: 'Always firing. A dead man\'s switch outside the cluster should page when it stops arriving.',
          runbookUrl: `${RUNBOOKS}/general/watchdog`,
        },
      ],
    },
    {
      name: 'clusterforge.nodes',
      rules: [
        {
          alert: 'NodeDown',
          expr: 'up{job="node-exporter"} == 0',
          for: '5m',
          severity: AlertSeverity.CRITICAL,
          summary: 'A node stopped answering.',
          description: 'node-exporter on {{ $labels.instance }} has not been reachable for 5 minutes: the node is down or cut off.',
          runbookUrl: `${RUNBOOKS}/general/targetdown`,
        },
        {
          alert: 'KubeNodeNotReady',
          expr: 'kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"} == 0',
          for: '15m',
          severity: AlertSeverity.WARNING,
          summary: 'Node is not ready.',
          description: '{{ $labels.node }} has been unready for more than 15 minutes.',
          runbookUrl: `${RUNBOOKS}/kubernetes/kubenodenotready`,
        },
      ],
    },
    {
      name: 'clusterforge.etcd',
      rules: [
        {
          alert: 'EtcdNoLeader',
          expr: 'etcd_server_has_leader{job="etcd"} == 0',
          for: '1m',
          severity: AlertSeverity.CRITICAL,
          summary: 'etcd member has no leader.',
          description: 'etcd member {{ $labels.instance }} has no leader: writes to the cluster fail.',
          runbookUrl: `${RUNBOOKS}/etcd/etcdnoleader`,
        },
        {
          alert: 'EtcdInsufficientMembers',
          expr: 'sum by (job) (up{job="etcd"} == bool 1) < ((count by (job) (up{job="etcd"}) + 1) / 2)',
          for: '3m',
          severity: AlertSeverity.CRITICAL,
          summary: 'etcd is below quorum.',
          description: 'Fewer than a majority of etcd members are up ({{ $value }}): the API server cannot write.',
          runbookUrl: `${RUNBOOKS}/etcd/etcdinsufficientmembers`,
        },
      ],
    },
    {
      name: 'clusterforge.apiserver',
      rules: [
        {
          alert: 'KubeAPIErrorsHigh',
          expr: 'sum(rate(apiserver_request_total{job="apiserver",code=~"5.."}[5m])) / sum(rate(apiserver_request_total{job="apiserver"}[5m])) > 0.05',
          for: '10m',
          severity: AlertSeverity.WARNING,
          summary: 'The API server answers many requests with 5xx.',
          description: '{{ $value | humanizePercentage }} of API server requests failed with a server error.',
          runbookUrl: `${RUNBOOKS}/kubernetes/kubeapierrorbudgetburn`,
        },
        {
          alert: 'KubeletClientCertificateExpiration',
          expr: 'kubelet_certificate_manager_client_ttl_seconds{job="kubelet"} < 604800',
          severity: AlertSeverity.WARNING,
          summary: 'Kubelet client certificate is about to expire.',
          description: 'The client certificate of the kubelet on {{ $labels.node }} expires in {{ $value | humanizeDuration }}.',
          runbookUrl: `${RUNBOOKS}/kubernetes/kubeletclientcertificateexpiration`,
        },
        {
          // Only kubelets that rotate their serving certificate (serverTLSBootstrap) expose the
          // metric; with kubeadm's self-signed serving certificates the rule stays silent.
          alert: 'KubeletServerCertificateExpiration',
          expr: 'kubelet_certificate_manager_server_ttl_seconds{job="kubelet"} < 604800',
          severity: AlertSeverity.WARNING,
          summary: 'Kubelet server certificate is about to expire.',
          description: 'The serving certificate of the kubelet on {{ $labels.node }} expires in {{ $value | humanizeDuration }}.',
          runbookUrl: `${RUNBOOKS}/kubernetes/kubeletservercertificateexpiration`,
        },
        {
          // The lowest percentile of the remaining lifetimes of the client certificates the API
          // server has seen, where it has seen any: kubeadm's admin and component certificates
          // expire after a year unless `kubeadm certs renew` runs.
          alert: 'KubeClientCertificateExpiration',
          expr:
            'histogram_quantile(0.01, sum without (namespace, service, endpoint) (rate(apiserver_client_certificate_expiration_seconds_bucket{job="apiserver"}[5m]))) < 604800 ' +
            'and on (job, instance) apiserver_client_certificate_expiration_seconds_count{job="apiserver"} > 0',
          for: '5m',
          severity: AlertSeverity.WARNING,
          summary: 'Client certificate is about to expire.',
          description: 'A client certificate used to authenticate to the API server on {{ $labels.instance }} expires in less than 7 days.',
          runbookUrl: `${RUNBOOKS}/kubernetes/kubeclientcertificateexpiration`,
        },
      ],
    },
    {
      name: 'clusterforge.workloads',
      rules: [
        {
          alert: 'KubePersistentVolumeFillingUp',
          expr: 'kubelet_volume_stats_available_bytes{job="kubelet",metrics_path="/metrics"} / kubelet_volume_stats_capacity_bytes{job="kubelet",metrics_path="/metrics"} < 0.03 and kubelet_volume_stats_used_bytes{job="kubelet",metrics_path="/metrics"} > 0',
          for: '1m',
          severity: AlertSeverity.CRITICAL,
          summary: 'PersistentVolume is filling up.',
          description: 'The volume of {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is only {{ $value | humanizePercentage }} free.',
          runbookUrl: `${RUNBOOKS}/kubernetes/kubepersistentvolumefillingup`,
        },
        {
          alert: 'KubePodCrashLooping',
          expr: 'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff",job="kube-state-metrics"}[5m]) >= 1',
          for: '15m',
          severity: AlertSeverity.WARNING,
          summary: 'Pod is crash looping.',
          description: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is waiting in CrashLoopBackOff.',
          runbookUrl: `${RUNBOOKS}/kubernetes/kubepodcrashlooping`,
        },
      ],
    },
  ];
  const network: AlertRule[] = [];
  if (options.cniDaemonSets.length > 0) {
    const ds = options.cniDaemonSets.join('|');
    network.push({
      alert: 'CniAgentUnavailable',
      expr: `kube_daemonset_status_desired_number_scheduled{job="kube-state-metrics",daemonset=~"${ds}"} - kube_daemonset_status_number_available{job="kube-state-metrics",daemonset=~"${ds}"} > 0`,
      for: '10m',
      severity: AlertSeverity.CRITICAL,
      summary: 'The CNI agent is not running on every node.',
      description: '{{ $value }} pods of {{ $labels.namespace }}/{{ $labels.daemonset }} are unavailable: pods on those nodes get no network.',
      runbookUrl: `${RUNBOOKS}/kubernetes/kubedaemonsetrolloutstuck`,
    });
  }
  if (options.cniJobs?.length) {
    network.push({
      alert: 'CniTargetDown',
      expr: `up{job=~"${options.cniJobs.join('|')}"} == 0`,
      for: '10m',
      severity: AlertSeverity.WARNING,
      summary: 'A CNI component stopped serving metrics.',
      description: '{{ $labels.job }} at {{ $labels.instance }} has not answered scrapes for 10 minutes: the agent on that node (or the CNI operator, Typha) is down, hung or cut off.',
      runbookUrl: `${RUNBOOKS}/general/targetdown`,
    });
  }
  if (options.coreDns) {
    network.push(
      {
        alert: 'CoreDNSDown',
        expr: 'absent(up{job="kube-dns"} == 1)',
        for: '15m',
        severity: AlertSeverity.CRITICAL,
        summary: 'CoreDNS has disappeared from Prometheus target discovery.',
        description: 'No CoreDNS replica has been scraped for 15 minutes: in-cluster name resolution is likely down.',
        runbookUrl: `${RUNBOOKS}/coredns/corednsdown`,
      },
      {
        alert: 'CoreDNSErrorsHigh',
        expr: 'sum(rate(coredns_dns_responses_total{job="kube-dns",rcode="SERVFAIL"}[5m])) / sum(rate(coredns_dns_responses_total{job="kube-dns"}[5m])) > 0.03',
        for: '10m',
        severity: AlertSeverity.WARNING,
        summary: 'CoreDNS is answering many requests with SERVFAIL.',
        description: '{{ $value | humanizePercentage }} of CoreDNS responses are SERVFAIL.',
        runbookUrl: `${RUNBOOKS}/coredns/corednserrorshigh`,
      },
    );
  }
  if (network.length > 0) groups.push({ name: 'clusterforge.network', rules: network });
  return groups;
}

/** One rule as the Prometheus rule file (and the PrometheusRule CRD) writes it. */
function renderRule(r: AlertRule): Record<string, unknown> {
  return {
    alert: r.alert,
    expr: r.expr,
    ...(r.for ? { for: r.for } : {}),
    labels: { ...(r.labels ?? {}), severity: r.severity },
    annotations: { summary: r.summary, description: r.description, ...(r.runbookUrl ? { runbook_url: r.runbookUrl } : {}) },
  };
}

/** @internal The `groups:` of a Prometheus rule file; also the spec of a PrometheusRule. */
export function renderRuleGroups(groups: readonly AlertRuleGroup[]): { groups: Record<string, unknown>[] } {
  return { groups: groups.map((g) => ({ name: g.name, ...(g.interval ? { interval: g.interval } : {}), rules: g.rules.map(renderRule) })) };
}
