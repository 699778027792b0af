import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { KIBANA_IMAGE } from '../../lib/versions/logging';
import { env } from '../networking/manifest-parts';
import { ElasticsearchTarget } from './elasticsearch';
import { SecretKeyReference } from './log-storage';

// upstream: elastic/helm-charts@v8.5.1:kibana (rendered with chart defaults in
// ../shared/upstream/kibana/chart-8.5.1).

/** @internal The chart's component name, for declared deviations. */
export const KIBANA_COMPONENT = 'kibana (elastic/helm-charts v8.5.1)';

/** Configures Kibana in the logging namespace (`ClusterLoggingProps.kibana`). */
export interface KibanaProps {
  /**
   * Replicas.
   * @default 1
   */
  readonly replicas?: number | undefined;
  /**
   * Memory request and limit.
   * @default '2Gi'
   */
  readonly memory?: string | undefined;
  /**
   * The Elasticsearch service account token Kibana authenticates with (Kibana 8 refuses the
   * `elastic` superuser). Create it once with the
   * `POST _security/service/elastic/kibana/credential/token/<name>` API (not with
   * `bin/elasticsearch-service-tokens`, whose tokens are valid on one node only), and store it
   * in this Secret; `bootstrap/logging-runbook.md` has the command.
   * @default { secretName: 'kibana-kibana-es-token', key: 'token' }
   */
  readonly serviceAccountToken?: SecretKeyReference | undefined;
  /**
   * Namespaces (by name) whose pods may reach Kibana's port, e.g. an ingress controller's.
   * `kubectl port-forward` works without any.
   * @default - none
   */
  readonly allowIngressFromNamespaces?: readonly string[] | undefined;
}

/** @internal Defaults of `KibanaProps`, resolved here only. */
export const KIBANA_DEFAULTS = {
  replicas: 1,
  memory: '2Gi',
  serviceAccountToken: { secretName: 'kibana-kibana-es-token', key: 'token' },
} as const;

const NAME = 'kibana-kibana';
const LABELS = { app: 'kibana' };

/** @internal What `ClusterLogging` passes to `Kibana`: the user's props plus where it runs and where Elasticsearch is. */
export interface KibanaDeploymentProps extends KibanaProps {
  readonly namespace: string;
  readonly elasticsearch: ElasticsearchTarget;
}

/** @internal Kibana as a Deployment and Service, wired to Elasticsearch's Service and CA by reference. */
export class Kibana extends Construct {
  public readonly podLabels = LABELS;
  public readonly port = 5601;

  constructor(scope: Construct, id: string, props: KibanaDeploymentProps) {
    super(scope, id);
    const ns = props.namespace;
    const es = props.elasticsearch;
    const memory = props.memory ?? KIBANA_DEFAULTS.memory;
    const token = props.serviceAccountToken ?? KIBANA_DEFAULTS.serviceAccountToken;
    const caMount = '/usr/share/kibana/config/certs';

    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, namespace: ns, labels: LABELS },
      spec: {
        type: 'ClusterIP',
        selector: LABELS,
        ports: [{ port: 5601, protocol: 'TCP', name: 'http', targetPort: k8s.IntOrString.fromNumber(5601) }],
      },
    });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, namespace: ns, labels: LABELS },
      spec: {
        replicas: props.replicas ?? KIBANA_DEFAULTS.replicas,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            volumes: [
              { name: 'kibana-tokens', emptyDir: {} },
              ...(es.ca ? [{ name: 'elasticsearch-certs', secret: { secretName: es.ca.secretName } }] : []),
            ],
            containers: [
              {
                name: 'kibana',
                image: imageRef(KIBANA_IMAGE),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  runAsNonRoot: true,
                  runAsUser: 1000,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                env: [
                  env('ELASTICSEARCH_HOSTS', `${es.scheme}://${es.host}:${es.port}`),
                  ...(es.ca ? [env('ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES', `${caMount}/${es.ca.key}`)] : []),
                  env('SERVER_HOST', '0.0.0.0'),
                  { name: 'ELASTICSEARCH_SERVICEACCOUNTTOKEN', valueFrom: { secretKeyRef: { name: token.secretName, key: token.key, optional: false } } },
                  env('NODE_OPTIONS', '--max-old-space-size=1800'),
                ],
                // The login page answers without credentials; redirects count as success.
                readinessProbe: {
                  httpGet: { path: '/app/kibana', port: k8s.IntOrString.fromNumber(5601) },
                  failureThreshold: 3,
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  successThreshold: 3,
                  timeoutSeconds: 5,
                },
                ports: [{ containerPort: 5601 }],
                resources: {
                  requests: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString(memory) },
                  limits: { memory: k8s.Quantity.fromString(memory) },
                },
                volumeMounts: [
                  ...(es.ca ? [{ name: 'elasticsearch-certs', mountPath: caMount, readOnly: true }] : []),
                  { name: 'kibana-tokens', mountPath: '/usr/share/kibana/config/tokens', readOnly: true },
                ],
              },
            ],
          },
        },
      },
    });

    const W = `Deployment//${NAME}`;
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: KIBANA_COMPONENT, item, ours, why });
    };
    declare(`${W} container kibana image`, imageRef(KIBANA_IMAGE), 'the same release as Elasticsearch; the chart is archived at 8.5.1');
    declare(`${W} container kibana probe readiness`, 'httpGet /app/kibana on 5601', 'the chart\'s curl script does the same request; the kubelet follows the login redirect itself');
    declare(`${W} container kibana securityContext.allowPrivilegeEscalation`, 'false', 'added hardening: fits Pod Security restricted');
    declare(`${W} container kibana securityContext.seccompProfile.type`, 'RuntimeDefault', 'added hardening: fits Pod Security restricted');
    declare(`${W} pod securityContext.seccompProfile.type`, 'RuntimeDefault', 'added hardening: fits Pod Security restricted');
    if (es.host !== 'elasticsearch-master' || es.scheme !== 'https' || es.port !== 9200) {
      declare(`${W} container kibana env ELASTICSEARCH_HOSTS`, `${es.scheme}://${es.host}:${es.port}`, 'the external Elasticsearch of the model');
    }
    if (es.ca === undefined) {
      declare(`${W} container kibana env ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES`, 'absent', 'the external Elasticsearch has a publicly trusted certificate');
      declare(`${W} container kibana mount ${caMount}`, 'absent', 'no CA to mount');
    }
    if (token.secretName !== KIBANA_DEFAULTS.serviceAccountToken.secretName || token.key !== KIBANA_DEFAULTS.serviceAccountToken.key) {
      declare(`${W} container kibana env ELASTICSEARCH_SERVICEACCOUNTTOKEN`, `Secret ${token.secretName} key ${token.key}`, 'the token Secret named in the model');
    }
  }
}
