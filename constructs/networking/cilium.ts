import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { Namespace, PodSecurityLevel, UpstreamDeviation, ValidationContext, containerResources } from '../../lib';
import { IpFamily } from '../../lib/net/cidr';
import { MAX_INT32 } from '../../lib/validation/formats';
import { imageRef } from '../../lib/versions/image';
import { CILIUM_PINS } from '../../lib/versions/networking';
import { CniCommonProps, CniMetricsEndpoint, CniPlugin, CniValidationInput, CniWiring, cidrOfFamily } from './cni-plugin';
import { configMapEnv, env, fieldEnv, hostPathVolume, rule } from './manifest-parts';

// upstream: cilium/cilium install/kubernetes/cilium (Helm chart): templates/cilium-agent/
// {daemonset,clusterrole,role}.yaml, templates/cilium-operator/{deployment,clusterrole}.yaml,
// templates/cilium-configmap.yaml and values.yaml, rendered by hand with the chart defaults
// (Hubble off, Envoy embedded in the agent, see below). Images: v1.18.9 release digests.

/** How pod traffic crosses nodes. */
export enum CiliumRouting {
  /** VXLAN tunnel between nodes (the chart's default). */
  VXLAN = 'vxlan',
  /** Geneve tunnel between nodes. */
  GENEVE = 'geneve',
  /** Native routing: pod addresses are routed by the underlay; Cilium installs direct node routes. */
  NATIVE = 'native',
}

/** The API server address Cilium talks to when it replaces kube-proxy. */
export interface CiliumApiServer {
  readonly host: string;
  /** @default 6443 */
  readonly port?: number | undefined;
}

export interface CiliumProps extends CniCommonProps {
  /**
   * Tunnel protocol or native routing.
   * @default CiliumRouting.VXLAN
   */
  readonly routing?: CiliumRouting | undefined;
  /**
   * Replace kube-proxy with Cilium's eBPF service handling. Requires the cluster to run
   * without kube-proxy (`kubeProxy: KubeProxy.disabled()`).
   * @default false
   */
  readonly kubeProxyReplacement?: boolean | undefined;
  /**
   * Prefix length of the per-node IPv4 blocks of the cluster-pool IPAM.
   * @default 24
   */
  readonly clusterPoolIpv4MaskSize?: number | undefined;
  /**
   * Prefix length of the per-node IPv6 blocks of the cluster-pool IPAM.
   * @default 120
   */
  readonly clusterPoolIpv6MaskSize?: number | undefined;
  /**
   * Replicas of cilium-operator (spread one per node).
   * @default 2
   */
  readonly operatorReplicas?: number | undefined;
  /**
   * Where the agents reach the API server when kube-proxy is replaced (no Service
   * routing exists before Cilium runs).
   * @default - the cluster's control-plane endpoint
   */
  readonly apiServer?: CiliumApiServer | undefined;
}

/** @internal Cilium's defaults, resolved in one place (values.yaml of the chart). */
export const CILIUM_DEFAULTS = {
  routing: CiliumRouting.VXLAN,
  kubeProxyReplacement: false,
  clusterPoolIpv4MaskSize: 24,
  clusterPoolIpv6MaskSize: 120,
  operatorReplicas: 2,
  namespace: 'cilium',
  healthPort: 9879,
  operatorPrometheusPort: 9963,
  /** The agent's Prometheus port (chart: prometheus.port). */
  prometheusPort: 9962,
  /** The in-agent Envoy's Prometheus port (chart: envoy.prometheus.port). */
  envoyPrometheusPort: 9964,
  cgroupRoot: '/run/cilium/cgroupv2',
  /** Where policy-referenced Secrets are synced (chart: tls.secretsNamespace.name). */
  secretsNamespace: 'cilium-secrets',
} as const;

const SE_LINUX = { level: 's0', type: 'spc_t' };

/** @internal The upstream release the objects follow, as deviations from it are declared. */
export const CILIUM_COMPONENT = `Cilium ${CILIUM_PINS.version} (Helm chart)`;

/** Cilium: eBPF networking, NetworkPolicy enforcement and optional kube-proxy replacement. */
export class CiliumCni extends CniPlugin {
  public readonly name = 'cilium';
  public readonly enforcesNetworkPolicies = true;
  public readonly supportsIpv6 = true;
  public readonly supportsDualStack = true;
  public readonly namespace = CILIUM_DEFAULTS.namespace;
  public readonly routing: CiliumRouting;
  public readonly kubeProxyReplacement: boolean;
  public readonly clusterPoolIpv4MaskSize: number;
  public readonly clusterPoolIpv6MaskSize: number;
  public readonly operatorReplicas: number;
  private readonly apiServerOverride?: CiliumApiServer;

  /** @internal use Cni.cilium() */
  constructor(props: CiliumProps = {}) {
    super(props);
    this.routing = props.routing ?? CILIUM_DEFAULTS.routing;
    this.kubeProxyReplacement = props.kubeProxyReplacement ?? CILIUM_DEFAULTS.kubeProxyReplacement;
    this.clusterPoolIpv4MaskSize = props.clusterPoolIpv4MaskSize ?? CILIUM_DEFAULTS.clusterPoolIpv4MaskSize;
    this.clusterPoolIpv6MaskSize = props.clusterPoolIpv6MaskSize ?? CILIUM_DEFAULTS.clusterPoolIpv6MaskSize;
    this.operatorReplicas = props.operatorReplicas ?? CILIUM_DEFAULTS.operatorReplicas;
    this.apiServerOverride = props.apiServer;
  }

  public get replacesKubeProxy(): boolean {
    return this.kubeProxyReplacement;
  }

