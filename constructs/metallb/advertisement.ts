/** How the addresses of a pool are announced to the network. */
export abstract class Advertisement {
  /**
   * Layer 2: one speaker answers ARP (IPv4) or NDP (IPv6) for each Service address, so the
   * pool must be on a network the nodes are attached to.
   */
  public static l2(options: L2AdvertisementOptions = {}): Advertisement {
    return new L2Advertisement(options);
  }

  /** BGP: every speaker announces the addresses to the routers added with `addBgpPeer`. */
  public static bgp(options: BgpAdvertisementOptions = {}): Advertisement {
    return new BgpAdvertisement(options);
  }

  /** `L2Advertisement` or `BGPAdvertisement`. */
  public abstract readonly kind: string;

  /** @internal The spec, without `ipAddressPools`. */
  public abstract spec(): Record<string, unknown>;
}

/** Options of `Advertisement.l2`: announce a pool's addresses by ARP/NDP from one node at a time. */
export interface L2AdvertisementOptions {
  /**
   * Node interfaces to announce on.
   * @default - every interface but the excluded ones (bridges, veths, CNI devices)
   */
  readonly interfaces?: readonly string[] | undefined;
  /**
   * Only nodes with these labels announce.
   * @default - every node running a speaker
   */
  readonly nodeSelector?: Readonly<Record<string, string>> | undefined;
}

/** Options of `Advertisement.bgp`: announce a pool's addresses to BGP peers. */
export interface BgpAdvertisementOptions {
  /**
   * Names of the BGP peers (as added with `addBgpPeer`) to announce to.
   * @default - every peer
   */
  readonly peers?: readonly string[] | undefined;
  /**
   * Prefix length of the announced IPv4 routes; shorter lengths aggregate addresses.
   * @default 32
   */
  readonly aggregationLength?: number | undefined;
  /**
   * BGP communities attached to the routes, as `asn:value`.
   * @default - none
   */
  readonly communities?: readonly string[] | undefined;
  /**
   * LOCAL_PREF attribute (iBGP only).
   * @default - none
   */
  readonly localPref?: number | undefined;
}

/** @internal */
export class L2Advertisement extends Advertisement {
  public readonly kind = 'L2Advertisement';
  constructor(public readonly options: L2AdvertisementOptions) {
    super();
  }
  public spec(): Record<string, unknown> {
    const o = this.options;
    return {
      ...(o.interfaces?.length ? { interfaces: [...o.interfaces] } : {}),
      ...(o.nodeSelector ? { nodeSelectors: [{ matchLabels: { ...o.nodeSelector } }] } : {}),
    };
  }
}

/** @internal */
export class BgpAdvertisement extends Advertisement {
  public readonly kind = 'BGPAdvertisement';
  constructor(public readonly options: BgpAdvertisementOptions) {
    super();
  }
  public spec(): Record<string, unknown> {
    const o = this.options;
    return {
      ...(o.aggregationLength !== undefined ? { aggregationLength: o.aggregationLength } : {}),
      ...(o.communities?.length ? { communities: [...o.communities] } : {}),
      ...(o.localPref !== undefined ? { localPref: o.localPref } : {}),
      ...(o.peers?.length ? { peers: [...o.peers] } : {}),
    };
  }
}
