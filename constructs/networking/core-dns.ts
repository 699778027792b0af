import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { Cluster, IModelValidator, ValidationContext } from '../../lib';
import { Cidr, cidrAddress, cidrContains, parseCidr, parseIp, splitCidrList } from '../../lib/net/cidr';
import { MAX_INT32, isDns1123Subdomain } from '../../lib/validation/formats';
import { imageRef } from '../../lib/versions/image';
import { COREDNS_PINS } from '../../lib/versions/networking';

// upstream: kubernetes/kubernetes cmd/kubeadm/app/phases/addons/dns/manifests.go (CoreDNS
// Deployment, ConfigMap, kube-dns Service, ClusterRole/Binding system:coredns, ServiceAccount)
// and dns.go (DNS IP = 10th address of the service subnet) for kubeadm v1.35, as held in
// ../shared/upstream/kubeadm-coredns/v1.35 (read at master 008b3652, whose templates equal
// v1.35's: see its PROVENANCE.txt); image tag = CoreDNSVersion of kubeadm v1.35 (v1.13.1).

/** @internal The upstream release the objects follow, as deviations from it are declared. */
export const COREDNS_COMPONENT = 'CoreDNS (kubeadm v1.35 add-on)';

/** How CoreDNS replicas are spread over nodes. */
export enum CoreDnsAntiAffinity {
  /** Prefer different nodes (kubeadm's Deployment). */
  PREFERRED = 'preferred',
  /** Require different nodes: replicas beyond the node count stay Pending. */
  REQUIRED = 'required',
}

/** A DNS zone answered by other servers than the upstream forwarders. */
export interface StubDomain {
  /** Zone, e.g. `corp.example.com`. */
  readonly domain: string;
  /** Nameservers: IPs, optionally with a port (`10.0.0.53:5353`, `[fd00::53]:53`). */
  readonly servers: readonly string[];
}

/** Props of CoreDNS. */
export interface CoreDnsProps {
  /**
   * Replicas of the coredns Deployment.
   * @default 2 (kubeadm)
   */
  readonly replicas?: number | undefined;
  /**
   * Spreading of the replicas over nodes.
   * @default CoreDnsAntiAffinity.PREFERRED (kubeadm)
   */
  readonly antiAffinity?: CoreDnsAntiAffinity | undefined;
  /**
   * `maxUnavailable` of the PodDisruptionBudget: how many replicas a drain may evict at once.
   * @default 1
   */
  readonly maxUnavailable?: number | undefined;
  /**
   * Upstream resolvers for names outside the cluster domain: `/etc/resolv.conf` (the
   * node's resolvers) or IPs, optionally with a port.
   * @default ['/etc/resolv.conf'] (kubeadm)
   */
  readonly forwarders?: readonly string[] | undefined;
  /**
   * Zones forwarded to their own servers.
   * @default - none
   */
  readonly stubDomains?: readonly StubDomain[] | undefined;
  /**
   * Maximum TTL, in seconds, of cached answers (`cache` plugin).
   * @default 30 (kubeadm)
   */
  readonly cacheTtl?: number | undefined;
  /**
   * ClusterIP of the kube-dns Service. The kubelets' `clusterDNS` must point at it.
   * @default - the 10th address of the (first) service subnet, as kubeadm allocates it
   */
  readonly serviceIp?: string | undefined;
}

/** @internal CoreDNS defaults, resolved in one place. */
export const COREDNS_DEFAULTS = {
  replicas: 2,
  antiAffinity: CoreDnsAntiAffinity.PREFERRED,
  maxUnavailable: 1,
  forwarders: ['/etc/resolv.conf'] as readonly string[],
  cacheTtl: 30,
  /** kubeadm's GetDNSIP: the service subnet's address with index 10. */
  serviceIpIndex: 10,
} as const;

const NAMESPACE = 'kube-system';
const LABELS = { 'k8s-app': 'kube-dns' };
const RESOLV_CONF = '/etc/resolv.conf';
const CLUSTER_ROLE = 'system:coredns';

/** `ip`, `ip:port` or `[ipv6]:port`; returns undefined when it is none of them. */
function parseServer(text: string): { ip: string; port?: number | undefined } | undefined {
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracket) return parseIp(bracket[1]) && validPort(bracket[2]) ? { ip: bracket[1], port: optionalNumber(bracket[2]) } : undefined;
  if (parseIp(text)) return { ip: text };
  const hostPort = /^([^:]+):(\d{1,5})$/.exec(text);
  if (hostPort && parseIp(hostPort[1])?.family === 4 && validPort(hostPort[2])) return { ip: hostPort[1], port: Number(hostPort[2]) };
  return undefined;
}