  /** The agent (its own and its Envoy's metrics) and the operator, all on the host network. */
  public metricsEndpoints(): readonly CniMetricsEndpoint[] {
    const ns = this.namespace;
    return [
      { job: 'cilium-agent', namespace: ns, kind: 'pod', selector: { 'k8s-app': 'cilium' }, port: 'prometheus', portNumber: CILIUM_DEFAULTS.prometheusPort, hostNetwork: true },
      { job: 'cilium-envoy', namespace: ns, kind: 'pod', selector: { 'k8s-app': 'cilium' }, port: 'envoy-metrics', portNumber: CILIUM_DEFAULTS.envoyPrometheusPort, hostNetwork: true },
      { job: 'cilium-operator', namespace: ns, kind: 'pod', selector: { 'io.cilium/app': 'operator', name: 'cilium-operator' }, port: 'prometheus', portNumber: CILIUM_DEFAULTS.operatorPrometheusPort, hostNetwork: true },
    ];
  }

  public nodeBlockPrefix(family: IpFamily): number {
    return family === 4 ? this.clusterPoolIpv4MaskSize : this.clusterPoolIpv6MaskSize;
  }

  /** The API server the agents dial directly, with kube-proxy replacement. */
  public apiServer(wiring: CniWiring): { host: string; port: number } | undefined {
    if (this.apiServerOverride) return { host: this.apiServerOverride.host, port: this.apiServerOverride.port ?? 6443 };
    return wiring.apiServer && wiring.apiServer.host !== '' ? wiring.apiServer : undefined;
  }

  /**
   * The `cilium-config` data: the keys of the 1.18.9 chart's render, in its order, with the
   * values of the pod subnet and the options (the chart's where the model has no say).
   */
  public config(wiring: CniWiring): Record<string, string> {
    const v4 = cidrOfFamily(wiring.podCidrs, 4);
    const v6 = cidrOfFamily(wiring.podCidrs, 6);
    const native = this.routing === CiliumRouting.NATIVE;
    const kpr = this.kubeProxyReplacement;
    const data: Record<string, string> = {
      'identity-allocation-mode': 'crd',
      'identity-heartbeat-timeout': '30m0s',
      'identity-gc-interval': '15m0s',
      'cilium-endpoint-gc-interval': '5m0s',
      'nodes-gc-interval': '5m0s',
      debug: 'false',
      'debug-verbose': '',
      'metrics-sampling-interval': '5m',
      'enable-policy': 'default',
      'policy-cidr-match-mode': '',
      // The chart's keys with prometheus.enabled=true (and Envoy in the agent, envoy.enabled=false):
      // cilium/charts@cilium-1.18.9.tgz:cilium/templates/cilium-configmap.yaml.
      'prometheus-serve-addr': `:${CILIUM_DEFAULTS.prometheusPort}`,
      'controller-group-metrics': 'write-cni-file sync-host-ips sync-lb-maps-with-k8s-services',
      'proxy-prometheus-port': String(CILIUM_DEFAULTS.envoyPrometheusPort),
      'operator-prometheus-serve-addr': `:${CILIUM_DEFAULTS.operatorPrometheusPort}`,
      'enable-metrics': 'true',
      // Secrets referenced by policies (TLS interception, Ingress) are copied into one namespace
      // that only Cilium reads.
      'enable-policy-secrets-sync': 'true',
      'policy-secrets-only-from-secrets-namespace': 'true',
      'policy-secrets-namespace': CILIUM_DEFAULTS.secretsNamespace,
      'enable-ipv4': String(v4 !== undefined),
      'enable-ipv6': String(v6 !== undefined),
      'custom-cni-conf': 'false',
      'enable-bpf-clock-probe': 'false',
      'monitor-aggregation': 'medium',
      'monitor-aggregation-interval': '5s',
      'monitor-aggregation-flags': 'all',
      'bpf-map-dynamic-size-ratio': '0.0025',
      'bpf-policy-map-max': '16384',
      'bpf-policy-stats-map-max': '65536',
      'bpf-lb-map-max': '65536',
      'bpf-lb-external-clusterip': 'false',
      'bpf-lb-source-range-all-types': 'false',
      'bpf-lb-algorithm-annotation': 'false',
      'bpf-lb-mode-annotation': 'false',
      'bpf-distributed-lru': 'false',
      'bpf-events-drop-enabled': 'true',
      'bpf-events-policy-verdict-enabled': 'true',
      'bpf-events-trace-enabled': 'true',
      'preallocate-bpf-maps': 'false',
      'cluster-name': 'default',
      'cluster-id': '0',
      'routing-mode': native ? 'native' : 'tunnel',
      ...(native ? {} : { 'tunnel-protocol': this.routing, 'tunnel-source-port-range': '0-0' }),
      'service-no-backend-response': 'reject',
      'enable-l7-proxy': 'true',
      'enable-ipv4-masquerade': 'true',
      'enable-ipv4-big-tcp': 'false',
      'enable-ipv6-big-tcp': 'false',
      'enable-ipv6-masquerade': 'true',
      'enable-tcx': 'true',
      'datapath-mode': 'veth',
      'enable-masquerade-to-route-source': 'false',
      'enable-xt-socket-fallback': 'true',
      'install-no-conntrack-iptables-rules': 'false',
      'iptables-random-fully': 'false',
      // Native routing needs routes to the other nodes' pod blocks; with one L2 network
      // Cilium installs them itself.
      'auto-direct-node-routes': String(native),
      'direct-routing-skip-unreachable': 'false',
      ...(native && v4 ? { 'ipv4-native-routing-cidr': v4.text } : {}),
      ...(native && v6 ? { 'ipv6-native-routing-cidr': v6.text } : {}),
      'kube-proxy-replacement': String(kpr),
      ...(kpr ? { 'kube-proxy-replacement-healthz-bind-address': '' } : {}),
      'bpf-lb-sock': 'false',
      ...(kpr ? {} : { 'enable-node-port': 'false' }),
      'nodeport-addresses': '',
      'enable-health-check-nodeport': 'true',
      'enable-health-check-loadbalancer-ip': 'false',
      'node-port-bind-protection': 'true',
      'enable-auto-protect-node-port-range': 'true',
      'bpf-lb-acceleration': 'disabled',
      'enable-svc-source-range-check': 'true',
      'enable-l2-neigh-discovery': 'false',
      'k8s-require-ipv4-pod-cidr': 'false',
      'k8s-require-ipv6-pod-cidr': 'false',
      'enable-k8s-networkpolicy': 'true',
      'enable-endpoint-lockdown-on-policy-overflow': 'false',
      'write-cni-conf-when-ready': '/host/etc/cni/net.d/05-cilium.conflist',
      'cni-exclusive': 'true',
      'cni-log-file': '/var/run/cilium/cilium-cni.log',
      'enable-endpoint-health-checking': 'true',
      'enable-health-checking': 'true',
      'health-check-icmp-failure-threshold': '3',
      'enable-well-known-identities': 'false',
      'enable-node-selector-labels': 'false',
      'synchronize-k8s-nodes': 'true',
      'operator-api-serve-addr': v4 ? '127.0.0.1:9234' : '[::1]:9234',
      // Hubble records flows on the node's local socket (`hubble observe` in the agent pod).
      // Its TCP listener is left off: the chart secures it with a CA and server key it
      // generates at render time, which must not go to Git (see the declared deviations).
      'enable-hubble': 'true',
      'hubble-socket-path': '/var/run/cilium/hubble.sock',
      'hubble-network-policy-correlation-enabled': 'true',
      ipam: 'cluster-pool',
      'ipam-cilium-node-update-rate': '15s',
      ...(v4 ? { 'cluster-pool-ipv4-cidr': v4.text, 'cluster-pool-ipv4-mask-size': String(this.clusterPoolIpv4MaskSize) } : {}),
      ...(v6 ? { 'cluster-pool-ipv6-cidr': v6.text, 'cluster-pool-ipv6-mask-size': String(this.clusterPoolIpv6MaskSize) } : {}),
      'default-lb-service-ipam': 'lbipam',
      'egress-gateway-reconciliation-trigger-interval': '1s',
      'enable-vtep': 'false',
      'vtep-endpoint': '',
      'vtep-cidr': '',
      'vtep-mask': '',
      'vtep-mac': '',
      procfs: '/host/proc',
      'bpf-root': '/sys/fs/bpf',
      'cgroup-root': CILIUM_DEFAULTS.cgroupRoot,
      'identity-management-mode': 'agent',
      'enable-sctp': 'false',
      'remove-cilium-node-taints': 'true',
      'set-cilium-node-taints': 'true',
      'set-cilium-is-up-condition': 'true',
      'unmanaged-pod-watcher-interval': '15',
      'dnsproxy-enable-transparent-mode': 'true',
      'dnsproxy-socket-linger-timeout': '10',
      'tofqdns-dns-reject-response-code': 'refused',
      'tofqdns-enable-dns-compression': 'true',
      'tofqdns-endpoint-max-ip-per-hostname': '1000',
      'tofqdns-idle-connection-grace-period': '0s',
      'tofqdns-max-deferred-connection-deletes': '10000',
      'tofqdns-proxy-response-max-delay': '100ms',
      'tofqdns-preallocate-identities': 'true',
      'agent-not-ready-taint-key': 'node.cilium.io/agent-not-ready',
      'mesh-auth-enabled': 'true',
      'mesh-auth-queue-size': '1024',
      'mesh-auth-rotated-identities-queue-size': '1024',
      'mesh-auth-gc-interval': '5m0s',
      'proxy-xff-num-trusted-hops-ingress': '0',
      'proxy-xff-num-trusted-hops-egress': '0',
      'proxy-connect-timeout': '2',
      'proxy-initial-fetch-timeout': '30',
      'proxy-max-requests-per-connection': '0',
      'proxy-max-connection-duration-seconds': '0',
      'proxy-idle-timeout-seconds': '60',
      'proxy-max-concurrent-retries': '128',
      'http-retry-count': '3',
      'http-stream-idle-timeout': '300',
      // Envoy runs inside the agent (chart: envoy.enabled=false) rather than as the chart's
      // cilium-envoy DaemonSet; L7 policy works the same (see the declared deviations).
      'external-envoy-proxy': 'false',
      'envoy-base-id': '0',
      'envoy-access-log-buffer-size': '4096',
      'envoy-keep-cap-netbindservice': 'false',
      'max-connected-clusters': '255',
      'clustermesh-enable-endpoint-sync': 'false',
      'clustermesh-enable-mcs-api': 'false',
      'policy-default-local-cluster': 'false',
      'nat-map-stats-entries': '32',
      'nat-map-stats-interval': '30s',
      'enable-internal-traffic-policy': 'true',
      'enable-lb-ipam': 'true',
      'enable-non-default-deny-policies': 'true',
      'enable-source-ip-verification': 'true',
      'enable-dynamic-config': 'true',
      'enable-drift-checker': 'true',
      ...(this.mtu !== undefined ? { mtu: String(this.mtu) } : {}),
    };
    return data;
  }

