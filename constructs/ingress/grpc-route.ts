import { Construct } from 'constructs';
import { BackendReference, backendRefJson } from './gateway-api-types';
import { Route, RouteProps } from './route';

/** One rule of a GRPCRoute: which calls it matches and the Services it sends them to. */
export interface GrpcRouteRule {
  /**
   * The gRPC service (e.g. `shop.v1.Cart`) and optionally method the rule matches.
   * @default - every call
   */
  readonly method?: { readonly service: string; readonly method?: string | undefined } | undefined;
  readonly backends: readonly BackendReference[];
}

/** Configures a GRPCRoute. */
export interface GrpcRouteProps extends RouteProps {
  readonly rules: readonly GrpcRouteRule[];
}

/** A GRPCRoute (gateway.networking.k8s.io/v1). */
export class GrpcRoute extends Route {
  private readonly rules: readonly GrpcRouteRule[];

  constructor(scope: Construct, id: string, props: GrpcRouteProps) {
    super(
      scope,
      id,
      'GRPCRoute',
      props,
      props.rules.map((r) => ({
        ...(r.method ? { matches: [{ method: { type: 'Exact', service: r.method.service, ...(r.method.method ? { method: r.method.method } : {}) } }] } : {}),
        backendRefs: r.backends.map(backendRefJson),
      })),
    );
    this.rules = props.rules;
  }

  protected backends() {
    return this.rules.flatMap((r, i) => r.backends.map((ref, j) => ({ field: `rules[${i}].backends[${j}]`, ref })));
  }
}
