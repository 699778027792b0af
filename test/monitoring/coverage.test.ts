import { EXAMPLES } from '../../examples';
import { ClusterMonitoring, MONITORING, PrometheusStorage } from '../../constructs/monitoring';
import { Cluster, KubeObject } from '../../lib';
import { allowsConnection } from '../support/network-policy';
import { manifests, synth, synthErrors } from '../support/synth';

type Json = Record<string, any>;

/** Container ports that serve Prometheus metrics, by name. */
const METRICS_PORT_NAMES = /^(metrics|http-metrics|https-metrics|prometheus|.*-metrics)$/;

/** Images whose every container port serves metrics. */
const EXPORTER_IMAGES = /\/(kube-rbac-proxy|metrics-server):/;

/** A workload's pods with the container ports that serve metrics. */
interface MetricsWorkload {
  readonly id: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly name?: string; readonly containerPort: number }[];
}

/** Every workload whose pods serve metrics: a metrics-named port, a prometheus.io/scrape annotation, or a known exporter port. */
export function metricsWorkloads(objects: readonly KubeObject[]): MetricsWorkload[] {
  const services = objects.filter((o) => o.kind === 'Service') as Json[];
  return (objects.filter((o) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.kind)) as Json[]).flatMap((w) => {
    const pod = w.spec.template;
    const labels = pod.metadata?.labels ?? {};
    const containers = pod.spec.containers as Json[];
    const ports = containers.flatMap((c) => c.ports ?? []) as { name?: string; containerPort: number }[];
    // Exporters that serve metrics on every port of a container (kube-rbac-proxy fronts one).
    const exporterPorts = containers.filter((c) => EXPORTER_IMAGES.test(c.image)).flatMap((c) => c.ports ?? []);
    const annotated = pod.metadata?.annotations?.['prometheus.io/scrape'] === 'true' || services.some((s) => s.metadata.namespace === w.metadata.namespace && s.metadata.annotations?.['prometheus.io/scrape'] === 'true' && selects(s.spec.selector, labels));
    const metricsPorts = ports.filter((p) => exporterPorts.includes(p) || METRICS_PORT_NAMES.test(p.name ?? '') || (w.metadata.name === 'fluent-bit' && p.containerPort === 2020));
    if (metricsPorts.length === 0 && !annotated) return [];
    return [{ id: `${w.kind}/${w.metadata.namespace}/${w.metadata.name}`, namespace: w.metadata.namespace, labels, ports: metricsPorts }];
  });
}

