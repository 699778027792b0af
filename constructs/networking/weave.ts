import { Construct, IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation, ValidationContext, containerResources } from '../../lib';
import { IpFamily } from '../../lib/net/cidr';
import { imageRef } from '../../lib/versions/image';
import { WEAVE_PINS } from '../../lib/versions/networking';
import { CniCommonProps, CniMetricsEndpoint, CniPlugin, CniValidationInput, CniWiring, cidrOfFamily } from './cni-plugin';
import { env, fieldEnv, hostPathVolume, rule } from './manifest-parts';
import { WaivableCheck, Waiver } from '../../lib/validation/waiver';

// upstream: weaveworks/weave@v2.8.1:prog/weave-kube/weave-daemonset-k8s-1.11.yaml as bin/release at
// the tag turns it into the release asset (`:latest` -> `:2.8.1`, imagePullPolicy: Always dropped);
// ../shared/upstream/weave/2.8.1 holds both. IPALLOC_RANGE and WEAVE_MTU are the documented env
// knobs of prog/weave-kube/launch.sh.

/** @internal The upstream release the objects follow, as deviations from it are declared. */
export const WEAVE_COMPONENT = `Weave Net ${WEAVE_PINS.version}`;

/** Props of Cni.weave(): the options every CNI shares. */
export type WeaveProps = CniCommonProps;

/** @internal Weave's defaults. */
export const WEAVE_DEFAULTS = {
  /** weave-kube keeps its peer list in ConfigMap kube-system/weave-net; it must run there. */
  namespace: 'kube-system',
  /** The router's metrics address (weaveworks/weave@v2.8.1:prog/weave-kube/launch.sh METRICS_ADDR). */
  routerMetricsPort: 6782,
  /** weave-npc's metrics address (weaveworks/weave@v2.8.1:prog/weave-npc/main.go --metrics-addr). */
  npcMetricsPort: 6781,
} as const;

/**
 * Weave Net: mesh overlay with its own NetworkPolicy controller (weave-npc). The project
 * is archived (Weaveworks shut down in 2024): no fixes, no new kernels or Kubernetes
 * versions tested. IPv4 only.
 */
export class WeaveCni extends CniPlugin {
  public readonly name = 'weave';
  public readonly enforcesNetworkPolicies = true;
  public readonly supportsIpv6 = false;
  public readonly supportsDualStack = false;
  public readonly namespace = WEAVE_DEFAULTS.namespace;

  /** @internal use Cni.weave() */
  constructor(props: WeaveProps = {}) {
    super(props);
  }

  /** Weave's IPAM hands out ranges between peers on demand, not fixed per-node blocks. */
  /** The router and weave-npc of the weave-net DaemonSet, on the host network. */
  public metricsEndpoints(): readonly CniMetricsEndpoint[] {
    const common = { namespace: this.namespace, kind: 'pod' as const, selector: { name: 'weave-net' }, hostNetwork: true };
    return [
      { ...common, job: 'weave-net', port: 'metrics', portNumber: WEAVE_DEFAULTS.routerMetricsPort },
      { ...common, job: 'weave-npc', port: 'npc-metrics', portNumber: WEAVE_DEFAULTS.npcMetricsPort },
    ];
  }

  public nodeBlockPrefix(_family: IpFamily): undefined {
    return undefined;
  }