function validPort(text: string | undefined): boolean {
  return text === undefined || (Number(text) >= 1 && Number(text) <= 65535);
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

/**
 * CoreDNS as kubeadm deploys it, with what the cluster model decides: replicas, spreading,
 * a PodDisruptionBudget, and a Corefile with the cluster domain, forwarders, stub domains
 * and cache TTL. The objects live in kube-system, which kubeadm owns: no Namespace object.
 * The ServiceAccount and RBAC are kubeadm's own objects, written out so that the manifests
 * are complete on a cluster whose CoreDNS add-on phase was skipped; applying them over
 * kubeadm's changes nothing.
 */
export class CoreDns extends Construct implements IModelValidator {
  public readonly replicas: number;
  public readonly antiAffinity: CoreDnsAntiAffinity;
  public readonly maxUnavailable: number;
  public readonly forwarders: readonly string[];
  public readonly stubDomains: readonly StubDomain[];
  public readonly cacheTtl: number;
  /** The kube-dns ClusterIP ('' when the service subnet has no usable address). */
  public readonly serviceIp: string;
  private readonly serviceIpGiven: boolean;
  private readonly serviceCidrs: readonly Cidr[];

  constructor(scope: Construct, id: string, props: CoreDnsProps = {}) {
    super(scope, id);
    const cluster = Cluster.of(this);
    this.replicas = props.replicas ?? COREDNS_DEFAULTS.replicas;
    this.antiAffinity = props.antiAffinity ?? COREDNS_DEFAULTS.antiAffinity;
    this.maxUnavailable = props.maxUnavailable ?? COREDNS_DEFAULTS.maxUnavailable;
    this.forwarders = props.forwarders ?? COREDNS_DEFAULTS.forwarders;
    this.stubDomains = props.stubDomains ?? [];
    this.cacheTtl = props.cacheTtl ?? COREDNS_DEFAULTS.cacheTtl;
    this.serviceCidrs = splitCidrList(cluster.networking.serviceSubnet).flatMap((s) => {
      const parsed = parseCidr(s);
      return parsed.ok ? [parsed.cidr] : [];
    });
    this.serviceIpGiven = props.serviceIp !== undefined;
    const first = this.serviceCidrs[0];
    this.serviceIp = props.serviceIp ?? (first ? (cidrAddress(first, COREDNS_DEFAULTS.serviceIpIndex) ?? '') : '');

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: 'coredns', namespace: NAMESPACE } });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: CLUSTER_ROLE },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: CLUSTER_ROLE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CLUSTER_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: NAMESPACE }],
    });
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: 'coredns', namespace: NAMESPACE },
      data: { Corefile: this.corefile(cluster.networking.dnsDomain) },
    });
    this.renderDeployment();
    new k8s.KubeService(this, 'Service', {
      metadata: {
        name: 'kube-dns',
        namespace: NAMESPACE,
        labels: { ...LABELS, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        clusterIp: this.serviceIp,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: k8s.IntOrString.fromNumber(53) },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(53) },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(9153) },
        ],
        selector: LABELS,
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name: 'coredns', namespace: NAMESPACE, labels: LABELS },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(this.maxUnavailable), selector: { matchLabels: LABELS } },
    });
  }

  /** The Corefile: kubeadm's server block for `.`, then one block per stub domain. */
  public corefile(dnsDomain: string): string {
    const lines = [
      '.:53 {',
      '    errors',
      '    health {',
      '       lameduck 5s',
      '    }',
      '    ready',
      `    kubernetes ${dnsDomain} in-addr.arpa ip6.arpa {`,
      '       pods insecure',
      '       fallthrough in-addr.arpa ip6.arpa',
      '       ttl 30',
      '    }',
      '    prometheus :9153',
      `    forward . ${this.forwarders.join(' ')} {`,
      '       max_concurrent 1000',
      '    }',
      // kubeadm >= 1.32 (kubernetes#128359): answers for the cluster domain are never cached, so a
      // changed or deleted Service is seen at once and an NXDOMAIN does not outlive its object.
      `    cache ${this.cacheTtl} {`,
      `       disable success ${dnsDomain}`,
      `       disable denial ${dnsDomain}`,
      '    }',
      '    loop',
      '    reload',
      '    loadbalance',
      '}',
    ];
    for (const stub of this.stubDomains) {
      lines.push(
        `${stub.domain}:53 {`,
        '    errors',
        `    cache ${this.cacheTtl}`,
        '    loop',
        `    forward . ${stub.servers.join(' ')}`,
        '}',
      );
    }
    return `${lines.join('\n')}\n`;
  }

  private renderDeployment(): void {
    const term = { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' };
    const podAntiAffinity: k8s.PodAntiAffinity =
      this.antiAffinity === CoreDnsAntiAffinity.REQUIRED
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] };
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: 'coredns', namespace: NAMESPACE, labels: LABELS },
      spec: {
        replicas: this.replicas,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS },
          spec: {
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'coredns',
            affinity: { podAntiAffinity },
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [
              {
                name: 'coredns',
                image: imageRef(COREDNS_PINS.coredns),
                imagePullPolicy: 'IfNotPresent',
                resources: {
                  limits: { memory: k8s.Quantity.fromString('170Mi') },
                  requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('70Mi') },
                },
                args: ['-conf', '/etc/coredns/Corefile'],
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                  { containerPort: 8080, name: 'liveness-probe', protocol: 'TCP' },
                  { containerPort: 8181, name: 'readiness-probe', protocol: 'TCP' },
                ],
                livenessProbe: {
                  httpGet: { path: '/health', port: k8s.IntOrString.fromString('liveness-probe'), scheme: 'HTTP' },
                  initialDelaySeconds: 60,
                  timeoutSeconds: 5,
                  successThreshold: 1,
                  failureThreshold: 5,
                },
                readinessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromString('readiness-probe'), scheme: 'HTTP' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
                  readOnlyRootFilesystem: true,
                },
              },
            ],
            // CoreDNS resolves upstream names through the node, not through itself.
            dnsPolicy: 'Default',
            volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
          },
        },
      },
    });
  }

  public validateModel(context: ValidationContext): void {
    const nodeCount = Cluster.of(this).nodeCount;
    if (!Object.values(CoreDnsAntiAffinity).includes(this.antiAffinity)) {
      context.error(this, {
        rule: 'dns/anti-affinity',
        field: 'antiAffinity',
        message: 'not an anti-affinity choice; the replicas would be spread as if it were preferred',
        received: this.antiAffinity,
        expected: Object.values(CoreDnsAntiAffinity).join(', '),
      });
    }
    if (!Number.isInteger(this.replicas) || this.replicas < 1 || this.replicas > MAX_INT32) {
      context.error(this, {
        rule: 'dns/replicas',
        field: 'replicas',
        message: this.replicas > MAX_INT32 ? 'replicas is an int32 field of the Deployment' : 'CoreDNS needs at least one replica, or no name in the cluster resolves',
        received: this.replicas,
        expected: `an integer from 1 to ${MAX_INT32}`,
      });
    } else if (this.antiAffinity === CoreDnsAntiAffinity.REQUIRED && nodeCount > 0 && this.replicas > nodeCount) {
      context.error(this, {
        rule: 'dns/replicas-unschedulable',
        field: 'replicas',
        message: `required anti-affinity puts each CoreDNS replica on its own node; ${this.replicas - nodeCount} of ${this.replicas} replicas would stay Pending on ${nodeCount} node(s)`,
        received: this.replicas,
        expected: `at most ${nodeCount} replicas, or CoreDnsAntiAffinity.PREFERRED`,
      });
    }
    if (!Number.isInteger(this.maxUnavailable) || this.maxUnavailable < 0 || this.maxUnavailable > MAX_INT32) {
      context.error(this, {
        rule: 'dns/disruption-budget',
        field: 'maxUnavailable',
        message: 'maxUnavailable must be a non-negative int32',
        received: this.maxUnavailable,
        expected: `an integer from 0 to ${MAX_INT32}`,
      });
    } else if (Number.isInteger(this.replicas) && this.replicas >= 1 && this.maxUnavailable >= this.replicas) {
      context.warn(this, {
        rule: 'dns/disruption-budget',
        field: 'maxUnavailable',
        message: 'the PodDisruptionBudget lets a drain evict every CoreDNS replica at once; name resolution stops meanwhile',
        received: { replicas: this.replicas, maxUnavailable: this.maxUnavailable },
        expected: 'maxUnavailable below replicas',
      });
    }
    if (this.forwarders.length === 0) {
      context.error(this, {
        rule: 'dns/forwarder',
        field: 'forwarders',
        message: 'CoreDNS needs at least one upstream resolver for names outside the cluster',
        received: [],
        expected: `'${RESOLV_CONF}' or resolver IPs`,
      });
    }
    for (const f of this.forwarders) {
      if (f !== RESOLV_CONF && !parseServer(f)) {
        context.error(this, {
          rule: 'dns/forwarder',
          field: 'forwarders',
          message: 'a forwarder must be the node resolv.conf or a resolver address',
          received: f,
          expected: `'${RESOLV_CONF}', an IP, 'ip:port' or '[ipv6]:port'`,
        });
      }
    }
    this.stubDomains.forEach((stub, i) => {
      if (!isDns1123Subdomain(stub.domain)) {
        context.error(this, {
          rule: 'dns/stub-domain',
          field: `stubDomains[${i}].domain`,
          message: 'stub domain is not a DNS name',
          received: stub.domain,
          expected: 'a DNS-1123 subdomain such as corp.example.com',
        });
      }
      const bad = stub.servers.filter((s) => !parseServer(s));
      if (stub.servers.length === 0 || bad.length > 0) {
        context.error(this, {
          rule: 'dns/stub-domain',
          field: `stubDomains[${i}].servers`,
          message: `stub domain ${stub.domain} needs nameserver addresses`,
          received: stub.servers,
          expected: "one or more IPs, 'ip:port' or '[ipv6]:port'",
        });
      }
    });
    if (!Number.isInteger(this.cacheTtl) || this.cacheTtl < 1 || this.cacheTtl > 3600) {
      context.error(this, {
        rule: 'dns/cache-ttl',
        field: 'cacheTtl',
        message: 'cache TTL is out of the range the CoreDNS cache plugin accepts',
        received: this.cacheTtl,
        expected: 'an integer number of seconds from 1 to 3600',
      });
    }
    this.validateServiceIp(context);
    const defaultIp = this.serviceCidrs[0] ? cidrAddress(this.serviceCidrs[0], COREDNS_DEFAULTS.serviceIpIndex) : undefined;
    if (this.serviceIpGiven && Cluster.of(this).controlPlane && defaultIp !== undefined && this.serviceIp !== defaultIp) {
      // kubeadm's CoreDNS add-on creates kube-dns at the 10th address and points every
      // kubelet's clusterDNS there; a Service's clusterIP cannot change once created.
      context.error(this, {
        rule: 'dns/service-ip-kubeadm',
        field: 'serviceIp',
        message: `kubeadm creates the kube-dns Service at ${defaultIp} and configures every kubelet for it; applying another clusterIP fails because the field is immutable`,
        received: this.serviceIp,
        expected: `${defaultIp} (or leave serviceIp unset) on a cluster bootstrapped by clusterforge's kubeadm files`,
      });
    }
  }

  private validateServiceIp(context: ValidationContext): void {
    if (this.serviceCidrs.length === 0) return; // the core networking rule reports the subnet itself
    if (!this.serviceIpGiven) {
      if (this.serviceIp === '') {
        const first = this.serviceCidrs[0];
        context.error(this, {
          rule: 'dns/service-subnet-too-small',
          field: 'networking.serviceSubnet',
          message: `the service subnet ${first.text} has no address with index ${COREDNS_DEFAULTS.serviceIpIndex}, where kubeadm puts the cluster DNS Service`,
          received: first.text,
          expected: `a service subnet of at least ${COREDNS_DEFAULTS.serviceIpIndex + 1} addresses (IPv4 /28 or larger)`,
        });
      }
      return;
    }
    const ip = parseIp(this.serviceIp);
    const block = ip ? this.serviceCidrs.find((c) => cidrContains(c, ip)) : undefined;
    if (!ip || !block) {
      context.error(this, {
        rule: 'dns/service-ip',
        field: 'serviceIp',
        message: 'the DNS Service IP must lie inside the service subnet, or the API server refuses the Service',
        received: this.serviceIp,
        expected: `an address inside ${this.serviceCidrs.map((c) => c.text).join(' or ')}`,
      });
      return;
    }
    const index = ip.value - block.first;
    if (index === 0n || index === 1n || (block.family === 4 && ip.value === block.last)) {
      context.error(this, {
        rule: 'dns/service-ip',
        field: 'serviceIp',
        message:
          index === 1n
            ? 'the first address of the service subnet belongs to the `kubernetes` API Service'
            : 'the network and broadcast addresses of the service subnet cannot be Service IPs',
        received: this.serviceIp,
        expected: `an address of ${block.text} other than its first two (kubeadm uses ${cidrAddress(block, COREDNS_DEFAULTS.serviceIpIndex) ?? 'the 10th'})`,
      });
    }
  }
}
