import { Construct, IConstruct } from 'constructs';
import { KubeProxy, ValidationContext } from '../../lib';
import { Cidr, IpFamily } from '../../lib/net/cidr';

/** What the cluster model hands a CNI: the address plan and kube-proxy, already parsed. */
export interface CniWiring {
  /** Pod network blocks that parsed, one per IP family, in the order written. */
  readonly podCidrs: readonly Cidr[];
  /** Service network blocks that parsed. */
  readonly serviceCidrs: readonly Cidr[];
  /** Cluster DNS domain. */
  readonly dnsDomain: string;
  /** kube-proxy as the cluster runs it. */
  readonly kubeProxy: KubeProxy;
  /** Networks the nodes live on, as declared (may be empty). */
  readonly nodeSubnets: readonly string[];
  /** The API server endpoint, when the cluster models its control plane. */
  readonly apiServer?: { readonly host: string; readonly port: number } | undefined;
}

/** Wiring plus what is only known once the whole cluster is defined. */
export interface CniValidationInput extends CniWiring {
  /** Nodes that run pods (control plane and worker pools). */
  readonly nodeCount: number;
}

/**
 * One metrics endpoint of a CNI component, as Prometheus scrapes it. CNIs publish theirs so
 * that ClusterNetwork registers a monitor for each when the monitoring add-on is present.
 */
export interface CniMetricsEndpoint {
  /** Name of the monitor, and the `job` label of its series. */
  readonly job: string;
  /** Namespace of the pods (and of the Service, for `service` endpoints). */
  readonly namespace: string;
  /**
   * `pod`: a PodMonitor selects the pods by `selector`; `service`: a ServiceMonitor selects a
   * Service (possibly one the CNI's operator creates) by `selector`.
   */
  readonly kind: 'pod' | 'service';
  /** Labels of the pods (`pod`) or of the Service (`service`). */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * The declared container port name (`pod`) or Service port name (`service`) to scrape;
   * a number for a `pod` port the container does not declare (the scrape address is then
   * rewritten to the pod IP and this port).
   */
  readonly port: string | number;
  /** The TCP port number the metrics are served on. */
  readonly portNumber: number;
  /** For an undeclared pod port: the container serving it. */
  readonly container?: string | undefined;
  /** Whether the pods use the host network (Prometheus then reaches them at node addresses). */
  readonly hostNetwork: boolean;
  /** @default '/metrics' */
  readonly path?: string | undefined;
}

/** Options every CNI accepts. */
export interface CniCommonProps {
  /**
   * The pod address pool(s) the CNI is configured with, one per IP family. They are
   * derived from the cluster's `networking.podSubnet`; set this only to state the pool
   * explicitly. Anything but the pod subnet is refused: kube-controller-manager,
   * kube-proxy and the CNI would disagree about which addresses are pods.
   * @default - the cluster's pod subnet
   */
  readonly poolCidrs?: readonly string[] | undefined;
  /**
   * MTU of pod interfaces and tunnels.
   * @default - auto-detected by the CNI from the node's interface
   */
  readonly mtu?: number | undefined;
}

/**
 * The contract between ClusterNetwork and one CNI implementation. Build instances with
 * the `Cni` factories (`Cni.flannel()`, `Cni.calico()`, ...).
 */
export abstract class CniPlugin {
  /** Short name used in messages and object names, e.g. `flannel`. */
  public abstract readonly name: string;
  /** Whether the CNI enforces `networking.k8s.io/v1` NetworkPolicy objects. */
  public abstract readonly enforcesNetworkPolicies: boolean;
  /** Whether the CNI supports IPv6-only pod networks. */
  public abstract readonly supportsIpv6: boolean;
  /** Whether the CNI supports dual-stack (IPv4 + IPv6) pod networks. */
  public abstract readonly supportsDualStack: boolean;

  protected constructor(protected readonly common: CniCommonProps) {}

  /** Whether the CNI takes over kube-proxy's job (only Cilium, when asked to). */
  public get replacesKubeProxy(): boolean {
    return false;
  }

  /** The configured MTU, if any. */
  public get mtu(): number | undefined {
    return this.common.mtu;
  }

  /** The pool override, when the user stated one. */
  public get poolCidrOverride(): readonly string[] | undefined {
    return this.common.poolCidrs;
  }

  /**
   * Prefix length of the block each node gets for `family`, or undefined when the CNI
   * does not carve the pool into per-node blocks.
   */
  public abstract nodeBlockPrefix(family: IpFamily): number | undefined;

  /**
   * Pods one node can address in `cidr`: its per-node block less the network, broadcast
   * and gateway (bridge or router) addresses, so 253 for a /24. Undefined when the CNI
   * does not limit a node to one block.
   */
  public podsPerNode(cidr: Cidr): bigint | undefined {
    const prefix = this.nodeBlockPrefix(cidr.family);
    const bits = cidr.family === 4 ? 32 : 128;
    if (prefix === undefined || !Number.isInteger(prefix) || prefix < cidr.prefixLength || prefix > bits) return undefined;
    const size = 1n << BigInt(bits - prefix);
    return size > 3n ? size - 3n : 0n;
  }

  /**
   * The metrics endpoints of the CNI's components, rendered by clusterforge or by the CNI's
   * operator. Empty when the CNI serves no metrics.
   */
  public metricsEndpoints(): readonly CniMetricsEndpoint[] {
    return [];
  }

  /** What an operator should know about the CNI's metrics (what is not scraped, and why). */
  public metricsNotes(): readonly string[] {
    return [];
  }

  /** Where the node agent runs: namespace name. */
  public abstract readonly namespace: string;

  /**
   * @internal Creates the CNI's objects under `scope`. Called once, by ClusterNetwork;
   * must not throw on bad input (values may be garbage when validation fails).
   */
  public abstract bind(scope: Construct, wiring: CniWiring): void;

  /** @internal CNI-specific checks; ClusterNetwork runs the generic ones. */
  public validate(_scope: IConstruct, _context: ValidationContext, _input: CniValidationInput): void {}
}

/** @internal The block of `family` in a list of parsed CIDRs, if any. */
export function cidrOfFamily(cidrs: readonly Cidr[], family: IpFamily): Cidr | undefined {
  return cidrs.find((c) => c.family === family);
}
