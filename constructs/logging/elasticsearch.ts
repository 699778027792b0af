import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation, containerResources, restrictedSecurityContext } from '../../lib';
import { formatQuantity, parseQuantity } from '../../lib/tenancy/quantity';
import { imageRef } from '../../lib/versions/image';
import { ELASTICSEARCH_IMAGE, ELASTIC_STACK_VERSION } from '../../lib/versions/logging';
import { env, fieldEnv } from '../networking/manifest-parts';
import { ElasticsearchStorage, MaxMapCountSetup, SecretKeyReference } from './log-storage';

// upstream: elastic/helm-charts@v8.5.1:elasticsearch (rendered with chart defaults in
// ../shared/upstream/elasticsearch/chart-8.5.1). Object names follow the chart's
// (`elasticsearch-master`), which users of the chart and its docs know.

/** @internal The chart's component name, for declared deviations. */
export const ELASTICSEARCH_COMPONENT = 'elasticsearch (elastic/helm-charts v8.5.1)';

const NAME = 'elasticsearch-master';
const LABELS = { app: NAME };
const CERTS_DIR = '/usr/share/elasticsearch/config/certs';
/** Node roles the chart gives every node of its single node group. */
const NODE_ROLES = 'master,data,data_content,data_hot,data_warm,data_cold,ingest,ml,remote_cluster_client,transform,';

/** @internal Where collectors and Kibana reach Elasticsearch. */
export interface ElasticsearchTarget {
  readonly host: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
  readonly credentials: { readonly secretName: string; readonly usernameKey: string; readonly passwordKey: string };
  /** CA bundle to verify the server with; the system trust store when absent. */
  readonly ca?: SecretKeyReference | undefined;
  /** Pod labels of an in-cluster Elasticsearch, for NetworkPolicies. */
  readonly podLabels?: Readonly<Record<string, string>> | undefined;
}

/** @internal What `ClusterLogging` passes to `ElasticsearchCluster`. */
export interface ElasticsearchClusterProps {
  readonly namespace: string;
  readonly storage: ElasticsearchStorage;
  /** Name of the StorageClass the data volumes use. */
  readonly storageClassName: string | undefined;
}

/** Half of `memory`, in whole MiB: Elastic's advice for the heap. */
export function defaultHeap(memory: string): string | undefined {
  const q = parseQuantity(memory);
  if (!q || q.nanos <= 0n) return undefined;
  const mib = q.nanos / 2n / (1024n * 1024n * 1_000_000_000n);
  return `${mib}m`;
}

/** `-Xms`/`-Xmx` form of a quantity: whole MiB. */
function jvmSize(quantity: string): string {
  if (/^\d+[mg]$/.test(quantity)) return quantity;
  const q = parseQuantity(quantity);
  return q ? `${q.nanos / (1024n * 1024n * 1_000_000_000n)}m` : quantity;
}

/**
 * Elasticsearch as a StatefulSet: master-eligible data nodes discovered through a headless
 * Service, TLS on HTTP and transport from a Secret, the `elastic` password from a Secret,
 * a PodDisruptionBudget, required anti-affinity, and an index lifecycle policy that deletes
 * log indices after the retention.
 *
 * @internal
 */
export class ElasticsearchCluster extends Construct {
  public readonly target: ElasticsearchTarget;

