import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { containerResources, restrictedSecurityContext } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { MONITORING_PINS } from '../../lib/versions/monitoring';
import { rule } from '../networking/manifest-parts';
import { clusterRbac, componentLabels, kubeRbacProxy, waiveUpstreamProbes } from './parts';
import { ServiceMonitor } from './service-monitor';

// upstream: prometheus-operator/kube-prometheus@cd97c0f7:manifests/kubeStateMetrics-*.yaml

const NAME = 'kube-state-metrics';
const LIST_WATCH = ['list', 'watch'];

export interface KubeStateMetricsProps {
  readonly namespace: string;
}

/** kube-state-metrics: the state of API objects as metrics, behind two kube-rbac-proxy sidecars. */
export class KubeStateMetrics extends Construct {
  public readonly podLabels = componentLabels('exporter', NAME);

  constructor(scope: Construct, id: string, props: KubeStateMetricsProps) {
    super(scope, id);
    const ns = props.namespace;
    const labels = this.podLabels;
    waiveUpstreamProbes(this, 'kubeStateMetrics-deployment.yaml', [NAME, 'kube-rbac-proxy-main', 'kube-rbac-proxy-self']);
    clusterRbac(this, {
      name: NAME,
      namespace: ns,
      labels,
      rules: [
        rule([''], ['configmaps', 'secrets', 'nodes', 'pods', 'services', 'serviceaccounts', 'resourcequotas', 'replicationcontrollers', 'limitranges', 'persistentvolumeclaims', 'persistentvolumes', 'namespaces', 'endpoints'], LIST_WATCH),
        rule(['apps'], ['statefulsets', 'daemonsets', 'deployments', 'replicasets'], LIST_WATCH),
        rule(['batch'], ['cronjobs', 'jobs'], LIST_WATCH),
        rule(['autoscaling'], ['horizontalpodautoscalers'], LIST_WATCH),
        rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
        rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
        rule(['policy'], ['poddisruptionbudgets'], LIST_WATCH),
        rule(['certificates.k8s.io'], ['certificatesigningrequests'], LIST_WATCH),
        rule(['discovery.k8s.io'], ['endpointslices'], LIST_WATCH),
        rule(['storage.k8s.io'], ['storageclasses', 'volumeattachments'], LIST_WATCH),
        rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations'], LIST_WATCH),
        rule(['networking.k8s.io'], ['networkpolicies', 'ingressclasses', 'ingresses'], LIST_WATCH),
        rule(['coordination.k8s.io'], ['leases'], LIST_WATCH),
        rule(['rbac.authorization.k8s.io'], ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles'], LIST_WATCH),
      ],
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, namespace: ns, labels: { ...labels } },
      spec: {
        clusterIp: 'None',
        ports: [
          { name: 'https-main', port: 8443, targetPort: k8s.IntOrString.fromString('https-main') },
          { name: 'https-self', port: 9443, targetPort: k8s.IntOrString.fromString('https-self') },
        ],
        selector: { ...labels },
      },
    });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, namespace: ns, labels: { ...labels } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...labels } },
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/default-container': NAME }, labels: { ...labels } },
          spec: {
            automountServiceAccountToken: true,
            containers: [
              {
                name: NAME,
                image: imageRef(MONITORING_PINS.kubeStateMetrics),
                args: ['--host=127.0.0.1', '--port=8081', '--telemetry-host=127.0.0.1', '--telemetry-port=8082'],
                resources: containerResources({ cpuRequest: '10m', memoryRequest: '190Mi', memoryLimit: '250Mi', cpuLimit: '100m' }),
                securityContext: restrictedSecurityContext({ runAsGroup: 65534, runAsUser: 65534 }),
              },
              kubeRbacProxy({ name: 'kube-rbac-proxy-main', listen: ':8443', upstream: 'http://127.0.0.1:8081/', port: 8443, portName: 'https-main', cpuRequest: '20m' }),
              kubeRbacProxy({ name: 'kube-rbac-proxy-self', listen: ':9443', upstream: 'http://127.0.0.1:8082/', port: 9443, portName: 'https-self' }),
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            serviceAccountName: NAME,
          },
        },
      },
    });
    const common = { scheme: 'https' as const, interval: '30s', serviceAccountToken: true, tlsConfig: { insecureSkipVerify: true } };
    new ServiceMonitor(this, 'ServiceMonitor', {
      name: NAME,
      namespace: ns,
      selector: labels,
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [
        {
          ...common,
          port: 'https-main',
          honorLabels: true,
          scrapeTimeout: '30s',
          metricRelabelings: [{ action: 'drop', regex: 'kube_(endpoint_(address_not_ready|address_available|ports))', sourceLabels: ['__name__'] }],
          relabelings: [{ action: 'labeldrop', regex: '(pod|service|endpoint|namespace)' }],
        },
        { ...common, port: 'https-self' },
      ],
    });
  }
}
