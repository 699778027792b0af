import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { CrdSource, KubeProxyMode, Namespace, PodSecurityLevel, UpstreamCrds, UpstreamDeviation, ValidationContext, containerResources } from '../../lib';
import { Cidr, IpFamily } from '../../lib/net/cidr';
import { MAX_INT32 } from '../../lib/validation/formats';
import { imageRef } from '../../lib/versions/image';
import { CALICO_PINS } from '../../lib/versions/networking';
import { CniCommonProps, CniMetricsEndpoint, CniPlugin, CniValidationInput, CniWiring } from './cni-plugin';
import { env, fieldEnv, hostPathVolume, rule } from './manifest-parts';
import { WaivableCheck, Waiver } from '../../lib/validation/waiver';

// upstream: projectcalico/calico@v3.32.0:manifests/tigera-operator.yaml (operator RBAC and
// Deployment, rendered from charts/tigera-operator) and
// projectcalico/calico@v3.32.0:manifests/custom-resources.yaml (Installation, APIServer, Goldmane,
// Whisker); custom resource fields from tigera/operator@v1.42.0:pkg/imports/crds/operator/.

/** How Calico carries pod traffic between nodes (`ipPools[].encapsulation`). */
export enum CalicoEncapsulation {
  /** IP-in-IP between all nodes (IPv4 only). */
  IPIP = 'IPIP',
  /** IP-in-IP only between nodes on different subnets (IPv4 only). */
  IPIP_CROSS_SUBNET = 'IPIPCrossSubnet',
  /** VXLAN between all nodes. */
  VXLAN = 'VXLAN',
  /** VXLAN only between nodes on different subnets; plain routes inside one (upstream's default manifest). */
  VXLAN_CROSS_SUBNET = 'VXLANCrossSubnet',
  /** No encapsulation: the underlay must route pod addresses (BGP). */
  NONE = 'None',
}

export interface CalicoProps extends CniCommonProps {
  /**
   * Encapsulation of the IP pools.
   * @default CalicoEncapsulation.VXLAN_CROSS_SUBNET (upstream custom-resources.yaml)
   */
  readonly encapsulation?: CalicoEncapsulation | undefined;
  /**
   * Whether traffic from pods to outside the pool is SNATed to the node address.
   * @default true
   */
  readonly natOutgoing?: boolean | undefined;
  /**
   * Prefix length of the per-node IPv4 blocks (20-32).
   * @default 26
   */
  readonly blockSize?: number | undefined;
  /**
   * Prefix length of the per-node IPv6 blocks (116-128).
   * @default 122
   */
  readonly ipv6BlockSize?: number | undefined;
  /**
   * Replicas of Calico's control-plane components (kube-controllers, API server).
   * Typha is scaled by the operator from the node count (see `expectedTyphaReplicas`).
   * @default - the operator's default (2)
   */
  readonly controlPlaneReplicas?: number | undefined;
  /**
   * Whether to run the Calico API server (an `APIServer` resource). It serves the
   * `projectcalico.org/v3` API, through which `kubectl` manages Calico policies, tiers and IP pools.
   * @default true (upstream custom-resources.yaml creates it)
   */
  readonly apiServer?: boolean | undefined;
  /**
   * Whether to run Goldmane, the flow-log aggregator (a `Goldmane` resource) that Whisker reads
   * flows from.
   * @default true (upstream custom-resources.yaml creates it)
   */
  readonly goldmane?: boolean | undefined;
  /**
   * Whether to run Whisker, the flow-log web UI (a `Whisker` resource; the operator serves it as
   * Service `calico-system/whisker` on port 8081, e.g. for `kubectl port-forward`). Needs Goldmane.
   * @default true (upstream custom-resources.yaml creates it)
   */
  readonly whisker?: boolean | undefined;
  /**
   * Where the `operator.tigera.io` CRDs come from.
   * @default CrdSource.url(CALICO_PINS.operatorCrdsUrl)
   */
  readonly crds?: CrdSource | undefined;
}