  /** @internal */
  public bind(scope: Construct, wiring: CniWiring): void {
    const root = new Construct(scope, 'Cilium');
    const ns = this.namespace;
    const partOf = { 'app.kubernetes.io/part-of': 'cilium' };
    const ipv4 = wiring.podCidrs.length === 0 || cidrOfFamily(wiring.podCidrs, 4) !== undefined;
    const loopback = ipv4 ? '127.0.0.1' : '::1';
    const apiServer = this.kubeProxyReplacement ? this.apiServer(wiring) : undefined;
    // Without kube-proxy the `kubernetes` Service is not routable until Cilium runs.
    const apiServerEnv = apiServer
      ? [env('KUBERNETES_SERVICE_HOST', apiServer.host), env('KUBERNETES_SERVICE_PORT', String(apiServer.port))]
      : [];

    new Namespace(root, 'Namespace', { name: ns, podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
    declareDeviations(root);
    new k8s.KubeServiceAccount(root, 'AgentServiceAccount', { metadata: { name: 'cilium', namespace: ns } });
    new k8s.KubeServiceAccount(root, 'OperatorServiceAccount', { metadata: { name: 'cilium-operator', namespace: ns } });
    new k8s.KubeClusterRole(root, 'AgentClusterRole', { metadata: { name: 'cilium', labels: partOf }, rules: agentRules() });
    new k8s.KubeClusterRoleBinding(root, 'AgentClusterRoleBinding', {
      metadata: { name: 'cilium', labels: partOf },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cilium' },
      subjects: [{ kind: 'ServiceAccount', name: 'cilium', namespace: ns }],
    });
    new k8s.KubeRole(root, 'AgentConfigRole', {
      metadata: { name: 'cilium-config-agent', namespace: ns, labels: partOf },
      rules: [rule([''], ['configmaps'], ['get', 'list', 'watch'])],
    });
    new k8s.KubeRoleBinding(root, 'AgentConfigRoleBinding', {
      metadata: { name: 'cilium-config-agent', namespace: ns, labels: partOf },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cilium-config-agent' },
      subjects: [{ kind: 'ServiceAccount', name: 'cilium', namespace: ns }],
    });
    this.bindSecretsNamespace(root, partOf);
    new k8s.KubeClusterRole(root, 'OperatorClusterRole', { metadata: { name: 'cilium-operator', labels: partOf }, rules: operatorRules() });
    new k8s.KubeClusterRoleBinding(root, 'OperatorClusterRoleBinding', {
      metadata: { name: 'cilium-operator', labels: partOf },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cilium-operator' },
      subjects: [{ kind: 'ServiceAccount', name: 'cilium-operator', namespace: ns }],
    });
    new k8s.KubeConfigMap(root, 'Config', { metadata: { name: 'cilium-config', namespace: ns }, data: this.config(wiring) });

    const image = imageRef(CILIUM_PINS.agent);
    const identityEnv = [fieldEnv('K8S_NODE_NAME', 'spec.nodeName', 'v1'), fieldEnv('CILIUM_K8S_NAMESPACE', 'metadata.namespace', 'v1')];
    // The chart leaves agent and init resources empty; every container we write has them.
    const initResources = containerResources({ cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '128Mi' });
    const healthz: k8s.HttpGetAction = {
      host: loopback,
      path: '/healthz',
      port: k8s.IntOrString.fromNumber(CILIUM_DEFAULTS.healthPort),
      scheme: 'HTTP',
      httpHeaders: [{ name: 'brief', value: 'true' }],
    };
    const healthProbe = (periodSeconds: number, failureThreshold: number, httpGet = healthz): k8s.Probe => ({
      httpGet,
      periodSeconds,
      successThreshold: 1,
      failureThreshold,
      timeoutSeconds: 5,
    });
    const hostBinCopy = (name: string, capabilities: string[], envVars: k8s.EnvVar[], script: string): k8s.Container => ({
      name,
      image,
      imagePullPolicy: 'IfNotPresent',
      env: envVars,
      resources: initResources,
      command: ['sh', '-ec', script],
      volumeMounts: [
        { name: 'hostproc', mountPath: '/hostproc' },
        { name: 'cni-path', mountPath: '/hostbin' },
      ],
      terminationMessagePolicy: 'FallbackToLogsOnError',
      securityContext: { seLinuxOptions: SE_LINUX, capabilities: { add: capabilities, drop: ['ALL'] } },
    });

    const agentSpec: k8s.DaemonSetSpec = {
      selector: { matchLabels: { 'k8s-app': 'cilium' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(2) } },
      template: {
        metadata: {
          annotations: { 'kubectl.kubernetes.io/default-container': 'cilium-agent' },
          labels: { 'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent', ...partOf },
        },
        spec: {
          containers: [
            {
              name: 'cilium-agent',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['cilium-agent'],
              args: ['--config-dir=/tmp/cilium/config-map'],
              // Up to 10 minutes to start: restoring endpoints and regenerating BPF on a busy node is slow.
              startupProbe: { httpGet: healthz, failureThreshold: 300, periodSeconds: 2, successThreshold: 1, initialDelaySeconds: 5 },
              // An API server outage must not restart every agent: liveness ignores k8s connectivity.
              livenessProbe: healthProbe(30, 10, {
                ...healthz,
                httpHeaders: [...(healthz.httpHeaders ?? []), { name: 'require-k8s-connectivity', value: 'false' }],
              }),
              readinessProbe: healthProbe(30, 3),
              // As the chart declares them with prometheus.enabled=true (daemonset.yaml); its
              // peer-service port belongs to Hubble's TCP listener, which is off here.
              ports: [
                { name: 'prometheus', containerPort: CILIUM_DEFAULTS.prometheusPort, hostPort: CILIUM_DEFAULTS.prometheusPort, protocol: 'TCP' },
                { name: 'envoy-metrics', containerPort: CILIUM_DEFAULTS.envoyPrometheusPort, hostPort: CILIUM_DEFAULTS.envoyPrometheusPort, protocol: 'TCP' },
              ],
              env: [
                ...identityEnv,
                env('CILIUM_CLUSTERMESH_CONFIG', '/var/lib/cilium/clustermesh/'),
                { name: 'GOMEMLIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: k8s.Quantity.fromString('1') } } },
                // Back off from a failing API server for up to two minutes instead of hammering it.
                env('KUBE_CLIENT_BACKOFF_BASE', '1'),
                env('KUBE_CLIENT_BACKOFF_DURATION', '120'),
                ...apiServerEnv,
              ],
              // The chart's postStart hook only deletes AWS VPC CNI iptables rules (ENI
              // mode); it has nothing to do on a kubeadm cluster, so it is left out.
              lifecycle: { preStop: { exec: { command: ['/cni-uninstall.sh'] } } },
              resources: containerResources({ cpuRequest: '100m', memoryRequest: '512Mi', memoryLimit: '2Gi' }),
              securityContext: {
                seLinuxOptions: SE_LINUX,
                capabilities: {
                  add: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_MODULE', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
                  drop: ['ALL'],
                },
              },
              terminationMessagePolicy: 'FallbackToLogsOnError',
              volumeMounts: [
                // Unprivileged, the agent writes sysctls through the host's /proc/sys.
                { mountPath: '/host/proc/sys/net', name: 'host-proc-sys-net' },
                { mountPath: '/host/proc/sys/kernel', name: 'host-proc-sys-kernel' },
                { name: 'bpf-maps', mountPath: '/sys/fs/bpf', mountPropagation: 'HostToContainer' },
                { name: 'cilium-run', mountPath: '/var/run/cilium' },
                // Network namespaces of pods that are not containers (e.g. `ip netns`), for the datapath.
                { name: 'cilium-netns', mountPath: '/var/run/cilium/netns', mountPropagation: 'HostToContainer' },
                { name: 'etc-cni-netd', mountPath: '/host/etc/cni/net.d' },
                { name: 'clustermesh-secrets', mountPath: '/var/lib/cilium/clustermesh', readOnly: true },
                { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
                { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          initContainers: [
            {
              name: 'config',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['cilium-dbg', 'build-config'],
              env: [...identityEnv, ...apiServerEnv],
              resources: initResources,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              terminationMessagePolicy: 'FallbackToLogsOnError',
            },
            // cgroup2 must be mounted on the host; nsenter into the host's namespaces.
            hostBinCopy(
              'mount-cgroup',
              ['SYS_ADMIN', 'SYS_CHROOT', 'SYS_PTRACE'],
              [env('CGROUP_ROOT', CILIUM_DEFAULTS.cgroupRoot), env('BIN_PATH', '/opt/cni/bin')],
              'cp /usr/bin/cilium-mount /hostbin/cilium-mount;\n' +
                'nsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-mount" $CGROUP_ROOT;\n' +
                'rm /hostbin/cilium-mount\n',
            ),
            hostBinCopy(
              'apply-sysctl-overwrites',
              ['SYS_ADMIN', 'SYS_CHROOT', 'SYS_PTRACE'],
              [env('BIN_PATH', '/opt/cni/bin')],
              'cp /usr/bin/cilium-sysctlfix /hostbin/cilium-sysctlfix;\n' +
                'nsenter --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-sysctlfix";\n' +
                'rm /hostbin/cilium-sysctlfix\n',
            ),
            // Bidirectional mount propagation needs a privileged container.
            {
              name: 'mount-bpf-fs',
              image,
              imagePullPolicy: 'IfNotPresent',
              resources: initResources,
              args: ['mount | grep "/sys/fs/bpf type bpf" || mount -t bpf bpf /sys/fs/bpf'],
              command: ['/bin/bash', '-c', '--'],
              terminationMessagePolicy: 'FallbackToLogsOnError',
              securityContext: { privileged: true },
              volumeMounts: [{ name: 'bpf-maps', mountPath: '/sys/fs/bpf', mountPropagation: 'Bidirectional' }],
            },
            {
              name: 'clean-cilium-state',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['/init-container.sh'],
              env: [
                configMapEnv('CILIUM_ALL_STATE', 'cilium-config', 'clean-cilium-state', true),
                configMapEnv('CILIUM_BPF_STATE', 'cilium-config', 'clean-cilium-bpf-state', true),
                configMapEnv('WRITE_CNI_CONF_WHEN_READY', 'cilium-config', 'write-cni-conf-when-ready', true),
                ...apiServerEnv,
              ],
              terminationMessagePolicy: 'FallbackToLogsOnError',
              securityContext: {
                seLinuxOptions: SE_LINUX,
                capabilities: { add: ['NET_ADMIN', 'SYS_MODULE', 'SYS_ADMIN', 'SYS_RESOURCE'], drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'bpf-maps', mountPath: '/sys/fs/bpf' },
                { name: 'cilium-cgroup', mountPath: CILIUM_DEFAULTS.cgroupRoot, mountPropagation: 'HostToContainer' },
                { name: 'cilium-run', mountPath: '/var/run/cilium' },
              ],
              resources: initResources,
            },
            // The CNI binary goes in from an init container so the agent has no writable bin mount.
            {
              name: 'install-cni-binaries',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['/install-plugin.sh'],
              resources: containerResources({ cpuRequest: '100m', memoryRequest: '10Mi', memoryLimit: '64Mi' }),
              securityContext: { seLinuxOptions: SE_LINUX, capabilities: { drop: ['ALL'] } },
              terminationMessagePolicy: 'FallbackToLogsOnError',
              volumeMounts: [{ name: 'cni-path', mountPath: '/host/opt/cni/bin' }],
            },
          ],
          restartPolicy: 'Always',
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'cilium',
          automountServiceAccountToken: true,
          terminationGracePeriodSeconds: 1,
          hostNetwork: true,
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'k8s-app': 'cilium' } } },
              ],
            },
          },
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          volumes: [
            { name: 'tmp', emptyDir: {} },
            hostPathVolume('cilium-run', '/var/run/cilium', 'DirectoryOrCreate'),
            hostPathVolume('cilium-netns', '/var/run/netns', 'DirectoryOrCreate'),
            hostPathVolume('bpf-maps', '/sys/fs/bpf', 'DirectoryOrCreate'),
            hostPathVolume('hostproc', '/proc', 'Directory'),
            hostPathVolume('cilium-cgroup', CILIUM_DEFAULTS.cgroupRoot, 'DirectoryOrCreate'),
            hostPathVolume('cni-path', '/opt/cni/bin', 'DirectoryOrCreate'),
            hostPathVolume('etc-cni-netd', '/etc/cni/net.d', 'DirectoryOrCreate'),
            hostPathVolume('lib-modules', '/lib/modules'),
            hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
            {
              name: 'clustermesh-secrets',
              projected: {
                defaultMode: 0o400,
                sources: [
                  { secret: { name: 'cilium-clustermesh', optional: true } },
                  {
                    secret: {
                      name: 'clustermesh-apiserver-remote-cert',
                      optional: true,
                      items: [
                        { key: 'tls.key', path: 'common-etcd-client.key' },
                        { key: 'tls.crt', path: 'common-etcd-client.crt' },
                        { key: 'ca.crt', path: 'common-etcd-client-ca.crt' },
                      ],
                    },
                  },
                  {
                    secret: {
                      name: 'clustermesh-apiserver-local-cert',
                      optional: true,
                      items: [
                        { key: 'tls.key', path: 'local-etcd-client.key' },
                        { key: 'tls.crt', path: 'local-etcd-client.crt' },
                        { key: 'ca.crt', path: 'local-etcd-client-ca.crt' },
                      ],
                    },
                  },
                ],
              },
            },
            hostPathVolume('host-proc-sys-net', '/proc/sys/net', 'Directory'),
            hostPathVolume('host-proc-sys-kernel', '/proc/sys/kernel', 'Directory'),
          ],
        },
      },
    };
    // The typed k8s 1.27 classes predate securityContext.appArmorProfile (GA in 1.30), and
    // drop unknown fields even from JSON patches; the unprivileged agent needs AppArmor
    // unconfined to manage BPF and mounts, so the spec is converted and completed here.
    const agentJson = k8s.toJson_DaemonSetSpec(agentSpec) as { template: { spec: Record<string, unknown> } };
    agentJson.template.spec.securityContext = { appArmorProfile: { type: 'Unconfined' }, seccompProfile: { type: 'Unconfined' } };
    new ApiObject(root, 'AgentDaemonSet', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: 'cilium',
        namespace: ns,
        labels: { 'k8s-app': 'cilium', ...partOf, 'app.kubernetes.io/name': 'cilium-agent' },
      },
      spec: agentJson,
    } as never);

    const operatorLabels = {
      'io.cilium/app': 'operator',
      name: 'cilium-operator',
      ...partOf,
      'app.kubernetes.io/name': 'cilium-operator',
    };
    const port = k8s.IntOrString.fromNumber(9234);
    new k8s.KubeDeployment(root, 'OperatorDeployment', {
      metadata: { name: 'cilium-operator', namespace: ns, labels: operatorLabels },
      spec: {
        replicas: this.operatorReplicas,
        selector: { matchLabels: { 'io.cilium/app': 'operator', name: 'cilium-operator' } },
        // With one replica the chart lets the update take it down, or anti-affinity blocks it.
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromString('25%'),
            maxUnavailable: k8s.IntOrString.fromString(this.operatorReplicas === 1 ? '100%' : '50%'),
          },
        },
        template: {
          metadata: {
            annotations: { 'prometheus.io/port': String(CILIUM_DEFAULTS.operatorPrometheusPort), 'prometheus.io/scrape': 'true' },
            labels: operatorLabels,
          },
          spec: {
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'cilium-operator',
                image: imageRef(CILIUM_PINS.operator),
                imagePullPolicy: 'IfNotPresent',
                command: ['cilium-operator-generic'],
                args: ['--config-dir=/tmp/cilium/config-map', '--debug=$(CILIUM_DEBUG)'],
                env: [...identityEnv, configMapEnv('CILIUM_DEBUG', 'cilium-config', 'debug', true), ...apiServerEnv],
                ports: [
                  {
                    name: 'prometheus',
                    containerPort: CILIUM_DEFAULTS.operatorPrometheusPort,
                    hostPort: CILIUM_DEFAULTS.operatorPrometheusPort,
                    protocol: 'TCP',
                  },
                ],
                livenessProbe: {
                  httpGet: { host: loopback, path: '/healthz', port, scheme: 'HTTP' },
                  initialDelaySeconds: 60,
                  periodSeconds: 10,
                  timeoutSeconds: 3,
                },
                readinessProbe: {
                  httpGet: { host: loopback, path: '/healthz', port, scheme: 'HTTP' },
                  initialDelaySeconds: 0,
                  periodSeconds: 5,
                  timeoutSeconds: 3,
                  failureThreshold: 5,
                },
                volumeMounts: [{ name: 'cilium-config-path', mountPath: '/tmp/cilium/config-map', readOnly: true }],
                // The chart leaves these empty; the operator only talks to the API server.
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '1Gi' }),
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                terminationMessagePolicy: 'FallbackToLogsOnError',
              },
            ],
            // The operator must run before pod networking exists.
            hostNetwork: true,
            restartPolicy: 'Always',
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'cilium-operator',
            automountServiceAccountToken: true,
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'io.cilium/app': 'operator' } } },
                ],
              },
            },
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            // Control-plane nodes, and nodes whose network is not up yet: the operator brings it up.
            tolerations: [
              'node-role.kubernetes.io/control-plane',
              'node-role.kubernetes.io/master',
              'node.kubernetes.io/not-ready',
              'node.cloudprovider.kubernetes.io/uninitialized',
              'node.cilium.io/agent-not-ready',
            ].map((key) => ({ key, operator: 'Exists' })),
            volumes: [{ name: 'cilium-config-path', configMap: { name: 'cilium-config' } }],
          },
        },
      },
    });
  }

  /**
   * The namespace policy-referenced Secrets are synced into (TLS interception, Ingress): the
   * agent reads them, the operator writes them, and nobody else needs access to the copies.
   */
  private bindSecretsNamespace(root: Construct, partOf: Record<string, string>): void {
    const ns = this.namespace;
    const secretsNs = CILIUM_DEFAULTS.secretsNamespace;
    // No pods run there: the strictest level costs nothing.
    new Namespace(root, 'SecretsNamespace', { name: secretsNs, podSecurity: { enforce: PodSecurityLevel.RESTRICTED } });
    const grants: [string, string, string[]][] = [
      ['AgentSecrets', 'cilium', ['get', 'list', 'watch']],
      ['OperatorSecrets', 'cilium-operator', ['create', 'delete', 'update', 'patch']],
    ];
    for (const [id, sa, verbs] of grants) {
      const name = `${sa}-tlsinterception-secrets`;
      new k8s.KubeRole(root, `${id}Role`, { metadata: { name, namespace: secretsNs, labels: partOf }, rules: [rule([''], ['secrets'], verbs)] });
      new k8s.KubeRoleBinding(root, `${id}RoleBinding`, {
        metadata: { name, namespace: secretsNs, labels: partOf },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
      });
    }
  }

  /** @internal */
  public validate(scope: IConstruct, context: ValidationContext, input: CniValidationInput): void {
    if (!Object.values(CiliumRouting).includes(this.routing)) {
      context.error(scope, {
        rule: 'networking/cilium-routing',
        field: 'cni.routing',
        message: 'not a Cilium routing mode or tunnel protocol; the agent would refuse its configuration',
        received: this.routing,
        expected: Object.values(CiliumRouting).join(', '),
      });
    }
    if (this.kubeProxyReplacement && !this.apiServer(input)) {
      context.error(scope, {
        rule: 'networking/cilium-api-server',
        field: 'cni.apiServer',
        message:
          'with kube-proxy replacement the agents must reach the API server directly, before any Service works, ' +
          'and the cluster models no control-plane endpoint',
        expected: 'a controlPlane on the cluster, or Cni.cilium({ apiServer: { host, port } })',
      });
    }
    if (!Number.isInteger(this.operatorReplicas) || this.operatorReplicas < 1 || this.operatorReplicas > MAX_INT32) {
      context.error(scope, {
        rule: 'networking/cilium-operator-replicas',
        field: 'cni.operatorReplicas',
        message: 'cilium-operator replicas must be a positive int32',
        received: this.operatorReplicas,
        expected: `an integer from 1 to ${MAX_INT32}`,
      });
    } else if (input.nodeCount > 0 && this.operatorReplicas > input.nodeCount) {
      context.warn(scope, {
        rule: 'networking/cilium-operator-replicas',
        field: 'cni.operatorReplicas',
        message: `cilium-operator replicas repel each other per node; with ${input.nodeCount} node(s) some replicas stay Pending`,
        received: this.operatorReplicas,
        expected: `at most ${input.nodeCount}`,
      });
    }
    const masks: [IpFamily, number, string][] = [
      [4, this.clusterPoolIpv4MaskSize, 'cni.clusterPoolIpv4MaskSize'],
      [6, this.clusterPoolIpv6MaskSize, 'cni.clusterPoolIpv6MaskSize'],
    ];
    for (const [family, mask, field] of masks) {
      const bits = family === 4 ? 32 : 128;
      if (!Number.isInteger(mask) || mask < 1 || mask > bits) {
        context.error(scope, {
          rule: 'networking/cilium-mask-size',
          field,
          message: `the per-node IPv${family} mask size is not a prefix length`,
          received: mask,
          expected: `an integer from 1 to ${bits}`,
        });
      }
    }
    if (this.routing === CiliumRouting.NATIVE && input.nodeSubnets.length > 1) {
      context.warn(scope, {
        rule: 'networking/cilium-native-routing',
        field: 'cni.routing',
        message:
          'native routing with auto-direct-node-routes needs every node on one L2 network; across several node ' +
          'subnets the routers must carry the pod routes (e.g. BGP)',
        received: input.nodeSubnets,
        expected: 'a single node subnet, or a tunnel (CiliumRouting.VXLAN / GENEVE)',
      });
    }
  }
}

