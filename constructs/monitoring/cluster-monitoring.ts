import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { AddOn, AddOnKey, Cluster, CrdSource, IModelValidator, Namespace, PodSecurityLevel, ValidationContext } from '../../lib';
import { deepFreeze, newL1 } from '../../lib/l1-object';
import { tcpPort } from '../../lib/net/network-policy';
import { storageClasses } from '../../lib/storage-class';
import { ApiObjectRenderer } from '../../lib/synth/api-object-json';
import { DNS1123_SUBDOMAIN_EXPECTED, isDns1123Subdomain } from '../../lib/validation/formats';
import { MONITORING_PINS } from '../../lib/versions/monitoring';
import { CNI } from '../networking/cluster-network';
import { AlertRuleGroup, PROMETHEUS_DURATION, PROMETHEUS_DURATION_EXPECTED, defaultAlertRules, jobsOf, promqlSyntaxError, renderRuleGroups } from './alert-rules';
import { AlertRoute, AlertmanagerCluster, AlertmanagerProps, routeReceivers } from './alertmanager';
import { CONTROL_PLANE_METRICS_PORTS, ControlPlaneTargets, EtcdScrapeOptions } from './control-plane-targets';
import { Grafana, GrafanaProps } from './grafana';
import { KubeStateMetrics } from './kube-state-metrics';
import { MetricsServer } from './metrics-server';
import { MonitoringNetworkPolicies } from './monitoring-network-policies';
import { NODE_EXPORTER_PORT, NodeExporter } from './node-exporter';
import type { Labels } from './labels';
import { PROMETHEUS_DEFAULTS, PrometheusProps, PrometheusServer, PrometheusStorage } from './prometheus';
import { MonitoringRunbookInput, monitoringRunbook } from './monitoring-runbook';
import { PrometheusOperator } from './prometheus-operator';
import { PodMonitor, ServiceMonitor } from './service-monitor';

/** The monitoring add-on's key. */
export const MONITORING = new AddOnKey<ClusterMonitoring>('monitoring');

/** Props of the monitoring add-on; each optional field documents its default. */
export interface ClusterMonitoringProps {
  /**
   * Namespace of the stack. Privileged for Pod Security: node-exporter uses the host network,
   * PID namespace and filesystem.
   * @default 'monitoring'
   */
  readonly namespace?: string | undefined;
  /** @default - see PrometheusProps for each field's default */
  readonly prometheus?: PrometheusProps | undefined;
  /**
   * Alertmanager, or `false` for none.
   * @default - three replicas with kube-prometheus's routing tree and no notifications
   */
  readonly alertmanager?: AlertmanagerProps | false | undefined;
  /**
   * Grafana, with Prometheus as its datasource.
   * @default - none
   */
  readonly grafana?: GrafanaProps | undefined;
  /**
   * metrics-server for the Resource Metrics API (`kubectl top`, HorizontalPodAutoscaler).
   * @default true
   */
  readonly metricsServer?: boolean | undefined;
  /** How the control plane is scraped. @default - etcd over its plain-HTTP metrics port */
  readonly controlPlane?: { readonly etcd?: EtcdScrapeOptions | undefined } | undefined;
  /**
   * Where the monitoring.coreos.com CRDs come from.
   * @default CrdSource.url(MONITORING_PINS.crdsUrl)
   */
  readonly crds?: CrdSource | undefined;
  /**
   * Include clusterforge's default alert rules.
   * @default true
   */
  readonly defaultAlertRules?: boolean | undefined;
  /** Further alert rule groups. @default - none */
  readonly alertRules?: readonly AlertRuleGroup[] | undefined;
}

/** @internal Defaults of ClusterMonitoringProps, resolved in one place. */
export const CLUSTER_MONITORING_DEFAULTS = {
  namespace: 'monitoring',
  metricsServer: true,
  defaultAlertRules: true,
  /** The pinned release's CRDs, by URL. */
  crds: (): CrdSource => CrdSource.url(MONITORING_PINS.crdsUrl),
} as const;

