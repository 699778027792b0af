/** How traffic reaches an ingress controller: the two reference patterns. */
export abstract class Exposure {
  /**
   * A Deployment behind a `type: LoadBalancer` Service (an address from MetalLB on bare
   * metal, or the cloud's load balancer).
   */
  public static loadBalancer(options: { readonly replicas?: number | undefined } = {}): Exposure {
    return new ServiceExposure('LoadBalancer', options.replicas);
  }

  /** A Deployment behind a `type: NodePort` Service, for an external load balancer. */
  public static nodePort(options: { readonly replicas?: number | undefined; readonly httpNodePort?: number | undefined; readonly httpsNodePort?: number | undefined } = {}): Exposure {
    return new ServiceExposure('NodePort', options.replicas, options.httpNodePort, options.httpsNodePort);
  }

  /**
   * A DaemonSet whose pods take ports 80 and 443 of every node (hostPort), for DNS
   * round-robin or an external load balancer over the nodes.
   */
  public static hostPorts(options: { readonly nodeSelector?: Readonly<Record<string, string>> | undefined } = {}): Exposure {
    return new HostPortExposure(options.nodeSelector);
  }
}

/** @internal Defaults of an exposure, resolved here only. */
export const EXPOSURE_DEFAULTS = { replicas: 2 } as const;

/** @internal */
export class ServiceExposure extends Exposure {
  constructor(
    public readonly serviceType: 'LoadBalancer' | 'NodePort',
    public readonly replicas: number = EXPOSURE_DEFAULTS.replicas,
    public readonly httpNodePort?: number,
    public readonly httpsNodePort?: number,
  ) {
    super();
  }
}

/** @internal */
export class HostPortExposure extends Exposure {
  constructor(public readonly nodeSelector?: Readonly<Record<string, string>>) {
    super();
  }
}
