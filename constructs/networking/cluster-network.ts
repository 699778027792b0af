import { AddOn, AddOnKey, Cluster, IModelValidator, IObjectValidator, PlacedObject, ValidationContext } from '../../lib';
import { KUBELET_DEFAULTS } from '../../lib/bootstrap/kubeadm';
import { Cidr, parseCidr, splitCidrList } from '../../lib/net/cidr';
import { apiGroupOf } from '../../lib/synth/kube-object';
import type { IFirewallPortSource, PortRule } from '../../lib';
import { Construct } from 'constructs';
import { MONITORING } from '../monitoring/cluster-monitoring';
import { PodMonitor, ServiceMonitor } from '../monitoring/service-monitor';
import { CniPlugin, CniWiring } from './cni-plugin';
import { cniFirewallPorts } from './cni-ports';
import { CoreDns, CoreDnsProps } from './core-dns';

/** The cluster network add-on: the CNI and CoreDNS. */
export const CNI = new AddOnKey<ClusterNetwork>('cni');

/** Props of ClusterNetwork: the CNI and CoreDNS. */
export interface ClusterNetworkProps {
  /** The CNI plugin: `Cni.flannel()`, `Cni.calico()`, `Cni.canal()`, `Cni.cilium()` or `Cni.weave()`. */
  readonly cni: CniPlugin;
  /**
   * CoreDNS settings. kubeadm installs CoreDNS; these objects replace its Deployment,
   * Corefile and Service with the same shape plus what is set here.
   * @default - kubeadm's CoreDNS (2 replicas, node resolvers, 30 s cache) with a PodDisruptionBudget
   */
  readonly coreDns?: CoreDnsProps | undefined;
  /**
   * Accept NetworkPolicy objects although the CNI does not enforce them. By default such
   * a cluster is refused: the API server would store the policies and nothing would
   * apply them, so workloads that rely on them (a tenant's default-deny, say) would be
   * open while looking protected. With this set, synthesis only warns.
   * @default false
   */
  readonly allowUnenforcedNetworkPolicies?: boolean | undefined;
}

/** MTUs a pod network can use: IPv6's minimum up to jumbo frames. */
const MTU_RANGE = { min: 1280, max: 9216 } as const;

function parsedBlocks(list: string): Cidr[] {
  return splitCidrList(list).flatMap((s) => {
    const r = parseCidr(s);
    return r.ok ? [r.cidr] : [];
  });
}

function sameBlock(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first === b.first && a.prefixLength === b.prefixLength;
}

/**
 * The pod network of a cluster: one CNI, wired from the cluster's address plan and
 * kube-proxy mode, and CoreDNS. Checks the plan against what the CNI can do.
 */
export class ClusterNetwork extends AddOn implements IModelValidator, IObjectValidator, IFirewallPortSource {
  public readonly cni: CniPlugin;
  public readonly coreDns: CoreDns;
  /** What the CNI was configured from. */
  public readonly wiring: CniWiring;
  private readonly allowUnenforced: boolean;

  constructor(cluster: Cluster, id: string, props: ClusterNetworkProps) {
    super(cluster, id, { key: CNI });
    this.cni = props.cni;
    this.allowUnenforced = props.allowUnenforcedNetworkPolicies ?? false;
    const net = cluster.networking;
    const endpoint = cluster.controlPlane?.endpoint;
    this.wiring = {
      podCidrs: parsedBlocks(net.podSubnet),
      serviceCidrs: parsedBlocks(net.serviceSubnet),
      dnsDomain: net.dnsDomain,
      kubeProxy: cluster.kubeProxy,
      nodeSubnets: net.nodeSubnets,
      ...(endpoint ? { apiServer: { host: endpoint.host, port: endpoint.port } } : {}),
    };
    this.cni.bind(this, this.wiring);
    this.coreDns = new CoreDns(this, 'CoreDns', props.coreDns);
  }

  /** The CNI's ports between nodes, for bootstrap/PORTS.md. */
  public firewallPortRules(): readonly PortRule[] {
    return cniFirewallPorts(this.cni);
  }