/** @internal Calico's defaults, resolved in one place. */
export const CALICO_DEFAULTS = {
  encapsulation: CalicoEncapsulation.VXLAN_CROSS_SUBNET,
  natOutgoing: true,
  blockSize: 26,
  ipv6BlockSize: 122,
  namespace: 'tigera-operator',
  /** Felix's Prometheus port in calico-node (FelixConfiguration prometheusMetricsPort's default). */
  nodeMetricsPort: 9091,
  /** Typha's Prometheus port (its own default: projectcalico/calico@v3.32.0:typha/pkg/config/config_params.go). */
  typhaMetricsPort: 9093,
  /** kube-controllers' Prometheus port (KubeControllersConfiguration prometheusMetricsPort's default). */
  kubeControllersMetricsPort: 9094,
  apiServer: true,
  goldmane: true,
  whisker: true,
} as const;

const OPERATOR = 'tigera-operator';

/** Calico installed and managed by the Tigera operator. Enforces NetworkPolicies. */
export class CalicoCni extends CniPlugin {
  /**
   * How many Typha replicas the operator runs for `nodes` nodes: one per 200 nodes plus
   * one spare, at least three from five nodes on, fewer on tiny clusters.
   * upstream: tigera/operator pkg/common/autoscale.go GetExpectedTyphaScale.
   */
  public static expectedTyphaReplicas(nodes: number): number {
    if (nodes <= 2) return 1;
    if (nodes <= 4) return 2;
    return Math.max(3, Math.floor(nodes / 200) + 2);
  }

  public readonly name = 'calico';
  public readonly enforcesNetworkPolicies = true;
  public readonly supportsIpv6 = true;
  public readonly supportsDualStack = true;
  public readonly namespace = CALICO_DEFAULTS.namespace;
  public readonly encapsulation: CalicoEncapsulation;
  public readonly natOutgoing: boolean;
  public readonly blockSize: number;
  public readonly ipv6BlockSize: number;
  public readonly apiServer: boolean;
  public readonly goldmane: boolean;
  public readonly whisker: boolean;
  private readonly props: CalicoProps;

  /** @internal use Cni.calico() */
  constructor(props: CalicoProps = {}) {
    super(props);
    this.props = props;
    this.encapsulation = props.encapsulation ?? CALICO_DEFAULTS.encapsulation;
    this.natOutgoing = props.natOutgoing ?? CALICO_DEFAULTS.natOutgoing;
    this.blockSize = props.blockSize ?? CALICO_DEFAULTS.blockSize;
    this.ipv6BlockSize = props.ipv6BlockSize ?? CALICO_DEFAULTS.ipv6BlockSize;
    this.apiServer = props.apiServer ?? CALICO_DEFAULTS.apiServer;
    this.goldmane = props.goldmane ?? CALICO_DEFAULTS.goldmane;
    this.whisker = props.whisker ?? CALICO_DEFAULTS.whisker;
  }

  /** Kinds of the `operator.tigera.io` custom resources this installation creates. */
  public get customResourceKinds(): string[] {
    return [
      'Installation',
      ...(this.apiServer ? ['APIServer'] : []),
      ...(this.goldmane ? ['Goldmane'] : []),
      ...(this.whisker ? ['Whisker'] : []),
    ];
  }

  /** Calico IPAM gives a node more blocks when its first fills up, so the block does not bound pods. */
  public podsPerNode(_cidr: Cidr): undefined {
    return undefined;
  }

  public nodeBlockPrefix(family: IpFamily): number {
    return family === 4 ? this.blockSize : this.ipv6BlockSize;
  }

  /** The `spec` of the `Installation` named `default`. */
  public installationSpec(wiring: CniWiring): Record<string, unknown> {
    const vxlan = this.encapsulation === CalicoEncapsulation.VXLAN || this.encapsulation === CalicoEncapsulation.VXLAN_CROSS_SUBNET;
    const pools = wiring.podCidrs.map((cidr) => ({
      name: cidr.family === 4 ? 'default-ipv4-ippool' : 'default-ipv6-ippool',
      cidr: cidr.text,
      blockSize: this.nodeBlockPrefix(cidr.family),
      encapsulation: this.encapsulation,
      natOutgoing: this.natOutgoing ? 'Enabled' : 'Disabled',
      nodeSelector: 'all()',
    }));
    return {
      calicoNetwork: {
        // VXLAN routes come from IPAM blocks; IPIP and unencapsulated pools need BGP.
        bgp: vxlan ? 'Disabled' : 'Enabled',
        ipPools: pools,
        // Calico's nftables dataplane goes with kube-proxy in nftables mode.
        linuxDataplane: wiring.kubeProxy.mode === KubeProxyMode.NFTABLES ? 'Nftables' : 'Iptables',
        ...(this.mtu !== undefined ? { mtu: this.mtu } : {}),
      },
      cni: { type: 'Calico', ipam: { type: 'Calico' } },
      // Felix and Typha serve Prometheus metrics only when given a port: the operator then sets
      // FELIX_PROMETHEUSMETRICSENABLED / TYPHA_PROMETHEUSMETRICSENABLED and, for Typha, creates
      // Service calico-system/calico-typha-metrics. upstream: tigera/operator@v1.42.0:pkg/render/node.go
      // (NodeMetricsPort), pkg/render/typha.go (TyphaMetricsPort, typhaPrometheusService).
      nodeMetricsPort: CALICO_DEFAULTS.nodeMetricsPort,
      typhaMetricsPort: CALICO_DEFAULTS.typhaMetricsPort,
      serviceCIDRs: wiring.serviceCidrs.map((c) => c.text),
      ...(this.props.controlPlaneReplicas !== undefined ? { controlPlaneReplicas: this.props.controlPlaneReplicas } : {}),
    };
  }