  /** @internal */
  public bind(scope: Construct, wiring: CniWiring): void {
    const root = new Construct(scope, 'Weave');
    Waiver.add(root, WaivableCheck.PROBES, 'upstream weave-daemonset-k8s (2.8.1) defines no probes for weave-npc; only the weave router has one', { container: 'weave-npc' });
    const ns = this.namespace;
    const labels = { name: 'weave-net' };
    const range = cidrOfFamily(wiring.podCidrs, 4);
    declareDeviations(root);
    new k8s.KubeServiceAccount(root, 'ServiceAccount', { metadata: { name: 'weave-net', labels, namespace: ns } });
    new k8s.KubeClusterRole(root, 'ClusterRole', {
      metadata: { name: 'weave-net', labels },
      rules: [
        rule([''], ['pods', 'namespaces', 'nodes'], ['get', 'list', 'watch']),
        rule(['extensions'], ['networkpolicies'], ['get', 'list', 'watch']),
        rule(['networking.k8s.io'], ['networkpolicies'], ['get', 'list', 'watch']),
        rule([''], ['nodes/status'], ['patch', 'update']),
      ],
    });
    new k8s.KubeClusterRoleBinding(root, 'ClusterRoleBinding', {
      metadata: { name: 'weave-net', labels },
      roleRef: { kind: 'ClusterRole', name: 'weave-net', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [{ kind: 'ServiceAccount', name: 'weave-net', namespace: ns }],
    });
    new k8s.KubeRole(root, 'Role', {
      metadata: { name: 'weave-net', namespace: ns, labels },
      rules: [rule([''], ['configmaps'], ['get', 'update'], ['weave-net']), rule([''], ['configmaps'], ['create'])],
    });
    new k8s.KubeRoleBinding(root, 'RoleBinding', {
      metadata: { name: 'weave-net', namespace: ns, labels },
      roleRef: { kind: 'Role', name: 'weave-net', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [{ kind: 'ServiceAccount', name: 'weave-net', namespace: ns }],
    });
    const xtables: k8s.VolumeMount = { name: 'xtables-lock', mountPath: '/run/xtables.lock', readOnly: false };
    const hostname = fieldEnv('HOSTNAME', 'spec.nodeName', 'v1');
    new k8s.KubeDaemonSet(root, 'DaemonSet', {
      metadata: { name: 'weave-net', labels, namespace: ns },
      spec: {
        selector: { matchLabels: labels },
        // Let a pod connect to its peers before the next one rolls.
        minReadySeconds: 5,
        template: {
          metadata: { labels },
          spec: {
            initContainers: [
              {
                name: 'weave-init',
                image: imageRef(WEAVE_PINS.weave),
                imagePullPolicy: 'IfNotPresent',
                command: ['/home/weave/init.sh'],
                resources: containerResources({ cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '64Mi' }),
                securityContext: { privileged: true },
                volumeMounts: [
                  { name: 'cni-bin', mountPath: '/host/opt' },
                  { name: 'cni-bin2', mountPath: '/host/home' },
                  { name: 'cni-conf', mountPath: '/host/etc' },
                  { name: 'lib-modules', mountPath: '/lib/modules' },
                  xtables,
                ],
              },
            ],
            containers: [
              {
                name: 'weave',
                command: ['/home/weave/launch.sh'],
                env: [
                  env('INIT_CONTAINER', 'true'),
                  hostname,
                  // Weave allocates pod addresses from this range; it must be the pod subnet.
                  env('IPALLOC_RANGE', range?.text ?? ''),
                  ...(this.mtu !== undefined ? [env('WEAVE_MTU', String(this.mtu))] : []),
                ],
                image: imageRef(WEAVE_PINS.weave),
                imagePullPolicy: 'IfNotPresent',
                readinessProbe: { httpGet: { host: '127.0.0.1', path: '/status', port: k8s.IntOrString.fromNumber(6784) } },
                ports: [{ name: 'metrics', containerPort: WEAVE_DEFAULTS.routerMetricsPort, hostPort: WEAVE_DEFAULTS.routerMetricsPort, protocol: 'TCP' }],
                // upstream requests cpu only; memory request and limit are ours.
                resources: containerResources({ cpuRequest: '50m', memoryRequest: '100Mi', memoryLimit: '512Mi' }),
                securityContext: { privileged: true },
                volumeMounts: [
                  { name: 'weavedb', mountPath: '/weavedb' },
                  { name: 'dbus', mountPath: '/host/var/lib/dbus', readOnly: true },
                  { mountPath: '/host/etc/machine-id', name: 'cni-machine-id', readOnly: true },
                  xtables,
                ],
              },
              {
                name: 'weave-npc',
                env: [hostname],
                ports: [{ name: 'npc-metrics', containerPort: WEAVE_DEFAULTS.npcMetricsPort, hostPort: WEAVE_DEFAULTS.npcMetricsPort, protocol: 'TCP' }],
                image: imageRef(WEAVE_PINS.npc),
                imagePullPolicy: 'IfNotPresent',
                resources: containerResources({ cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '256Mi' }),
                securityContext: { privileged: true },
                volumeMounts: [xtables],
              },
            ],
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            hostPid: false,
            restartPolicy: 'Always',
            securityContext: { seLinuxOptions: {} },
            serviceAccountName: 'weave-net',
            tolerations: [
              { effect: 'NoSchedule', operator: 'Exists' },
              { effect: 'NoExecute', operator: 'Exists' },
            ],
            volumes: [
              hostPathVolume('weavedb', '/var/lib/weave'),
              hostPathVolume('cni-bin', '/opt'),
              hostPathVolume('cni-bin2', '/home'),
              hostPathVolume('cni-conf', '/etc'),
              hostPathVolume('cni-machine-id', '/etc/machine-id'),
              hostPathVolume('dbus', '/var/lib/dbus'),
              hostPathVolume('lib-modules', '/lib/modules'),
              hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
            ],
            priorityClassName: 'system-node-critical',
          },
        },
        updateStrategy: { type: 'RollingUpdate' },
      },
    });
  }

  /** @internal */
  public validate(scope: IConstruct, context: ValidationContext, _input: CniValidationInput): void {
    context.warn(scope, {
      rule: 'networking/cni-unmaintained',
      field: 'cni',
      message:
        'Weave Net is archived upstream (weaveworks/weave, last release 2.8.1): it gets no security fixes and is not ' +
        'tested against current kernels or Kubernetes releases',
      received: `weave ${WEAVE_PINS.version}`,
      expected: 'a maintained CNI: Cni.cilium(), Cni.calico() or Cni.flannel()',
    });
  }
}

/** What we render differently from the release asset, item by item as test/networking/weave.parity.test.ts names them. */
function declareDeviations(scope: Construct): void {
  const w = 'DaemonSet/kube-system/weave-net container';
  const qualified =
    'the same image, fully qualified: runtimes that refuse short names (CRI-O, podman with short-name-mode enforcing) ' +
    'cannot resolve weaveworks/... on their own';
  const deviations: [string, string, string][] = [
    [`${w} weave-init image`, imageRef(WEAVE_PINS.weave), qualified],
    [`${w} weave image`, imageRef(WEAVE_PINS.weave), qualified],
    [`${w} weave-npc image`, imageRef(WEAVE_PINS.npc), qualified],
    [
      `${w} weave env IPALLOC_RANGE`,
      "the cluster's IPv4 pod subnet",
      'without it Weave allocates from 10.32.0.0/12 whatever the pod subnet is; kube-proxy (--cluster-cidr) and ' +
        'kube-controller-manager would disagree with it about which addresses are pods',
    ],
    ...([
      ['weave', WEAVE_DEFAULTS.routerMetricsPort, 'metrics'],
      ['weave-npc', WEAVE_DEFAULTS.npcMetricsPort, 'npc-metrics'],
    ] as const).map(([container, port, name]): [string, string, string] => [
      `${w} ${container} port ${port}/TCP`,
      `${name}, declared`,
      'the process serves Prometheus metrics there on the host network anyway; the port is declared so a PodMonitor can name it',
    ]),
  ];
  for (const [item, ours, why] of deviations) UpstreamDeviation.declare(scope, { component: WEAVE_COMPONENT, item, ours, why });
}
