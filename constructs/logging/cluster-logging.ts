import { AddOn, AddOnKey, Cluster, IModelValidator, Namespace, PodSecurityLevel, ValidationContext } from '../../lib';
import { storageClasses } from '../../lib/storage-class';
import { QUANTITY_EXPECTED, compareQuantities, parseQuantity } from '../../lib/tenancy/quantity';
import { DNS1123_SUBDOMAIN_EXPECTED, isDns1123Subdomain } from '../../lib/validation/formats';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { MONITORING } from '../monitoring/cluster-monitoring';
import { PodMonitor, ServiceMonitor } from '../monitoring/service-monitor';
import { ElasticsearchCluster, ElasticsearchTarget, heapQuantity } from './elasticsearch';
import { ContainerLogFormat, FluentBitDaemonSet } from './fluent-bit';
import { FluentdAggregator, FluentdAggregatorProps } from './fluentd-aggregator';
import { FluentdDaemonSet } from './fluentd-daemon-set';
import { KIBANA_DEFAULTS, Kibana, KibanaProps } from './kibana';
import { FluentBitCollector, LogCollector } from './log-collector';
import { ELASTICSEARCH_DEFAULTS, ElasticsearchStorage, ExternalElasticsearchStorage, LogStorage } from './log-storage';
import { LoggingNetworkPolicies } from './logging-network-policies';
import { loggingRunbook } from './logging-runbook';

/** The logging add-on's key. */
export const LOGGING = new AddOnKey<ClusterLogging>('logging');

/** Configures the logging add-on: the collector, where logs are stored, the optional aggregator and Kibana. */
export interface ClusterLoggingProps {
  /** Where logs are stored: `LogStorage.elasticsearch({...})` or `LogStorage.external({...})`. */
  readonly storage: LogStorage;
  /**
   * The agent on every node.
   * @default LogCollector.fluentBit()
   */
  readonly collector?: LogCollector | undefined;
  /**
   * Fluent Bit collectors forward to a Fluentd aggregator Deployment, which writes to storage.
   * @default - none: the collectors write to storage themselves
   */
  readonly aggregator?: FluentdAggregatorProps | undefined;
  /**
   * Kibana, wired to the storage; `false` for none.
   * @default - Kibana with its defaults
   */
  readonly kibana?: KibanaProps | false | undefined;
  /**
   * Namespace of every logging component. Privileged for Pod Security: the collectors mount
   * host log directories.
   * @default 'logging'
   */
  readonly namespace?: string | undefined;
  /**
   * The log format the nodes' container runtime writes.
   * @default ContainerLogFormat.CRI, which containerd and CRI-O (the runtimes the model configures) write
   */
  readonly logFormat?: ContainerLogFormat | undefined;
  /**
   * Path of the kube-apiserver audit log on control-plane nodes, collected into `audit-*` indices.
   * @default - the cluster's audit log (ControlPlaneProps.security.audit) when it has a control
   * plane that writes one, else none collected
   */
  readonly auditLogPath?: string | undefined;
}

/** @internal Defaults of `ClusterLoggingProps`, resolved here only. */
export const CLUSTER_LOGGING_DEFAULTS = {
  namespace: 'logging',
  logFormat: ContainerLogFormat.CRI,
  /** The default collector, Fluent Bit with its defaults; made anew on each call. */
  collector: (): LogCollector => LogCollector.fluentBit(),
} as const;

/** Keys of a raw plugin entry whose value is a secret; only `${ENV}` references may stand there. */
const SECRET_KEYS = /(passw|secret|token|shared_key|api_key)/i;

/**
 * Centralised logging: a collector on every node (Fluent Bit or Fluentd), optionally a
 * Fluentd aggregator, Elasticsearch (in the cluster or outside) and Kibana, with their RBAC
 * and NetworkPolicies in one privileged namespace.
 */
export class ClusterLogging extends AddOn implements IModelValidator {
  public readonly namespace: string;
  public readonly collector: LogCollector;
  public readonly storage: LogStorage;
  public readonly logFormat: ContainerLogFormat;
  /** @internal Where the collectors (or the aggregator) send records. */
  public readonly elasticsearch: ElasticsearchTarget;
  private readonly props: ClusterLoggingProps;
  /** What exposes Prometheus metrics, for the monitoring add-on when it is present. */
  private readonly metricsSources: LoggingMetricsSource[] = [];