  /**
   * The operator's components in calico-system: calico-node's Felix (host network, no declared
   * port), Typha through the Service the operator creates for it and, without the Calico API
   * server, kube-controllers through its metrics Service.
   */
  public metricsEndpoints(): readonly CniMetricsEndpoint[] {
    const ns = 'calico-system';
    return [
      { job: 'calico-node', namespace: ns, kind: 'pod', selector: { 'k8s-app': 'calico-node' }, port: CALICO_DEFAULTS.nodeMetricsPort, portNumber: CALICO_DEFAULTS.nodeMetricsPort, container: 'calico-node', hostNetwork: true },
      // upstream: tigera/operator@v1.42.0:pkg/render/typha.go typhaPrometheusService.
      { job: 'calico-typha', namespace: ns, kind: 'service', selector: { 'k8s-app': 'calico-typha-metrics' }, port: 'calico-typha-metrics', portNumber: CALICO_DEFAULTS.typhaMetricsPort, hostNetwork: true },
      // kube-controllers serve metrics on 9094 by default (projectcalico/calico@v3.32.0:
      // libcalico-go/lib/clientv3/kubecontrollersconfig.go) and the operator fronts them with
      // Service calico-kube-controllers-metrics (tigera/operator@v1.42.0:
      // pkg/render/kubecontrollers/kube-controllers.go prometheusService). With the Calico API
      // server the operator also installs the calico-system tier, whose kube-controller-access
      // policy admits metrics scrapes only from namespace tigera-prometheus (same file,
      // kubeControllersCalicoSystemPolicy): scraping from our Prometheus would only fail.
      ...(this.apiServer
        ? []
        : [{ job: 'calico-kube-controllers', namespace: ns, kind: 'service' as const, selector: { 'k8s-app': 'calico-kube-controllers' }, port: 'metrics-port', portNumber: CALICO_DEFAULTS.kubeControllersMetricsPort, hostNetwork: false }]),
    ];
  }

  public metricsNotes(): readonly string[] {
    return this.apiServer
      ? [
          'calico-kube-controllers serve metrics on 9094, but with the Calico API server the operator installs the calico-system tier, whose ' +
            'kube-controller-access policy admits scrapes only from namespace tigera-prometheus; they are not scraped (apiServer: false lifts this).',
        ]
      : [];
  }

