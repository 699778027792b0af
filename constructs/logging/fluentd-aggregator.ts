import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation } from '../../lib';
import { ElasticsearchTarget } from './elasticsearch';
import { FLUENTD_CA_DIR, FLUENTD_COMMON_DEVIATIONS, FLUENTD_COMPONENT, fluentdContainer, fluentdElasticsearchEnv, fluentdTargetDeviations } from './fluentd-container';

/** Configures the optional Fluentd aggregator between the collectors and Elasticsearch (`ClusterLoggingProps.aggregator`). */
export interface FluentdAggregatorProps {
  /**
   * Replicas of the aggregator; the collectors' forward output spreads over them through the Service.
   * @default 2
   */
  readonly replicas?: number | undefined;
  /**
   * Memory limit of each replica.
   * @default '512Mi'
   */
  readonly memoryLimit?: string | undefined;
}

/** @internal Defaults of `FluentdAggregatorProps`, resolved here only. */
export const FLUENTD_AGGREGATOR_DEFAULTS = { replicas: 2, memoryLimit: '512Mi', port: 24224 } as const;

const NAME = 'fluentd-aggregator';
const LABELS = { 'app.kubernetes.io/name': NAME };

/**
 * @internal
 * The aggregator's fluent.conf: the forward protocol in, Elasticsearch out. The output keys
 * and variables are the image's own (docker-image/v1.19/debian-elasticsearch8/conf/fluent.conf);
 * the tail sources of its kubernetes.conf are left out because an aggregator reads no files.
 */
export function fluentdAggregatorConfig(port: number): string {
  return [
    '@include prometheus.conf',
    '',
    '<source>',
    '  @type forward',
    '  @id in_forward',
    `  port ${port}`,
    '  bind 0.0.0.0',
    '</source>',
    '',
    '<match **>',
    '  @type elasticsearch',
    '  @id out_es',
    '  @log_level info',
    '  include_tag_key true',
    '  host "#{ENV[\'FLUENT_ELASTICSEARCH_HOST\']}"',
    '  port "#{ENV[\'FLUENT_ELASTICSEARCH_PORT\']}"',
    '  scheme "#{ENV[\'FLUENT_ELASTICSEARCH_SCHEME\']}"',
    '  ssl_verify "#{ENV[\'FLUENT_ELASTICSEARCH_SSL_VERIFY\']}"',
    '  ssl_version "#{ENV[\'FLUENT_ELASTICSEARCH_SSL_VERSION\']}"',
    '  user "#{ENV[\'FLUENT_ELASTICSEARCH_USER\']}"',
    '  password "#{ENV[\'FLUENT_ELASTICSEARCH_PASSWORD\']}"',
    '  reconnect_on_error true',
    '  reload_on_failure true',
    '  reload_connections false',
    '  logstash_format true',
    '  logstash_prefix logstash',
    '  <buffer>',
    '    flush_thread_count 8',
    '    flush_interval 5s',
    '    chunk_limit_size 2M',
    '    queue_limit_length 32',
    '    retry_max_interval 30',
    '    retry_forever true',
    '  </buffer>',
    '</match>',
    '',
  ].join('\n');
}

/** @internal What `ClusterLogging` passes to `FluentdAggregator`: the user's props plus where it runs and where Elasticsearch is. */
export interface FluentdAggregatorDeploymentProps extends FluentdAggregatorProps {
  readonly namespace: string;
  readonly elasticsearch: ElasticsearchTarget;
}

/**
 * A Fluentd Deployment that receives the collectors' records by the forward protocol and
 * writes them to Elasticsearch: the collectors stay small, and buffering, retries and the
 * Elasticsearch credentials live in one place.
 *
 * @internal
 */
export class FluentdAggregator extends Construct {
  public readonly podLabels = LABELS;
  public readonly host: string;
  public readonly port = FLUENTD_AGGREGATOR_DEFAULTS.port;

  constructor(scope: Construct, id: string, props: FluentdAggregatorDeploymentProps) {
    super(scope, id);
    const ns = props.namespace;
    const es = props.elasticsearch;
    this.host = `${NAME}.${ns}.svc`;
    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: NAME, namespace: ns, labels: LABELS }, data: { 'fluent.conf': fluentdAggregatorConfig(this.port) } });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, namespace: ns, labels: LABELS },
      spec: {
        selector: LABELS,
        ports: [
          { name: 'forward', port: this.port, targetPort: k8s.IntOrString.fromString('forward'), protocol: 'TCP' },
          { name: 'metrics', port: 24231, targetPort: k8s.IntOrString.fromString('metrics'), protocol: 'TCP' },
        ],
      },
    });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, namespace: ns, labels: LABELS },
      spec: {
        replicas: props.replicas ?? FLUENTD_AGGREGATOR_DEFAULTS.replicas,
        selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS },
          spec: {
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                ...fluentdContainer({
                  env: fluentdElasticsearchEnv(es),
                  memoryLimit: props.memoryLimit ?? FLUENTD_AGGREGATOR_DEFAULTS.memoryLimit,
                  ports: [{ name: 'forward', containerPort: this.port, protocol: 'TCP' }],
                  volumeMounts: [
                    { name: 'config', mountPath: '/fluentd/etc/fluent.conf', subPath: 'fluent.conf', readOnly: true },
                    ...(es.ca ? [{ name: 'elasticsearch-ca', mountPath: FLUENTD_CA_DIR, readOnly: true }] : []),
                  ],
                }),
                readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('forward') } },
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: NAME } },
              ...(es.ca ? [{ name: 'elasticsearch-ca', secret: { secretName: es.ca.secretName } }] : []),
            ],
          },
        },
      },
    });

    // Compared with upstream's Elasticsearch DaemonSet, whose image and output it shares.
    const W = 'DaemonSet/kube-system/fluentd';
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: `${FLUENTD_COMPONENT}, as aggregator`, item, ours, why });
    };
    for (const [leaf, ours, why] of FLUENTD_COMMON_DEVIATIONS) declare(`${W} container fluentd ${leaf}`, ours, why);
    const aggregator = 'an aggregator Deployment reads no node files: it receives records from the collectors';
    declare(`${W} pod tolerations`, 'none', aggregator);
    declare(`${W} pod serviceAccountName`, 'none', 'an aggregator never calls the Kubernetes API');
    declare(`${W} container fluentd env K8S_NODE_NAME`, 'absent', aggregator);
    declare(`${W} container fluentd mount /var/log`, 'absent', aggregator);
    declare(`${W} container fluentd mount /var/log/pods`, 'absent', aggregator);
    declare(`${W} container fluentd mount /fluentd/etc/fluent.conf`, 'ConfigMap fluentd-aggregator', 'forward in, Elasticsearch out, instead of the image\'s file tailing');
    declare(`${W} container fluentd port ${this.port}/TCP`, 'forward port', 'receives the collectors\' records');
    declare(`${W} container fluentd probe readiness`, 'tcpSocket on the forward port', 'ready when collectors can connect');
    for (const [leaf, ours, why] of fluentdTargetDeviations(es)) declare(`${W} container fluentd ${leaf}`, ours, why);
  }
}