  /**
   * With the monitoring add-on present, every metrics endpoint of the CNI gets a monitor in
   * the monitoring namespace (its pods may live in a namespace the CNI's operator creates
   * later), and Prometheus is let out to the host-network ones on the nodes.
   */
  public prepareForSynthesis(): void {
    const monitoring = this.cluster.addOn(MONITORING);
    if (!monitoring || this.node.tryFindChild('Metrics')) return;
    const endpoints = this.cni.metricsEndpoints();
    if (endpoints.length === 0) return;
    const scope = new Construct(this, 'Metrics');
    for (const e of endpoints) {
      const common = { name: e.job, namespace: monitoring.namespace, namespaces: [e.namespace], selector: e.selector };
      // Series carry the component's job (the operator would name it after the monitor) and node.
      const labels = [
        { targetLabel: 'job', replacement: e.job, action: 'replace' },
        { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' },
      ];
      const endpoint = { path: e.path ?? '/metrics', interval: '30s' };
      if (e.kind === 'service') {
        new ServiceMonitor(scope, e.job, { ...common, job: e.job, endpoints: [{ ...endpoint, port: String(e.port), relabelings: labels }] });
      } else if (typeof e.port === 'string') {
        new PodMonitor(scope, e.job, { ...common, endpoints: [{ ...endpoint, port: e.port, relabelings: labels }] });
      } else {
        // A port the container does not declare: with no port on the endpoint the operator adds
        // no port filter (prometheus-operator/prometheus-operator@v0.93.0:pkg/prometheus/promcfg.go
        // generatePodMonitorConfig) and Prometheus discovers one port-free target per container;
        // keep the serving one and point it at pod IP:port (IPv6 in brackets).
        const address = (regex: string, replacement: string) => ({ sourceLabels: ['__meta_kubernetes_pod_ip'], regex, targetLabel: '__address__', replacement, action: 'replace' });
        const relabelings = [
          { sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: e.container ?? '.+', action: 'keep' },
          { sourceLabels: ['__meta_kubernetes_pod_container_init'], regex: 'true', action: 'drop' },
          address('([0-9.]+)', `$1:${e.port}`),
          address('([0-9a-fA-F]*:[0-9a-fA-F:]*)', `[$1]:${e.port}`),
          ...labels,
        ];
        new PodMonitor(scope, e.job, { ...common, endpoints: [{ ...endpoint, relabelings }] });
      }
    }
    monitoring.allowScrapeOnNodes(this.cni.name, endpoints.filter((e) => e.hostNetwork).map((e) => e.portNumber));
  }

  public validateModel(context: ValidationContext): void {
    const cni = this.cni;
    const { podCidrs, kubeProxy } = this.wiring;
    const nodeCount = this.cluster.nodeCount;

    const families = new Set(podCidrs.map((c) => c.family));
    if (families.has(4) && families.has(6) && !cni.supportsDualStack) {
      context.error(this, {
        rule: 'networking/dual-stack-unsupported',
        field: 'networking.podSubnet',
        message: `${cni.name} cannot run a dual-stack pod network; pods would get no IPv6 address while Services and kube-proxy expect one`,
        received: this.cluster.networking.podSubnet,
        expected: `a single IPv4 pod subnet with ${cni.name}, or a dual-stack CNI (Cni.calico(), Cni.cilium(), Cni.flannel())`,
      });
    } else if (families.has(6) && !families.has(4) && !cni.supportsIpv6) {
      context.error(this, {
        rule: 'networking/ipv6-unsupported',
        field: 'networking.podSubnet',
        message: `${cni.name} supports IPv4 pod networks only`,
        received: this.cluster.networking.podSubnet,
        expected: `an IPv4 pod subnet with ${cni.name}, or an IPv6-capable CNI (Cni.calico(), Cni.cilium(), Cni.flannel())`,
      });
    }

    const override = cni.poolCidrOverride;
    if (override !== undefined && podCidrs.length > 0) {
      const given = override.map((s) => parseCidr(s));
      const matches =
        given.every((g) => g.ok) &&
        given.length === podCidrs.length &&
        podCidrs.every((p) => given.some((g) => g.ok && sameBlock(g.cidr, p)));
      if (!matches) {
        context.error(this, {
          rule: 'networking/cni-pool-mismatch',
          field: 'cni.poolCidrs',
          message:
            `the ${cni.name} address pool differs from the cluster pod subnet; kube-controller-manager, kube-proxy ` +
            'and the CNI would disagree about which addresses are pods (masquerading and routing break)',
          received: override,
          expected: `exactly the pod subnet: ${podCidrs.map((c) => c.text).join(', ')} (or leave poolCidrs unset)`,
        });
      }
    }

    if (nodeCount > 0) {
      for (const cidr of podCidrs) {
        const prefix = cni.nodeBlockPrefix(cidr.family);
        if (prefix === undefined || !Number.isInteger(prefix)) continue;
        const bits = cidr.family === 4 ? 32 : 128;
        const blocks = prefix < cidr.prefixLength || prefix > bits ? 0n : 1n << BigInt(prefix - cidr.prefixLength);
        if (BigInt(nodeCount) > blocks) {
          context.error(this, {
            rule: 'networking/pod-subnet-too-small',
            field: 'networking.podSubnet',
            message:
              `${cni.name} gives every node a /${prefix} block of the pod subnet; ${cidr.text} holds ${blocks} such ` +
              `block(s) but the cluster has ${nodeCount} nodes, so nodes beyond that get no pod addresses`,
            received: { podSubnet: cidr.text, nodeBlockPrefix: prefix, nodes: nodeCount },
            expected: `a pod subnet of at least /${Math.max(0, prefix - Math.ceil(Math.log2(nodeCount)))} for ${nodeCount} nodes, or a larger per-node prefix`,
          });
        }
      }
    }

    const maxPods = this.cluster.kubelet.maxPods ?? KUBELET_DEFAULTS.maxPods;
    for (const cidr of podCidrs) {
      const capacity = Number.isInteger(maxPods) ? cni.podsPerNode(cidr) : undefined;
      if (capacity === undefined || BigInt(maxPods) <= capacity) continue;
      context.error(this.cluster, {
        rule: 'networking/max-pods',
        field: 'kubelet.maxPods',
        message:
          `${cni.name} gives every node a /${cni.nodeBlockPrefix(cidr.family)} block of ${cidr.text}, which addresses ${capacity} pods; ` +
          'the kubelet would admit pods that then never get an address',
        received: maxPods,
        expected: `at most ${capacity}, or a larger per-node block`,
      });
    }

    if (cni.replacesKubeProxy && kubeProxy.enabled) {
      context.error(this, {
        rule: 'networking/kube-proxy-replacement',
        field: 'cni.kubeProxyReplacement',
        message:
          `${cni.name} is set to replace kube-proxy, but the cluster still runs kube-proxy (${kubeProxy.mode} mode); ` +
          'both would program Service load-balancing on every node',
        received: { kubeProxyReplacement: true, kubeProxy: kubeProxy.mode },
        expected: 'kubeProxy: KubeProxy.disabled() on the Cluster, or kubeProxyReplacement: false',
      });
    } else if (!cni.replacesKubeProxy && !kubeProxy.enabled) {
      context.error(this, {
        rule: 'networking/kube-proxy-required',
        field: 'cni',
        message: `the cluster runs without kube-proxy, but ${cni.name} does not replace it: Services would not route`,
        received: { cni: cni.name, kubeProxy: 'disabled' },
        expected: 'kube-proxy enabled, or Cni.cilium({ kubeProxyReplacement: true })',
      });
    }

    const mtu = cni.mtu;
    if (mtu !== undefined && (!Number.isInteger(mtu) || mtu < MTU_RANGE.min || mtu > MTU_RANGE.max)) {
      context.error(this, {
        rule: 'networking/mtu',
        field: 'cni.mtu',
        message: 'MTU is outside what a pod network can use',
        received: mtu,
        expected: `an integer from ${MTU_RANGE.min} to ${MTU_RANGE.max}`,
      });
    }

    cni.validate(this, context, { ...this.wiring, nodeCount });
  }

  public validateObjects(objects: readonly PlacedObject[], context: ValidationContext): void {
    if (this.cni.enforcesNetworkPolicies) return;
    const policies = objects
      .map((o) => o.manifest)
      .filter((m) => m.kind === 'NetworkPolicy' && apiGroupOf(m.apiVersion) === 'networking.k8s.io')
      .map((m) => `${m.metadata.namespace ?? ''}/${m.metadata.name}`);
    if (policies.length === 0) return;
    const details = {
      rule: 'networking/network-policy-unenforced',
      field: 'cni',
      message:
        `the cluster defines ${policies.length} NetworkPolicy object(s), but ${this.cni.name} does not enforce ` +
        'NetworkPolicies: the API server would accept them and they would silently do nothing, leaving every pod reachable',
      received: policies,
      expected:
        'a CNI that enforces NetworkPolicies (Cni.calico(), Cni.cilium(), Cni.canal()), or ' +
        'allowUnenforcedNetworkPolicies: true to accept unenforced policies knowingly',
    };
    if (this.allowUnenforced) context.warn(this, details);
    else context.error(this, details);
  }
}
