import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation, containerResources, restrictedSecurityContext } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { MONITORING_PINS } from '../../lib/versions/monitoring';
import { prettyJson } from '../networking/manifest-parts';
import { componentLabels } from './parts';
import { ServiceMonitor } from './service-monitor';

// upstream: prometheus-operator/kube-prometheus@cd97c0f7:manifests/grafana-*.yaml

/** Props of Grafana: its admin Secret, dashboards and who may open it. */
export interface GrafanaProps {
  /**
   * The Secret holding the admin user and password (created outside Git).
   */
  readonly adminCredentials: { readonly secretName: string; readonly usernameKey?: string | undefined; readonly passwordKey?: string | undefined };
  /**
   * Dashboards by name: Grafana dashboard JSON, each written to its own ConfigMap.
   * @default - none
   */
  readonly dashboards?: Readonly<Record<string, string>> | undefined;
  /**
   * Namespaces whose pods may open Grafana (an ingress controller's, for instance).
   * @default - none: `kubectl port-forward` only
   */
  readonly allowIngressFromNamespaces?: readonly string[] | undefined;
}

/** @internal The upstream component Grafana's deviations are declared against. */
export const GRAFANA_COMPONENT = 'grafana (kube-prometheus main-cd97c0f7)';

/** The dashboards kube-prometheus renders from the kubernetes-mixin (manifests/grafana-dashboardDefinitions.yaml). */
const UPSTREAM_DASHBOARDS = [
  'alertmanager-overview', 'apiserver', 'cluster-total', 'controller-manager', 'grafana-overview', 'k8s-resources-cluster',
  'k8s-resources-multicluster', 'k8s-resources-namespace', 'k8s-resources-node', 'k8s-resources-nodes-overview', 'k8s-resources-pod',
  'k8s-resources-windows-cluster', 'k8s-resources-windows-namespace', 'k8s-resources-windows-pod', 'k8s-resources-workload',
  'k8s-resources-workloads-namespace', 'k8s-windows-cluster-rsrc-use', 'k8s-windows-node-rsrc-use', 'kubelet', 'namespace-by-pod',
  'namespace-by-workload', 'node-cluster-rsrc-use', 'node-rsrc-use', 'nodes-aix', 'nodes-darwin', 'nodes', 'persistentvolumesusage',
  'pod-total', 'prometheus-remote-write', 'prometheus', 'proxy', 'scheduler', 'workload-total',
];

const NAME = 'grafana';
const DASHBOARDS_DIR = '/grafana-dashboard-definitions/0';

/** Grafana with Prometheus as its datasource and dashboards provisioned from ConfigMaps. */
export class Grafana extends Construct {
  public readonly podLabels = componentLabels('grafana', NAME);
  public readonly port = 3000;

