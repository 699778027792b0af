import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation, containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { FLUENT_BIT_IMAGE } from '../../lib/versions/logging';
import { hostPathVolume, rule } from '../networking/manifest-parts';
import { ElasticsearchTarget } from './elasticsearch';
import { FluentBitConfig, FluentBitPlugin, LogFilter, LogOutput, renderFluentBitConfig } from './fluent-bit-config';

// upstream: fluent/helm-charts@fluent-bit-0.58.1:charts/fluent-bit, rendered with the
// Elasticsearch-output values in ../shared/upstream/fluent-bit/chart-0.58.1/rendered-es.yaml.

/** @internal The chart's component name, for declared deviations. */
export const FLUENT_BIT_COMPONENT = 'fluent-bit (fluent/helm-charts fluent-bit-0.58.1)';

const NAME = 'fluent-bit';
const LABELS = { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'fluent-bit' };
const CONF_DIR = '/fluent-bit/etc/conf';
const CA_DIR = '/fluent-bit/etc/elasticsearch-ca';
/** Tail positions and the journal cursor, kept on the host so a restarted collector resumes. */
const STATE_DIR = '/var/fluent-bit/state';

/** The container log format the node's runtime writes. */
export enum ContainerLogFormat {
  /** The CRI format of containerd and CRI-O: `<time> <stream> <P|F> <log>`. */
  CRI = 'cri',
  /** Docker Engine's JSON lines (cri-dockerd). */
  DOCKER = 'docker',
}

/** @internal What the collector writes to: Elasticsearch, or the aggregator by forward. */
export type CollectorDestination =
  | { readonly kind: 'elasticsearch'; readonly target: ElasticsearchTarget }
  | { readonly kind: 'forward'; readonly host: string; readonly port: number };

/** @internal What `ClusterLogging` passes to `FluentBitDaemonSet`. */
export interface FluentBitDaemonSetProps {
  readonly namespace: string;
  readonly destination: CollectorDestination;
  readonly logFormat: ContainerLogFormat;
  readonly filters: readonly LogFilter[];
  readonly extraOutputs: readonly LogOutput[];
  readonly collectKubeletLogs: boolean;
  readonly auditLogPath: string | undefined;
  readonly memoryLimit: string;
}

/** The Fluent Bit configuration for a collector on every node. */
export function fluentBitCollectorConfig(props: Omit<FluentBitDaemonSetProps, 'namespace' | 'memoryLimit'>): FluentBitConfig {
  const inputs: FluentBitPlugin[] = [
    {
      name: 'tail',
      path: '/var/log/containers/*.log',
      'multiline.parser': props.logFormat,
      tag: 'kube.*',
      mem_buf_limit: '5MB',
      skip_long_lines: true,
      db: `${STATE_DIR}/tail-containers.db`,
    },
  ];
  if (props.collectKubeletLogs) {
    inputs.push({
      name: 'systemd',
      tag: 'host.*',
      systemd_filter: '_SYSTEMD_UNIT=kubelet.service',
      read_from_tail: true,
      db: `${STATE_DIR}/systemd.db`,
    });
  }
  if (props.auditLogPath !== undefined) {
    inputs.push({ name: 'tail', path: props.auditLogPath, parser: 'json', tag: 'audit.*', db: `${STATE_DIR}/tail-audit.db` });
  }
  const filters: FluentBitPlugin[] = [
    { name: 'kubernetes', match: 'kube.*', merge_log: true, keep_log: false, 'k8s-logging.parser': true, 'k8s-logging.exclude': true },
    ...props.filters.map((f) => f.render('kube.*')),
  ];
  const outputs: FluentBitPlugin[] = [];
  const d = props.destination;
  if (d.kind === 'forward') {
    outputs.push({ name: 'forward', match: '*', host: d.host, port: d.port });
  } else {
    const es = (match: string, prefix?: string): FluentBitPlugin => ({
      name: 'es',
      match,
      host: d.target.host,
      port: d.target.port,
      tls: d.target.scheme === 'https',
      ...(d.target.scheme === 'https' ? { 'tls.verify': true } : {}),
      ...(d.target.ca ? { 'tls.ca_file': `${CA_DIR}/${d.target.ca.key}` } : {}),
      http_user: '${ES_USER}',
      http_passwd: '${ES_PASSWORD}',
      logstash_format: true,
      ...(prefix ? { logstash_prefix: prefix } : {}),
      suppress_type_name: true,
      retry_limit: false,
    });
    outputs.push(es('kube.*'));
    if (props.collectKubeletLogs) outputs.push(es('host.*', 'node'));
    if (props.auditLogPath !== undefined) outputs.push(es('audit.*', 'audit'));
  }
  outputs.push(...props.extraOutputs.map((o) => o.render()));
  return {
    service: {
      daemon: false,
      flush: 1,
      log_level: 'info',
      parsers_file: '/fluent-bit/etc/parsers.conf',
      http_server: true,
      http_listen: '0.0.0.0',
      http_port: 2020,
      health_check: true,
    },
    pipeline: { inputs, filters, outputs },
  };
}

/**
 * Fluent Bit on every node, control-plane nodes included: tails the container logs in the
 * runtime's format, adds Kubernetes metadata, and ships to Elasticsearch or the aggregator.
 *
 * @internal
 */
export class FluentBitDaemonSet extends Construct {
  public readonly podLabels = LABELS;
  public readonly config: FluentBitConfig;