  constructor(scope: Construct, id: string, props: ElasticsearchClusterProps) {
    super(scope, id);
    const { namespace: ns, storage: es } = props;
    const heap = jvmSize(es.heap ?? defaultHeap(es.memory) ?? es.memory);
    this.target = {
      host: NAME,
      port: 9200,
      scheme: 'https',
      credentials: es.credentials,
      ca: { secretName: es.certificatesSecret, key: 'ca.crt' },
      podLabels: LABELS,
    };
    const password = { secretKeyRef: { name: es.credentials.secretName, key: es.credentials.passwordKey } };
    const masters = Array.from({ length: es.replicas }, (_, i) => `${NAME}-${i}`);
    const discovery =
      es.replicas === 1
        ? [env('discovery.type', 'single-node')]
        : [env('cluster.initial_master_nodes', `${masters.join(',')},`), env('discovery.seed_hosts', `${NAME}-headless`)];

    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, namespace: ns, labels: LABELS },
      spec: {
        type: 'ClusterIP',
        selector: LABELS,
        publishNotReadyAddresses: false,
        ports: [
          { name: 'http', protocol: 'TCP', port: 9200 },
          { name: 'transport', protocol: 'TCP', port: 9300 },
        ],
      },
    });
    new k8s.KubeService(this, 'HeadlessService', {
      metadata: { name: `${NAME}-headless`, namespace: ns, labels: LABELS },
      spec: {
        // Stable per-pod DNS names for discovery, published before the pods are ready so a
        // new cluster can form.
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        selector: LABELS,
        ports: [
          { name: 'http', port: 9200 },
          { name: 'transport', port: 9300 },
        ],
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name: `${NAME}-pdb`, namespace: ns },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: LABELS } },
    });

    const initContainers: k8s.Container[] =
      es.maxMapCount === MaxMapCountSetup.INIT_CONTAINER
        ? [
            {
              name: 'configure-sysctl',
              image: imageRef(ELASTICSEARCH_IMAGE),
              command: ['sysctl', '-w', 'vm.max_map_count=262144'],
              securityContext: { runAsUser: 0, privileged: true },
              resources: containerResources({ cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '64Mi' }),
            },
          ]
        : [];

    new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: { name: NAME, namespace: ns, labels: LABELS, annotations: { esMajorVersion: ELASTIC_STACK_VERSION.split('.')[0] } },
      spec: {
        serviceName: `${NAME}-headless`,
        selector: { matchLabels: LABELS },
        replicas: es.replicas,
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate' },
        volumeClaimTemplates: [
          {
            metadata: { name: NAME },
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
              resources: { requests: { storage: k8s.Quantity.fromString(es.storageSize) } },
            },
          },
        ],
        template: {
          metadata: { labels: LABELS },
          spec: {
            securityContext: { fsGroup: 1000, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            // Elasticsearch never calls the Kubernetes API.
            automountServiceAccountToken: false,
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  {
                    labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [NAME] }] },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                ],
              },
            },
            terminationGracePeriodSeconds: 120,
            volumes: [{ name: 'elasticsearch-certs', secret: { secretName: es.certificatesSecret } }],
            initContainers,
            containers: [
              {
                name: 'elasticsearch',
                image: imageRef(ELASTICSEARCH_IMAGE),
                // The chart's context plus what Pod Security restricted asks; the root filesystem stays
                // writable because Elasticsearch writes its keystore and temp files under it.
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  runAsNonRoot: true,
                  runAsUser: 1000,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                readinessProbe: {
                  exec: {
                    command: [
                      'bash',
                      '-c',
                      // The node answers with its credentials; `local=true` asks this node only, so
                      // a rolling restart is not held up by the health of the others.
                      'curl --silent --fail --output /dev/null -k -u "elastic:${ELASTIC_PASSWORD}" "https://127.0.0.1:9200/_cluster/health?local=true"',
                    ],
                  },
                  failureThreshold: 3,
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  successThreshold: 3,
                  timeoutSeconds: 5,
                },
                ports: [
                  { name: 'http', containerPort: 9200 },
                  { name: 'transport', containerPort: 9300 },
                ],
                resources: {
                  requests: { cpu: k8s.Quantity.fromString(es.cpu), memory: k8s.Quantity.fromString(es.memory) },
                  limits: { memory: k8s.Quantity.fromString(es.memory) },
                },
                env: [
                  fieldEnv('node.name', 'metadata.name'),
                  ...discovery,
                  env('node.roles', NODE_ROLES),
                  env('cluster.name', 'elasticsearch'),
                  env('network.host', '0.0.0.0'),
                  env('ES_JAVA_OPTS', `-Xms${heap} -Xmx${heap}`),
                  { name: 'ELASTIC_PASSWORD', valueFrom: password },
                  env('xpack.security.enabled', 'true'),
                  env('xpack.security.transport.ssl.enabled', 'true'),
                  env('xpack.security.http.ssl.enabled', 'true'),
                  env('xpack.security.transport.ssl.verification_mode', 'certificate'),
                  env('xpack.security.transport.ssl.key', `${CERTS_DIR}/tls.key`),
                  env('xpack.security.transport.ssl.certificate', `${CERTS_DIR}/tls.crt`),
                  env('xpack.security.transport.ssl.certificate_authorities', `${CERTS_DIR}/ca.crt`),
                  env('xpack.security.http.ssl.key', `${CERTS_DIR}/tls.key`),
                  env('xpack.security.http.ssl.certificate', `${CERTS_DIR}/tls.crt`),
                  env('xpack.security.http.ssl.certificate_authorities', `${CERTS_DIR}/ca.crt`),
                ],
                volumeMounts: [
                  { name: NAME, mountPath: '/usr/share/elasticsearch/data' },
                  { name: 'elasticsearch-certs', mountPath: CERTS_DIR, readOnly: true },
                ],
              },
            ],
          },
        },
      },
    });
    this.addRetentionJob(ns, es);
    this.declareDeviations(es);
  }

  /**
   * A Job that installs the index lifecycle policy and the index template that attaches it
   * to the log indices. Named after a hash of what it installs, so a changed retention is a
   * new Job (a Job's pod template cannot be changed in place).
   */
  private addRetentionJob(ns: string, es: ElasticsearchStorage): void {
    const policy = { policy: { phases: { hot: { actions: {} }, delete: { min_age: `${es.retentionDays}d`, actions: { delete: {} } } } } };
    const template = {
      index_patterns: ['logstash-*', 'node-*', 'audit-*'],
      template: { settings: { 'index.lifecycle.name': 'clusterforge-logs' } },
      priority: 200,
    };
    const script = [
      'set -eu',
      `es() { curl --silent --show-error --fail --cacert ${CERTS_DIR}/ca.crt -u "elastic:\${ELASTIC_PASSWORD}" -H 'Content-Type: application/json' "$@"; }`,
      `until es "https://${NAME}:9200/_cluster/health?wait_for_status=yellow&timeout=30s" >/dev/null; do sleep 10; done`,
      `es -X PUT "https://${NAME}:9200/_ilm/policy/clusterforge-logs" -d '${JSON.stringify(policy)}'`,
      `es -X PUT "https://${NAME}:9200/_index_template/clusterforge-logs" -d '${JSON.stringify(template)}'`,
    ].join('\n');
    const hash = createHash('sha256').update(script).digest('hex').slice(0, 8);
    new k8s.KubeJob(this, 'RetentionJob', {
      metadata: { name: `elasticsearch-retention-${hash}`, namespace: ns, labels: { app: 'elasticsearch-retention' } },
      spec: {
        backoffLimit: 20,
        template: {
          metadata: { labels: { app: 'elasticsearch-retention' } },
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            volumes: [{ name: 'elasticsearch-certs', secret: { secretName: es.certificatesSecret } }],
            containers: [
              {
                name: 'install-lifecycle-policy',
                image: imageRef(ELASTICSEARCH_IMAGE),
                command: ['bash', '-c', script],
                env: [{ name: 'ELASTIC_PASSWORD', valueFrom: { secretKeyRef: { name: es.credentials.secretName, key: es.credentials.passwordKey } } }],
                resources: containerResources({ cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '128Mi' }),
                securityContext: restrictedSecurityContext(),
                volumeMounts: [{ name: 'elasticsearch-certs', mountPath: CERTS_DIR, readOnly: true }],
              },
            ],
          },
        },
      },
    });
  }

  private declareDeviations(es: ElasticsearchStorage): void {
    const W = `StatefulSet//${NAME}`;
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: ELASTICSEARCH_COMPONENT, item, ours, why });
    };
    declare(`${W} container elasticsearch image`, imageRef(ELASTICSEARCH_IMAGE), 'the chart is archived at 8.5.1, which is out of support; 8.19 is the supported 8.x line');
    if (es.maxMapCount === MaxMapCountSetup.INIT_CONTAINER) {
      declare(`${W} container configure-sysctl image`, imageRef(ELASTICSEARCH_IMAGE), 'the same image as the Elasticsearch container');
    } else {
      declare(`${W} container configure-sysctl`, 'no init container', 'MaxMapCountSetup.NODE: the nodes set vm.max_map_count, so nothing runs privileged');
    }
    declare(`${W} container elasticsearch probe readiness`, 'curl of this node\'s /_cluster/health?local=true with the elastic user', 'the same check without the chart\'s shell script; it never waits for the whole cluster, so rolling restarts proceed');
    declare(`${W} container elasticsearch env ES_JAVA_OPTS`, '-Xms/-Xmx from the heap (half the memory limit by default)', 'an explicit heap that the model checks against the limit and the 31 GiB compressed-pointer ceiling');
    if (es.replicas === 1) {
      declare(`${W} container elasticsearch env cluster.initial_master_nodes`, 'absent', 'a single node uses discovery.type=single-node; Elasticsearch refuses both together');
      declare(`${W} container elasticsearch env discovery.seed_hosts`, 'absent', 'a single node has nothing to discover');
      declare(`${W} container elasticsearch env discovery.type`, 'single-node', 'one node forms its own cluster');
    } else if (es.replicas !== 3) {
      declare(`${W} container elasticsearch env cluster.initial_master_nodes`, 'one entry per replica', 'the chart lists its 3 default replicas; ours lists the model\'s');
    }
    declare(`${W} container elasticsearch securityContext.allowPrivilegeEscalation`, 'false', 'added hardening: fits Pod Security restricted');
    declare(`${W} container elasticsearch securityContext.seccompProfile.type`, 'RuntimeDefault', 'added hardening: fits Pod Security restricted');
    declare(`${W} pod securityContext.seccompProfile.type`, 'RuntimeDefault', 'added hardening: fits Pod Security restricted');
  }
}

/** The heap as a quantity string, for checks: `2048m` → `2Gi`. */
export function heapQuantity(es: ElasticsearchStorage): string | undefined {
  const heap = es.heap ?? defaultHeap(es.memory);
  if (heap === undefined) return undefined;
  const jvm = /^(\d+)([mg])$/i.exec(heap);
  if (!jvm) return heap;
  const q = parseQuantity(`${jvm[1]}${jvm[2].toLowerCase() === 'g' ? 'Gi' : 'Mi'}`);
  return q ? formatQuantity(q) : heap;
}