/** What scrapeAnnotatedWorkloads reads of a rendered NetworkPolicy. */
interface PolicyJson {
  readonly metadata: { readonly namespace?: string | undefined };
  readonly spec: {
    readonly podSelector?: { readonly matchLabels?: Record<string, string> | undefined } | undefined;
    readonly policyTypes?: readonly string[] | undefined;
  };
}

/**
 * Whether `obj` may render into namespace `ns`: its declared namespace, unless something besides
 * its declared data decides (a JSON patch, a custom resolver, a toJson of its own, a value only a
 * resolver knows).
 */
function mayBeIn(obj: ApiObject, ns: string, renderer: ApiObjectRenderer): boolean {
  const declared: unknown = obj.metadata.namespace;
  return declared === ns || typeof declared !== 'string' || !renderer.rendersAsDeclared(obj);
}

/** A policy that cannot render: it isolates nothing here. */
const UNRENDERABLE: PolicyJson = { metadata: {}, spec: { policyTypes: [] } };
const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);
/** Node-agent DaemonSets of every CNI clusterforge deploys, for the CNI health alert. */
const CNI_DAEMONSETS = ['calico-node', 'canal', 'cilium', 'kube-flannel-ds', 'weave-net'];
const RETENTION_SIZE = /^(0|([0-9]*[.])?[0-9]+(B|KB|MB|GB|TB|PB|EB))$/;
/**
 * The API server's front-proxy (requestheader) settings kubeadm writes for the aggregation
 * layer (the certificate flags themselves are owned by the model). Aggregated API servers
 * such as metrics-server trust requests only with these intact.
 */
const AGGREGATION_FLAGS: Readonly<Record<string, (value: string) => boolean>> = {
  // kubeadm: front-proxy-client, the CN of the certificate the API server proxies with.
  'requestheader-allowed-names': (v) => v.split(',').map((s) => s.trim()).includes('front-proxy-client'),
  'requestheader-username-headers': (v) => v.trim() !== '',
  'requestheader-group-headers': (v) => v.trim() !== '',
  'requestheader-extra-headers-prefix': (v) => v.trim() !== '',
};

/** Who Prometheus is, for NetworkPolicies of other namespaces that let it in. */
export interface PrometheusPeer {
  readonly namespace: string;
  readonly podLabels: Labels;
}

/**
 * Prometheus monitoring shaped like kube-prometheus: the Prometheus Operator and its CRDs,
 * a Prometheus, Alertmanager, node-exporter, kube-state-metrics, metrics-server, optional
 * Grafana, scrape targets for the control plane generated from the topology, and alert rules
 * checked at synthesis. Other add-ons register their ServiceMonitors when it is present.
 */
export class ClusterMonitoring extends AddOn implements IModelValidator {
  public readonly namespace: string;
  public readonly prometheus: PrometheusServer;
  public readonly alertmanager?: AlertmanagerCluster;
  public readonly grafana?: Grafana;
  public readonly controlPlaneTargets: ControlPlaneTargets;
  public readonly ruleGroups: AlertRuleGroup[];
  private readonly props: ClusterMonitoringProps;
  private prepared = false;