  constructor(scope: Construct, id: string, props: FluentBitDaemonSetProps) {
    super(scope, id);
    const ns = props.namespace;
    this.config = fluentBitCollectorConfig(props);
    const d = props.destination;
    const es = d.kind === 'elasticsearch' ? d.target : undefined;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: ns, labels: LABELS } });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: NAME, labels: LABELS },
      rules: [rule([''], ['namespaces', 'pods'], ['get', 'list', 'watch'])],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: NAME, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: NAME, namespace: ns, labels: LABELS },
      data: { 'fluent-bit.yaml': renderFluentBitConfig(this.config) },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, namespace: ns, labels: LABELS },
      spec: {
        type: 'ClusterIP',
        selector: LABELS,
        ports: [{ port: 2020, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP', name: 'http' }],
      },
    });
    const secretEnv = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { key, name: es!.credentials.secretName } } });
    new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: NAME, namespace: ns, labels: LABELS },
      spec: {
        selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS },
          spec: {
            serviceAccountName: NAME,
            hostNetwork: false,
            dnsPolicy: 'ClusterFirst',
            priorityClassName: 'system-node-critical',
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: NAME,
                image: imageRef(FLUENT_BIT_IMAGE),
                env: es ? [secretEnv('ES_USER', es.credentials.usernameKey), secretEnv('ES_PASSWORD', es.credentials.passwordKey)] : [],
                command: ['/fluent-bit/bin/fluent-bit'],
                args: ['--workdir=/fluent-bit/etc', `--config=${CONF_DIR}/fluent-bit.yaml`],
                ports: [{ name: 'http', containerPort: 2020, protocol: 'TCP' }],
                livenessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('http') } },
                readinessProbe: { httpGet: { path: '/api/v2/health', port: k8s.IntOrString.fromString('http') } },
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: props.memoryLimit }),
                // Reads root-owned log files as their owner; needs no capability and writes only its state directory.
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  readOnlyRootFilesystem: true,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                volumeMounts: [
                  { name: 'config', mountPath: CONF_DIR },
                  { mountPath: '/var/log', name: 'varlog', readOnly: true },
                  { mountPath: '/etc/machine-id', name: 'etcmachineid', readOnly: true },
                  { mountPath: STATE_DIR, name: 'state' },
                  ...(es?.ca ? [{ mountPath: CA_DIR, name: 'elasticsearch-ca', readOnly: true }] : []),
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: NAME } },
              hostPathVolume('varlog', '/var/log'),
              hostPathVolume('etcmachineid', '/etc/machine-id', 'File'),
              hostPathVolume('state', STATE_DIR, 'DirectoryOrCreate'),
              ...(es?.ca ? [{ name: 'elasticsearch-ca', secret: { secretName: es.ca.secretName, items: [{ key: es.ca.key, path: es.ca.key }] } }] : []),
            ],
          },
        },
      },
    });
    this.declareDeviations(props);
  }

  private declareDeviations(props: FluentBitDaemonSetProps): void {
    const W = `DaemonSet/logging/${NAME}`;
    const c = `${W} container ${NAME}`;
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: FLUENT_BIT_COMPONENT, item, ours, why });
    };
    declare(`${c} arg --config`, `${CONF_DIR}/fluent-bit.yaml`, 'the YAML configuration format, rendered from the typed pipeline model');
    declare(`${W} pod tolerations`, 'tolerates every taint', 'collects logs on every node, control-plane nodes included');
    declare(`${W} pod priorityClassName`, 'system-node-critical', 'log collection survives node pressure instead of being evicted first');
    declare(`${c} mount /var/log`, 'read-only', 'the collector only reads logs; its positions live in its state directory');
    declare(`${c} mount /var/lib/docker/containers`, 'absent', 'containerd and CRI-O keep container logs under /var/log/pods, which /var/log covers; the path exists only with Docker Engine');
    declare(`${c} mount ${STATE_DIR}`, `hostPath ${STATE_DIR}`, 'tail positions and the journal cursor survive a restart, so no log is read twice or skipped');
    for (const [leaf, value] of [
      ['allowPrivilegeEscalation', 'false'],
      ['capabilities.drop ALL', 'ALL dropped'],
      ['readOnlyRootFilesystem', 'true'],
      ['seccompProfile.type', 'RuntimeDefault'],
    ]) {
      declare(`${c} securityContext.${leaf}`, value, 'added hardening: the collector needs no capability and writes only its state directory');
    }
    const d = props.destination;
    if (d.kind === 'forward') {
      declare(`${c} env ES_USER`, 'absent', 'the collector forwards to the Fluentd aggregator, which holds the Elasticsearch credentials');
      declare(`${c} env ES_PASSWORD`, 'absent', 'the collector forwards to the Fluentd aggregator, which holds the Elasticsearch credentials');
    } else {
      if (d.target.ca) declare(`${c} mount ${CA_DIR}`, `Secret ${d.target.ca.secretName}`, 'verifies Elasticsearch\'s certificate (the chart leaves TLS verification without a CA)');
      const creds = d.target.credentials;
      if (creds.secretName !== 'elasticsearch-master-credentials' || creds.usernameKey !== 'username') {
        declare(`${c} env ES_USER`, `Secret ${creds.secretName} key ${creds.usernameKey}`, 'the credentials Secret named in the model');
      }
      if (creds.secretName !== 'elasticsearch-master-credentials' || creds.passwordKey !== 'password') {
        declare(`${c} env ES_PASSWORD`, `Secret ${creds.secretName} key ${creds.passwordKey}`, 'the credentials Secret named in the model');
      }
    }
  }
}