/**
 * What we render differently from the chart's defaults, item by item as the parity test
 * (test/networking/cilium.parity.test.ts) names them. The namespace move (kube-system ->
 * cilium) is not an item: the test maps it.
 */
function declareDeviations(scope: Construct): void {
  const agent = 'DaemonSet/kube-system/cilium container cilium-agent';
  const hubbleTls =
    "the chart secures Hubble's TCP listener with a CA and server key it generates at render time: a private key in " +
    'Git-bound output, new on every render. Hubble serves the node-local socket only (hubble observe in the agent pod); ' +
    "Hubble Relay, the listener's client, is off in the chart too";
  const metrics =
    'Prometheus metrics of the agent and its Envoy, as the chart renders them with prometheus.enabled=true (off by default); ' +
    'the monitoring add-on scrapes them, and cilium-operator serves its own already';
  const deviations: [string, string, string][] = [
    ['cilium-config key prometheus-serve-addr', `:${CILIUM_DEFAULTS.prometheusPort}`, metrics],
    ['cilium-config key controller-group-metrics', 'write-cni-file sync-host-ips sync-lb-maps-with-k8s-services (the chart default)', metrics],
    ['cilium-config key proxy-prometheus-port', String(CILIUM_DEFAULTS.envoyPrometheusPort), metrics + '; Envoy runs inside the agent, so the agent serves its metrics (chart: envoy.enabled=false)'],
    [`${agent} port ${CILIUM_DEFAULTS.prometheusPort}/TCP`, 'prometheus, host port', metrics],
    [`${agent} port ${CILIUM_DEFAULTS.envoyPrometheusPort}/TCP`, 'envoy-metrics, host port', metrics],
    [`${agent} mount /var/lib/cilium/tls/hubble`, 'not mounted', hubbleTls],
    ['cilium-config key hubble-listen-address', 'absent: no TCP listener, local socket only', hubbleTls],
    ['cilium-config key hubble-disable-tls', 'absent: there is no listener to secure', hubbleTls],
    ['cilium-config key hubble-tls-cert-file', 'absent', hubbleTls],
    ['cilium-config key hubble-tls-key-file', 'absent', hubbleTls],
    ['cilium-config key hubble-tls-client-ca-files', 'absent', hubbleTls],
    [
      `${agent} mount /var/run/cilium/envoy/sockets`,
      'not mounted: Envoy runs inside the agent (external-envoy-proxy: false), no cilium-envoy DaemonSet',
      'one DaemonSet per node instead of two: L7 policy works the same, and the sockets directory lies inside the ' +
        '/var/run/cilium mount anyway. The chart supports this mode (envoy.enabled=false)',
    ],
  ];
  for (const [item, ours, why] of deviations) UpstreamDeviation.declare(scope, { component: CILIUM_COMPONENT, item, ours, why });
}

