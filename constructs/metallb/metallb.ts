import { Construct } from 'constructs';
import { AddOn, AddOnKey, Cluster, CrdSource, IModelValidator, KubeProxyMode, Namespace, PodSecurityLevel, UpstreamCrds, ValidationContext } from '../../lib';
import { formatIp, parseCidr, parseIp, splitCidrList } from '../../lib/net/cidr';
import { DNS1123_SUBDOMAIN_EXPECTED, isDns1123Subdomain } from '../../lib/validation/formats';
import { METALLB_CRD_FILES, metallbCrdUrl } from '../../lib/versions/ingress';
import { AddressPool, AddressPoolProps } from './address-pool';
import { BgpAdvertisement, L2Advertisement } from './advertisement';
import { BgpPeer, BgpPeerProps } from './bgp-peer';
import { MetalLbController } from './metallb-controller';
import { MetalLbNetworkPolicies } from './metallb-network-policies';
import { metallbRunbook } from './metallb-runbook';
import { MetalLbSpeaker } from './metallb-speaker';

/** The MetalLB add-on's key. */
export const METALLB = new AddOnKey<MetalLb>('metallb');

/** Log levels the controller and speaker accept (`--log-level`). */
export enum MetalLbLogLevel {
  ALL = 'all',
  DEBUG = 'debug',
  INFO = 'info',
  WARN = 'warn',
  ERROR = 'error',
  NONE = 'none',
}

/** Configures the MetalLB add-on: its namespace, CRD source and log level; pools and peers are added with `addAddressPool` and `addBgpPeer`. */
export interface MetalLbProps {
  /**
   * Namespace of the controller and speakers; privileged, because the speakers use the host
   * network and NET_RAW.
   * @default 'metallb-system'
   */
  readonly namespace?: string | undefined;
  /**
   * Where the nine metallb.io CRDs come from.
   * @default - one pinned URL per file of metallb/metallb@v0.16.1:config/crd/bases
   */
  readonly crds?: CrdSource | undefined;
  /**
   * Log level of controller and speakers.
   * @default MetalLbLogLevel.INFO
   */
  readonly logLevel?: MetalLbLogLevel | undefined;
}

/** @internal Defaults of `MetalLbProps`, resolved here only. */
export const METALLB_DEFAULTS = { namespace: 'metallb-system', logLevel: MetalLbLogLevel.INFO } as const;

/** A parsed pool entry: a CIDR or an `a-b` range. */
interface AddressRange {
  readonly text: string;
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * MetalLB: `type: LoadBalancer` Services on bare metal get an address from the pools added
 * with `addAddressPool`, announced by layer 2 or BGP. Controller and speakers as
 * metallb/metallb@v0.16.1:config/manifests/metallb-native.yaml deploys them.
 */
export class MetalLb extends AddOn implements IModelValidator {
  public readonly namespace: string;
  public readonly logLevel: MetalLbLogLevel;
  private readonly pools: AddressPool[] = [];
  private readonly peers: BgpPeer[] = [];

