import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { CrdSource, UpstreamCrds, UpstreamDeviation, containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { MONITORING_PINS } from '../../lib/versions/monitoring';
import { rule } from '../networking/manifest-parts';
import { clusterRbac, componentLabels, kubeRbacProxy, waiveUpstreamProbes } from './parts';
import { ServiceMonitor } from './service-monitor';

// upstream: prometheus-operator/kube-prometheus@cd97c0f7:manifests/prometheusOperator-*.yaml
// (operator v0.93.0; RBAC identical to prometheus-operator@v0.93.0:example/rbac/prometheus-operator).

/** @internal The custom resource kinds of monitoring.coreos.com the operator reconciles. */
export const MONITORING_CRD_KINDS = ['Alertmanager', 'AlertmanagerConfig', 'PodMonitor', 'Probe', 'Prometheus', 'PrometheusAgent', 'PrometheusRule', 'ScrapeConfig', 'ServiceMonitor', 'ThanosRuler'];

const NAME = 'prometheus-operator';

export interface PrometheusOperatorProps {
  readonly namespace: string;
  readonly crds: CrdSource;
}

/** The Prometheus Operator, its CRDs (through the CRD source), RBAC, Service and ServiceMonitor. */
export class PrometheusOperator extends Construct {
  public readonly podLabels = componentLabels('controller', NAME);
  /** URLs the CRDs are applied from (none when they come from a file or elsewhere). */
  public readonly crdsUrls: readonly string[];

  constructor(scope: Construct, id: string, props: PrometheusOperatorProps) {
    super(scope, id);
    const ns = props.namespace;
    const labels = this.podLabels;
    this.crdsUrls = new UpstreamCrds(this, 'Crds', { source: props.crds, group: 'monitoring.coreos.com', kinds: MONITORING_CRD_KINDS }).urls;
    waiveUpstreamProbes(this, 'prometheusOperator-deployment.yaml', [NAME, 'kube-rbac-proxy']);
    clusterRbac(this, { name: NAME, namespace: ns, labels, rules: operatorRules() });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, namespace: ns, labels: { ...labels } },
      spec: { clusterIp: 'None', ports: [{ name: 'https', port: 8443, targetPort: k8s.IntOrString.fromString('https') }], selector: { ...labels } },
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
                image: imageRef(MONITORING_PINS.operator),
                args: [
                  '--kubelet-service=kube-system/kubelet',
                  `--prometheus-config-reloader=${imageRef(MONITORING_PINS.configReloader)}`,
                  '--watch-referenced-objects-in-all-namespaces=true',
                  '--disable-unmanaged-prometheus-configuration=true',
                  '--kubelet-endpoints=true',
                  '--kubelet-endpointslice=true',
                ],
                env: [{ name: 'GOGC', value: '30' }],
                ports: [{ containerPort: 8080, name: 'http' }],
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '100Mi', memoryLimit: '200Mi', cpuLimit: '200m' }),
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
              },
              kubeRbacProxy({ name: 'kube-rbac-proxy', listen: ':8443', upstream: 'http://127.0.0.1:8080/', port: 8443, portName: 'https', cpuRequest: '10m' }),
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            securityContext: { runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            serviceAccountName: NAME,
          },
        },
      },
    });
    new ServiceMonitor(this, 'ServiceMonitor', {
      name: NAME,
      namespace: ns,
      selector: labels,
      endpoints: [{ port: 'https', scheme: 'https', serviceAccountToken: true, honorLabels: true, tlsConfig: { insecureSkipVerify: true } }],
    });
    this.declareDeviations();
  }

  /** Against the operator's own example RBAC; the kube-prometheus objects are matched exactly. */
  private declareDeviations(): void {
    const sa = 'default/prometheus-operator';
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: PROMETHEUS_OPERATOR_EXAMPLE_COMPONENT, item, ours, why });
    };
    declare(`rbac+ ${sa} cluster authentication.k8s.io/tokenreviews create`, 'granted', 'kube-rbac-proxy in front of the metrics port authenticates Prometheus (as kube-prometheus does)');
    declare(`rbac+ ${sa} cluster authorization.k8s.io/subjectaccessreviews create`, 'granted', 'kube-rbac-proxy in front of the metrics port authorises Prometheus (as kube-prometheus does)');
    for (const verb of ['create', 'delete', 'get', 'list', 'update']) {
      declare(`rbac+ ${sa} cluster discovery.k8s.io/endpointslices ${verb}`, 'granted', 'the operator maintains the kubelet EndpointSlices (--kubelet-endpointslice=true, as kube-prometheus runs it)');
    }
  }
}

export const PROMETHEUS_OPERATOR_EXAMPLE_COMPONENT = 'prometheus-operator v0.93.0 (example/rbac/prometheus-operator)';

function operatorRules(): k8s.PolicyRule[] {
  const cr = (plural: string, subresources: readonly string[]) => [plural, ...subresources.map((s) => `${plural}/${s}`)];
  return [
    rule(
      ['monitoring.coreos.com'],
      [
        ...cr('alertmanagers', ['finalizers', 'status']),
        'alertmanagerconfigs',
        ...cr('prometheuses', ['finalizers', 'status']),
        ...cr('prometheusagents', ['finalizers', 'status']),
        ...cr('thanosrulers', ['finalizers', 'status']),
        ...cr('scrapeconfigs', ['status']),
        ...cr('servicemonitors', ['status']),
        ...cr('podmonitors', ['status']),
        ...cr('probes', ['status']),
        ...cr('prometheusrules', ['status']),
      ],
      ['*'],
    ),
    rule(['apps'], ['statefulsets'], ['*']),
    rule([''], ['configmaps', 'secrets'], ['*']),
    rule([''], ['pods'], ['list', 'delete']),
    rule([''], ['services', 'services/finalizers'], ['get', 'create', 'update', 'delete']),
    rule([''], ['nodes'], ['list', 'watch']),
    rule([''], ['namespaces'], ['get', 'list', 'watch']),
    rule(['events.k8s.io'], ['events'], ['patch', 'create']),
    rule(['networking.k8s.io'], ['ingresses'], ['get', 'list', 'watch']),
    rule(['storage.k8s.io'], ['storageclasses'], ['get']),
    rule([''], ['endpoints'], ['get', 'create', 'update', 'delete']),
    rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'create', 'list', 'update', 'delete']),
    rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
  ];
}
