/**
 * A small NetworkPolicy evaluator (networking.k8s.io/v1 semantics) over synthesised objects:
 * whether a connection from one pod to another, on a port, is allowed by the egress policies
 * of the source's namespace and the ingress policies of the destination's. Namespaces carry
 * their own labels plus `kubernetes.io/metadata.name`, as the API server sets it. Used to prove
 * that a path works, and that default-deny still denies everything else.
 */
import { KubeObject } from '../../lib';

type Json = Record<string, any>;
type Labels = Readonly<Record<string, string>>;

/** A pod, by namespace and labels; or a destination outside the cluster, by IP. */
export interface Endpoint {
  readonly namespace?: string;
  readonly labels?: Labels;
  /** An address outside the cluster's pods (e.g. an external service or the API server's node). */
  readonly ip?: string;
}

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: string;
  /** The destination container port's name, for policies that name ports. */
  readonly portName?: string;
}

function selects(selector: Json | undefined, labels: Labels): boolean {
  if (selector === undefined) return true;
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>)) if (labels[k] !== v) return false;
  for (const e of (selector.matchExpressions ?? []) as Json[]) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  }
  return true;
}

function namespaceLabels(objects: readonly KubeObject[], name: string): Labels {
  const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === name);
  return { ...(ns?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
}

function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  if (ip.includes(':') !== base.includes(':')) return false;
  if (ip.includes(':')) return Number(bits) === 0; // enough for ::/0
  const toInt = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
}

function peerMatches(objects: readonly KubeObject[], peer: Json, policyNamespace: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    if (other.ip === undefined) return false;
    return ipInCidr(other.ip, peer.ipBlock.cidr) && !((peer.ipBlock.except ?? []) as string[]).some((c) => ipInCidr(other.ip!, c));
  }
  if (other.ip !== undefined || other.namespace === undefined) return false;
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(objects, other.namespace)) : other.namespace === policyNamespace;
  return nsOk && selects(peer.podSelector, other.labels ?? {});
}

function portMatches(ports: Json[] | undefined, c: Connection): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== (c.protocol ?? 'TCP')) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return p.port === c.portName;
    return p.endPort !== undefined ? c.port >= p.port && c.port <= p.endPort : p.port === c.port;
  });
}

function direction(objects: readonly KubeObject[], c: Connection, kind: 'Ingress' | 'Egress'): boolean {
  const self = kind === 'Egress' ? c.from : c.to;
  const other = kind === 'Egress' ? c.to : c.from;
  if (self.namespace === undefined) return true; // outside the cluster: no policy applies
  const policies = (objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === self.namespace) as Json[]).filter((p) => {
    const types: string[] = p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
    return types.includes(kind) && selects(p.spec.podSelector, self.labels ?? {});
  });
  if (policies.length === 0) return true; // not isolated in this direction
  const rulesKey = kind === 'Egress' ? 'egress' : 'ingress';
  const peersKey = kind === 'Egress' ? 'to' : 'from';
  return policies.some((p) =>
    ((p.spec[rulesKey] ?? []) as Json[]).some((rule) => {
      const peers = rule[peersKey] as Json[] | undefined;
      const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(objects, peer, self.namespace!, other));
      return peerOk && portMatches(rule.ports, c);
    }),
  );
}

/** Whether the policies among `objects` allow the connection, in both directions. */
export function allowsConnection(objects: readonly KubeObject[], c: Connection): boolean {
  return direction(objects, c, 'Egress') && direction(objects, c, 'Ingress');
}
