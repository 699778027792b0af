import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { containerResources, restrictedSecurityContext } from '../../lib';
import { AGGREGATE_TO_TENANT_EDIT_LABEL } from '../../lib/tenancy/tenant-roles';
import { imageRef } from '../../lib/versions/image';
import { MONITORING_PINS } from '../../lib/versions/monitoring';
import { rule } from '../networking/manifest-parts';
import { ServiceMonitor } from './service-monitor';

// upstream: kubernetes-sigs/metrics-server@v0.8.1:manifests (overlays/release, rendered as
// ../shared/upstream/metrics-server/v0.8.1/components.yaml).

const NAME = 'metrics-server';
const NAMESPACE = 'kube-system';
const LABELS = { 'k8s-app': NAME };

export interface MetricsServerProps {
  /** Namespace of the monitoring stack, where its ServiceMonitor lives. */
  readonly monitoringNamespace: string;
  /** @default 1 */
  readonly replicas?: number | undefined;
}

/**
 * metrics-server in kube-system, registered with the aggregation layer as the APIService
 * `v1beta1.metrics.k8s.io` so `kubectl top` and the HorizontalPodAutoscaler work.
 */
export class MetricsServer extends Construct {
  public static readonly NAMESPACE = NAMESPACE;
  public readonly podLabels = LABELS;
  public readonly port = 10250;

  constructor(scope: Construct, id: string, props: MetricsServerProps) {
    super(scope, id);
    const meta = (name: string, namespaced = true) => ({ name, ...(namespaced ? { namespace: NAMESPACE } : {}), labels: { ...LABELS } });
    const sa = [{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }];
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(NAME) });
    new k8s.KubeClusterRole(this, 'AggregatedReader', {
      metadata: {
        name: 'system:aggregated-metrics-reader',
        labels: {
          ...LABELS,
          'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
          'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
          'rbac.authorization.k8s.io/aggregate-to-view': 'true',
          // Tenant roles do not aggregate the built-in ones; `kubectl top` in a tenant namespace needs this.
          [AGGREGATE_TO_TENANT_EDIT_LABEL]: 'true',
        },
      },
      rules: [rule(['metrics.k8s.io'], ['pods', 'nodes'], ['get', 'list', 'watch'])],
    });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: meta('system:metrics-server', false),
      rules: [rule([''], ['nodes/metrics'], ['get']), rule([''], ['pods', 'nodes'], ['get', 'list', 'watch'])],
    });
    new k8s.KubeRoleBinding(this, 'AuthReader', {
      metadata: meta('metrics-server-auth-reader'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects: sa,
    });
    new k8s.KubeClusterRoleBinding(this, 'AuthDelegator', {
      metadata: meta('metrics-server:system:auth-delegator', false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: sa,
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: meta('system:metrics-server', false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:metrics-server' },
      subjects: sa,
    });
    new k8s.KubeService(this, 'Service', {
      metadata: meta(NAME),
      spec: { ports: [{ appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('https') }], selector: { ...LABELS } },
    });
    const probe = (path: string, extra: Partial<k8s.Probe> = {}): k8s.Probe => ({
      failureThreshold: 3,
      httpGet: { path, port: k8s.IntOrString.fromString('https'), scheme: 'HTTPS' },
      periodSeconds: 10,
      ...extra,
    });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: meta(NAME),
      spec: {
        replicas: props.replicas ?? 1,
        selector: { matchLabels: { ...LABELS } },
        strategy: { rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: {
          metadata: { labels: { ...LABELS } },
          spec: {
            containers: [
              {
                name: NAME,
                image: imageRef(MONITORING_PINS.metricsServer),
                imagePullPolicy: 'IfNotPresent',
                args: ['--cert-dir=/tmp', `--secure-port=${this.port}`, '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s'],
                livenessProbe: probe('/livez'),
                readinessProbe: probe('/readyz', { initialDelaySeconds: 20 }),
                ports: [{ containerPort: this.port, name: 'https', protocol: 'TCP' }],
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '200Mi', memoryLimit: '400Mi' }),
                securityContext: restrictedSecurityContext({ runAsUser: 1000 }),
                volumeMounts: [{ mountPath: '/tmp', name: 'tmp-dir' }],
              },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: NAME,
            volumes: [{ emptyDir: {}, name: 'tmp-dir' }],
          },
        },
      },
    });
    new k8s.KubeApiService(this, 'ApiService', {
      metadata: meta('v1beta1.metrics.k8s.io', false),
      spec: {
        group: 'metrics.k8s.io',
        groupPriorityMinimum: 100,
        // The serving certificate is self-signed per pod (--cert-dir=/tmp), as upstream ships it.
        insecureSkipTlsVerify: true,
        service: { name: NAME, namespace: NAMESPACE },
        version: 'v1beta1',
        versionPriority: 100,
      },
    });
    new ServiceMonitor(this, 'ServiceMonitor', {
      name: NAME,
      namespace: props.monitoringNamespace,
      namespaces: [NAMESPACE],
      selector: LABELS,
      endpoints: [{ port: 'https', scheme: 'https', serviceAccountToken: true, tlsConfig: { insecureSkipVerify: true } }],
    });
  }
}
