import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { KUBE_PROMETHEUS_REF, MONITORING_PINS } from '../../lib/versions/monitoring';
import { rule } from '../networking/manifest-parts';
import { componentLabels, operatedServerObjects } from './parts';
import type { Labels } from './labels';

// upstream: prometheus-operator/kube-prometheus@cd97c0f7:manifests/prometheus-*.yaml

/** Where Prometheus keeps its TSDB. */
export class PrometheusStorage {
  /**
   * A PersistentVolumeClaim per replica, from a StorageClass of the model.
   * @param options.size @default '50Gi'
   * @param options.storageClass @default - the model's default StorageClass
   */
  public static persistent(options: { readonly size?: string | undefined; readonly storageClass?: string | undefined } = {}): PrometheusStorage {
    return new PrometheusStorage(options.size ?? '50Gi', options.storageClass, true);
  }

  /** An emptyDir: the data is lost with the pod. For test clusters only. */
  public static ephemeral(): PrometheusStorage {
    return new PrometheusStorage(undefined, undefined, false);
  }

  private constructor(
    public readonly size: string | undefined,
    public readonly storageClass: string | undefined,
    public readonly persistent: boolean,
  ) {}
}

/** Label selectors of the objects Prometheus picks up; `{}` selects all. */
export interface MonitorSelectors {
  /** @default {} (every ServiceMonitor) */
  readonly serviceMonitorSelector?: Labels | undefined;
  /** @default {} (every namespace) */
  readonly serviceMonitorNamespaceSelector?: Labels | undefined;
  /** @default {} */
  readonly podMonitorSelector?: Labels | undefined;
  /** @default {} */
  readonly podMonitorNamespaceSelector?: Labels | undefined;
  /** @default {} */
  readonly ruleSelector?: Labels | undefined;
  /** @default {} */
  readonly ruleNamespaceSelector?: Labels | undefined;
}

export interface PrometheusProps extends MonitorSelectors {
  /** @default 2 */
  readonly replicas?: number | undefined;
  /**
   * How long samples are kept, as a Prometheus duration.
   * @default '15d'
   */
  readonly retention?: string | undefined;
  /**
   * Size at which the oldest blocks are deleted, e.g. '45GB' (keep it below the volume size).
   * @default - none
   */
  readonly retentionSize?: string | undefined;
  /** @default PrometheusStorage.persistent() */
  readonly storage?: PrometheusStorage | undefined;
  /** @default { cpuRequest: '200m', memoryRequest: '2Gi', memoryLimit: '4Gi' } */
  readonly resources?: { readonly cpuRequest: string; readonly memoryRequest: string; readonly memoryLimit: string } | undefined;
  /**
   * Labels added to every series and alert leaving this Prometheus.
   * @default { cluster: <cluster name> }
   */
  readonly externalLabels?: Readonly<Record<string, string>> | undefined;
}

/** @internal Defaults of PrometheusProps, resolved in one place. */
export const PROMETHEUS_DEFAULTS = {
  replicas: 2,
  retention: '15d',
  /** 50Gi per replica of the default StorageClass. */
  storage: (): PrometheusStorage => PrometheusStorage.persistent(),
  resources: { cpuRequest: '200m', memoryRequest: '2Gi', memoryLimit: '4Gi' },
} as const;

/** Resolved props of the Prometheus construct, as the monitoring add-on passes them. */
export interface PrometheusServerProps {
  readonly namespace: string;
  readonly props: PrometheusProps;
  readonly storageClassName: string | undefined;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly alertmanager?: { readonly name: string; readonly port: string } | undefined;
}

const NAME = 'prometheus-k8s';

/** The Prometheus custom resource `k8s`, its RBAC, Service, PodDisruptionBudget and ServiceMonitor. */
export class PrometheusServer extends Construct {
  public readonly podLabels = componentLabels('prometheus', 'prometheus', 'k8s');
  public readonly serviceAccountName = NAME;
  public readonly port = 9090;