  /** @internal */
  public bind(scope: Construct, wiring: CniWiring): void {
    const root = new Construct(scope, 'Calico');
    Waiver.add(root, WaivableCheck.PROBES, 'upstream tigera-operator.yaml (Calico v3.32.0) defines no probes for the operator; it reports health through TigeraStatus', { container: 'tigera-operator' });
    declareOperatorDeviations(root);
    const ns = this.namespace;
    const labels = { 'k8s-app': OPERATOR };
    new UpstreamCrds(root, 'Crds', {
      source: this.props.crds ?? CrdSource.url(CALICO_PINS.operatorCrdsUrl),
      group: 'operator.tigera.io',
      kinds: this.customResourceKinds,
    });
    // The operator runs with hostNetwork and a hostPath (it must work before any CNI does),
    // so its namespace cannot be baseline; upstream labels it privileged too.
    new Namespace(root, 'Namespace', {
      name: ns,
      labels: { name: OPERATOR },
      podSecurity: { enforce: PodSecurityLevel.PRIVILEGED },
    });
    new k8s.KubeServiceAccount(root, 'ServiceAccount', { metadata: { name: OPERATOR, namespace: ns, labels } });
    new k8s.KubeClusterRole(root, 'SecretsClusterRole', {
      metadata: { name: 'tigera-operator-secrets', labels },
      rules: [rule([''], ['secrets'], ['create', 'update', 'delete'])],
    });
    new k8s.KubeClusterRole(root, 'ClusterRole', { metadata: { name: OPERATOR, labels }, rules: operatorRules() });
    new k8s.KubeClusterRoleBinding(root, 'ClusterRoleBinding', {
      metadata: { name: OPERATOR, labels },
      subjects: [{ kind: 'ServiceAccount', name: OPERATOR, namespace: ns }],
      roleRef: { kind: 'ClusterRole', name: OPERATOR, apiGroup: 'rbac.authorization.k8s.io' },
    });
    new k8s.KubeRoleBinding(root, 'SecretsRoleBinding', {
      metadata: { name: 'tigera-operator-secrets', namespace: ns, labels },
      subjects: [{ kind: 'ServiceAccount', name: OPERATOR, namespace: ns }],
      roleRef: { kind: 'ClusterRole', name: 'tigera-operator-secrets', apiGroup: 'rbac.authorization.k8s.io' },
    });
    new k8s.KubeDeployment(root, 'Deployment', {
      metadata: { name: OPERATOR, namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { name: OPERATOR } },
        template: {
          metadata: { labels: { name: OPERATOR, 'k8s-app': OPERATOR } },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [
              { effect: 'NoExecute', operator: 'Exists' },
              { effect: 'NoSchedule', operator: 'Exists' },
            ],
            serviceAccountName: OPERATOR,
            terminationGracePeriodSeconds: 60,
            hostNetwork: true,
            // Needed with hostNetwork, or cluster services do not resolve.
            dnsPolicy: 'ClusterFirstWithHostNet',
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: OPERATOR,
                image: imageRef(CALICO_PINS.operator),
                imagePullPolicy: 'IfNotPresent',
                command: ['operator'],
                args: ['-manage-crds=true'],
                volumeMounts: [{ name: 'var-lib-calico', readOnly: true, mountPath: '/var/lib/calico' }],
                // Upstream leaves resources and the container security context empty; ours
                // are the minimum a controller needs (it only talks to the API server).
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '512Mi' }),
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                env: [
                  env('WATCH_NAMESPACE', ''),
                  fieldEnv('POD_NAME', 'metadata.name'),
                  env('OPERATOR_NAME', OPERATOR),
                  env('TIGERA_OPERATOR_INIT_IMAGE_VERSION', CALICO_PINS.operatorVersion),
                ],
                envFrom: [{ configMapRef: { name: 'kubernetes-services-endpoint', optional: true } }],
              },
            ],
            volumes: [hostPathVolume('var-lib-calico', '/var/lib/calico')],
          },
        },
      },
    });
    new ApiObject(root, 'Installation', {
      apiVersion: 'operator.tigera.io/v1',
      kind: 'Installation',
      metadata: { name: 'default' },
      spec: this.installationSpec(wiring),
    } as never);
    // The operator reconciles only the resources named `default`; upstream leaves their specs empty.
    if (this.apiServer) new ApiObject(root, 'APIServer', { apiVersion: 'operator.tigera.io/v1', kind: 'APIServer', metadata: { name: 'default' }, spec: {} } as never);
    if (this.goldmane) new ApiObject(root, 'Goldmane', { apiVersion: 'operator.tigera.io/v1', kind: 'Goldmane', metadata: { name: 'default' } } as never);
    if (this.whisker) new ApiObject(root, 'Whisker', { apiVersion: 'operator.tigera.io/v1', kind: 'Whisker', metadata: { name: 'default' } } as never);
  }

  /** @internal */
  public validate(scope: IConstruct, context: ValidationContext, input: CniValidationInput): void {
    const ranges: [IpFamily, number, number, number][] = [
      [4, this.blockSize, 20, 32],
      [6, this.ipv6BlockSize, 116, 128],
    ];
    for (const [family, size, min, max] of ranges) {
      if (!Number.isInteger(size) || size < min || size > max) {
        context.error(scope, {
          rule: 'networking/calico-block-size',
          field: family === 4 ? 'cni.blockSize' : 'cni.ipv6BlockSize',
          message: `Calico IPv${family} block size must be a prefix length Calico IPAM accepts`,
          received: size,
          expected: `an integer from ${min} to ${max}`,
        });
      }
    }
    if (!Object.values(CalicoEncapsulation).includes(this.encapsulation)) {
      context.error(scope, {
        rule: 'networking/calico-encapsulation',
        field: 'cni.encapsulation',
        message: 'not an encapsulation the Installation accepts; the operator would refuse the IP pools',
        received: this.encapsulation,
        expected: Object.values(CalicoEncapsulation).join(', '),
      });
    }
    const ipip = this.encapsulation === CalicoEncapsulation.IPIP || this.encapsulation === CalicoEncapsulation.IPIP_CROSS_SUBNET;
    if (ipip && input.podCidrs.some((c) => c.family === 6)) {
      context.error(scope, {
        rule: 'networking/calico-encapsulation',
        field: 'cni.encapsulation',
        message: 'IP-in-IP carries IPv4 only; Calico rejects an IPv6 pool with IPIP encapsulation',
        received: this.encapsulation,
        expected: 'VXLAN, VXLANCrossSubnet or None with an IPv6 pod subnet',
      });
    }
    if (this.whisker && !this.goldmane) {
      // upstream: tigera/operator@v1.42.0:pkg/controller/whisker/controller.go degrades Whisker
      // with "Goldmane CR not present; Goldmane is pre requisite for Whisker".
      context.error(scope, {
        rule: 'networking/calico-whisker-goldmane',
        field: 'cni.whisker',
        message: 'Whisker shows the flows Goldmane aggregates; the operator refuses to run Whisker without Goldmane',
        received: 'whisker: true, goldmane: false',
        expected: 'goldmane: true with whisker, or whisker: false',
      });
    }
    const replicas = this.props.controlPlaneReplicas;
    if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_INT32)) {
      context.error(scope, {
        rule: 'networking/calico-replicas',
        field: 'cni.controlPlaneReplicas',
        message: 'control-plane replicas must be a positive int32',
        received: replicas,
        expected: `an integer from 1 to ${MAX_INT32}`,
      });
    }
  }
}