/** The cilium (agent) ClusterRole. */
function agentRules(): k8s.PolicyRule[] {
  return [
    rule(['networking.k8s.io'], ['networkpolicies'], ['get', 'list', 'watch']),
    rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']),
    rule([''], ['namespaces', 'services', 'pods', 'endpoints', 'nodes'], ['get', 'list', 'watch']),
    rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], ['list', 'watch', 'get']),
    rule(['cilium.io'], [
      'ciliumloadbalancerippools', 'ciliumbgppeeringpolicies', 'ciliumbgpnodeconfigs', 'ciliumbgpadvertisements',
      'ciliumbgppeerconfigs', 'ciliumclusterwideenvoyconfigs', 'ciliumclusterwidenetworkpolicies', 'ciliumegressgatewaypolicies',
      'ciliumendpoints', 'ciliumendpointslices', 'ciliumenvoyconfigs', 'ciliumidentities', 'ciliumlocalredirectpolicies',
      'ciliumnetworkpolicies', 'ciliumnodes', 'ciliumnodeconfigs', 'ciliumcidrgroups', 'ciliuml2announcementpolicies',
      'ciliumpodippools',
    ], ['list', 'watch']),
    rule(['cilium.io'], ['ciliumidentities', 'ciliumendpoints', 'ciliumnodes'], ['create']),
    rule(['cilium.io'], ['ciliumidentities'], ['update']),
    rule(['cilium.io'], ['ciliumendpoints'], ['delete', 'get']),
    rule(['cilium.io'], ['ciliumnodes', 'ciliumnodes/status'], ['get', 'update']),
    rule(['cilium.io'], ['ciliumendpoints/status', 'ciliumendpoints', 'ciliuml2announcementpolicies/status', 'ciliumbgpnodeconfigs/status'], ['patch']),
  ];
}