  constructor(cluster: Cluster, id: string, props: ClusterMonitoringProps = {}) {
    super(cluster, id, { key: MONITORING });
    this.props = props;
    const ns = (this.namespace = props.namespace ?? CLUSTER_MONITORING_DEFAULTS.namespace);
    new Namespace(this, 'Namespace', { name: ns, podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });

    const operator = new PrometheusOperator(this, 'Operator', { namespace: ns, crds: props.crds ?? CLUSTER_MONITORING_DEFAULTS.crds() });
    const am = props.alertmanager === false ? undefined : new AlertmanagerCluster(this, 'Alertmanager', { ...(props.alertmanager ?? {}), namespace: ns });
    this.alertmanager = am;
    const p = props.prometheus ?? {};
    this.prometheus = new PrometheusServer(this, 'Prometheus', {
      namespace: ns,
      props: p,
      storageClassName: this.storageClassName(),
      externalLabels: p.externalLabels ?? { cluster: cluster.clusterName },
      ...(am ? { alertmanager: { name: am.serviceName, port: 'web' } } : {}),
    });
    const nodeExporter = new NodeExporter(this, 'NodeExporter', { namespace: ns });
    const ksm = new KubeStateMetrics(this, 'KubeStateMetrics', { namespace: ns });
    if (props.metricsServer ?? CLUSTER_MONITORING_DEFAULTS.metricsServer) new MetricsServer(this, 'MetricsServer', { monitoringNamespace: ns });
    const hasCoreDns = cluster.addOn(CNI) !== undefined;
    this.controlPlaneTargets = new ControlPlaneTargets(this, 'ControlPlane', { namespace: ns, coreDns: hasCoreDns, ...(props.controlPlane?.etcd ? { etcd: props.controlPlane.etcd } : {}) });
    if (props.grafana) {
      this.grafana = new Grafana(this, 'Grafana', { ...props.grafana, namespace: ns, prometheusUrl: `http://prometheus-k8s.${ns}.svc:${this.prometheus.port}` });
    }

    this.ruleGroups = [
      ...((props.defaultAlertRules ?? CLUSTER_MONITORING_DEFAULTS.defaultAlertRules) ? defaultAlertRules({ cniDaemonSets: cluster.addOn(CNI) ? CNI_DAEMONSETS : [], cniJobs: [...new Set((cluster.addOn(CNI)?.cni.metricsEndpoints() ?? []).map((e) => e.job))], coreDns: hasCoreDns }) : []),
      ...(props.alertRules ?? []),
    ];
    new ApiObject(this, 'Rules', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'clusterforge-rules', namespace: ns, labels: { ...this.prometheus.podLabels, ...(p.ruleSelector ?? {}) } },
      spec: renderRuleGroups(this.ruleGroups),
    } as never);

    cluster.addBootstrapFile('monitoring-runbook.md', {
      render: () =>
        monitoringRunbook({
          namespace: ns,
          receivers: am?.receivers ?? [],
          grafana: props.grafana
            ? { secretName: props.grafana.adminCredentials.secretName, usernameKey: props.grafana.adminCredentials.usernameKey ?? 'admin-user', passwordKey: props.grafana.adminCredentials.passwordKey ?? 'admin-password' }
            : undefined,
          etcdClientSecret: props.controlPlane?.etcd?.clientCertificateSecret,
          targets: this.controlPlaneTargets.targets,
          crdsUrl: operator.crdsUrls[0],
          cni: this.cniMetrics(),
        }),
    });

    const P = CONTROL_PLANE_METRICS_PORTS;
    new MonitoringNetworkPolicies(this, 'NetworkPolicies', {
      namespace: ns,
      prometheus: { podLabels: this.prometheus.podLabels, port: this.prometheus.port },
      ...(am ? { alertmanager: { podLabels: am.podLabels, port: am.port } } : {}),
      ...(this.grafana ? { grafana: { podLabels: this.grafana.podLabels, port: this.grafana.port, allowFromNamespaces: props.grafana?.allowIngressFromNamespaces ?? [] } } : {}),
      operator: operator.podLabels,
      kubeStateMetrics: ksm.podLabels,
      nodeExporter: { podLabels: nodeExporter.podLabels, port: NODE_EXPORTER_PORT },
      nodeSubnets: cluster.networking.nodeSubnets,
      hostPorts: [P.apiServer, P.kubelet, P.scheduler, P.controllerManager, P.etcdMetrics, P.etcdClient, P.kubeProxy, ...cluster.etcd.members.flatMap((m) => [m.metricsPort, m.clientPort])],
    });
  }

  /** @internal The labels Prometheus selects monitors by; every ServiceMonitor and PodMonitor of the model gets them. */
  public monitorSelectorLabels(kind: 'ServiceMonitor' | 'PodMonitor'): Readonly<Record<string, string>> {
    const p = this.props.prometheus ?? {};
    return (kind === 'ServiceMonitor' ? p.serviceMonitorSelector : p.podMonitorSelector) ?? {};
  }

  /**
   * Lets Prometheus out to `ports` on the nodes, for host-network targets of other add-ons
   * (a CNI's node agents). Each call adds one egress NetworkPolicy for the Prometheus pods,
   * named `allow-prometheus-<name>`; calling again with the same name does nothing.
   */
  public allowScrapeOnNodes(name: string, ports: readonly number[]): void {
    const id = `NodeScrape-${name}`;
    if (this.node.tryFindChild(id) || ports.length === 0) return;
    const subnets = this.cluster.networking.nodeSubnets;
    new k8s.KubeNetworkPolicy(this, id, {
      metadata: { name: `allow-prometheus-${name}`, namespace: this.namespace },
      spec: {
        podSelector: { matchLabels: { ...this.prometheus.podLabels } },
        policyTypes: ['Egress'],
        egress: [
          {
            to: subnets.length ? subnets.map((cidr) => ({ ipBlock: { cidr } })) : [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }],
            ports: [...new Set(ports)].sort((a, b) => a - b).map(tcpPort),
          },
        ],
      },
    });
  }

  /** The CNI's metrics endpoints and notes, for the runbook. */
  private cniMetrics(): MonitoringRunbookInput['cni'] {
    const cni = this.cluster.addOn(CNI)?.cni;
    return cni ? { name: cni.name, endpoints: cni.metricsEndpoints(), notes: cni.metricsNotes() } : undefined;
  }

  /** Prometheus's namespace and pod labels, for NetworkPolicies that let it scrape. */
  public get prometheusPeer(): PrometheusPeer {
    return { namespace: this.namespace, podLabels: this.prometheus.podLabels };
  }

  /**
   * Tenants isolate their namespaces with default-deny policies; each tenant namespace gets
   * an ingress rule for Prometheus, so the tenants' own ServiceMonitors can be scraped.
   */
  public prepareForSynthesis(): void {
    if (this.prepared) return;
    this.prepared = true;
    this.scrapeAnnotatedWorkloads();
    const peer = this.prometheusPeer;
    // One spec for every tenant namespace, frozen: cdk8s only reads it.
    const spec: k8s.NetworkPolicySpec = deepFreeze({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } }, podSelector: { matchLabels: { ...peer.podLabels } } }] }],
    });
    for (const tenant of this.cluster.tenants) {
      // Once per namespace, as the tenant renders them: a list may name one twice.
      for (const ns of new Set(tenant.namespaces)) {
        // On the tenant's side, beside its default-deny: the namespace stays the tenant's.
        newL1(k8s.KubeNetworkPolicy, tenant, `AllowPrometheusScrape-${ns}`, { metadata: { name: 'allow-prometheus-scrape', namespace: ns }, spec });
      }
    }
  }

  /**
   * Workloads of other add-ons that announce metrics the Prometheus-annotation way
   * (`prometheus.io/scrape: "true"` on the pod template, as the Cilium operator does) get a
   * PodMonitor; the operator itself ignores those annotations.
   */
  private scrapeAnnotatedWorkloads(): void {
    // Add-ons that render their workloads at preparation (Velero) do it first; preparation
    // is idempotent, as synthesis may run more than once.
    for (const a of this.cluster.addOns) {
      if (a === this) continue;
      for (const c of a.node.findAll()) {
        const p = c as Partial<{ prepareForSynthesis(): void }>;
        if (typeof p.prepareForSynthesis === 'function') p.prepareForSynthesis();
      }
    }
    const scope = new Construct(this, 'AnnotatedWorkloads');
    const rendered = this.cluster.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    const renderer = new ApiObjectRenderer(this.cluster);
    const policies = rendered.filter((c) => c.kind === 'NetworkPolicy');
    const policyJson = new Map<ApiObject, PolicyJson>();
    /** Whether a NetworkPolicy of `ns` isolates pods with `labels` for ingress. */
    const isolated = (ns: string, labels: Record<string, string>): boolean =>
      policies.some((c) => {
        // Rendered only where they may apply, once: a thousand tenants have thousands of policies.
        if (!mayBeIn(c, ns, renderer)) return false;
        let p = policyJson.get(c);
        if (p === undefined) {
          try {
            p = renderer.render(c) as PolicyJson;
          } catch {
            p = UNRENDERABLE; // reported by synthesis at the object, with the model's errors
          }
          policyJson.set(c, p);
        }
        return (
          p.metadata.namespace === ns &&
          (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') &&
          Object.entries(p.spec.podSelector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
        );
      });
    const peer = this.prometheusPeer;
    // The CNI registers monitors for its own workloads (ClusterNetwork.prepareForSynthesis).
    const network = this.cluster.addOn(CNI);
    const ownMonitors = [this, ...(network ? [network] : [])].map((a) => `${a.node.path}/`);
    for (const c of rendered) {
      if (!WORKLOAD_KINDS.has(c.kind) || ownMonitors.some((p) => c.node.path.startsWith(p))) continue;
      let json: unknown;
      try {
        json = renderer.render(c);
      } catch {
        continue; // reported by synthesis, with the model's errors
      }
      const w = json as { metadata: { name: string; namespace?: string | undefined }; spec: { selector?: { matchLabels?: Record<string, string> | undefined } | undefined; template: { metadata?: { annotations?: Record<string, string> | undefined } | undefined } } };
      const a = w.spec.template.metadata?.annotations ?? {};
      const port = Number(a['prometheus.io/port']);
      if (a['prometheus.io/scrape'] !== 'true' || !Number.isInteger(port) || !w.spec.selector?.matchLabels) continue;
      const ns = w.metadata.namespace ?? 'default';
      new PodMonitor(scope, `${ns}-${w.metadata.name}`, {
        name: `${ns}-${w.metadata.name}`,
        namespace: this.namespace,
        namespaces: [ns],
        selector: w.spec.selector.matchLabels,
        endpoints: [{ port, path: a['prometheus.io/path'] ?? '/metrics', scheme: a['prometheus.io/scheme'] === 'https' ? 'https' : 'http', interval: '30s' }],
      });
      // Where the add-on's own policies isolate these pods, Prometheus is let in on that port.
      const podLabels = (w.spec.template.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
      if (isolated(ns, podLabels)) {
        new k8s.KubeNetworkPolicy(scope, `${ns}-${w.metadata.name}-policy`, {
          metadata: { name: `allow-prometheus-${w.metadata.name}`, namespace: ns },
          spec: {
            podSelector: { matchLabels: { ...w.spec.selector.matchLabels } },
            policyTypes: ['Ingress'],
            ingress: [
              {
                from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } }, podSelector: { matchLabels: { ...peer.podLabels } } }],
                ports: [tcpPort(port)],
              },
            ],
          },
        });
      }
    }
  }

  private storageClassName(): string | undefined {
    const s = this.props.prometheus?.storage ?? PROMETHEUS_DEFAULTS.storage();
    if (!s.persistent) return undefined;
    return s.storageClass ?? storageClasses(this.cluster).find((c) => c.isDefault)?.className;
  }

  public validateModel(context: ValidationContext): void {
    this.validatePrometheus(context);
    this.validateRules(context);
    if (this.alertmanager) this.validateAlertmanager(context, this.alertmanager);
    if (this.props.metricsServer ?? CLUSTER_MONITORING_DEFAULTS.metricsServer) this.validateAggregationLayer(context);
    const g = this.props.grafana;
    if (g && !isDns1123Subdomain(g.adminCredentials.secretName)) {
      context.error(this, { rule: 'monitoring/credentials', field: 'grafana.adminCredentials.secretName', message: 'not a valid Secret name', received: g.adminCredentials.secretName, expected: DNS1123_SUBDOMAIN_EXPECTED });
    }
    const etcdSecret = this.props.controlPlane?.etcd?.clientCertificateSecret;
    if (etcdSecret !== undefined && !isDns1123Subdomain(etcdSecret)) {
      context.error(this, { rule: 'monitoring/credentials', field: 'controlPlane.etcd.clientCertificateSecret', message: 'not a valid Secret name', received: etcdSecret, expected: DNS1123_SUBDOMAIN_EXPECTED });
    }
  }

  private validatePrometheus(context: ValidationContext): void {
    const p = this.props.prometheus ?? {};
    const retention = p.retention ?? PROMETHEUS_DEFAULTS.retention;
    if (typeof retention !== 'string' || !PROMETHEUS_DURATION.test(retention)) {
      context.error(this, { rule: 'monitoring/duration', field: 'prometheus.retention', message: 'not a Prometheus duration; the operator would refuse the Prometheus resource', received: retention, expected: PROMETHEUS_DURATION_EXPECTED });
    }
    if (p.retentionSize !== undefined && !RETENTION_SIZE.test(p.retentionSize)) {
      context.error(this, { rule: 'monitoring/retention-size', field: 'prometheus.retentionSize', message: 'not a Prometheus byte size', received: p.retentionSize, expected: 'a number with a unit of B, KB, MB, GB, TB, PB or EB, e.g. 45GB' });
    }
    const replicas = p.replicas ?? PROMETHEUS_DEFAULTS.replicas;
    if (!Number.isInteger(replicas) || replicas < 1) {
      context.error(this, { rule: 'monitoring/replicas', field: 'prometheus.replicas', message: 'not a number of Prometheus replicas', received: replicas, expected: 'a whole number, at least 1 (2 for redundancy)' });
    }
    const storage: PrometheusStorage = p.storage ?? PROMETHEUS_DEFAULTS.storage();
    if (!storage.persistent) return;
    const classes = storageClasses(this.cluster);
    if (storage.storageClass !== undefined && !classes.some((c) => c.className === storage.storageClass)) {
      context.error(this, {
        rule: 'monitoring/storage-class',
        field: 'prometheus.storage.storageClass',
        message: 'no StorageClass of that name in the model; the Prometheus volumes would stay Pending',
        received: storage.storageClass,
        expected: classes.length > 0 ? `one of ${classes.map((c) => c.className).join(', ')}` : 'a StorageClass added with cluster.addStorageClass()',
      });
    } else if (storage.storageClass === undefined && !classes.some((c) => c.isDefault)) {
      context.error(this, {
        rule: 'monitoring/storage-class',
        field: 'prometheus.storage',
        message: 'persistent storage with no StorageClass given and no default StorageClass in the model; the Prometheus volumes would stay Pending',
        received: classes.map((c) => c.className),
        expected: 'PrometheusStorage.persistent({ storageClass }) naming a StorageClass of the model, a default StorageClass, or PrometheusStorage.ephemeral()',
      });
    }
  }

  private validateRules(context: ValidationContext): void {
    const scraped = new Set(this.cluster.node.findAll().filter((c): c is ServiceMonitor => c instanceof ServiceMonitor).map((m) => m.job));
    const names = new Set<string>();
    this.ruleGroups.forEach((g, gi) => {
      const groupField = `alertRules.${g.name}`;
      if (names.has(g.name)) {
        context.error(this, { rule: 'monitoring/rule-group', field: groupField, message: 'two rule groups of one name; Prometheus refuses the rule file', received: g.name, expected: 'unique group names' });
      }
      names.add(g.name);
      if (g.interval !== undefined && !PROMETHEUS_DURATION.test(g.interval)) {
        context.error(this, { rule: 'monitoring/duration', field: `${groupField}.interval`, message: 'not a Prometheus duration', received: g.interval, expected: PROMETHEUS_DURATION_EXPECTED });
      }
      g.rules.forEach((r) => {
        const field = `${groupField}.${r.alert}`;
        const syntax = promqlSyntaxError(r.expr);
        if (syntax) {
          context.error(this, { rule: 'monitoring/promql', field: `${field}.expr`, message: `the expression does not parse as PromQL (${syntax}); Prometheus refuses the whole rule file`, received: r.expr, expected: 'a valid PromQL expression' });
        }
        if (r.for !== undefined && !PROMETHEUS_DURATION.test(r.for)) {
          context.error(this, { rule: 'monitoring/duration', field: `${field}.for`, message: 'not a Prometheus duration', received: r.for, expected: PROMETHEUS_DURATION_EXPECTED });
        }
        for (const job of syntax ? [] : jobsOf(r.expr)) {
          if (!scraped.has(job)) {
            context.warn(this, {
              rule: 'monitoring/unscraped-job',
              field: `${field}.expr`,
              message: 'the rule selects a job no ServiceMonitor of the model produces; it never fires (or, with absent(), always does)',
              received: job,
              expected: `one of ${[...scraped].sort().join(', ')}`,
            });
          }
        }
      });
      void gi;
    });
  }

  private validateAlertmanager(context: ValidationContext, am: AlertmanagerCluster): void {
    const names = new Set<string>();
    am.receivers.forEach((r, i) => {
      if (names.has(r.name)) {
        context.error(this, { rule: 'monitoring/receiver', field: `alertmanager.receivers[${i}].name`, message: 'two receivers of one name', received: r.name, expected: 'unique receiver names' });
      }
      names.add(r.name);
      for (const [key, value] of r.secretFields) {
        const ref = value as { secretName?: unknown; key?: unknown } | undefined;
        if (typeof ref !== 'object' || ref === null || !isDns1123Subdomain(ref.secretName) || typeof ref.key !== 'string' || ref.key === '') {
          context.error(this, {
            rule: 'monitoring/inline-secret',
            field: `alertmanager.receivers[${i}].${key}`,
            message: `receiver '${r.name}' must read its credential from a Secret; an inline value would be written to Git`,
            received: typeof value === 'string' ? '***' : value,
            expected: '{ secretName, key } of a Secret in the monitoring namespace',
          });
        }
      }
    });
    const walk = (route: AlertRoute, field: string): void => {
      for (const [k, v] of [['groupWait', route.groupWait], ['groupInterval', route.groupInterval], ['repeatInterval', route.repeatInterval]] as const) {
        if (v !== undefined && !PROMETHEUS_DURATION.test(v)) {
          context.error(this, { rule: 'monitoring/duration', field: `${field}.${k}`, message: 'not a duration', received: v, expected: PROMETHEUS_DURATION_EXPECTED });
        }
      }
      (route.routes ?? []).forEach((r, i) => walk(r, `${field}.routes[${i}]`));
    };
    walk(am.route, 'alertmanager.route');
    for (const name of new Set(routeReceivers(am.route))) {
      if (!names.has(name)) {
        context.error(this, { rule: 'monitoring/receiver', field: 'alertmanager.route', message: 'the routing tree names a receiver that is not defined; Alertmanager refuses the configuration', received: name, expected: `one of ${[...names].join(', ')}` });
      }
    }
  }

  /** metrics-server is an aggregated API: the API server must keep its front-proxy settings. */
  private validateAggregationLayer(context: ValidationContext): void {
    const cp = this.cluster.controlPlane;
    if (!cp) return;
    for (const [flag, keepsAggregation] of Object.entries(AGGREGATION_FLAGS)) {
      const arg = [...cp.apiServerExtraArgs].reverse().find((a) => a.name === flag);
      if (arg !== undefined && !keepsAggregation(arg.value)) {
        context.error(this, {
          rule: 'monitoring/aggregation-layer',
          field: 'metricsServer',
          message: `metrics-server is served through the API aggregation layer, which the API server's --${flag} override breaks; kubectl top and every HorizontalPodAutoscaler would fail`,
          received: `controlPlane.apiServerExtraArgs ${flag}=${JSON.stringify(arg.value)}`,
          expected: `kubeadm's front-proxy setting for --${flag}${flag === 'requestheader-allowed-names' ? ' (front-proxy-client)' : ''}: remove the override, or metricsServer: false`,
        });
      }
    }
  }
}