  constructor(cluster: Cluster, id: string, props: ClusterLoggingProps) {
    super(cluster, id, { key: LOGGING });
    this.props = props;
    this.namespace = props.namespace ?? CLUSTER_LOGGING_DEFAULTS.namespace;
    this.collector = props.collector ?? CLUSTER_LOGGING_DEFAULTS.collector();
    this.storage = props.storage;
    this.logFormat = props.logFormat ?? CLUSTER_LOGGING_DEFAULTS.logFormat;
    const ns = this.namespace;

    new Namespace(this, 'Namespace', { name: ns, podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });

    const storage = props.storage;
    let es: ElasticsearchCluster | undefined;
    if (storage instanceof ElasticsearchStorage) {
      es = new ElasticsearchCluster(this, 'Elasticsearch', { namespace: ns, storage, storageClassName: this.storageClassName(storage) });
      this.elasticsearch = es.target;
    } else {
      this.elasticsearch = externalTarget(storage as ExternalElasticsearchStorage);
    }

    const aggregator =
      props.aggregator !== undefined
        ? new FluentdAggregator(this, 'Aggregator', { ...props.aggregator, namespace: ns, elasticsearch: this.elasticsearch })
        : undefined;

    const collector = this.collector;
    const collectorPods =
      collector instanceof FluentBitCollector
        ? new FluentBitDaemonSet(this, 'FluentBit', {
            namespace: ns,
            destination: aggregator
              ? { kind: 'forward', host: aggregator.host, port: aggregator.port }
              : { kind: 'elasticsearch', target: this.elasticsearch },
            logFormat: this.logFormat,
            filters: collector.filters,
            extraOutputs: collector.extraOutputs,
            collectKubeletLogs: collector.collectKubeletLogs,
            auditLogPath: this.auditLogPath,
            memoryLimit: collector.memoryLimit,
          }).podLabels
        : new FluentdDaemonSet(this, 'Fluentd', { namespace: ns, elasticsearch: this.elasticsearch, logFormat: this.logFormat, memoryLimit: collector.memoryLimit })
            .podLabels;

    if (collector instanceof FluentBitCollector) {
      // Fluent Bit's HTTP server: fluent/fluent-bit docs, monitoring (/api/v2/metrics/prometheus).
      this.metricsSources.push({ id: 'FluentBit', name: 'fluent-bit', kind: 'service', selector: collectorPods, portName: 'http', port: 2020, path: '/api/v2/metrics/prometheus' });
    } else {
      // The image's prometheus.conf serves /metrics on 24231 (fluentd-kubernetes-daemonset).
      this.metricsSources.push({ id: 'Fluentd', name: 'fluentd', kind: 'pod', selector: collectorPods, portName: 'metrics', port: 24231, path: '/metrics' });
    }
    if (aggregator) {
      this.metricsSources.push({ id: 'Aggregator', name: 'fluentd-aggregator', kind: 'service', selector: aggregator.podLabels, portName: 'metrics', port: 24231, path: '/metrics' });
    }

    const kibana = props.kibana === false ? undefined : new Kibana(this, 'Kibana', { ...(props.kibana ?? {}), namespace: ns, elasticsearch: this.elasticsearch });

    const kibanaProps = props.kibana === false ? undefined : props.kibana ?? {};
    cluster.addBootstrapFile('logging-runbook.md', {
      render: () =>
        loggingRunbook({
          namespace: ns,
          collector: collector.name,
          aggregator: aggregator !== undefined,
          elasticsearch: this.elasticsearch,
          certificatesSecret: storage instanceof ElasticsearchStorage ? storage.certificatesSecret : undefined,
          kibanaToken: kibanaProps ? kibanaProps.serviceAccountToken ?? KIBANA_DEFAULTS.serviceAccountToken : undefined,
          collectsKubeletLogs: collector instanceof FluentBitCollector ? collector.collectKubeletLogs : true,
          auditLogPath: this.auditLogPath,
          retentionDays: storage instanceof ElasticsearchStorage ? storage.retentionDays : undefined,
        }),
    });

    new LoggingNetworkPolicies(this, 'NetworkPolicies', {
      namespace: ns,
      collectorPods,
      ...(aggregator ? { aggregator: { podLabels: aggregator.podLabels, port: aggregator.port } } : {}),
      ...(kibana ? { kibana: { podLabels: kibana.podLabels, port: kibana.port, allowFromNamespaces: (props.kibana || {}).allowIngressFromNamespaces ?? [] } } : {}),
      elasticsearch: this.elasticsearch,
      apiServerPort: 6443,
    });
  }

