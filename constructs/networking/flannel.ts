import { Construct, IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { KubeProxyMode, Namespace, PodSecurityLevel, ValidationContext, containerResources } from '../../lib';
import { IpFamily } from '../../lib/net/cidr';
import { imageRef } from '../../lib/versions/image';
import { FLANNEL_PINS } from '../../lib/versions/networking';
import { CniCommonProps, CniPlugin, CniValidationInput, CniWiring, cidrOfFamily } from './cni-plugin';
import { configMapVolume, env, fieldEnv, hostPathVolume, prettyJson, rule } from './manifest-parts';

// upstream: flannel-io/flannel@v0.28.9:Documentation/kube-flannel.yml (the repository copy).
// At v0.28.9 the GitHub release asset (a kustomize render of Documentation/kustomization/kube-flannel/)
// differs from it: no healthz port, no liveness/readiness probes, and `cp -f` instead of the atomic
// /opt/bin/install-conf. We follow the repository copy deliberately: it is what the maintainers changed
// last (#2466 install-conf, #2523 probes), the Helm chart chart/kube-flannel at the same tag agrees
// with it, and the v0.28.9 image ships both (images/Dockerfile builds /opt/bin/install-conf; main.go
// serves /healthz and /readyz on --healthz-port). The kustomization copy was simply not updated.
// net-conf.json options from chart/kube-flannel/templates/config.yaml and Documentation/backends.md.

/** @internal The upstream release the objects follow, as deviations from it are declared. */
export const FLANNEL_COMPONENT = `flannel ${FLANNEL_PINS.version}`;

/** How flannel carries pod traffic between nodes. */
export enum FlannelBackend {
  /** VXLAN overlay (flannel's default); works across routed networks. */
  VXLAN = 'vxlan',
  /** Plain routes via the node's IP; every node must share one L2 network. */
  HOST_GW = 'host-gw',
  /** Encrypted WireGuard tunnels (kernel module required). */
  WIREGUARD = 'wireguard',
}

export interface FlannelProps extends CniCommonProps {
  /**
   * Backend. Cannot be changed on a running cluster.
   * @default FlannelBackend.VXLAN
   */
  readonly backend?: FlannelBackend | undefined;
}

/** @internal Flannel's defaults, resolved in one place. */
export const FLANNEL_DEFAULTS = {
  backend: FlannelBackend.VXLAN,
  namespace: 'kube-flannel',
  /**
   * flannel with `--kube-subnet-mgr` uses the node's `spec.podCIDR`, which
   * kube-controller-manager allocates with `--node-cidr-mask-size-ipv4/ipv6` (24 / 64).
   */
  nodeBlockPrefixIpv4: 24,
  nodeBlockPrefixIpv6: 64,
  /** flanneld's health endpoint (`--healthz-port`; upstream's manifest uses 8081). */
  healthzPort: 8081,
} as const;

/** Flannel: a simple overlay. It does not enforce NetworkPolicies. */
export class FlannelCni extends CniPlugin {
  public readonly name = 'flannel';
  public readonly enforcesNetworkPolicies = false;
  // upstream: flannel supports dual-stack and IPv6-only (EnableIPv4/EnableIPv6 in net-conf.json).
  public readonly supportsIpv6 = true;
  public readonly supportsDualStack = true;
  public readonly namespace = FLANNEL_DEFAULTS.namespace;
  public readonly backend: FlannelBackend;

  /** @internal use Cni.flannel() */
  constructor(props: FlannelProps = {}) {
    super(props);
    this.backend = props.backend ?? FLANNEL_DEFAULTS.backend;
  }

  /**
   * None: flanneld serves no Prometheus metrics, only an optional /healthz
   * (flannel-io/flannel@v0.28.9:main.go --healthz-port); its health is watched through
   * kube-state-metrics (the CNI DaemonSet alert).
   */
  public metricsEndpoints(): readonly [] {
    return [];
  }

  public metricsNotes(): readonly string[] {
    return ['flanneld serves no Prometheus metrics; the CniAgentUnavailable alert watches its DaemonSet through kube-state-metrics.'];
  }

  public nodeBlockPrefix(family: IpFamily): number {
    return family === 4 ? FLANNEL_DEFAULTS.nodeBlockPrefixIpv4 : FLANNEL_DEFAULTS.nodeBlockPrefixIpv6;
  }

  /** The `net-conf.json` flannel reads, derived from the pod subnet and kube-proxy. */
  public netConf(wiring: CniWiring): Record<string, unknown> {
    const v4 = cidrOfFamily(wiring.podCidrs, 4);
    const v6 = cidrOfFamily(wiring.podCidrs, 6);
    const backend: Record<string, unknown> = { Type: this.backend };
    // Only the tunnelling backends take an MTU; host-gw uses the node interface's.
    if (this.mtu !== undefined && this.backend !== FlannelBackend.HOST_GW) backend.MTU = this.mtu;
    return {
      ...(v4 ? { Network: v4.text } : { EnableIPv4: false }),
      ...(v6 ? { IPv6Network: v6.text, EnableIPv6: true } : {}),
      // flannel's masquerade rules must live where kube-proxy's do.
      EnableNFTables: wiring.kubeProxy.mode === KubeProxyMode.NFTABLES,
      Backend: backend,
    };
  }

  /** @internal */
  public bind(scope: Construct, wiring: CniWiring): void {
    const root = new Construct(scope, 'Flannel');
    const ns = this.namespace;
    const labels = { tier: 'node', app: 'flannel' };
    new Namespace(root, 'Namespace', { name: ns, podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
    new k8s.KubeServiceAccount(root, 'ServiceAccount', { metadata: { name: 'flannel', namespace: ns } });
    new k8s.KubeClusterRole(root, 'ClusterRole', {
      metadata: { name: 'flannel' },
      rules: [
        rule([''], ['pods'], ['get']),
        rule([''], ['nodes'], ['get', 'list', 'watch']),
        rule([''], ['nodes/status'], ['patch']),
      ],
    });
    new k8s.KubeClusterRoleBinding(root, 'ClusterRoleBinding', {
      metadata: { name: 'flannel' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flannel' },
      subjects: [{ kind: 'ServiceAccount', name: 'flannel', namespace: ns }],
    });
    new k8s.KubeConfigMap(root, 'Config', {
      metadata: { name: 'kube-flannel-cfg', namespace: ns, labels },
      data: {
        'cni-conf.json': prettyJson({
          name: 'cbr0',
          cniVersion: '0.3.1',
          plugins: [
            { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
            { type: 'portmap', capabilities: { portMappings: true } },
          ],
        }),
        'net-conf.json': prettyJson(this.netConf(wiring)),
      },
    });

    const flannelImage = imageRef(FLANNEL_PINS.flannel);
    const healthz = k8s.IntOrString.fromString('healthz');
    // Upstream sets no resources on the init containers; every container we write has them.
    const copyResources = containerResources({ cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '64Mi' });
    new k8s.KubeDaemonSet(root, 'DaemonSet', {
      metadata: { name: 'kube-flannel-ds', namespace: ns, labels },
      spec: {
        selector: { matchLabels: { app: 'flannel' } },
        template: {
          metadata: { labels },
          spec: {
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }],
                },
              },
            },
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
            serviceAccountName: 'flannel',
            initContainers: [
              {
                name: 'install-cni-plugin',
                image: imageRef(FLANNEL_PINS.cniPlugin),
                command: ['cp'],
                args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
                resources: copyResources,
                volumeMounts: [{ name: 'cni-plugin', mountPath: '/opt/cni/bin' }],
              },
              {
                name: 'install-cni',
                image: flannelImage,
                // Writes a temporary file and renames it: the kubelet never reads a half-written conflist.
                command: ['/opt/bin/install-conf'],
                args: ['/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
                resources: copyResources,
                volumeMounts: [
                  { name: 'cni', mountPath: '/etc/cni/net.d' },
                  { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
                ],
              },
            ],
            containers: [
              {
                name: 'kube-flannel',
                image: flannelImage,
                command: ['/opt/bin/flanneld'],
                args: ['--ip-masq', '--kube-subnet-mgr', `--healthz-port=${FLANNEL_DEFAULTS.healthzPort}`],
                ports: [{ name: 'healthz', containerPort: FLANNEL_DEFAULTS.healthzPort, protocol: 'TCP' }],
                livenessProbe: { httpGet: { path: '/healthz', port: healthz }, initialDelaySeconds: 10, periodSeconds: 30 },
                readinessProbe: { httpGet: { path: '/readyz', port: healthz }, initialDelaySeconds: 5, periodSeconds: 10 },
                // upstream requests; the memory limit is ours (upstream sets none).
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '50Mi', memoryLimit: '256Mi' }),
                securityContext: { privileged: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
                env: [
                  fieldEnv('POD_NAME', 'metadata.name'),
                  fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
                  env('EVENT_QUEUE_DEPTH', '5000'),
                  env('CONT_WHEN_CACHE_NOT_READY', 'false'),
                ],
                volumeMounts: [
                  { name: 'run', mountPath: '/run/flannel' },
                  { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
                  { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
                ],
              },
            ],
            volumes: [
              hostPathVolume('run', '/run/flannel'),
              hostPathVolume('cni-plugin', '/opt/cni/bin'),
              hostPathVolume('cni', '/etc/cni/net.d'),
              configMapVolume('flannel-cfg', 'kube-flannel-cfg'),
              hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
            ],
          },
        },
      },
    });
  }

  /** @internal */
  public validate(scope: IConstruct, context: ValidationContext, input: CniValidationInput): void {
    if (!Object.values(FlannelBackend).includes(this.backend)) {
      context.error(scope, {
        rule: 'networking/flannel-backend',
        field: 'cni.backend',
        message: 'not a flannel backend; flanneld would exit on start and no node would get a pod network',
        received: this.backend,
        expected: Object.values(FlannelBackend).join(', '),
      });
    }
    if (this.backend === FlannelBackend.HOST_GW && input.nodeSubnets.length > 1) {
      context.warn(scope, {
        rule: 'networking/flannel-host-gw-l2',
        field: 'cni.backend',
        message:
          'flannel host-gw routes pod traffic directly to the other node and needs every node on one L2 network; ' +
          'the cluster declares several node subnets',
        received: input.nodeSubnets,
        expected: 'a single node subnet, or FlannelBackend.VXLAN / WIREGUARD to cross routers',
      });
    }
    if (this.backend === FlannelBackend.HOST_GW && this.mtu !== undefined) {
      context.error(scope, {
        rule: 'networking/mtu',
        field: 'cni.mtu',
        message: 'flannel host-gw has no tunnel device; its MTU is the node interface MTU and cannot be set',
        received: this.mtu,
        expected: 'no mtu with host-gw, or a tunnelling backend (vxlan, wireguard)',
      });
    }
  }
}
