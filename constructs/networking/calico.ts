import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import {
  CALICO_PINS,
  CrdSource,
  IpFamily,
  KubeProxyMode,
  MAX_INT32,
  Namespace,
  PodSecurityLevel,
  UpstreamCrds,
  ValidationContext,
  containerResources,
  imageRef,
} from '../../lib';
import { CniCommonProps, CniPlugin, CniValidationInput, CniWiring } from './cni-plugin';
import { env, fieldEnv, hostPathVolume, rule } from './manifest-parts';
import { WaivableCheck, Waiver } from '../../lib/validation/waiver';

// upstream: projectcalico/calico manifests/tigera-operator.yaml (operator RBAC and Deployment,
// rendered from charts/tigera-operator) @ commit 8356c16f on the v3.32 line, image pinned to
// tigera/operator v1.43.0; Installation defaults from manifests/custom-resources.yaml and the
// operator.tigera.io_installations CRD of tigera/operator v1.43.0.

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
   * Where the `operator.tigera.io` CRDs come from.
   * @default CrdSource.url(CALICO_PINS.operatorCrdsUrl)
   */
  readonly crds?: CrdSource | undefined;
}

/** Calico's defaults, resolved in one place. */
export const CALICO_DEFAULTS = {
  encapsulation: CalicoEncapsulation.VXLAN_CROSS_SUBNET,
  natOutgoing: true,
  blockSize: 26,
  ipv6BlockSize: 122,
  namespace: 'tigera-operator',
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
  private readonly props: CalicoProps;

  /** @internal use Cni.calico() */
  constructor(props: CalicoProps = {}) {
    super(props);
    this.props = props;
    this.encapsulation = props.encapsulation ?? CALICO_DEFAULTS.encapsulation;
    this.natOutgoing = props.natOutgoing ?? CALICO_DEFAULTS.natOutgoing;
    this.blockSize = props.blockSize ?? CALICO_DEFAULTS.blockSize;
    this.ipv6BlockSize = props.ipv6BlockSize ?? CALICO_DEFAULTS.ipv6BlockSize;
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
      serviceCIDRs: wiring.serviceCidrs.map((c) => c.text),
      ...(this.props.controlPlaneReplicas !== undefined ? { controlPlaneReplicas: this.props.controlPlaneReplicas } : {}),
    };
  }

  /** @internal */
  public bind(scope: Construct, wiring: CniWiring): void {
    const root = new Construct(scope, 'Calico');
    Waiver.add(root, WaivableCheck.PROBES, 'upstream tigera-operator.yaml (v1.43.0) defines no probes for the operator; it reports health through TigeraStatus', { container: 'tigera-operator' });
    const ns = this.namespace;
    const labels = { 'k8s-app': OPERATOR };
    new UpstreamCrds(root, 'Crds', {
      source: this.props.crds ?? CrdSource.url(CALICO_PINS.operatorCrdsUrl),
      group: 'operator.tigera.io',
      kinds: ['Installation'],
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

/** The tigera-operator ClusterRole, rule for rule as upstream grants it. */
function operatorRules(): k8s.PolicyRule[] {
  const crd = 'apiextensions.k8s.io';
  const calicoCrds = [
    'bgpconfigurations', 'bgpfilters', 'bgppeers', 'blockaffinities', 'caliconodestatuses', 'clusterinformations',
    'felixconfigurations', 'globalnetworkpolicies', 'stagedglobalnetworkpolicies', 'globalnetworksets', 'hostendpoints',
    'ipamblocks',
  ];
  const calicoCrdsTail = [
    'ipamhandles', 'ippools', 'ipreservations', 'kubecontrollersconfigurations', 'networkpolicies',
    'stagednetworkpolicies', 'stagedkubernetesnetworkpolicies', 'networksets', 'tiers',
  ];
  return [
    rule([crd], ['customresourcedefinitions'], ['get', 'list', 'watch', 'create']),
    rule([crd], ['customresourcedefinitions'], ['update'], [
      ...calicoCrds.map((r) => `${r}.crd.projectcalico.org`),
      'ipamconfigs.crd.projectcalico.org',
      ...calicoCrdsTail.map((r) => `${r}.crd.projectcalico.org`),
    ]),
    rule([crd], ['customresourcedefinitions'], ['update'], [
      ...calicoCrds.map((r) => `${r}.projectcalico.org`),
      'ipamconfigurations.projectcalico.org',
      ...calicoCrdsTail.map((r) => `${r}.projectcalico.org`),
    ]),
    rule([crd], ['customresourcedefinitions'], ['update'], [
      'apiservers.operator.tigera.io', 'gatewayapis.operator.tigera.io', 'imagesets.operator.tigera.io',
      'installations.operator.tigera.io', 'tigerastatuses.operator.tigera.io', 'whiskers.operator.tigera.io',
      'goldmanes.operator.tigera.io', 'managementclusterconnections.operator.tigera.io',
    ]),
    rule([crd], ['customresourcedefinitions'], ['update', 'delete'], ['clusternetworkpolicies.policy.networking.k8s.io']),
    rule([''], ['namespaces', 'pods', 'podtemplates', 'services', 'endpoints', 'events', 'configmaps', 'serviceaccounts'],
      ['create', 'get', 'list', 'update', 'delete', 'watch']),
    rule([''], ['resourcequotas', 'secrets'], ['list', 'get', 'watch']),
    rule([''], ['resourcequotas'], ['create', 'get', 'list', 'update', 'delete', 'watch'], ['calico-critical-pods', 'tigera-critical-pods']),
    // Node labels during migration; watch for Typha autoscaling.
    rule([''], ['nodes'], ['get', 'patch', 'list', 'watch']),
    rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    rule(['rbac.authorization.k8s.io'], ['clusterroles', 'clusterrolebindings', 'rolebindings', 'roles'],
      ['create', 'get', 'list', 'update', 'delete', 'watch', 'bind', 'escalate']),
    rule(['apps'], ['deployments', 'daemonsets', 'statefulsets'], ['create', 'get', 'list', 'patch', 'update', 'delete', 'watch']),
    rule(['apps'], ['deployments/finalizers'], ['update'], [OPERATOR]),
    rule(['operator.tigera.io'], [
      'apiservers', 'apiservers/finalizers', 'apiservers/status', 'gatewayapis', 'gatewayapis/finalizers', 'goldmanes',
      'goldmanes/finalizers', 'goldmanes/status', 'imagesets', 'installations', 'installations/finalizers',
      'installations/status', 'managementclusterconnections', 'managementclusterconnections/finalizers',
      'managementclusterconnections/status', 'tigerastatuses', 'tigerastatuses/status', 'tigerastatuses/finalizers',
      'whiskers', 'whiskers/finalizers', 'whiskers/status',
    ], ['get', 'list', 'update', 'patch', 'watch']),
    rule(['operator.tigera.io'], ['tigerastatuses'], ['create', 'delete']),
    rule(['operator.tigera.io'], ['installations', 'apiservers', 'whiskers', 'goldmanes'], ['delete']),
    rule(['networking.k8s.io'], ['networkpolicies'], ['create', 'update', 'delete', 'get', 'list', 'watch']),
    rule(['crd.projectcalico.org', 'projectcalico.org'], ['felixconfigurations', 'ippools'], ['create', 'patch', 'list', 'get', 'watch']),
    rule(['crd.projectcalico.org', 'projectcalico.org'], ['kubecontrollersconfigurations', 'bgpconfigurations', 'clusterinformations'],
      ['get', 'list', 'watch']),
    rule(['projectcalico.org'], ['ippools'], ['create', 'update', 'delete', 'patch', 'get', 'list', 'watch']),
    rule(['projectcalico.org'], ['ipamconfigurations', 'clusterinformations'], ['get', 'list', 'watch']),
    rule(['scheduling.k8s.io'], ['priorityclasses'], ['create', 'get', 'list', 'update', 'delete', 'watch']),
    rule(['policy'], ['poddisruptionbudgets'], ['create', 'get', 'list', 'update', 'delete', 'watch']),
    rule(['apiregistration.k8s.io'], ['apiservices'], ['list', 'watch', 'create', 'update']),
    rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']),
    rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['create', 'delete', 'get', 'list', 'watch']),
    rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['update'], ['envoy-gateway-topology-injector.tigera-gateway']),
    // The operator's leader-election lock.
    rule(['coordination.k8s.io'], ['leases'], ['create', 'get', 'list', 'update', 'delete', 'watch']),
    rule(['storage.k8s.io'], ['csidrivers'], ['list', 'watch', 'update', 'get', 'create', 'delete']),
    rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['list', 'watch']),
    rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['create', 'update', 'delete', 'get', 'list', 'watch']),
    rule(['policy'], ['podsecuritypolicies'], ['use'], [OPERATOR]),
    rule(['policy'], ['podsecuritypolicies'], ['get', 'list', 'watch', 'create', 'update', 'delete']),
    rule(['projectcalico.org'], ['tier.networkpolicies', 'tier.globalnetworkpolicies'],
      ['list', 'watch', 'get', 'create', 'update', 'delete'], ['allow-tigera.*']),
    rule(['projectcalico.org'], ['tiers'], ['get', 'delete', 'update'], ['allow-tigera']),
    rule(['projectcalico.org'], ['tiers'], ['create', 'list', 'watch']),
    rule([crd], ['customresourcedefinitions'], ['update'], [
      'backendlbpolicies.gateway.networking.k8s.io', 'backendtlspolicies.gateway.networking.k8s.io',
      'gatewayclasses.gateway.networking.k8s.io', 'gateways.gateway.networking.k8s.io', 'grpcroutes.gateway.networking.k8s.io',
      'httproutes.gateway.networking.k8s.io', 'referencegrants.gateway.networking.k8s.io', 'tcproutes.gateway.networking.k8s.io',
      'tlsroutes.gateway.networking.k8s.io', 'udproutes.gateway.networking.k8s.io',
      'xbackendtrafficpolicies.gateway.networking.x-k8s.io', 'xlistenersets.gateway.networking.x-k8s.io',
      'backends.gateway.envoyproxy.io', 'backendtrafficpolicies.gateway.envoyproxy.io', 'clienttrafficpolicies.gateway.envoyproxy.io',
      'envoyextensionpolicies.gateway.envoyproxy.io', 'envoypatchpolicies.gateway.envoyproxy.io', 'envoyproxies.gateway.envoyproxy.io',
      'httproutefilters.gateway.envoyproxy.io', 'securitypolicies.gateway.envoyproxy.io',
    ]),
    rule(['gateway.networking.k8s.io'], ['gatewayclasses'], ['create', 'update', 'delete', 'list', 'get', 'watch']),
    rule(['gateway.envoyproxy.io'], ['envoyproxies'], ['create', 'update', 'delete', 'list', 'get', 'watch']),
    rule(['batch'], ['jobs'], ['create', 'list', 'watch']),
    rule(['batch'], ['jobs'], ['update'], ['tigera-gateway-api-gateway-helm-certgen']),
    // KubeVirt live migration: the operator hands this to Typha and calico-node.
    rule(['kubevirt.io'], ['virtualmachineinstancemigrations'], ['get', 'list', 'watch']),
  ];
}