  constructor(cluster: Cluster, id: string, props: MetalLbProps = {}) {
    super(cluster, id, { key: METALLB });
    this.namespace = props.namespace ?? METALLB_DEFAULTS.namespace;
    this.logLevel = props.logLevel ?? METALLB_DEFAULTS.logLevel;
    const ns = this.namespace;
    const kinds = Object.keys(METALLB_CRD_FILES);
    if (props.crds) {
      new UpstreamCrds(this, 'Crds', { source: props.crds, group: 'metallb.io', kinds });
    } else {
      const crds = new Construct(this, 'Crds');
      for (const [kind, plural] of Object.entries(METALLB_CRD_FILES)) {
        new UpstreamCrds(crds, kind, { source: CrdSource.url(metallbCrdUrl(plural)), group: 'metallb.io', kinds: [kind] });
      }
    }
    new Namespace(this, 'Namespace', { name: ns, podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
    new MetalLbController(this, 'Controller', { namespace: ns, logLevel: this.logLevel });
    new MetalLbSpeaker(this, 'Speaker', { namespace: ns, logLevel: this.logLevel });
    new MetalLbNetworkPolicies(this, 'NetworkPolicies', { namespace: ns });
    cluster.addBootstrapFile('metallb-runbook.md', {
      render: () =>
        metallbRunbook({
          namespace: ns,
          defaultCrds: props.crds === undefined,
          pools: this.pools.map((p) => ({ name: p.poolName, addresses: p.addresses, advertisement: p.advertisement.kind })),
          peerSecrets: this.peers.flatMap((p) => (p.props.passwordSecret ? [p.props.passwordSecret] : [])),
          ipvs: cluster.kubeProxy.mode === KubeProxyMode.IPVS,
        }),
    });
  }

  /** Adds an address pool and its advertisement. Throws when the id is taken. */
  public addAddressPool(id: string, props: AddressPoolProps): AddressPool {
    const scope = this.container('Pools');
    if (scope.node.tryFindChild(id)) throw new Error(`MetalLB '${this.node.path}' already has an address pool '${id}'`);
    const pool = new AddressPool(scope, id, this.namespace, props);
    this.pools.push(pool);
    return pool;
  }

  /** Adds a BGP router the speakers peer with. Throws when the id is taken. */
  public addBgpPeer(id: string, props: BgpPeerProps): BgpPeer {
    const scope = this.container('Peers');
    if (scope.node.tryFindChild(id)) throw new Error(`MetalLB '${this.node.path}' already has a BGP peer '${id}'`);
    const peer = new BgpPeer(scope, id, this.namespace, props);
    this.peers.push(peer);
    return peer;
  }

  /** Address pools, in the order they were added. */
  public get addressPools(): readonly AddressPool[] {
    return this.pools;
  }

  private container(id: string): Construct {
    return (this.node.tryFindChild(id) as Construct | undefined) ?? new Construct(this, id);
  }

  public validateModel(context: ValidationContext): void {
    const cluster = this.cluster;
    const proxy = cluster.kubeProxy;
    if (proxy.mode === KubeProxyMode.IPVS && !proxy.ipvsStrictArp) {
      context.error(this, {
        rule: 'metallb/strict-arp',
        field: 'kubeProxy',
        message:
          'kube-proxy in IPVS mode binds every LoadBalancer address to kube-ipvs0 on every node, so every node answers ARP for it and layer-2 announcements break; MetalLB requires strictARP',
        received: { mode: proxy.mode, strictARP: proxy.ipvsStrictArp },
        expected: 'KubeProxy.ipvs({ strictArp: true }) in the cluster props (kube-proxy then sets ipvs.strictARP: true)',
      });
    }
    if (!Object.values(MetalLbLogLevel).includes(this.logLevel)) {
      context.error(this, { rule: 'metallb/log-level', field: 'logLevel', message: 'unknown log level', received: this.logLevel, expected: Object.values(MetalLbLogLevel).join(', ') });
    }
    if (this.pools.length === 0) {
      context.warn(this, {
        rule: 'metallb/no-pools',
        field: 'addressPools',
        message: 'MetalLB has no address pool; LoadBalancer Services stay Pending',
        received: [],
        expected: 'at least one pool: metallb.addAddressPool(id, { addresses, advertisement })',
      });
    }
    const reserved = this.reservedRanges(cluster);
    const nodeSubnets = cluster.networking.nodeSubnets.map(parseCidr).flatMap((r) => (r.ok ? [r.cidr] : []));
    const seen: { pool: string; range: AddressRange }[] = [];
    for (const pool of this.pools) {
      if (!isDns1123Subdomain(pool.poolName)) {
        context.error(pool, { rule: 'metallb/pool-name', field: 'id', message: 'a pool is named by its id, which is not a valid object name', received: pool.poolName, expected: DNS1123_SUBDOMAIN_EXPECTED });
      }
      if (pool.addresses.length === 0) {
        context.error(pool, { rule: 'metallb/pool-addresses', field: 'addresses', message: 'the pool has no addresses', received: [], expected: 'at least one CIDR or range' });
      }
      pool.addresses.forEach((text, i) => {
        const field = `addresses[${i}]`;
        const range = parseRange(text);
        if (typeof range === 'string') {
          context.error(pool, { rule: 'metallb/pool-addresses', field, message: `not an address block: ${range}`, received: text, expected: 'a CIDR such as 10.20.3.0/24 or a range such as 10.20.3.10-10.20.3.50' });
          return;
        }
        for (const r of reserved) {
          const hit = overlap(range, r);
          if (hit) {
            context.error(pool, {
              rule: 'metallb/pool-overlap',
              field,
              message: `the pool overlaps ${r.what} (${r.text}${hit !== r.text ? `, first shared address ${hit}` : ''}); MetalLB would hand that address to a Service`,
              received: text,
              expected: 'addresses outside the pod and service networks, the node addresses and the control-plane endpoint',
            });
          }
        }
        for (const other of seen) {
          if (overlap(range, other.range)) {
            context.error(pool, { rule: 'metallb/pool-overlap', field, message: `the pool overlaps pool '${other.pool}' (${other.range.text}); MetalLB refuses overlapping pools`, received: text, expected: 'pools that share no address' });
          }
        }
        seen.push({ pool: pool.poolName, range });
        if (pool.advertisement instanceof L2Advertisement && nodeSubnets.length > 0 && !nodeSubnets.some((s) => s.family === range.family && s.first <= range.first && range.last <= s.last)) {
          context.warn(pool, {
            rule: 'metallb/l2-outside-node-subnets',
            field,
            message: 'a layer-2 pool outside every node subnet is answered by ARP on a network the routers do not send it to',
            received: text,
            expected: `addresses inside ${cluster.networking.nodeSubnets.join(', ')}, or Advertisement.bgp()`,
          });
        }
      });
      if (pool.advertisement instanceof BgpAdvertisement) {
        const names = this.peers.map((p) => p.peerName);
        if (names.length === 0) {
          context.error(pool, { rule: 'metallb/bgp-peers', field: 'advertisement', message: 'a BGP pool is announced to no router: the MetalLB add-on has no BGP peer', received: [], expected: 'metallb.addBgpPeer(id, { myAsn, peerAsn, peerAddress })' });
        }
        for (const name of pool.advertisement.options.peers ?? []) {
          if (!names.includes(name)) {
            context.error(pool, { rule: 'metallb/bgp-peers', field: 'advertisement.peers', message: 'no BGP peer has that name', received: name, expected: names.length ? `one of ${names.join(', ')}` : 'a peer added with addBgpPeer' });
          }
        }
      }
    }
    for (const peer of this.peers) this.validatePeer(context, peer);
  }

  private validatePeer(context: ValidationContext, peer: BgpPeer): void {
    const p = peer.props;
    for (const [field, asn] of [['myAsn', p.myAsn], ['peerAsn', p.peerAsn]] as const) {
      if (!Number.isInteger(asn) || asn < 1 || asn > 4294967295) {
        context.error(peer, { rule: 'metallb/bgp-peer', field, message: 'not an AS number', received: asn, expected: 'an integer from 1 to 4294967295' });
      }
    }
    if (!parseIp(p.peerAddress)) {
      context.error(peer, { rule: 'metallb/bgp-peer', field: 'peerAddress', message: 'not an IP address', received: p.peerAddress, expected: 'the router\'s IPv4 or IPv6 address' });
    }
    if (p.passwordSecret !== undefined && !isDns1123Subdomain(p.passwordSecret)) {
      context.error(peer, { rule: 'metallb/bgp-peer', field: 'passwordSecret', message: 'not a Secret name', received: p.passwordSecret, expected: DNS1123_SUBDOMAIN_EXPECTED });
    }
  }

  /** Addresses a pool must not hand out: pod and service networks, node addresses, the endpoint. */
  private reservedRanges(cluster: Cluster): (AddressRange & { readonly what: string })[] {
    const out: (AddressRange & { what: string })[] = [];
    for (const [what, list] of [['the pod network', cluster.networking.podSubnet], ['the service network', cluster.networking.serviceSubnet]] as const) {
      for (const text of splitCidrList(list)) {
        const r = parseCidr(text);
        if (r.ok) out.push({ what, text, family: r.cidr.family, first: r.cidr.first, last: r.cidr.last });
      }
    }
    const nodes = [...(cluster.controlPlane?.nodes ?? []).map((n) => ({ ...n, pool: 'control plane' })), ...cluster.nodePools.flatMap((p) => p.nodes.map((n) => ({ ...n, pool: p.node.id })))];
    for (const n of nodes) {
      const ip = parseIp(n.address);
      if (ip) out.push({ what: `the address of node ${n.name}`, text: n.address, family: ip.family, first: ip.value, last: ip.value });
    }
    const endpoint = cluster.controlPlane?.endpoint.host;
    const vip = endpoint !== undefined ? parseIp(endpoint) : undefined;
    if (vip && endpoint) out.push({ what: 'the control-plane endpoint', text: endpoint, family: vip.family, first: vip.value, last: vip.value });
    return out;
  }
}

/** @internal Parses a pool entry as MetalLB accepts it: a CIDR, or `first-last` of one family. */
export function parseRange(text: string): AddressRange | string {
  if (typeof text !== 'string') return 'not a string';
  if (text.includes('/')) {
    const r = parseCidr(text);
    return r.ok ? { text, family: r.cidr.family, first: r.cidr.first, last: r.cidr.last } : r.reason;
  }
  const parts = text.split('-').map((s) => s.trim());
  if (parts.length !== 2) return 'neither a CIDR nor a first-last range';
  const [a, b] = parts.map(parseIp);
  if (!a || !b) return `'${!a ? parts[0] : parts[1]}' is not an IP address`;
  if (a.family !== b.family) return 'the range mixes IPv4 and IPv6';
  if (a.value > b.value) return 'the range ends before it starts';
  return { text, family: a.family, first: a.value, last: b.value };
}

/** The first address two ranges share, if any. */
function overlap(a: AddressRange, b: AddressRange): string | undefined {
  if (a.family !== b.family || a.first > b.last || b.first > a.last) return undefined;
  return formatIp(a.family, a.first > b.first ? a.first : b.first);
}



