import { Construct, IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { CrdSource, KubeProxyMode, UpstreamCrds, UpstreamDeviation, ValidationContext, containerResources } from '../../lib';
import { IpFamily } from '../../lib/net/cidr';
import { imageRef } from '../../lib/versions/image';
import { CANAL_PINS } from '../../lib/versions/networking';
import { CniCommonProps, CniMetricsEndpoint, CniPlugin, CniValidationInput, CniWiring, cidrOfFamily } from './cni-plugin';
import { configMapEnv, configMapVolume, env, fieldEnv, hostPathVolume, prettyJson, rule } from './manifest-parts';
import { WaivableCheck, Waiver } from '../../lib/validation/waiver';

// upstream: projectcalico/calico@v3.32.0:manifests/canal.yaml, generated from charts/calico
// (templates/calico-node.yaml, calico-node-rbac.yaml, calico-config.yaml,
// calico-kube-controllers{,-rbac}.yaml with network=flannel, datastore=kubernetes,
// ipam=host-local). test/networking/canal.parity.test.ts compares every object with it.

export interface CanalProps extends CniCommonProps {
  /**
   * Where the `crd.projectcalico.org` CRDs (felix configuration, IP pools, policies)
   * come from; calico-node does not start without them.
   * @default CrdSource.url(CANAL_PINS.crdsUrl)
   */
  readonly crds?: CrdSource | undefined;
}

/** @internal Canal's defaults. */
export const CANAL_DEFAULTS = {
  /** canal.yaml installs into kube-system; its Roles and config lookups assume it. */
  namespace: 'kube-system',
  /** Felix's Prometheus port (FelixConfiguration prometheusMetricsPort's default). */
  felixMetricsPort: 9091,
  /**
   * kube-controllers' Prometheus port: the default KubeControllersConfiguration it creates
   * holds 9094 (projectcalico/calico@v3.32.0:libcalico-go/lib/clientv3/kubecontrollersconfig.go).
   */
  kubeControllersMetricsPort: 9094,
  /** flannel --kube-subnet-mgr uses the node podCIDR of kube-controller-manager (/24). */
  nodeBlockPrefixIpv4: 24,
} as const;

/** The crd.projectcalico.org kinds calico-node and kube-controllers read or create: all that canal.yaml ships. */
const CANAL_CRD_KINDS = [
  'BGPConfiguration', 'BGPFilter', 'BGPPeer', 'BlockAffinity', 'CalicoNodeStatus', 'ClusterInformation', 'FelixConfiguration',
  'GlobalNetworkPolicy', 'GlobalNetworkSet', 'HostEndpoint', 'IPAMBlock', 'IPAMConfig', 'IPAMHandle', 'IPPool',
  'IPReservation', 'KubeControllersConfiguration', 'NetworkPolicy', 'NetworkSet', 'StagedGlobalNetworkPolicy',
  'StagedKubernetesNetworkPolicy', 'StagedNetworkPolicy', 'Tier',
];

/** The service account whose tokens the CNI plugin uses (canal.yaml's calico-cni-plugin). */
const CNI_PLUGIN = 'calico-cni-plugin';

/** Canal: flannel's VXLAN networking with Calico's policy engine (felix). IPv4 only. */
export class CanalCni extends CniPlugin {
  public readonly name = 'canal';
  public readonly enforcesNetworkPolicies = true;
  // upstream canal.yaml sets FELIX_IPV6SUPPORT=false and a single IPv4 flannel Network.
  public readonly supportsIpv6 = false;
  public readonly supportsDualStack = false;
  public readonly namespace = CANAL_DEFAULTS.namespace;
  private readonly crds?: CrdSource;

  /** @internal use Cni.canal() */
  constructor(props: CanalProps = {}) {
    super(props);
    this.crds = props.crds;
  }

  /** Felix in the canal DaemonSet (host network) and kube-controllers, both on declared ports. */
  public metricsEndpoints(): readonly CniMetricsEndpoint[] {
    const ns = this.namespace;
    return [
      { job: 'canal', namespace: ns, kind: 'pod', selector: { 'k8s-app': 'canal' }, port: 'felix-metrics', portNumber: CANAL_DEFAULTS.felixMetricsPort, hostNetwork: true },
      { job: 'calico-kube-controllers', namespace: ns, kind: 'pod', selector: { 'k8s-app': 'calico-kube-controllers' }, port: 'http-metrics', portNumber: CANAL_DEFAULTS.kubeControllersMetricsPort, hostNetwork: false },
    ];
  }

  public nodeBlockPrefix(family: IpFamily): number | undefined {
    return family === 4 ? CANAL_DEFAULTS.nodeBlockPrefixIpv4 : undefined;
  }

  /** The `canal-config` data. */
  public config(wiring: CniWiring): Record<string, string> {
    const v4 = cidrOfFamily(wiring.podCidrs, 4);
    // The __X__ placeholders are filled in on each node by the install-cni init container.
    const cniNetworkConfig =
      '{\n' +
      '  "name": "k8s-pod-network",\n' +
      '  "cniVersion": "0.3.1",\n' +
      '  "plugins": [\n' +
      '    {\n' +
      '      "type": "calico",\n' +
      '      "log_level": "info",\n' +
      '      "log_file_path": "/var/log/calico/cni/cni.log",\n' +
      '      "datastore_type": "kubernetes",\n' +
      '      "nodename": "__KUBERNETES_NODE_NAME__",\n' +
      '      "mtu": __CNI_MTU__,\n' +
      '      "ipam": {\n' +
      '          "type": "host-local",\n' +
      '          "subnet": "usePodCidr"\n' +
      '      },\n' +
      '      "policy": {\n' +
      '          "type": "k8s"\n' +
      '      },\n' +
      '      "kubernetes": {\n' +
      '          "kubeconfig": "__KUBECONFIG_FILEPATH__"\n' +
      '      }\n' +
      '    },\n' +
      '    {\n' +
      '      "type": "portmap",\n' +
      '      "snat": true,\n' +
      '      "capabilities": {"portMappings": true}\n' +
      '    }\n' +
      '  ]\n' +
      '}';
    const backend: Record<string, unknown> = { Type: 'vxlan' };
    if (this.mtu !== undefined) backend.MTU = this.mtu;
    return {
      typha_service_name: 'none',
      canal_iface: '',
      masquerade: 'true',
      veth_mtu: String(this.mtu ?? 0),
      cni_network_config: cniNetworkConfig,
      'net-conf.json': prettyJson({ Network: v4?.text ?? '', Backend: backend }),
    };
  }

  /** Canal's flannel and Felix run in iptables mode here; nftables kube-proxy would mix the two. */
  public validate(scope: IConstruct, context: ValidationContext, input: CniValidationInput): void {
    if (input.kubeProxy.mode === KubeProxyMode.NFTABLES) {
      context.error(scope, {
        rule: 'networking/canal-nftables',
        field: 'cni',
        message: 'Canal is configured for iptables (flannel without EnableNFTables, Felix in iptables mode), while kube-proxy runs nftables; mixing the two breaks Service and policy rules',
        received: 'KubeProxy.nftables()',
        expected: 'KubeProxy.iptables() or KubeProxy.ipvs() with Canal, or Cni.calico() / Cni.flannel() with nftables',
      });
    }
  }

  /** @internal */
  public bind(scope: Construct, wiring: CniWiring): void {
    const root = new Construct(scope, 'Canal');
    Waiver.add(root, WaivableCheck.PROBES, 'upstream canal.yaml runs flannel without probes; the calico-node probes cover the node health', { container: 'kube-flannel' });
    const ns = this.namespace;
    declareDeviations(root, ns);
    new UpstreamCrds(root, 'Crds', {
      source: this.crds ?? CrdSource.url(CANAL_PINS.crdsUrl),
      group: 'crd.projectcalico.org',
      kinds: CANAL_CRD_KINDS,
    });
    // Felix lists ClusterNetworkPolicies; canal.yaml ships their CRD beside Calico's.
    new UpstreamCrds(root, 'ClusterNetworkPolicyCrd', {
      source: this.crds ?? CrdSource.url(CANAL_PINS.crdsUrl),
      group: 'policy.networking.k8s.io',
      kinds: ['ClusterNetworkPolicy'],
    });
    new k8s.KubeServiceAccount(root, 'ServiceAccount', { metadata: { name: 'canal', namespace: ns } });
    new k8s.KubeServiceAccount(root, 'KubeControllersServiceAccount', { metadata: { name: 'calico-kube-controllers', namespace: ns } });
    new k8s.KubeServiceAccount(root, 'CniPluginServiceAccount', { metadata: { name: CNI_PLUGIN, namespace: ns } });
    new k8s.KubeClusterRole(root, 'CniPluginClusterRole', {
      metadata: { name: CNI_PLUGIN },
      rules: [rule([''], ['pods', 'nodes', 'namespaces'], ['get']), rule([''], ['pods/status'], ['patch'])],
    });
    new k8s.KubeClusterRoleBinding(root, 'CniPluginClusterRoleBinding', {
      metadata: { name: CNI_PLUGIN },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CNI_PLUGIN },
      subjects: [{ kind: 'ServiceAccount', name: CNI_PLUGIN, namespace: ns }],
    });
    // kube-controller-manager's garbage collector reads the tiers of tiered Calico policies
    // (projectcalico/calico@v3.32.0:charts/calico/templates/tier-getter.yaml).
    new k8s.KubeClusterRole(root, 'TierGetterClusterRole', {
      metadata: { name: 'calico-tier-getter' },
      rules: [rule(['projectcalico.org'], ['tiers'], ['get'])],
    });
    new k8s.KubeClusterRoleBinding(root, 'TierGetterClusterRoleBinding', {
      metadata: { name: 'calico-tier-getter' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'calico-tier-getter' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-controller-manager' }],
    });
    new k8s.KubeClusterRole(root, 'CalicoNodeClusterRole', { metadata: { name: 'calico-node' }, rules: calicoNodeRules() });
    new k8s.KubeClusterRole(root, 'FlannelClusterRole', {
      metadata: { name: 'flannel' },
      rules: [rule([''], ['pods'], ['get']), rule([''], ['nodes'], ['list', 'watch']), rule([''], ['nodes/status'], ['patch'])],
    });
    for (const [id, name, role] of [
      ['FlannelClusterRoleBinding', 'canal-flannel', 'flannel'],
      ['CalicoClusterRoleBinding', 'canal-calico', 'calico-node'],
    ]) {
      new k8s.KubeClusterRoleBinding(root, id, {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ kind: 'ServiceAccount', name: 'canal', namespace: ns }],
      });
    }
    new k8s.KubeClusterRole(root, 'KubeControllersClusterRole', { metadata: { name: 'calico-kube-controllers' }, rules: kubeControllersRules() });
    new k8s.KubeClusterRoleBinding(root, 'KubeControllersClusterRoleBinding', {
      metadata: { name: 'calico-kube-controllers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'calico-kube-controllers' },
      subjects: [{ kind: 'ServiceAccount', name: 'calico-kube-controllers', namespace: ns }],
    });
    new k8s.KubeConfigMap(root, 'Config', { metadata: { name: 'canal-config', namespace: ns }, data: this.config(wiring) });

    const node = imageRef(CANAL_PINS.calicoNode);
    const kubeServicesEndpoint: k8s.EnvFromSource = { configMapRef: { name: 'kubernetes-services-endpoint', optional: true } };
    // upstream sets resources on calico-node only (cpu 250m); the rest are ours.
    const small = containerResources({ cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '128Mi' });
    const healthz = (path: string): k8s.HttpGetAction => ({ path, port: k8s.IntOrString.fromNumber(9099), host: 'localhost' });
    new k8s.KubeDaemonSet(root, 'DaemonSet', {
      metadata: { name: 'canal', namespace: ns, labels: { 'k8s-app': 'canal' } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'canal' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: { labels: { 'k8s-app': 'canal' } },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            hostNetwork: true,
            tolerations: [
              { effect: 'NoSchedule', operator: 'Exists' },
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { effect: 'NoExecute', operator: 'Exists' },
            ],
            serviceAccountName: 'canal',
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            // Force deletion on rolling upgrade keeps the node's networking gap short.
            terminationGracePeriodSeconds: 0,
            priorityClassName: 'system-node-critical',
            initContainers: [
              {
                name: 'install-cni',
                image: imageRef(CANAL_PINS.calicoCni),
                imagePullPolicy: 'IfNotPresent',
                command: ['/opt/cni/bin/install'],
                envFrom: [kubeServicesEndpoint],
                env: [
                  fieldEnv('CALICO_CNI_SERVICE_ACCOUNT', 'spec.serviceAccountName'),
                  env('CNI_CONF_NAME', '10-canal.conflist'),
                  configMapEnv('CNI_NETWORK_CONFIG', 'canal-config', 'cni_network_config'),
                  fieldEnv('KUBERNETES_NODE_NAME', 'spec.nodeName'),
                  configMapEnv('CNI_MTU', 'canal-config', 'veth_mtu'),
                  env('SLEEP', 'false'),
                ],
                resources: small,
                volumeMounts: [
                  { mountPath: '/host/opt/cni/bin', name: 'cni-bin-dir' },
                  { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir' },
                ],
                securityContext: { privileged: true },
              },
              // Mounts bpffs and the cgroup2 root for the eBPF dataplane; best effort in iptables mode.
              {
                name: 'ebpf-bootstrap',
                image: node,
                imagePullPolicy: 'IfNotPresent',
                command: ['calico-node', '-init', '-best-effort'],
                resources: small,
                volumeMounts: [
                  { mountPath: '/sys/fs', name: 'sys-fs', mountPropagation: 'Bidirectional' },
                  { mountPath: '/var/run/calico', name: 'var-run-calico', mountPropagation: 'Bidirectional' },
                  { mountPath: '/nodeproc', name: 'nodeproc', readOnly: true },
                ],
                securityContext: { privileged: true },
              },
            ],
            containers: [
              {
                name: 'calico-node',
                image: node,
                imagePullPolicy: 'IfNotPresent',
                envFrom: [kubeServicesEndpoint],
                env: [
                  env('DATASTORE_TYPE', 'kubernetes'),
                  // Route aggregation follows the node's podCIDR (host-local IPAM).
                  env('USE_POD_CIDR', 'true'),
                  env('WAIT_FOR_DATASTORE', 'true'),
                  fieldEnv('NODENAME', 'spec.nodeName'),
                  fieldEnv('CALICO_CNI_SERVICE_ACCOUNT', 'spec.serviceAccountName'),
                  // flannel routes; calico only enforces policy, so no BGP and no node IP.
                  env('CALICO_NETWORKING_BACKEND', 'none'),
                  env('CLUSTER_TYPE', 'k8s,canal'),
                  env('FELIX_IPTABLESREFRESHINTERVAL', '60'),
                  env('IP', ''),
                  env('CALICO_DISABLE_FILE_LOGGING', 'true'),
                  env('FELIX_DEFAULTENDPOINTTOHOSTACTION', 'ACCEPT'),
                  env('FELIX_IPV6SUPPORT', 'false'),
                  env('FELIX_HEALTHENABLED', 'true'),
                  // Felix's policy and dataplane metrics; off in canal.yaml.
                  env('FELIX_PROMETHEUSMETRICSENABLED', 'true'),
                ],
                ports: [{ name: 'felix-metrics', containerPort: CANAL_DEFAULTS.felixMetricsPort, hostPort: CANAL_DEFAULTS.felixMetricsPort, protocol: 'TCP' }],
                securityContext: { privileged: true },
                resources: containerResources({ cpuRequest: '250m', memoryRequest: '128Mi', memoryLimit: '512Mi' }),
                lifecycle: { preStop: { exec: { command: ['/bin/calico-node', '-shutdown'] } } },
                livenessProbe: {
                  exec: { command: ['/bin/calico-node', '-felix-live'] },
                  periodSeconds: 10,
                  initialDelaySeconds: 10,
                  failureThreshold: 6,
                  timeoutSeconds: 10,
                },
                readinessProbe: { httpGet: healthz('/readiness'), periodSeconds: 10, timeoutSeconds: 10 },
                volumeMounts: [
                  { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir', readOnly: false },
                  { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
                  { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                  { mountPath: '/var/run/calico', name: 'var-run-calico', readOnly: false },
                  { mountPath: '/var/lib/calico', name: 'var-lib-calico', readOnly: false },
                  { name: 'policysync', mountPath: '/var/run/nodeagent' },
                  { name: 'bpffs', mountPath: '/sys/fs/bpf' },
                  { name: 'cni-log-dir', mountPath: '/var/log/calico/cni', readOnly: true },
                ],
              },
              {
                name: 'kube-flannel',
                image: imageRef(CANAL_PINS.flannel),
                imagePullPolicy: 'IfNotPresent',
                command: ['/opt/bin/flanneld', '--ip-masq', '--kube-subnet-mgr'],
                securityContext: { privileged: true },
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '50Mi', memoryLimit: '256Mi' }),
                env: [
                  fieldEnv('POD_NAME', 'metadata.name'),
                  fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
                  configMapEnv('FLANNELD_IFACE', 'canal-config', 'canal_iface'),
                  configMapEnv('FLANNELD_IP_MASQ', 'canal-config', 'masquerade'),
                ],
                volumeMounts: [
                  { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                  { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
                ],
              },
            ],
            volumes: [
              hostPathVolume('lib-modules', '/lib/modules'),
              hostPathVolume('var-run-calico', '/var/run/calico', 'DirectoryOrCreate'),
              hostPathVolume('var-lib-calico', '/var/lib/calico', 'DirectoryOrCreate'),
              hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
              hostPathVolume('sys-fs', '/sys/fs/', 'DirectoryOrCreate'),
              hostPathVolume('bpffs', '/sys/fs/bpf', 'Directory'),
              hostPathVolume('nodeproc', '/proc'),
              configMapVolume('flannel-cfg', 'canal-config'),
              hostPathVolume('cni-bin-dir', '/opt/cni/bin', 'DirectoryOrCreate'),
              hostPathVolume('cni-net-dir', '/etc/cni/net.d'),
              hostPathVolume('cni-log-dir', '/var/log/calico/cni'),
              hostPathVolume('policysync', '/var/run/nodeagent', 'DirectoryOrCreate'),
            ],
          },
        },
      },
    });

    const controllers = { 'k8s-app': 'calico-kube-controllers' };
    new k8s.KubeDeployment(root, 'KubeControllers', {
      metadata: { name: 'calico-kube-controllers', namespace: ns, labels: controllers },
      spec: {
        // The controllers can only have a single active instance.
        replicas: 1,
        selector: { matchLabels: controllers },
        strategy: { type: 'Recreate' },
        template: {
          metadata: { name: 'calico-kube-controllers', namespace: ns, labels: controllers },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            ],
            serviceAccountName: 'calico-kube-controllers',
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            priorityClassName: 'system-cluster-critical',
            containers: [
              {
                name: 'calico-kube-controllers',
                image: imageRef(CANAL_PINS.kubeControllers),
                imagePullPolicy: 'IfNotPresent',
                env: [env('ENABLED_CONTROLLERS', 'node,loadbalancer'), env('DATASTORE_TYPE', 'kubernetes')],
                ports: [{ name: 'http-metrics', containerPort: CANAL_DEFAULTS.kubeControllersMetricsPort, protocol: 'TCP' }],
                livenessProbe: {
                  exec: { command: ['/usr/bin/check-status', '-l'] },
                  periodSeconds: 10,
                  initialDelaySeconds: 10,
                  failureThreshold: 6,
                  timeoutSeconds: 10,
                },
                readinessProbe: { exec: { command: ['/usr/bin/check-status', '-r'] }, periodSeconds: 10 },
                resources: containerResources({ cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '256Mi' }),
                // upstream sets runAsNonRoot only; the rest makes the pod pass "restricted".
                securityContext: {
                  runAsNonRoot: true,
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    });
    new k8s.KubePodDisruptionBudget(root, 'KubeControllersDisruptionBudget', {
      metadata: { name: 'calico-kube-controllers', namespace: ns, labels: controllers },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: controllers } },
    });
  }
}

/** Where Canal differs from canal.yaml on purpose (test/networking/canal.parity.test.ts): hardening only. */
function declareDeviations(scope: Construct, ns: string): void {
  const component = `Canal (Calico ${CANAL_PINS.calicoVersion} canal.yaml)`;
  const c = `Deployment/${ns}/calico-kube-controllers container calico-kube-controllers`;
  const why = 'kube-controllers runs as a non-root user (upstream sets runAsNonRoot) and only talks to the API server, so it needs no capabilities and no privilege escalation';
  UpstreamDeviation.declare(scope, { component, item: `${c} securityContext.allowPrivilegeEscalation`, ours: 'false', why });
  UpstreamDeviation.declare(scope, { component, item: `${c} securityContext.capabilities.drop ALL`, ours: 'drops ALL capabilities', why });
  const felix = `DaemonSet/${ns}/canal container calico-node`;
  const metrics = 'Felix serves its Prometheus metrics (policy and dataplane health) only when enabled; the monitoring add-on scrapes them through the declared port';
  UpstreamDeviation.declare(scope, { component, item: `${felix} env FELIX_PROMETHEUSMETRICSENABLED`, ours: 'true', why: metrics });
  UpstreamDeviation.declare(scope, { component, item: `${felix} port ${CANAL_DEFAULTS.felixMetricsPort}/TCP`, ours: 'felix-metrics, on the host network', why: metrics });
  UpstreamDeviation.declare(scope, {
    component,
    item: `${c} port ${CANAL_DEFAULTS.kubeControllersMetricsPort}/TCP`,
    ours: 'http-metrics',
    why: 'kube-controllers already serve metrics on 9094 (its default configuration); the port is declared so a PodMonitor can name it',
  });
}

/**
 * calico-node's ClusterRole for the flannel network on the Kubernetes datastore.
 * upstream: projectcalico/calico@v3.32.0:manifests/canal.yaml (ClusterRole calico-node).
 */
function calicoNodeRules(): k8s.PolicyRule[] {
  const calico = ['projectcalico.org', 'crd.projectcalico.org'];
  return [
    // Tokens for the CNI plugin.
    rule([''], ['serviceaccounts/token'], ['create'], ['canal', CNI_PLUGIN]),
    rule([''], ['pods', 'nodes', 'namespaces'], ['get']),
    // Service-based policy rules.
    rule(['discovery.k8s.io'], ['endpointslices'], ['watch', 'list']),
    rule([''], ['endpoints', 'services'], ['watch', 'list', 'get']),
    // Pod CIDR auto-detection on kubeadm reads the kubeadm-config ConfigMap.
    rule([''], ['configmaps'], ['get']),
    rule([''], ['nodes/status'], ['patch', 'update']),
    rule(['networking.k8s.io'], ['networkpolicies'], ['watch', 'list']),
    // Felix lists ClusterNetworkPolicies whether or not any exist, and applies no policy until it has.
    rule(['policy.networking.k8s.io'], ['clusternetworkpolicies'], ['watch', 'list']),
    rule([''], ['pods', 'namespaces', 'serviceaccounts'], ['list', 'watch']),
    rule([''], ['pods/status'], ['patch']),
    rule(calico, [
      'globalfelixconfigs', 'globalbgpconfigs', 'felixconfigurations', 'bgppeers', 'bgpfilters', 'bgpconfigurations', 'ippools',
      'ipreservations', 'ipamblocks', 'globalnetworkpolicies', 'stagedglobalnetworkpolicies', 'networkpolicies',
      'stagednetworkpolicies', 'stagedkubernetesnetworkpolicies', 'globalnetworksets', 'networksets', 'clusterinformations',
      'hostendpoints', 'blockaffinities', 'caliconodestatuses', 'tiers',
    ], ['get', 'list', 'watch']),
    // calico-node creates the default tiers on startup.
    rule(calico, ['tiers'], ['create']),
    rule(calico, ['ippools', 'felixconfigurations', 'bgpconfigurations', 'clusterinformations'], ['create', 'update']),
    rule(calico, ['caliconodestatuses'], ['update']),
    rule([''], ['nodes'], ['get', 'list', 'watch']),
    rule(calico, ['bgpconfigurations', 'bgppeers'], ['create', 'update']),
    // KubeVirt live migration: Felix lists these even where KubeVirt is not installed.
    rule(['kubevirt.io'], ['virtualmachineinstancemigrations'], ['get', 'list', 'watch']),
  ];
}

/**
 * calico-kube-controllers' ClusterRole on the Kubernetes datastore.
 * upstream: projectcalico/calico@v3.32.0:manifests/canal.yaml (ClusterRole calico-kube-controllers).
 */
function kubeControllersRules(): k8s.PolicyRule[] {
  const calico = ['projectcalico.org', 'crd.projectcalico.org'];
  const crud = ['get', 'list', 'create', 'update', 'delete', 'watch'];
  return [
    rule([''], ['nodes'], ['watch', 'list', 'get']),
    rule([''], ['pods'], ['get', 'list', 'watch']),
    // LoadBalancer IP allocation with namespace selectors.
    rule([''], ['namespaces'], ['get', 'list', 'watch']),
    rule([''], ['services', 'services/status'], ['get', 'list', 'update', 'watch']),
    rule(calico, ['ipreservations'], ['list']),
    rule(calico, ['blockaffinities', 'ipamblocks', 'ipamhandles', 'ipamconfigurations', 'ipamconfigs', 'tiers'], crud),
    rule(calico, ['ippools'], ['list', 'watch']),
    rule(calico, ['hostendpoints'], crud),
    rule(calico, ['clusterinformations'], ['get', 'list', 'create', 'update', 'watch']),
    rule(calico, ['kubecontrollersconfigurations'], ['get', 'list', 'create', 'update', 'watch']),
    rule(calico, ['kubecontrollersconfigurations/status'], ['get', 'update']),
    // The policy-name migrator.
    rule(calico, ['networkpolicies', 'stagednetworkpolicies', 'globalnetworkpolicies', 'stagedglobalnetworkpolicies'],
      ['watch', 'list', 'get', 'create', 'update', 'delete']),
    // The migration controller (v1 crd.projectcalico.org to v3 projectcalico.org CRDs): it watches
    // calico-node and Typha, manages DatastoreMigrations, CRDs and API services, reads v1 and writes v3.
    rule(['apps'], ['daemonsets', 'deployments'], ['get', 'list', 'watch']),
    rule(['migration.projectcalico.org'], ['datastoremigrations', 'datastoremigrations/status'], ['get', 'list', 'watch', 'create', 'update', 'patch']),
    rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], ['get', 'list', 'watch', 'delete']),
    rule(['apiregistration.k8s.io'], ['apiservices'], ['get', 'list', 'watch', 'create', 'delete']),
    rule(['projectcalico.org'], ['*'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
    rule(['crd.projectcalico.org'], ['*'], ['get', 'list', 'watch']),
  ];
}