  constructor(scope: Construct, id: string, server: PrometheusServerProps) {
    super(scope, id);
    const ns = server.namespace;
    const p = server.props;
    const labels = this.podLabels;
    const meta = (name: string, namespaced = true) => ({ name, ...(namespaced ? { namespace: ns } : {}), labels: { ...labels } });
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(NAME), automountServiceAccountToken: true });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: meta(NAME, false),
      rules: [
        rule([''], ['nodes/metrics'], ['get']),
        { nonResourceUrLs: ['/metrics', '/metrics/slis'], verbs: ['get'] },
        // Discovery in every namespace, so tenants' ServiceMonitors work (upstream grants it in
        // default, kube-system and monitoring only).
        rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']),
        rule([''], ['services', 'pods'], ['get', 'list', 'watch']),
        rule(['networking.k8s.io'], ['ingresses'], ['get', 'list', 'watch']),
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: meta(NAME, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });
    new k8s.KubeRole(this, 'ConfigRole', { metadata: meta('prometheus-k8s-config'), rules: [rule([''], ['configmaps'], ['get'])] });
    new k8s.KubeRoleBinding(this, 'ConfigRoleBinding', {
      metadata: meta('prometheus-k8s-config'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'prometheus-k8s-config' },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });
    operatedServerObjects(this, { name: NAME, namespace: ns, labels, port: this.port, disruption: { minAvailable: 1 } });
    const storage = p.storage ?? PROMETHEUS_DEFAULTS.storage();
    const res = p.resources ?? PROMETHEUS_DEFAULTS.resources;
    new ApiObject(this, 'Prometheus', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'k8s', namespace: ns, labels: { ...labels } },
      spec: {
        ...(server.alertmanager ? { alerting: { alertmanagers: [{ apiVersion: 'v2', name: server.alertmanager.name, namespace: ns, port: server.alertmanager.port }] } } : {}),
        enableFeatures: [],
        externalLabels: { ...server.externalLabels },
        image: imageRef(MONITORING_PINS.prometheus),
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        podMetadata: { labels: { ...labels } },
        podMonitorNamespaceSelector: selector(p.podMonitorNamespaceSelector),
        podMonitorSelector: selector(p.podMonitorSelector),
        probeNamespaceSelector: {},
        probeSelector: {},
        replicas: p.replicas ?? PROMETHEUS_DEFAULTS.replicas,
        resources: { requests: { cpu: res.cpuRequest, memory: res.memoryRequest }, limits: { memory: res.memoryLimit } },
        retention: p.retention ?? PROMETHEUS_DEFAULTS.retention,
        ...(p.retentionSize ? { retentionSize: p.retentionSize } : {}),
        ruleNamespaceSelector: selector(p.ruleNamespaceSelector),
        ruleSelector: selector(p.ruleSelector),
        scrapeConfigNamespaceSelector: {},
        scrapeConfigSelector: {},
        securityContext: { fsGroup: 2000, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
        serviceAccountName: NAME,
        serviceDiscoveryRole: 'EndpointSlice',
        serviceMonitorNamespaceSelector: selector(p.serviceMonitorNamespaceSelector),
        serviceMonitorSelector: selector(p.serviceMonitorSelector),
        ...(storage.persistent
          ? {
              storage: {
                volumeClaimTemplate: {
                  spec: {
                    accessModes: ['ReadWriteOnce'],
                    ...(server.storageClassName ? { storageClassName: server.storageClassName } : {}),
                    resources: { requests: { storage: storage.size } },
                  },
                },
              },
            }
          : {}),
        version: MONITORING_PINS.prometheusVersion,
      },
    } as never);
    this.declareDeviations();
  }

  private declareDeviations(): void {
    const sa = 'monitoring/prometheus-k8s';
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: `prometheus (${KUBE_PROMETHEUS_REF})`, item, ours, why });
    };
    for (const ns of ['default', 'kube-system', 'monitoring']) {
      for (const verb of ['get', 'list', 'watch']) {
        declare(`rbac ${sa} ns:${ns} extensions/ingresses ${verb}`, 'not granted', 'the extensions API group no longer serves Ingress (removed in Kubernetes 1.22); networking.k8s.io/ingresses is granted');
      }
    }
    for (const resource of ['core/pods', 'core/services', 'discovery.k8s.io/endpointslices', 'networking.k8s.io/ingresses']) {
      for (const verb of ['get', 'list', 'watch']) {
        declare(`rbac+ ${sa} cluster ${resource} ${verb}`, 'granted in every namespace', 'service discovery in every namespace, so tenants\' ServiceMonitors and PodMonitors are scraped (upstream grants default, kube-system and monitoring only); read-only, no Secrets');
      }
    }
  }
}

function selector(labels: Labels | undefined): Record<string, unknown> {
  return labels && Object.keys(labels).length > 0 ? { matchLabels: { ...labels } } : {};
}
