/** How kube-proxy programs Services on each node. */
export enum KubeProxyMode {
  IPTABLES = 'iptables',
  IPVS = 'ipvs',
  NFTABLES = 'nftables',
}

/** IPVS schedulers kube-proxy accepts (`ipvs.scheduler`). */
export enum IpvsScheduler {
  ROUND_ROBIN = 'rr',
  LEAST_CONNECTION = 'lc',
  SOURCE_HASHING = 'sh',
  DESTINATION_HASHING = 'dh',
  WEIGHTED_ROUND_ROBIN = 'wrr',
  WEIGHTED_LEAST_CONNECTION = 'wlc',
}

/** kube-proxy: on in a given mode, or off because the CNI replaces it (Cilium). */
export class KubeProxy {
  /** iptables mode, kubeadm's default. */
  public static iptables(): KubeProxy {
    return new KubeProxy(KubeProxyMode.IPTABLES);
  }

  /**
   * IPVS mode. `strictArp` (default false, as kube-proxy) stops nodes answering ARP for
   * addresses on kube-ipvs0; MetalLB in L2 mode needs it, or every node answers for a
   * LoadBalancer address (metallb/metallb@v0.16.1:website/content/installation/_index.md).
   */
  public static ipvs(options: { readonly scheduler?: IpvsScheduler | undefined; readonly strictArp?: boolean | undefined } = {}): KubeProxy {
    return new KubeProxy(KubeProxyMode.IPVS, options.scheduler ?? IpvsScheduler.ROUND_ROBIN, options.strictArp ?? false);
  }

  /** nftables mode (GA since Kubernetes 1.33). */
  public static nftables(): KubeProxy {
    return new KubeProxy(KubeProxyMode.NFTABLES);
  }

  /** Any mode by value; unknown modes are reported by validation. */
  public static mode(mode: KubeProxyMode): KubeProxy {
    return new KubeProxy(mode);
  }

  /** No kube-proxy: kubeadm skips its add-on phase; the CNI must replace it. */
  public static disabled(): KubeProxy {
    return new KubeProxy(undefined);
  }

  private constructor(
    /** The mode, or undefined when kube-proxy is disabled. */
    public readonly mode: KubeProxyMode | undefined,
    /** The IPVS scheduler, in IPVS mode. */
    public readonly ipvsScheduler?: IpvsScheduler,
    /** `ipvs.strictARP`, in IPVS mode. */
    public readonly ipvsStrictArp: boolean = false,
    /**
     * `metricsBindAddress` of the KubeProxyConfiguration; kube-proxy's default is
     * 127.0.0.1:10249, which Prometheus cannot reach.
     */
    public readonly metricsBindAddress?: string,
  ) {}

  /**
   * The same kube-proxy, serving its metrics on `address` (e.g. '0.0.0.0:10249' for Prometheus).
   * @param address host:port
   */
  public withMetricsBindAddress(address: string): KubeProxy {
    return new KubeProxy(this.mode, this.ipvsScheduler, this.ipvsStrictArp, address);
  }

  public get enabled(): boolean {
    return this.mode !== undefined;
  }
}