/**
 * The cilium-operator ClusterRole, rule for rule as the 1.18.9 chart renders it
 * (cilium/cilium@v1.18.9:install/kubernetes/cilium/templates/cilium-operator/clusterrole.yaml).
 */
function operatorRules(): k8s.PolicyRule[] {
  return [
    // delete: the operator restarts pods (kube-dns) that started before Cilium managed them.
    rule([''], ['pods'], ['get', 'list', 'watch', 'delete']),
    // Annotates its own configuration (dynamic config, drift checker).
    rule([''], ['configmaps'], ['patch'], ['cilium-config']),
    rule([''], ['nodes'], ['list', 'watch']),
    // Removes the agent-not-ready taint and sets NetworkUnavailable=false.
    rule([''], ['nodes', 'nodes/status'], ['patch']),
    rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']),
    // LB IPAM and BGP write the addresses they allocate.
    rule([''], ['services/status'], ['update', 'patch']),
    // Checks API server connectivity; syncs policy-referenced Secrets into the secrets namespace.
    rule([''], ['namespaces', 'secrets'], ['get', 'list', 'watch']),
    rule([''], ['services', 'endpoints'], ['get', 'list', 'watch']),
    rule(['cilium.io'], ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies'],
      ['create', 'update', 'deletecollection', 'patch', 'get', 'list', 'watch']),
    rule(['cilium.io'], ['ciliumnetworkpolicies/status', 'ciliumclusterwidenetworkpolicies/status'], ['patch', 'update']),
    rule(['cilium.io'], ['ciliumendpoints', 'ciliumidentities'], ['delete', 'list', 'watch']),
    rule(['cilium.io'], ['ciliumidentities'], ['update']),
    rule(['cilium.io'], ['ciliumnodes'], ['create', 'update', 'get', 'list', 'watch', 'delete']),
    rule(['cilium.io'], ['ciliumnodes/status'], ['update']),
    rule(['cilium.io'], ['ciliumendpointslices', 'ciliumenvoyconfigs', 'ciliumbgppeerconfigs', 'ciliumbgpadvertisements', 'ciliumbgpnodeconfigs'],
      ['create', 'update', 'get', 'list', 'watch', 'delete', 'patch']),
    rule(['cilium.io'], ['ciliumbgpclusterconfigs/status', 'ciliumbgppeerconfigs/status'], ['update']),
    // The operator registers the cilium.io CRDs itself and upgrades them in place.
    rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], ['create', 'get', 'list', 'watch']),
    rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], ['update'], [
      'ciliumloadbalancerippools.cilium.io', 'ciliumbgppeeringpolicies.cilium.io', 'ciliumbgpclusterconfigs.cilium.io',
      'ciliumbgppeerconfigs.cilium.io', 'ciliumbgpadvertisements.cilium.io', 'ciliumbgpnodeconfigs.cilium.io',
      'ciliumbgpnodeconfigoverrides.cilium.io', 'ciliumclusterwideenvoyconfigs.cilium.io', 'ciliumclusterwidenetworkpolicies.cilium.io',
      'ciliumegressgatewaypolicies.cilium.io', 'ciliumendpoints.cilium.io', 'ciliumendpointslices.cilium.io',
      'ciliumenvoyconfigs.cilium.io', 'ciliumidentities.cilium.io', 'ciliumlocalredirectpolicies.cilium.io',
      'ciliumnetworkpolicies.cilium.io', 'ciliumnodes.cilium.io', 'ciliumnodeconfigs.cilium.io', 'ciliumcidrgroups.cilium.io',
      'ciliuml2announcementpolicies.cilium.io', 'ciliumpodippools.cilium.io', 'ciliumgatewayclassconfigs.cilium.io',
    ]),
    rule(['cilium.io'], [
      'ciliumloadbalancerippools', 'ciliumpodippools', 'ciliumbgppeeringpolicies', 'ciliumbgpclusterconfigs',
      'ciliumbgpnodeconfigoverrides', 'ciliumbgppeerconfigs',
    ], ['get', 'list', 'watch']),
    rule(['cilium.io'], ['ciliumpodippools'], ['create']),
    rule(['cilium.io'], ['ciliumloadbalancerippools/status'], ['patch']),
    // Leader election between operator replicas.
    rule(['coordination.k8s.io'], ['leases'], ['create', 'get', 'update']),
  ];
}
