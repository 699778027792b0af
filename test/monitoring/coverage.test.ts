import { EXAMPLES } from '../../examples';
import { ClusterMonitoring, MONITORING, PrometheusStorage } from '../../constructs/monitoring';
import { ClusterNetwork, Cni, CniPlugin } from '../../constructs/networking';
import { Cluster, KubeObject } from '../../lib';
import { allowsConnection } from '../support/network-policy';
import { manifests, newCluster, synth, synthErrors } from '../support/synth';

type Json = Record<string, any>;

/** Container ports that serve Prometheus metrics, by name. */
const METRICS_PORT_NAMES = /^(metrics|http-metrics|https-metrics|prometheus|.*-metrics)$/;

/** Images whose every container port serves metrics. */
const EXPORTER_IMAGES = /\/(kube-rbac-proxy|metrics-server):/;

/** A workload's pods with the ports that serve metrics. */
interface MetricsWorkload {
  readonly id: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Declared container ports that serve metrics. */
  readonly ports: readonly { readonly name?: string; readonly containerPort: number }[];
  /** Port numbers announced by prometheus.io/port (on the pods or on a Service fronting them), declared or not. */
  readonly announced: readonly number[];
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
    const annotations = [pod.metadata?.annotations ?? {}, ...services.filter((s) => s.metadata.namespace === w.metadata.namespace && selects(s.spec.selector, labels)).map((s) => s.metadata.annotations ?? {})] as Json[];
    const announced = annotations.filter((a) => a['prometheus.io/scrape'] === 'true').map((a) => Number(a['prometheus.io/port'])).filter((n) => Number.isInteger(n));
    const metricsPorts = ports.filter((p) => exporterPorts.includes(p) || METRICS_PORT_NAMES.test(p.name ?? '') || (w.metadata.name === 'fluent-bit' && p.containerPort === 2020));
    if (metricsPorts.length === 0 && announced.length === 0) return [];
    return [{ id: `${w.kind}/${w.metadata.namespace}/${w.metadata.name}`, namespace: w.metadata.namespace, labels, ports: metricsPorts, announced: [...new Set(announced)] }];
  });
}

