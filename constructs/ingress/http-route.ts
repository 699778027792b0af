import { Construct } from 'constructs';
import { BackendReference, backendRefJson } from './gateway-api-types';
import { Route, RouteProps } from './route';

/** How an HTTPRoute rule matches request paths. */
export enum HttpPathMatchType {
  PATH_PREFIX = 'PathPrefix',
  EXACT = 'Exact',
}

/** One rule of an HTTPRoute: which requests it matches and the Services it sends them to. */
export interface HttpRouteRule {
  /**
   * Request paths the rule matches.
   * @default - every path (`/` prefix)
   */
  readonly path?: { readonly type?: HttpPathMatchType | undefined; readonly value: string } | undefined;
  /** Where matching requests go. */
  readonly backends: readonly BackendReference[];
}

/** Configures an HTTPRoute. */
export interface HttpRouteProps extends RouteProps {
  readonly rules: readonly HttpRouteRule[];
}

/** An HTTPRoute (gateway.networking.k8s.io/v1). */
export class HttpRoute extends Route {
  private readonly rules: readonly HttpRouteRule[];

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(
      scope,
      id,
      'HTTPRoute',
      props,
      props.rules.map((r) => ({
        ...(r.path ? { matches: [{ path: { type: r.path.type ?? HttpPathMatchType.PATH_PREFIX, value: r.path.value } }] } : {}),
        backendRefs: r.backends.map(backendRefJson),
      })),
    );
    this.rules = props.rules;
  }

  protected backends() {
    return this.rules.flatMap((r, i) => r.backends.map((ref, j) => ({ field: `rules[${i}].backends[${j}]`, ref })));
  }
}
