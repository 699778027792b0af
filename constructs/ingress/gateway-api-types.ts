/** @internal Shared shapes of the Gateway API helpers (gateway.networking.k8s.io/v1). */

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** A reference to a Gateway (or one of its listeners) a route attaches to. */
export interface ParentReference {
  readonly name: string;
  /** @default - the route's namespace */
  readonly namespace?: string | undefined;
  /** A listener name. @default - every listener that admits the route */
  readonly sectionName?: string | undefined;
}

/** A Service a route forwards to. */
export interface BackendReference {
  readonly name: string;
  readonly port: number;
  /**
   * The Service's namespace; another namespace than the route's needs a ReferenceGrant there.
   * @default - the route's namespace
   */
  readonly namespace?: string | undefined;
  /** Share of requests, relative to the rule's other backends. @default 1 */
  readonly weight?: number | undefined;
}

/** @internal The JSON of a route's `parentRefs` entry for `p`, always naming a Gateway. */
export function parentRefJson(p: ParentReference): Record<string, unknown> {
  return { group: GATEWAY_API_GROUP, kind: 'Gateway', name: p.name, ...(p.namespace ? { namespace: p.namespace } : {}), ...(p.sectionName ? { sectionName: p.sectionName } : {}) };
}

/** @internal The JSON of a route's `backendRefs` entry for `b`, always naming a core Service. */
export function backendRefJson(b: BackendReference): Record<string, unknown> {
  return { group: '', kind: 'Service', name: b.name, port: b.port, ...(b.namespace ? { namespace: b.namespace } : {}), ...(b.weight !== undefined ? { weight: b.weight } : {}) };
}

/** @internal A Gateway API hostname: a DNS name, optionally with a `*.` wildcard first label. */
export function isGatewayHostname(host: unknown): boolean {
  return typeof host === 'string' && /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host) && host.length <= 253;
}

/** @internal The "expected" text of errors about a Gateway API hostname. */
export const GATEWAY_HOSTNAME_EXPECTED = 'a DNS name such as shop.example.com, or *.example.com (the * only as the whole first label)';