function selects(selector: Json | undefined, labels: Json): boolean {
  return !!selector && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The container port numbers a monitor endpoint reaches on the workload's pods. */
function reachedPorts(objects: readonly KubeObject[], w: MetricsWorkload, m: Json, e: Json, allPorts: readonly { name?: string; containerPort: number }[]): number[] {
  const byName = (name: unknown): number[] => allPorts.filter((p) => p.name === name).map((p) => p.containerPort);
  if (m.kind === 'PodMonitor') {
    if (e.port !== undefined) return byName(e.port);
    if (e.portNumber !== undefined) return allPorts.some((p) => p.containerPort === e.portNumber) ? [e.portNumber] : [];
    // No port: the relabelings must point the address at one.
    return ((e.relabelings ?? []) as Json[]).filter((r) => r.targetLabel === '__address__').map((r) => Number(/:(\d+)$/.exec(String(r.replacement))?.[1]));
  }
  return (objects as unknown as Json[])
    .filter((s) => s.kind === 'Service' && s.metadata.namespace === w.namespace && selects(m.spec.selector.matchLabels, s.metadata.labels ?? {}) && selects(s.spec.selector, w.labels))
    .flatMap((s) => (s.spec.ports as Json[]).filter((p) => p.name === e.port))
    .flatMap((p) => (typeof p.targetPort === 'string' ? byName(p.targetPort) : [p.targetPort ?? p.port]));
}

/** The workload's metrics ports that no ServiceMonitor (through a Service) or PodMonitor scrapes. */
export function unscrapedPorts(objects: readonly KubeObject[], w: MetricsWorkload): number[] {
  const ns = (m: Json): string[] => m.spec.namespaceSelector?.matchNames ?? [m.metadata.namespace];
  const workload = (objects as unknown as Json[]).find((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` === w.id)!;
  const allPorts = (workload.spec.template.spec.containers as Json[]).flatMap((c) => c.ports ?? []);
  const monitors = (objects as unknown as Json[]).filter((o) => (o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor') && ns(o).includes(w.namespace));
  const reached = new Set(
    monitors
      .filter((m) => m.kind !== 'PodMonitor' || selects(m.spec.selector.matchLabels, w.labels))
      .flatMap((m) => ((m.kind === 'PodMonitor' ? m.spec.podMetricsEndpoints : m.spec.endpoints) as Json[]).flatMap((e) => reachedPorts(objects, w, m, e, allPorts))),
  );
  return [...new Set([...w.ports.map((p) => p.containerPort), ...w.announced])].filter((p) => !reached.has(p)).sort((a, b) => a - b);
}

/** Whether every metrics port of the workload's pods is scraped. */
export function isScraped(objects: readonly KubeObject[], w: MetricsWorkload): boolean {
  return unscrapedPorts(objects, w).length === 0;
}

/**
 * What tigera/operator renders in calico-system from our Installation, as far as scraping goes
 * (tigera/operator@v1.42.0: pkg/render/node.go, pkg/render/typha.go,
 * pkg/render/kubecontrollers/kube-controllers.go): calico-node's pods, annotated with
 * nodeMetricsPort and declaring no port; Typha's pods and, with typhaMetricsPort, Service
 * calico-typha-metrics; kube-controllers and Service calico-kube-controllers-metrics on the 9094
 * of the default KubeControllersConfiguration.
 */
export function calicoOperatorObjects(objects: readonly KubeObject[]): KubeObject[] {
  const installation = (objects as unknown as Json[]).find((o) => o.kind === 'Installation');
  if (!installation) return [];
  const ns = 'calico-system';
  const scrape = (port: number | undefined) => (port === undefined ? {} : { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port) } });
  const workload = (kind: string, name: string, labels: Json, annotations: Json, ports: Json[] = []) => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns },
    spec: { template: { metadata: { labels, ...annotations }, spec: { containers: [{ name, image: `quay.io/calico/${name}`, ports }] } } },
  });
  const service = (name: string, labels: Json, selector: Json, port: number, portName: string, annotations: Json = {}) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels, ...annotations },
    spec: { selector, ports: [{ name: portName, port, targetPort: port }] },
  });
  const { nodeMetricsPort, typhaMetricsPort } = installation.spec;
  return [
    workload('DaemonSet', 'calico-node', { 'k8s-app': 'calico-node' }, scrape(nodeMetricsPort)),
    workload('Deployment', 'calico-typha', { 'k8s-app': 'calico-typha' }, scrape(typhaMetricsPort), [{ name: 'calico-typha', containerPort: 5473 }]),
    ...(typhaMetricsPort === undefined ? [] : [service('calico-typha-metrics', { 'k8s-app': 'calico-typha-metrics' }, { 'k8s-app': 'calico-typha' }, typhaMetricsPort, 'calico-typha-metrics')]),
    workload('Deployment', 'calico-kube-controllers', { 'k8s-app': 'calico-kube-controllers' }, {}),
    service('calico-kube-controllers-metrics', { 'k8s-app': 'calico-kube-controllers' }, { 'k8s-app': 'calico-kube-controllers' }, 9094, 'metrics-port', scrape(9094)),
  ] as unknown as KubeObject[];
}

/**
 * Metrics endpoints left unscraped on purpose, with the reason. With the Calico API server the
 * operator installs the calico-system tier, whose kube-controller-access policy admits metrics
 * scrapes only from namespace tigera-prometheus
 * (tigera/operator@v1.42.0:pkg/render/kubecontrollers/kube-controllers.go).
 */
function knownUnscrapable(objects: readonly KubeObject[]): string[] {
  return objects.some((o) => o.kind === 'APIServer' && o.apiVersion === 'operator.tigera.io/v1') ? ['Deployment/calico-system/calico-kube-controllers'] : [];
}

/** Our objects plus those an operator renders from them. */
function withOperatorObjects(objects: readonly KubeObject[]): KubeObject[] {
  return [...objects, ...calicoOperatorObjects(objects)];
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
    'DaemonSet/calico-system/calico-node',
    'DaemonSet/logging/fluent-bit',
    'DaemonSet/metallb-system/speaker',
    'DaemonSet/monitoring/node-exporter',
    'DaemonSet/velero/node-agent',
    'Deployment/calico-system/calico-kube-controllers',
    'Deployment/calico-system/calico-typha',
    'Deployment/kube-system/coredns',
    'Deployment/kube-system/metrics-server',
    'Deployment/logging/fluentd-aggregator',
    'Deployment/metallb-system/controller',
    'Deployment/monitoring/kube-state-metrics',
    'Deployment/monitoring/prometheus-operator',
    'Deployment/traefik/traefik',
    'Deployment/velero/velero',
  ],
  'ha-stacked': [
    'DaemonSet/calico-system/calico-node',
    'DaemonSet/monitoring/node-exporter',
    'Deployment/calico-system/calico-kube-controllers',
    'Deployment/calico-system/calico-typha',
    'Deployment/kube-system/coredns',
    'Deployment/kube-system/metrics-server',
    'Deployment/monitoring/kube-state-metrics',
    'Deployment/monitoring/prometheus-operator',
  ],
  'ha-external-etcd': [
    'DaemonSet/cilium/cilium',
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
    const objects = withOperatorObjects(manifests(synth(monitored(name))));
    expect(metricsWorkloads(objects).map((w) => w.id).sort()).toStrictEqual(EXPECTED[name]);
    expect(metricsWorkloads(objects).filter((w) => !isScraped(objects, w)).map((w) => w.id)).toStrictEqual(knownUnscrapable(objects));
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

  test("works port by port: without the Envoy monitor, the agent's 9964 is reported", () => {
    const objects = manifests(synth(cniCluster(Cni.cilium()))).filter((o) => !(o.kind === 'PodMonitor' && o.metadata.name === 'cilium-envoy'));
    const agent = metricsWorkloads(objects).find((w) => w.id === 'DaemonSet/cilium/cilium')!;
    expect(unscrapedPorts(objects, agent)).toStrictEqual([9964]);
  });

  test('an operator-rendered workload counts: without the calico-node monitor, its announced 9091 is reported', () => {
    const objects = withOperatorObjects(manifests(synth(cniCluster(Cni.calico())))).filter((o) => !(o.kind === 'PodMonitor' && o.metadata.name === 'calico-node'));
    const node = metricsWorkloads(objects).find((w) => w.id === 'DaemonSet/calico-system/calico-node')!;
    expect(unscrapedPorts(objects, node)).toStrictEqual([9091]);
  });
});

/** Two nodes on 10.0.0.0/16, the CNI, and monitoring. */
function cniCluster(cni: CniPlugin): Cluster {
  const cluster = newCluster({
    controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }], endpoint: { host: '10.0.0.10' } },
    networking: { nodeSubnets: ['10.0.0.0/16'] },
  });
  cluster.addNodePool('workers', { nodes: [{ name: 'w-1', address: '10.0.1.1' }] });
  new ClusterNetwork(cluster, 'Networking', { cni, allowUnenforcedNetworkPolicies: !cni.enforcesNetworkPolicies });
  new ClusterMonitoring(cluster, 'Monitoring', { prometheus: { storage: PrometheusStorage.ephemeral() } });
  return cluster;
}

describe('every CNI registers monitors for its metrics endpoints', () => {
  const COMMON = ['DaemonSet/monitoring/node-exporter', 'Deployment/kube-system/coredns', 'Deployment/kube-system/metrics-server', 'Deployment/monitoring/kube-state-metrics', 'Deployment/monitoring/prometheus-operator'];
  test.each([
    // Without the Calico API server there is no calico-system tier: kube-controllers are scraped too.
    ['calico without its API server', () => Cni.calico({ apiServer: false, goldmane: false, whisker: false }), ['DaemonSet/calico-system/calico-node', 'Deployment/calico-system/calico-kube-controllers', 'Deployment/calico-system/calico-typha']],
    ['canal', () => Cni.canal(), ['DaemonSet/kube-system/canal', 'Deployment/kube-system/calico-kube-controllers']],
    ['cilium', () => Cni.cilium(), ['DaemonSet/cilium/cilium', 'Deployment/cilium/cilium-operator']],
    ['weave', () => Cni.weave(), ['DaemonSet/kube-system/weave-net']],
    // flanneld serves no Prometheus metrics (only an optional /healthz).
    ['flannel', () => Cni.flannel(), []],
  ] as const)('%s', (_name, cni, workloads) => {
    // GIVEN a cluster with the CNI and monitoring
    const objects = withOperatorObjects(manifests(synth(cniCluster(cni()))));
    // THEN the CNI's metrics-serving workloads are found, and every metrics port of theirs is scraped
    expect(metricsWorkloads(objects).map((w) => w.id).sort()).toStrictEqual([...COMMON, ...workloads].sort());
    expect(metricsWorkloads(objects).map((w) => [w.id, unscrapedPorts(objects, w)]).filter(([, ports]) => ports.length > 0)).toStrictEqual([]);
  });

  test('the series carry the component as job, which the CNI health alert selects', () => {
    const cluster = cniCluster(Cni.cilium());
    const objects = manifests(synth(cluster)) as Json[];
    const jobs = objects
      .filter((o) => o.kind === 'PodMonitor' && o.metadata.namespace === 'monitoring' && o.spec.namespaceSelector?.matchNames?.[0] === 'cilium')
      .flatMap((m) => (m.spec.podMetricsEndpoints as Json[]).flatMap((e) => (e.relabelings as Json[]).filter((r) => r.targetLabel === 'job').map((r) => r.replacement)));
    expect(jobs.sort()).toStrictEqual(['cilium-agent', 'cilium-envoy', 'cilium-operator']);
    const rules = cluster.addOn(MONITORING)!.ruleGroups.flatMap((g) => g.rules);
    expect(rules.find((r) => r.alert === 'CniTargetDown')?.expr).toBe('up{job=~"cilium-agent|cilium-envoy|cilium-operator"} == 0');
  });

  test('a port the container does not declare (calico-node) is reached at pod IP and port, IPv4 or IPv6', () => {
    const objects = manifests(synth(cniCluster(Cni.calico()))) as Json[];
    const monitor = objects.find((o) => o.kind === 'PodMonitor' && o.metadata.name === 'calico-node')!;
    expect(monitor.spec.namespaceSelector).toStrictEqual({ matchNames: ['calico-system'] });
    expect(monitor.spec.podMetricsEndpoints[0].relabelings.slice(0, 4)).toStrictEqual([
      { sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: 'calico-node', action: 'keep' },
      { sourceLabels: ['__meta_kubernetes_pod_container_init'], regex: 'true', action: 'drop' },
      { sourceLabels: ['__meta_kubernetes_pod_ip'], regex: '([0-9.]+)', targetLabel: '__address__', replacement: '$1:9091', action: 'replace' },
      { sourceLabels: ['__meta_kubernetes_pod_ip'], regex: '([0-9a-fA-F]*:[0-9a-fA-F:]*)', targetLabel: '__address__', replacement: '[$1]:9091', action: 'replace' },
    ]);
  });

  test('without monitoring, the CNI registers nothing', () => {
    const cluster = newCluster({ networking: { nodeSubnets: ['10.0.0.0/16'] } });
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.cilium() });
    expect(manifests(synth(cluster)).filter((o) => o.kind === 'PodMonitor' || o.kind === 'ServiceMonitor')).toStrictEqual([]);
  });
});

describe('Prometheus may reach the host-network CNI metrics ports on the nodes, and no other node port', () => {
  test.each([
    ['calico', () => Cni.calico(), [9091, 9093]],
    ['canal', () => Cni.canal(), [9091]],
    ['cilium', () => Cni.cilium(), [9962, 9963, 9964]],
    ['weave', () => Cni.weave(), [6781, 6782]],
  ] as const)('%s', (_name, cni, ports) => {
    const objects = manifests(synth(cniCluster(cni())));
    for (const port of ports) expect([port, allowsConnection(objects, { from: PROMETHEUS, to: { ip: '10.0.1.1' }, port })]).toStrictEqual([port, true]);
    expect(allowsConnection(objects, { from: PROMETHEUS, to: { ip: '10.0.1.1' }, port: 9999 })).toBe(false);
  });

  test('canal kube-controllers, a pod in kube-system, on 9094', () => {
    const objects = manifests(synth(cniCluster(Cni.canal())));
    expect(allowsConnection(objects, { from: PROMETHEUS, to: { namespace: 'kube-system', labels: { 'k8s-app': 'calico-kube-controllers' } }, port: 9094 })).toBe(true);
  });
});