/** The upstream release the operator objects are compared with (test/networking/calico.parity.test.ts). */
const OPERATOR_COMPONENT = `Calico ${CALICO_PINS.calicoVersion} (tigera-operator)`;

/** Where the operator Deployment differs from upstream on purpose: hardening only. */
function declareOperatorDeviations(scope: Construct): void {
  const w = `Deployment/${CALICO_DEFAULTS.namespace}/${OPERATOR}`;
  // upstream: tigera/operator@v1.42.0:build/Dockerfile runs the operator as USER 10001, so it
  // holds no capabilities and never needs to gain privileges.
  const nonRoot = 'the operator image runs as user 10001 and only talks to the API server and reads /var/lib/calico, so it has no use for capabilities or privilege escalation';
  for (const [item, ours, why] of [
    [`${w} pod securityContext.seccompProfile.type`, 'RuntimeDefault', 'the runtime default seccomp profile blocks syscalls a Go controller never makes; upstream leaves the pod unconfined'],
    [`${w} container ${OPERATOR} securityContext.allowPrivilegeEscalation`, 'false', nonRoot],
    [`${w} container ${OPERATOR} securityContext.capabilities.drop ALL`, 'drops ALL capabilities', nonRoot],
  ]) {
    UpstreamDeviation.declare(scope, { component: OPERATOR_COMPONENT, item, ours, why });
  }
}

/**
 * The tigera-operator ClusterRole, rule for rule as upstream grants it.
 * upstream: projectcalico/calico@v3.32.0:manifests/tigera-operator.yaml (ClusterRole tigera-operator).
 */
