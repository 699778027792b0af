import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { Cluster, EtcdTopology, ExtraArg, IModelValidator, ValidationContext } from '../../lib';
import { ScrapeEndpoint, ServiceMonitor } from './service-monitor';

// Scrape targets of the control plane, from the model's topology. The ServiceMonitors follow
// prometheus-operator/kube-prometheus@cd97c0f7:manifests/kubernetesControlPlane-serviceMonitor*.yaml
// (same selectors, ports, schemes and paths); the Services kubeadm does not create (scheduler,
// controller-manager, etcd, kube-proxy) are added here, selecting kubeadm's static-pod labels or
// listing the external etcd members.

const KUBE_SYSTEM = 'kube-system';
const SA_TOKEN = { serviceAccountToken: true } as const;
/** The API server's serving CA and name, as every pod sees them. */
const API_SERVER_TLS = { caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', serverName: 'kubernetes' };

/** @internal Ports kubeadm's components serve metrics on (kubeadm v1.35 defaults). */
export const CONTROL_PLANE_METRICS_PORTS = {
  apiServer: 6443,
  kubelet: 10250,
  scheduler: 10259,
  controllerManager: 10257,
  etcdMetrics: 2381,
  etcdClient: 2379,
  kubeProxy: 10249,
  coreDns: 9153,
} as const;

/** How Prometheus scrapes etcd. */
export interface EtcdScrapeOptions {
  /**
   * A Secret in the monitoring namespace with an etcd client certificate (`ca.crt`, `tls.crt`,
   * `tls.key`): Prometheus then scrapes the TLS client port (2379), which etcd serves on the
   * node address in every topology, instead of the plain-HTTP metrics port.
   * @default - the plain-HTTP metrics port (2381), no client certificate
   */
  readonly clientCertificateSecret?: string | undefined;
}

/** Props of the control-plane scrape targets. */
export interface ControlPlaneTargetsProps {
  readonly namespace: string;
  /** @default - plain-HTTP metrics port */
  readonly etcd?: EtcdScrapeOptions | undefined;
  /** Whether the model has CoreDNS (the cluster network add-on). */
  readonly coreDns: boolean;
}

/** One scrape target the model generated, for tests and documentation. */
export interface ControlPlaneTarget {
  readonly component: 'apiserver' | 'kubelet' | 'kube-scheduler' | 'kube-controller-manager' | 'etcd' | 'coredns' | 'kube-proxy';
  /** The job label of its series. */
  readonly job: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
  /** Node addresses it is scraped at, when the model knows them. */
  readonly addresses: readonly string[];
}

function argValue(args: readonly ExtraArg[], name: string): string | undefined {
  return [...args].reverse().find((a) => a.name === name)?.value;
}

const LOOPBACK = /^(127\.|::1$|\[::1\]|localhost)/;

/**
 * ServiceMonitors (and the Services kubeadm lacks) for kube-apiserver, the kubelets and
 * cAdvisor, kube-scheduler, kube-controller-manager, etcd (stacked or external), CoreDNS and
 * kube-proxy. Components that kubeadm binds to 127.0.0.1 cannot be scraped from Prometheus's
 * pod; for each, a warning names the setting that fixes it.
 */
export class ControlPlaneTargets extends Construct implements IModelValidator {
  public readonly targets: ControlPlaneTarget[] = [];
  private readonly etcdOptions: EtcdScrapeOptions;

  constructor(scope: Construct, id: string, props: ControlPlaneTargetsProps) {
    super(scope, id);
    const ns = props.namespace;
    const cluster = Cluster.of(this);
    const cpAddresses = cluster.controlPlane?.nodes.map((n) => n.address) ?? [];
    const allAddresses = [...cpAddresses, ...cluster.nodePools.flatMap((p) => p.nodes.map((n) => n.address))];
    this.etcdOptions = props.etcd ?? {};
    const P = CONTROL_PLANE_METRICS_PORTS;
    const secure = (extra: Partial<ScrapeEndpoint> = {}): ScrapeEndpoint => ({ port: 'https-metrics', scheme: 'https', interval: '30s', ...SA_TOKEN, tlsConfig: { insecureSkipVerify: true }, ...extra });
    const slis = secure({ path: '/metrics/slis', interval: '5s', metricRelabelings: [{ action: 'drop', regex: 'process_start_time_seconds', sourceLabels: ['__name__'] }] });

    // kube-apiserver: the `kubernetes` Service in `default`, verified against the cluster CA.
    new ServiceMonitor(this, 'ApiServer', {
      name: 'kube-apiserver',
      namespace: ns,
      namespaces: ['default'],
      selector: { component: 'apiserver', provider: 'kubernetes' },
      jobLabel: 'component',
      endpoints: [{ port: 'https', scheme: 'https', interval: '30s', ...SA_TOKEN, tlsConfig: API_SERVER_TLS }],
    });
    this.targets.push({ component: 'apiserver', job: 'apiserver', port: P.apiServer, scheme: 'https', addresses: cpAddresses });

    // Kubelet and cAdvisor: the kube-system/kubelet Service the operator maintains (--kubelet-service).
    const kubeletCommon = { ...secure(), honorLabels: true };
    new ServiceMonitor(this, 'Kubelet', {
      name: 'kubelet',
      namespace: ns,
      namespaces: [KUBE_SYSTEM],
      selector: { 'app.kubernetes.io/name': 'kubelet' },
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [
        { ...kubeletCommon, relabelings: [{ action: 'replace', sourceLabels: ['__metrics_path__'], targetLabel: 'metrics_path' }] },
        { ...kubeletCommon, path: '/metrics/cadvisor', relabelings: [{ action: 'replace', sourceLabels: ['__metrics_path__'], targetLabel: 'metrics_path' }] },
        { ...kubeletCommon, path: '/metrics/probes', relabelings: [{ action: 'replace', sourceLabels: ['__metrics_path__'], targetLabel: 'metrics_path' }] },
      ],
    });
    this.targets.push({ component: 'kubelet', job: 'kubelet', port: P.kubelet, scheme: 'https', addresses: allAddresses });

    // Scheduler and controller-manager: headless Services over kubeadm's static pods.
    for (const [id, name, port] of [
      ['Scheduler', 'kube-scheduler', P.scheduler],
      ['ControllerManager', 'kube-controller-manager', P.controllerManager],
    ] as const) {
      this.staticPodService(id, name, { component: name, tier: 'control-plane' }, 'https-metrics', port);
      new ServiceMonitor(this, id, {
        name,
        namespace: ns,
        namespaces: [KUBE_SYSTEM],
        selector: { 'app.kubernetes.io/name': name },
        jobLabel: 'app.kubernetes.io/name',
        endpoints: [secure(), slis],
      });
      this.targets.push({ component: name, job: name, port, scheme: 'https', addresses: cpAddresses });
    }

    // etcd: stacked members are the control-plane static pods; external members are listed.
    const tls = this.etcdOptions.clientCertificateSecret;
    const etcdPort = tls ? P.etcdClient : P.etcdMetrics;
    const etcdPortName = tls ? 'https-metrics' : 'http-metrics';
    const etcdScheme = tls ? 'https' : 'http';
    if (cluster.etcd.topology === EtcdTopology.EXTERNAL) {
      const members = cluster.etcd.members;
      const port = tls ? members[0]?.clientPort ?? P.etcdClient : members[0]?.metricsPort ?? P.etcdMetrics;
      this.externalService('Etcd', 'etcd', etcdPortName, port, members.map((m) => m.address));
      this.targets.push({ component: 'etcd', job: 'etcd', port, scheme: etcdScheme, addresses: members.map((m) => m.address) });
    } else {
      this.staticPodService('Etcd', 'etcd', { component: 'etcd', tier: 'control-plane' }, etcdPortName, etcdPort);
      this.targets.push({ component: 'etcd', job: 'etcd', port: etcdPort, scheme: etcdScheme, addresses: cpAddresses });
    }
    const secretKey = (key: string) => ({ secretName: tls!, key });
    new ServiceMonitor(this, 'EtcdMonitor', {
      name: 'etcd',
      namespace: ns,
      namespaces: [KUBE_SYSTEM],
      selector: { 'app.kubernetes.io/name': 'etcd' },
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [
        tls
          ? { port: etcdPortName, scheme: 'https', interval: '30s', tlsConfig: { ca: secretKey('ca.crt'), cert: secretKey('tls.crt'), keySecret: secretKey('tls.key') } }
          : { port: etcdPortName, scheme: 'http', interval: '30s' },
      ],
    });

    if (props.coreDns) {
      new ServiceMonitor(this, 'CoreDns', {
        name: 'coredns',
        namespace: ns,
        // kube-dns carries no app.kubernetes.io/name label, so the job is the Service's name.
        job: 'kube-dns',
        namespaces: [KUBE_SYSTEM],
        selector: { 'k8s-app': 'kube-dns' },
        jobLabel: 'app.kubernetes.io/name',
        endpoints: [{ port: 'metrics', interval: '15s', ...SA_TOKEN, metricRelabelings: [{ action: 'drop', regex: 'coredns_cache_misses_total', sourceLabels: ['__name__'] }] }],
      });
      this.targets.push({ component: 'coredns', job: 'kube-dns', port: P.coreDns, scheme: 'http', addresses: [] });
    }

    if (cluster.kubeProxy.enabled) {
      this.staticPodService('KubeProxy', 'kube-proxy', { 'k8s-app': 'kube-proxy' }, 'http-metrics', P.kubeProxy);
      new ServiceMonitor(this, 'KubeProxyMonitor', {
        name: 'kube-proxy',
        namespace: ns,
        namespaces: [KUBE_SYSTEM],
        selector: { 'app.kubernetes.io/name': 'kube-proxy' },
        jobLabel: 'app.kubernetes.io/name',
        endpoints: [{ port: 'http-metrics', scheme: 'http', interval: '30s' }],
      });
      this.targets.push({ component: 'kube-proxy', job: 'kube-proxy', port: P.kubeProxy, scheme: 'http', addresses: allAddresses });
    }
  }

  /** A headless Service in kube-system selecting host-network pods, so its endpoints are node addresses. */
  private staticPodService(id: string, name: string, podSelector: Record<string, string>, portName: string, port: number): void {
    new k8s.KubeService(this, `${id}Service`, {
      metadata: { name: `${name}-metrics`, namespace: KUBE_SYSTEM, labels: { 'app.kubernetes.io/name': name } },
      spec: { clusterIp: 'None', selector: podSelector, ports: [{ name: portName, port, targetPort: k8s.IntOrString.fromNumber(port), protocol: 'TCP' }] },
    });
  }

  /** A selector-less headless Service and its EndpointSlice, for hosts outside the cluster. */
  private externalService(id: string, name: string, portName: string, port: number, addresses: readonly string[]): void {
    const labels = { 'app.kubernetes.io/name': name };
    new k8s.KubeService(this, `${id}Service`, {
      metadata: { name: `${name}-metrics`, namespace: KUBE_SYSTEM, labels },
      spec: { clusterIp: 'None', ports: [{ name: portName, port, targetPort: k8s.IntOrString.fromNumber(port), protocol: 'TCP' }] },
    });
    const v6 = addresses.some((a) => a.includes(':'));
    new k8s.KubeEndpointSlice(this, `${id}Endpoints`, {
      metadata: { name: `${name}-metrics`, namespace: KUBE_SYSTEM, labels: { ...labels, 'kubernetes.io/service-name': `${name}-metrics`, 'endpointslice.kubernetes.io/managed-by': 'clusterforge' } },
      addressType: v6 ? 'IPv6' : 'IPv4',
      endpoints: addresses.map((a) => ({ addresses: [a], conditions: { ready: true } })),
      ports: [{ name: portName, port, protocol: 'TCP' }],
    });
  }

  public validateModel(context: ValidationContext): void {
    const cluster = Cluster.of(this);
    const cp = cluster.controlPlane;
    if (cp) {
      for (const [field, component, args] of [
        ['controlPlane.schedulerExtraArgs', 'kube-scheduler', cp.schedulerExtraArgs],
        ['controlPlane.controllerManagerExtraArgs', 'kube-controller-manager', cp.controllerManagerExtraArgs],
      ] as const) {
        const bind = argValue(args, 'bind-address') ?? '127.0.0.1';
        if (LOOPBACK.test(bind)) {
          context.warn(this, {
            rule: 'monitoring/loopback-metrics',
            field,
            message: `kubeadm binds ${component} to 127.0.0.1, so Prometheus cannot scrape it and its alerts see it as down`,
            received: `bind-address=${bind}`,
            expected: `${field}: [{ name: 'bind-address', value: '0.0.0.0' }] (its secure port still requires authentication)`,
          });
        }
      }
    }
    if (cluster.etcd.topology === EtcdTopology.STACKED && cp && !this.etcdOptions.clientCertificateSecret) {
      const urls = argValue(cluster.etcd.stackedOptions?.extraArgs ?? [], 'listen-metrics-urls') ?? 'http://127.0.0.1:2381';
      if (urls.split(',').every((u) => LOOPBACK.test(u.replace(/^https?:\/\//, '')))) {
        context.warn(this, {
          rule: 'monitoring/loopback-metrics',
          field: 'etcd',
          message: 'kubeadm serves stacked etcd metrics on 127.0.0.1:2381 only, so Prometheus cannot scrape etcd',
          received: `listen-metrics-urls=${urls}`,
          expected: "Etcd.stacked({ extraArgs: [{ name: 'listen-metrics-urls', value: 'http://0.0.0.0:2381' }] }), or controlPlane.etcd.clientCertificateSecret of the monitoring add-on",
        });
      }
    }
    const proxyBind = cluster.kubeProxy.metricsBindAddress ?? '127.0.0.1:10249';
    if (cluster.kubeProxy.enabled && LOOPBACK.test(proxyBind)) {
      context.warn(this, {
        rule: 'monitoring/loopback-metrics',
        field: 'kubeProxy',
        message: 'kube-proxy serves metrics on 127.0.0.1:10249 by default, so Prometheus cannot scrape it',
        received: `metricsBindAddress=${proxyBind}`,
        expected: "kubeProxy: KubeProxy.<mode>().withMetricsBindAddress('0.0.0.0:10249')",
      });
    }
  }
}