  constructor(scope: Construct, id: string, props: GrafanaProps & { readonly namespace: string; readonly prometheusUrl: string }) {
    super(scope, id);
    const ns = props.namespace;
    const labels = this.podLabels;
    const meta = (name: string) => ({ name, namespace: ns, labels: { ...labels } });
    const dashboards = Object.keys(props.dashboards ?? {}).sort();
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(NAME), automountServiceAccountToken: false });
    new k8s.KubeConfigMap(this, 'Datasources', {
      metadata: meta('grafana-datasources'),
      data: {
        'datasources.yaml': prettyJson({
          apiVersion: 1,
          datasources: [{ access: 'proxy', editable: false, name: 'prometheus', orgId: 1, type: 'prometheus', url: props.prometheusUrl, version: 1 }],
        }),
      },
    });
    new k8s.KubeConfigMap(this, 'DashboardSources', {
      metadata: meta('grafana-dashboards'),
      data: {
        'dashboards.yaml': prettyJson({
          apiVersion: 1,
          providers: [{ folder: 'Default', folderUid: '', name: '0', options: { path: DASHBOARDS_DIR }, orgId: 1, type: 'file' }],
        }),
      },
    });
    new k8s.KubeConfigMap(this, 'Config', { metadata: meta('grafana-config'), data: { 'grafana.ini': '[date_formats]\ndefault_timezone = UTC\n' } });
    for (const d of dashboards) {
      new k8s.KubeConfigMap(this, `Dashboard-${d}`, { metadata: meta(`grafana-dashboard-${d}`), data: { [`${d}.json`]: props.dashboards![d] } });
    }
    new k8s.KubeService(this, 'Service', {
      metadata: meta(NAME),
      spec: { ports: [{ name: 'http', port: this.port, targetPort: k8s.IntOrString.fromString('http') }], selector: { ...labels } },
    });
    const creds = props.adminCredentials;
    const secretEnv = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: creds.secretName, key } } });
    const rw = (mountPath: string, name: string): k8s.VolumeMount => ({ mountPath, name, readOnly: false });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: meta(NAME),
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...labels } },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            automountServiceAccountToken: false,
            containers: [
              {
                name: NAME,
                image: imageRef(MONITORING_PINS.grafana),
                env: [secretEnv('GF_SECURITY_ADMIN_USER', creds.usernameKey ?? 'admin-user'), secretEnv('GF_SECURITY_ADMIN_PASSWORD', creds.passwordKey ?? 'admin-password')],
                ports: [{ containerPort: this.port, name: 'http' }],
                readinessProbe: { httpGet: { path: '/api/health', port: k8s.IntOrString.fromString('http') } },
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '100Mi', memoryLimit: '200Mi', cpuLimit: '200m' }),
                securityContext: restrictedSecurityContext(),
                volumeMounts: [
                  rw('/var/lib/grafana', 'grafana-storage'),
                  rw('/etc/grafana/provisioning/datasources', 'grafana-datasources'),
                  rw('/etc/grafana/provisioning/dashboards', 'grafana-dashboards'),
                  rw('/tmp', 'tmp-plugins'),
                  ...dashboards.map((d) => rw(`${DASHBOARDS_DIR}/${d}`, `grafana-dashboard-${d}`)),
                  rw('/etc/grafana', 'grafana-config'),
                ],
              },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            securityContext: { fsGroup: 65534, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
            serviceAccountName: NAME,
            volumes: [
              { emptyDir: {}, name: 'grafana-storage' },
              { name: 'grafana-datasources', configMap: { name: 'grafana-datasources' } },
              { configMap: { name: 'grafana-dashboards' }, name: 'grafana-dashboards' },
              { emptyDir: { medium: 'Memory' }, name: 'tmp-plugins' },
              ...dashboards.map((d) => ({ configMap: { name: `grafana-dashboard-${d}` }, name: `grafana-dashboard-${d}` })),
              { name: 'grafana-config', configMap: { name: 'grafana-config' } },
            ],
          },
        },
      },
    });
    new ServiceMonitor(this, 'ServiceMonitor', { name: NAME, namespace: ns, selector: { 'app.kubernetes.io/name': NAME }, endpoints: [{ port: 'http', interval: '15s' }] });
    this.declareDeviations(props, dashboards);
  }

  private declareDeviations(props: GrafanaProps, dashboards: readonly string[]): void {
    const c = `Deployment/monitoring/${NAME} container ${NAME}`;
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: GRAFANA_COMPONENT, item, ours, why });
    };
    const creds = props.adminCredentials;
    declare(`${c} env GF_SECURITY_ADMIN_USER`, `Secret ${creds.secretName}`, 'admin credentials come from a Secret created outside Git; upstream keeps Grafana\'s built-in admin/admin');
    declare(`${c} env GF_SECURITY_ADMIN_PASSWORD`, `Secret ${creds.secretName}`, 'admin credentials come from a Secret created outside Git; upstream keeps Grafana\'s built-in admin/admin');
    declare(`${c} mount /etc/grafana/provisioning/datasources`, 'ConfigMap grafana-datasources', 'the datasource holds no secret, and Secrets with values are never written to Git');
    declare(`${c} mount /etc/grafana`, 'ConfigMap grafana-config', 'grafana.ini holds no secret, and Secrets with values are never written to Git');
    for (const d of UPSTREAM_DASHBOARDS.filter((x) => !dashboards.includes(x))) {
      declare(`${c} mount ${DASHBOARDS_DIR}/${d}`, 'absent', 'kube-prometheus\'s rendered kubernetes-mixin dashboards (1 MB of JSON) are not vendored; dashboards come from the ConfigMaps given in `dashboards`');
    }
    for (const d of dashboards.filter((x) => !UPSTREAM_DASHBOARDS.includes(x))) {
      declare(`${c} mount ${DASHBOARDS_DIR}/${d}`, `ConfigMap grafana-dashboard-${d}`, 'a dashboard given in `dashboards`');
    }
    for (const [leaf, value] of [
      ['runAsNonRoot', 'true'],
    ]) {
      declare(`${c} securityContext.${leaf}`, value, 'added hardening (Pod Security restricted); the pod already runs as 65534');
    }
  }
}
