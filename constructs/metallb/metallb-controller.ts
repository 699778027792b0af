import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { METALLB_CONTROLLER_IMAGE } from '../../lib/versions/ingress';
import { fieldEnv, env, rule } from '../networking/manifest-parts';
import { healthProbe } from './health-probe';

// upstream: metallb/metallb@v0.16.1:config/manifests/metallb-native.yaml (controller half:
// RBAC, webhook Service and configuration, the Deployment).

/** @internal The upstream release, for declared deviations. */
export const METALLB_COMPONENT = 'metallb v0.16.1';

const LABELS = { app: 'metallb' };
export const CONTROLLER_POD_LABELS = { app: 'metallb', component: 'controller' };
/** The controller's webhook listens here; the API server calls it through the Service's 443. */
export const WEBHOOK_PORT = 9443;
export const METRICS_PORT = 9120;
const WEBHOOK_SERVICE = 'metallb-webhook-service';
const WEBHOOK_CONFIGURATION = 'metallb-webhook-configuration';

/** @internal What `MetalLb` passes to `MetalLbController`. */
export interface MetalLbControllerProps {
  readonly namespace: string;
  readonly logLevel: string;
}

/**
 * The MetalLB controller: assigns addresses from the pools to LoadBalancer Services, serves
 * the validating webhook (it writes its own certificate into `metallb-webhook-cert` and the
 * webhook configuration's caBundle) and creates the speakers' memberlist Secret.
 *
 * @internal
 */
export class MetalLbController extends Construct {
  constructor(scope: Construct, id: string, props: MetalLbControllerProps) {
    super(scope, id);
    const ns = props.namespace;
    const metadata = (name: string, labels: Record<string, string> | undefined = LABELS) => ({ name, namespace: ns, ...(labels ? { labels } : {}) });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: metadata('controller') });
    const crud = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
    const read = ['get', 'list', 'watch'];
    new k8s.KubeRole(this, 'Role', {
      metadata: metadata('controller'),
      rules: [
        rule([''], ['secrets'], crud),
        rule([''], ['secrets'], ['list'], ['memberlist']),
        rule(['apps'], ['deployments'], ['get'], ['controller']),
        rule(['metallb.io'], ['bgppeers'], ['get', 'list']),
        rule(['metallb.io'], ['bfdprofiles'], read),
        rule(['metallb.io'], ['ipaddresspools'], read),
        rule(['metallb.io'], ['ipaddresspools/status'], ['update']),
        rule(['metallb.io'], ['bgpadvertisements'], read),
        rule(['metallb.io'], ['l2advertisements'], read),
        rule(['metallb.io'], ['communities'], read),
      ],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: metadata('controller'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'controller' },
      subjects: [{ kind: 'ServiceAccount', name: 'controller', namespace: ns }],
    });
    const clusterRole = `${ns}:controller`;
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: clusterRole, labels: LABELS },
      rules: [
        rule([''], ['services', 'namespaces'], read),
        rule([''], ['nodes'], ['list']),
        rule([''], ['services/status'], ['update']),
        rule([''], ['events'], ['create', 'patch']),
        rule(['policy'], ['podsecuritypolicies'], ['use'], ['controller']),
        rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], crud, [WEBHOOK_CONFIGURATION]),
        rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['list', 'watch']),
        rule(
          ['apiextensions.k8s.io'],
          ['customresourcedefinitions'],
          crud,
          ['bfdprofiles', 'bgpadvertisements', 'bgppeers', 'ipaddresspools', 'l2advertisements', 'communities', 'configurationstates'].map((p) => `${p}.metallb.io`),
        ),
        rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], ['list', 'watch']),
        rule(['metallb.io'], ['configurationstates'], crud),
        rule(['metallb.io'], ['configurationstates/status'], ['get', 'patch', 'update']),
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: clusterRole, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
      subjects: [{ kind: 'ServiceAccount', name: 'controller', namespace: ns }],
    });

    // Created empty; the controller's certificate rotator fills it. No key material in Git.
    new k8s.KubeSecret(this, 'WebhookCert', { metadata: { name: 'metallb-webhook-cert', namespace: ns } });
    new k8s.KubeService(this, 'WebhookService', {
      metadata: { name: WEBHOOK_SERVICE, namespace: ns },
      spec: { ports: [{ port: 443, targetPort: k8s.IntOrString.fromNumber(WEBHOOK_PORT) }], selector: { component: 'controller' } },
    });

    const probe = (path: string) => healthProbe(path);
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: 'controller', namespace: ns, labels: CONTROLLER_POD_LABELS },
      spec: {
        revisionHistoryLimit: 3,
        selector: { matchLabels: CONTROLLER_POD_LABELS },
        template: {
          metadata: { annotations: { 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/scrape': 'true' }, labels: CONTROLLER_POD_LABELS },
          spec: {
            containers: [
              {
                name: 'controller',
                image: imageRef(METALLB_CONTROLLER_IMAGE),
                args: [`--port=${METRICS_PORT}`, `--log-level=${props.logLevel}`],
                env: [fieldEnv('METALLB_POD_NAME', 'metadata.name'), env('METALLB_ML_SECRET_NAME', 'memberlist'), env('METALLB_DEPLOYMENT', 'controller')],
                livenessProbe: probe('/healthz'),
                readinessProbe: probe('/readyz'),
                ports: [
                  { containerPort: METRICS_PORT, name: 'metricshttps' },
                  { containerPort: WEBHOOK_PORT, name: 'webhook-server', protocol: 'TCP' },
                ],
                resources: containerResources({ cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '256Mi' }),
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['all'] }, readOnlyRootFilesystem: true },
                volumeMounts: [{ mountPath: '/tmp/k8s-webhook-server/serving-certs', name: 'cert', readOnly: true }],
              },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            securityContext: { fsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
            serviceAccountName: 'controller',
            terminationGracePeriodSeconds: 0,
            volumes: [{ name: 'cert', secret: { defaultMode: 420, secretName: 'metallb-webhook-cert' } }],
          },
        },
      },
    });

    const webhook = (kind: string, version: string, resource: string, operations: string[]) => ({
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: WEBHOOK_SERVICE, namespace: ns, path: `/validate-metallb-io-${version}-${kind}` } },
      failurePolicy: 'Fail',
      name: `${kind}validationwebhook.metallb.io`,
      rules: [{ apiGroups: ['metallb.io'], apiVersions: [version], operations, resources: [resource] }],
      sideEffects: 'None',
    });
    new k8s.KubeValidatingWebhookConfiguration(this, 'Webhooks', {
      metadata: { name: WEBHOOK_CONFIGURATION },
      webhooks: [
        webhook('bgppeer', 'v1beta2', 'bgppeers', ['CREATE', 'UPDATE']),
        webhook('bfdprofile', 'v1beta1', 'bfdprofiles', ['CREATE', 'DELETE']),
        webhook('bgpadvertisement', 'v1beta1', 'bgpadvertisements', ['CREATE', 'UPDATE']),
        webhook('community', 'v1beta1', 'communities', ['CREATE', 'UPDATE']),
        webhook('ipaddresspool', 'v1beta1', 'ipaddresspools', ['CREATE', 'UPDATE']),
        webhook('l2advertisement', 'v1beta1', 'l2advertisements', ['CREATE', 'UPDATE']),
      ],
    });
  }
}