  /**
   * With the monitoring add-on present, each metrics endpoint gets a ServiceMonitor (or a
   * PodMonitor where no Service fronts it) and a NetworkPolicy that lets Prometheus in.
   */
  public prepareForSynthesis(): void {
    const monitoring = this.cluster.addOn(MONITORING);
    if (!monitoring || this.node.tryFindChild('Metrics')) return;
    const scope = new Construct(this, 'Metrics');
    const peer = monitoring.prometheusPeer;
    for (const s of this.metricsSources) {
      const endpoint = { port: s.portName, path: s.path, interval: '30s' };
      if (s.kind === 'service') new ServiceMonitor(scope, s.id, { name: s.name, namespace: this.namespace, selector: s.selector, endpoints: [endpoint] });
      else new PodMonitor(scope, s.id, { name: s.name, namespace: this.namespace, selector: s.selector, endpoints: [endpoint] });
      new k8s.KubeNetworkPolicy(scope, `${s.id}Policy`, {
        metadata: { name: `allow-prometheus-${s.name}`, namespace: this.namespace },
        spec: {
          podSelector: { matchLabels: { ...s.selector } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } }, podSelector: { matchLabels: { ...peer.podLabels } } }],
              ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(s.port) }],
            },
          ],
        },
      });
    }
  }

  /** The StorageClass of Elasticsearch's volumes: the one named, or the model's default. */
  /** The audit log to collect: as given, else the control plane's. */
  private get auditLogPath(): string | undefined {
    if (this.props.auditLogPath !== undefined) return this.props.auditLogPath;
    const audit = this.cluster.controlPlane?.audit;
    return audit?.enabled ? audit.logPath : undefined;
  }

  private storageClassName(es: ElasticsearchStorage): string | undefined {
    return es.storageClass ?? storageClasses(this.cluster).find((c) => c.isDefault)?.className;
  }

  public validateModel(context: ValidationContext): void {
    // The namespace's name is checked by its Namespace construct.
    if (!Object.values(ContainerLogFormat).includes(this.logFormat)) {
      context.error(this, {
        rule: 'logging/log-format',
        field: 'logFormat',
        message: `${this.collector.name} cannot parse container logs in this format; every record would be dropped or garbled`,
        received: this.logFormat,
        expected: Object.values(ContainerLogFormat).join(', '),
      });
    }
    const runtime = this.cluster.controlPlane?.containerRuntime;
    if (runtime !== undefined && this.logFormat === ContainerLogFormat.DOCKER) {
      context.error(this, {
        rule: 'logging/log-format',
        field: 'logFormat',
        message: `the nodes run ${runtime.kind}, which writes the CRI log format; the docker parser would garble every line`,
        received: this.logFormat,
        expected: `ContainerLogFormat.CRI (or leave logFormat unset)`,
      });
    }
    if (this.props.aggregator !== undefined && !(this.collector instanceof FluentBitCollector)) {
      context.error(this, {
        rule: 'logging/aggregator-collector',
        field: 'aggregator',
        message: 'the Fluentd aggregator receives Fluent Bit collectors by the forward protocol; Fluentd collectors write to Elasticsearch themselves',
        received: this.collector.name,
        expected: 'LogCollector.fluentBit() with an aggregator, or no aggregator',
      });
    }
    this.validateQuantity(context, 'collector.memoryLimit', this.collector.memoryLimit);
    if (this.collector instanceof FluentBitCollector) this.validateRawPlugins(context, this.collector);
    const apiServerAudit = this.cluster.controlPlane?.audit;
    if (this.props.auditLogPath !== undefined && apiServerAudit?.enabled && this.props.auditLogPath !== apiServerAudit.logPath) {
      context.warn(this, {
        rule: 'logging/audit-log-path',
        field: 'auditLogPath',
        message: 'kube-apiserver writes its audit log elsewhere (ControlPlaneProps.security.audit.logPath); this path collects nothing from it',
        received: this.props.auditLogPath,
        expected: `${apiServerAudit.logPath}, or leave auditLogPath unset to follow the control plane`,
      });
    }
    if (this.props.auditLogPath !== undefined && !/^\/[^\0]*$/.test(this.props.auditLogPath)) {
      context.error(this, { rule: 'logging/audit-log-path', field: 'auditLogPath', message: 'the audit log is read from the node by an absolute path', received: this.props.auditLogPath, expected: 'an absolute path such as /var/log/kubernetes/audit/audit.log' });
    }
    const storage = this.storage;
    const credentials = storage.credentials;
    if (!isDns1123Subdomain(credentials.secretName)) {
      context.error(this, { rule: 'logging/credentials', field: 'storage.credentials.secretName', message: 'not a valid Secret name', received: credentials.secretName, expected: DNS1123_SUBDOMAIN_EXPECTED });
    }
    if (storage instanceof ElasticsearchStorage) this.validateElasticsearch(context, storage);
    else if (storage instanceof ExternalElasticsearchStorage) this.validateExternal(context, storage);
  }

  private validateQuantity(context: ValidationContext, field: string, value: unknown): boolean {
    if (parseQuantity(value) !== undefined && (parseQuantity(value)?.nanos ?? 0n) > 0n) return true;
    context.error(this, { rule: 'logging/quantity', field, message: 'not a positive quantity', received: value, expected: QUANTITY_EXPECTED });
    return false;
  }

  private validateElasticsearch(context: ValidationContext, es: ElasticsearchStorage): void {
    const n = es.replicas;
    if (!Number.isInteger(n) || n < 1 || n === 2 || n > 99) {
      context.error(this, {
        rule: 'logging/elasticsearch-masters',
        field: 'storage.replicas',
        message:
          n === 2
            ? 'two master-eligible nodes cannot lose either one: the survivor holds no majority of the voting configuration, so the cluster stops accepting writes (and a manual override risks split brain)'
            : 'not a number of Elasticsearch nodes',
        received: n,
        expected: '1 (no redundancy) or 3 or more master-eligible nodes',
      });
    }
    const memoryOk = this.validateQuantity(context, 'storage.memory', es.memory);
    this.validateQuantity(context, 'storage.cpu', es.cpu);
    this.validateQuantity(context, 'storage.storageSize', es.storageSize);
    const heap = heapQuantity(es);
    const heapQ = parseQuantity(heap);
    if (es.heap !== undefined && heapQ === undefined) {
      context.error(this, { rule: 'logging/elasticsearch-heap', field: 'storage.heap', message: 'not a heap size', received: es.heap, expected: `${QUANTITY_EXPECTED}, or a JVM size such as 2048m` });
    } else if (heapQ && memoryOk) {
      const memory = parseQuantity(es.memory)!;
      if (compareQuantities(heapQ, memory) > 0) {
        context.error(this, {
          rule: 'logging/elasticsearch-heap',
          field: 'storage.heap',
          message: 'the JVM heap is larger than the memory limit; the container is OOM-killed as the heap fills',
          received: { heap: es.heap ?? heap, memory: es.memory },
          expected: 'a heap of at most the memory limit, about half of it (the rest is file cache)',
        });
      }
      if (compareQuantities(heapQ, parseQuantity(ELASTICSEARCH_DEFAULTS.maxHeap)!) > 0) {
        context.error(this, {
          rule: 'logging/elasticsearch-heap',
          field: es.heap === undefined ? 'storage.memory' : 'storage.heap',
          message: 'a heap above about 31 GiB loses compressed object pointers and holds fewer objects than a smaller one',
          received: es.heap ?? heap,
          expected: `a heap of at most ${ELASTICSEARCH_DEFAULTS.maxHeap}${es.heap === undefined ? ' (set heap explicitly, or a memory limit of at most 62Gi)' : ''}`,
        });
      }
    }
    if (!Number.isInteger(es.retentionDays) || es.retentionDays < 1) {
      context.error(this, { rule: 'logging/retention', field: 'storage.retentionDays', message: 'not a number of days to keep log indices', received: es.retentionDays, expected: 'a whole number of days, at least 1' });
    }
    if (!isDns1123Subdomain(es.certificatesSecret)) {
      context.error(this, { rule: 'logging/credentials', field: 'storage.certificatesSecret', message: 'not a valid Secret name', received: es.certificatesSecret, expected: DNS1123_SUBDOMAIN_EXPECTED });
    }
    const classes = storageClasses(this.cluster);
    if (es.storageClass !== undefined && !classes.some((c) => c.className === es.storageClass)) {
      context.error(this, {
        rule: 'logging/storage-class',
        field: 'storage.storageClass',
        message: 'no StorageClass of that name in the model; the data volumes would stay Pending',
        received: es.storageClass,
        expected: classes.length > 0 ? `one of ${classes.map((c) => c.className).join(', ')}` : 'a StorageClass added with cluster.addStorageClass()',
      });
    } else if (es.storageClass === undefined && !classes.some((c) => c.isDefault)) {
      context.error(this, {
        rule: 'logging/storage-class',
        field: 'storage.storageClass',
        message: 'no StorageClass given and the model has no default StorageClass; the data volumes would stay Pending',
        received: es.storageClass,
        expected: 'storageClass naming a StorageClass of the model, or a default StorageClass (cluster.addStorageClass(id, { default: true, ... }))',
      });
    }
  }

  private validateExternal(context: ValidationContext, storage: ExternalElasticsearchStorage): void {
    let url: URL | undefined;
    try {
      url = new URL(storage.url);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '' || (url.pathname !== '/' && url.pathname !== '')) {
      context.error(this, {
        rule: 'logging/external-url',
        field: 'storage.url',
        message: 'not an Elasticsearch base URL',
        received: storage.url,
        expected: 'https://host[:port], e.g. https://logs.example.com:9200',
      });
    } else if (url.username !== '' || url.password !== '') {
      context.error(this, {
        rule: 'logging/literal-password',
        field: 'storage.url',
        message: 'the URL carries credentials, which would be written into Git; they come from the credentials Secret',
        received: `${url.protocol}//${url.username}:***@${url.host}`,
        expected: 'a URL without user or password, and credentials: { secretName }',
      });
    }
    if (storage.ca !== undefined && !isDns1123Subdomain(storage.ca.secretName)) {
      context.error(this, { rule: 'logging/credentials', field: 'storage.ca.secretName', message: 'not a valid Secret name', received: storage.ca.secretName, expected: DNS1123_SUBDOMAIN_EXPECTED });
    }
  }

  /** Raw plugin entries may reference secrets only through environment variables. */
  private validateRawPlugins(context: ValidationContext, collector: FluentBitCollector): void {
    const entries = [
      ...collector.filters.map((f, i) => [`collector.filters[${i}]`, f.render('kube.*')] as const),
      ...collector.extraOutputs.map((o, i) => [`collector.extraOutputs[${i}]`, o.render()] as const),
    ];
    for (const [field, plugin] of entries) {
      for (const [key, value] of Object.entries(plugin)) {
        if (SECRET_KEYS.test(key) && !(typeof value === 'string' && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value))) {
          context.error(this, {
            rule: 'logging/literal-password',
            field: `${field}.${key}`,
            message: 'a literal secret in the collector configuration would be written into Git',
            received: '***',
            expected: 'an environment variable reference such as ${ES_PASSWORD}, set from a Secret',
          });
        }
      }
    }
  }
}

function externalTarget(storage: ExternalElasticsearchStorage): ElasticsearchTarget {
  let url: URL | undefined;
  try {
    url = new URL(storage.url);
  } catch {
    url = undefined;
  }
  const scheme = url?.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url?.hostname.replace(/^\[|\]$/g, '') ?? storage.url,
    port: url?.port ? Number(url.port) : scheme === 'https' ? 443 : 80,
    scheme,
    credentials: storage.credentials,
    ...(storage.ca ? { ca: storage.ca } : {}),
  };
}

/** A logging component that serves Prometheus metrics. */
interface LoggingMetricsSource {
  readonly id: string;
  readonly name: string;
  /** Scraped through its Service, or its pods directly. */
  readonly kind: 'service' | 'pod';
  readonly selector: Readonly<Record<string, string>>;
  readonly portName: string;
  readonly port: number;
  readonly path: string;
}
