/** How traffic for the control-plane endpoint reaches the API servers. */
export enum EndpointLoadBalancerKind {
  EXTERNAL = 'external',
  KUBE_VIP = 'kube-vip',
  HAPROXY_KEEPALIVED = 'haproxy-keepalived',
}

/** Options of EndpointLoadBalancer.kubeVip(). */
export interface KubeVipOptions {
  /** Network interface that holds the VIP, e.g. `eth0`. */
  readonly interface: string;
}

/** Options of EndpointLoadBalancer.haproxyKeepalived(). */
export interface HaproxyKeepalivedOptions {
  /** Network interface that holds the VIP, e.g. `eth0`. */
  readonly interface: string;
  /**
   * VRRP virtual router id, unique on the L2 segment.
   * @default 51
   */
  readonly virtualRouterId?: number | undefined;
  /**
   * Port haproxy listens on. It cannot be 6443 on the control-plane nodes, where the
   * API server already binds 6443; the endpoint port must then equal it.
   * @default 8443
   */
  readonly port?: number | undefined;
}

/**
 * The load balancer in front of the API servers. The endpoint itself (host and port)
 * is `ControlPlaneProps.endpoint`; for kube-vip and keepalived its host is the VIP.
 */
export class EndpointLoadBalancer {
  /** A load balancer the user owns (cloud LB, F5, ...); clusterforge writes nothing for it. */
  public static external(): EndpointLoadBalancer {
    return new EndpointLoadBalancer(EndpointLoadBalancerKind.EXTERNAL);
  }

  /** kube-vip as a static pod on every control-plane node, announcing the VIP with ARP. */
  public static kubeVip(options: KubeVipOptions): EndpointLoadBalancer {
    return new EndpointLoadBalancer(EndpointLoadBalancerKind.KUBE_VIP, options.interface);
  }

  /** haproxy and keepalived as static pods, as in kubeadm's HA guide. */
  public static haproxyKeepalived(options: HaproxyKeepalivedOptions): EndpointLoadBalancer {
    return new EndpointLoadBalancer(
      EndpointLoadBalancerKind.HAPROXY_KEEPALIVED,
      options.interface,
      options.virtualRouterId ?? 51,
      options.port ?? 8443,
    );
  }

  private constructor(
    public readonly kind: EndpointLoadBalancerKind,
    public readonly networkInterface?: string,
    public readonly virtualRouterId?: number,
    public readonly haproxyPort?: number,
  ) {}
}