function operatorRules(): k8s.PolicyRule[] {
  const crd = 'apiextensions.k8s.io';
  const crds = ['customresourcedefinitions'];
  const rw = ['create', 'get', 'list', 'update', 'delete', 'watch'];
  // The Calico CRDs in upstream's order; only the IPAM configuration is named differently in the two groups.
  const calicoCrds = (ipamConfig: string) => [
    'bgpconfigurations', 'bgpfilters', 'bgppeers', 'blockaffinities', 'caliconodestatuses', 'clusterinformations',
    'felixconfigurations', 'globalnetworkpolicies', 'stagedglobalnetworkpolicies', 'globalnetworksets', 'hostendpoints',
    'ipamblocks', ipamConfig, 'ipamhandles', 'ippools', 'ipreservations', 'kubecontrollersconfigurations', 'networkpolicies',
    'stagednetworkpolicies', 'stagedkubernetesnetworkpolicies', 'networksets', 'tiers',
  ];
  return [
    // -manage-crds=true: the operator installs and updates the CRDs of Calico and of itself.
    rule([crd], crds, ['get', 'list', 'watch', 'create']),
    rule([crd], crds, ['update'], calicoCrds('ipamconfigs').map((r) => `${r}.crd.projectcalico.org`)),
    rule([crd], crds, ['update'], calicoCrds('ipamconfigurations').map((r) => `${r}.projectcalico.org`)),
    rule([crd], crds, ['update'], [
      'apiservers', 'gatewayapis', 'imagesets', 'installations', 'tigerastatuses', 'whiskers', 'goldmanes',
      'managementclusterconnections', 'istios',
    ].map((r) => `${r}.operator.tigera.io`)),
    // Owner references on a pre-existing ClusterNetworkPolicy CRD.
    rule([crd], crds, ['update', 'delete'], ['clusternetworkpolicies.policy.networking.k8s.io']),
    rule([''], ['namespaces', 'pods', 'podtemplates', 'services', 'endpoints', 'events', 'configmaps', 'serviceaccounts'], rw),
    rule([''], ['resourcequotas', 'secrets'], ['list', 'get', 'watch']),
    rule([''], ['resourcequotas'], rw, ['calico-critical-pods', 'tigera-critical-pods']),
    // Node labels during migration; watch for Typha autoscaling.
    rule([''], ['nodes'], ['get', 'patch', 'list', 'watch']),
    // A token review tells the operator its own identity.
    rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    rule(['rbac.authorization.k8s.io'], ['clusterroles', 'clusterrolebindings', 'rolebindings', 'roles'], [...rw, 'bind', 'escalate']),
    rule(['apps'], ['deployments', 'daemonsets', 'statefulsets'], ['create', 'get', 'list', 'patch', 'update', 'delete', 'watch']),
    rule(['apps'], ['deployments/finalizers'], ['update'], [OPERATOR]),
    rule(['operator.tigera.io'], [
      'apiservers', 'apiservers/finalizers', 'apiservers/status', 'gatewayapis', 'gatewayapis/finalizers', 'goldmanes',
      'goldmanes/finalizers', 'goldmanes/status', 'imagesets', 'installations', 'installations/finalizers',
      'installations/status', 'managementclusterconnections', 'managementclusterconnections/finalizers',
      'managementclusterconnections/status', 'tigerastatuses', 'tigerastatuses/status', 'tigerastatuses/finalizers',
      'whiskers', 'whiskers/finalizers', 'whiskers/status', 'istios', 'istios/finalizers', 'istios/status',
    ], ['get', 'list', 'update', 'patch', 'watch']),
    rule(['operator.tigera.io'], ['tigerastatuses'], ['create', 'delete']),
    // Deleting its own resources on uninstall.
    rule(['operator.tigera.io'], ['installations', 'apiservers', 'whiskers', 'goldmanes'], ['delete']),
    rule(['networking.k8s.io'], ['networkpolicies'], ['create', 'update', 'delete', 'get', 'list', 'watch']),
    rule(['crd.projectcalico.org', 'projectcalico.org'], ['felixconfigurations', 'bgpconfigurations', 'ippools'], ['create', 'patch', 'list', 'get', 'watch']),
    rule(['crd.projectcalico.org', 'projectcalico.org'], ['kubecontrollersconfigurations', 'bgpconfigurations', 'clusterinformations'],
      ['get', 'list', 'watch']),
    rule(['projectcalico.org'], ['ippools'], ['create', 'update', 'delete', 'patch', 'get', 'list', 'watch']),
    rule(['projectcalico.org'], ['ipamconfigurations', 'clusterinformations'], ['get', 'list', 'watch']),
    rule(['scheduling.k8s.io'], ['priorityclasses'], rw),
    rule(['policy'], ['poddisruptionbudgets'], rw),
    rule(['apiregistration.k8s.io'], ['apiservices'], ['list', 'watch', 'create', 'update', 'delete']),
    rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']),
    rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], ['create', 'delete', 'get', 'list', 'watch']),
    rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['update'], ['envoy-gateway-topology-injector.tigera-gateway']),
    rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['update'], ['istiod-default-validator', 'istio-validator-calico-system']),
    // The operator's leader-election lock.
    rule(['coordination.k8s.io'], ['leases'], rw),
    rule(['storage.k8s.io'], ['csidrivers'], ['list', 'watch', 'update', 'get', 'create', 'delete']),
    // Certificate management: the status of the signing requests.
    rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['list', 'watch']),
    rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['create', 'update', 'delete', 'get', 'list', 'watch']),
    // MutatingAdmissionPolicies default CRD fields (Kubernetes 1.32+).
    rule(['admissionregistration.k8s.io'], ['mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'], ['create', 'update', 'delete', 'get', 'list', 'watch']),
    rule(['policy'], ['podsecuritypolicies'], ['use'], [OPERATOR]),
    rule(['policy'], ['podsecuritypolicies'], ['get', 'list', 'watch', 'create', 'update', 'delete']),
    rule(['projectcalico.org'], ['networkpolicies', 'globalnetworkpolicies', 'networksets'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
    // calico-apiserver authorises tiered policy through the tier.* pseudo-kinds and a get on the tier.
    rule(['projectcalico.org'], ['tier.networkpolicies', 'tier.globalnetworkpolicies'], ['list', 'watch', 'get', 'create', 'update', 'delete'], ['calico-system.*']),
    rule(['projectcalico.org'], ['tier.networkpolicies', 'tier.globalnetworkpolicies'], ['list', 'watch', 'get']),
    rule(['projectcalico.org'], ['tiers'], ['get', 'delete', 'update'], ['calico-system']),
    rule(['projectcalico.org'], ['tiers'], ['get', 'create', 'list', 'watch']),
    // Gateway API support: its CRDs, GatewayClasses and EnvoyProxies, and the certgen job.
    rule([crd], crds, ['update'], [
      'backendlbpolicies.gateway.networking.k8s.io', 'backendtlspolicies.gateway.networking.k8s.io',
      'gatewayclasses.gateway.networking.k8s.io', 'gateways.gateway.networking.k8s.io', 'grpcroutes.gateway.networking.k8s.io',
      'httproutes.gateway.networking.k8s.io', 'referencegrants.gateway.networking.k8s.io', 'tcproutes.gateway.networking.k8s.io',
      'tlsroutes.gateway.networking.k8s.io', 'udproutes.gateway.networking.k8s.io',
      'xbackendtrafficpolicies.gateway.networking.x-k8s.io', 'xlistenersets.gateway.networking.x-k8s.io',
      'xmeshes.gateway.networking.x-k8s.io',
      'backends.gateway.envoyproxy.io', 'backendtrafficpolicies.gateway.envoyproxy.io', 'clienttrafficpolicies.gateway.envoyproxy.io',
      'envoyextensionpolicies.gateway.envoyproxy.io', 'envoypatchpolicies.gateway.envoyproxy.io', 'envoyproxies.gateway.envoyproxy.io',
      'httproutefilters.gateway.envoyproxy.io', 'securitypolicies.gateway.envoyproxy.io',
    ]),
    rule(['gateway.networking.k8s.io'], ['gatewayclasses'], ['create', 'update', 'delete', 'list', 'get', 'watch']),
    rule(['gateway.envoyproxy.io'], ['envoyproxies'], ['create', 'update', 'delete', 'list', 'get', 'watch']),
    rule(['batch'], ['jobs'], ['create', 'list', 'watch']),
    rule(['batch'], ['jobs'], ['update'], ['tigera-gateway-api-gateway-helm-certgen']),
    // KubeVirt live migration: the operator hands this grant on to Typha and calico-node.
    rule(['kubevirt.io'], ['virtualmachineinstancemigrations'], ['get', 'list', 'watch']),
    rule(['autoscaling'], ['horizontalpodautoscalers'], ['create', 'get', 'list', 'watch']),
    rule(['autoscaling'], ['horizontalpodautoscalers'], ['update'], ['istiod']),
    // Whether a v1-to-v3 CRD datastore migration is in progress or done.
    rule(['migration.projectcalico.org'], ['datastoremigrations'], ['get', 'list', 'watch']),
  ];
}