function selects(selector: Json | undefined, labels: Json): boolean {
  return !!selector && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Whether a ServiceMonitor (through a Service) or a PodMonitor scrapes the workload's pods. */
export function isScraped(objects: readonly KubeObject[], w: MetricsWorkload): boolean {
  const ns = (m: Json): string[] => m.spec.namespaceSelector?.matchNames ?? [m.metadata.namespace];
  const monitors = objects.filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor') as Json[];
  return monitors.some((m) => {
    if (!ns(m).includes(w.namespace)) return false;
    if (m.kind === 'PodMonitor') return selects(m.spec.selector.matchLabels, w.labels);
    return (objects as unknown as Json[]).some(
      (s) =>
        s.kind === 'Service' &&
        s.metadata.namespace === w.namespace &&
        selects(m.spec.selector.matchLabels, s.metadata.labels ?? {}) &&
        selects(s.spec.selector, w.labels) &&
        (m.spec.endpoints as Json[]).some((e) => (s.spec.ports as Json[]).some((p) => p.name === e.port)),
    );
  });
}

const PROMETHEUS = { namespace: 'monitoring', labels: { 'app.kubernetes.io/component': 'prometheus', 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s', 'app.kubernetes.io/part-of': 'kube-prometheus' } };
let platform: KubeObject[] | undefined;
function platformObjects(): KubeObject[] {
  platform ??= manifests(synth(EXAMPLES.platform()));
  return platform;
}

/** Each example as defined, or with the monitoring add-on added when it has none. */
function monitored(name: string): Cluster {
  const cluster = EXAMPLES[name]();
  if (!cluster.addOn(MONITORING)) new ClusterMonitoring(cluster, 'Monitoring', { prometheus: { storage: PrometheusStorage.ephemeral() } });
  return cluster;
}

const EXPECTED: Record<string, string[]> = {
  platform: [
    'DaemonSet/logging/fluent-bit',
    'DaemonSet/metallb-system/speaker',
    'DaemonSet/monitoring/node-exporter',
    'DaemonSet/velero/node-agent',
    'Deployment/kube-system/coredns',
    'Deployment/kube-system/metrics-server',
    'Deployment/logging/fluentd-aggregator',
    'Deployment/metallb-system/controller',
    'Deployment/monitoring/kube-state-metrics',
    'Deployment/monitoring/prometheus-operator',
    'Deployment/traefik/traefik',
    'Deployment/velero/velero',
  ],
  'ha-stacked': ['DaemonSet/monitoring/node-exporter', 'Deployment/kube-system/coredns', 'Deployment/kube-system/metrics-server', 'Deployment/monitoring/kube-state-metrics', 'Deployment/monitoring/prometheus-operator'],
  'ha-external-etcd': [
    'DaemonSet/monitoring/node-exporter',
    'Deployment/cilium/cilium-operator',
    'Deployment/kube-system/coredns',
    'Deployment/kube-system/metrics-server',
    'Deployment/monitoring/kube-state-metrics',
    'Deployment/monitoring/prometheus-operator',
  ],
};

describe('every metrics-exposing workload of every example is scraped once monitoring is present', () => {
  test('the platform example ships monitoring itself', () => {
    expect(EXAMPLES.platform().addOn(MONITORING)).toBeDefined();
  });

  test.each(Object.keys(EXPECTED))('%s', (name) => {
    const objects = manifests(synth(monitored(name)));
    expect(metricsWorkloads(objects).map((w) => w.id).sort()).toStrictEqual(EXPECTED[name]);
    expect(metricsWorkloads(objects).filter((w) => !isScraped(objects, w)).map((w) => w.id)).toStrictEqual([]);
  });

  test('minimal runs Flannel, which enforces no NetworkPolicy: monitoring there must accept that knowingly', () => {
    expect(synthErrors(monitored('minimal')).map((e) => e.rule)).toStrictEqual(['networking/network-policy-unenforced']);
  });
});

describe('Prometheus may reach every scraped workload of the platform through the NetworkPolicies', () => {
  test.each([
    ['Deployment', 'velero', 'velero', 8085],
    ['DaemonSet', 'velero', 'node-agent', 8085],
    ['Deployment', 'traefik', 'traefik', 9100],
    ['Deployment', 'metallb-system', 'controller', 9120],
    ['DaemonSet', 'logging', 'fluent-bit', 2020],
    ['Deployment', 'logging', 'fluentd-aggregator', 24231],
    ['Deployment', 'monitoring', 'kube-state-metrics', 8443],
  ] as const)('%s %s/%s on %d', (kind, namespace, name, port) => {
    const objects = platformObjects();
    const workload = objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace) as Json;
    expect(allowsConnection(objects, { from: PROMETHEUS, to: { namespace, labels: workload.spec.template.metadata.labels }, port })).toBe(true);
  });
});

describe('the coverage check', () => {
  test('reports a workload whose ServiceMonitor is missing', () => {
    const objects = manifests(synth(EXAMPLES.platform())).filter((o) => !(o.kind === 'ServiceMonitor' && o.metadata.name === 'fluent-bit'));
    expect(metricsWorkloads(objects).filter((w) => !isScraped(objects, w)).map((w) => w.id)).toStrictEqual(['DaemonSet/logging/fluent-bit']);
  });
});
