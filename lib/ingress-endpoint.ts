import { IConstruct } from 'constructs';

/**
 * What a tenant needs to know about an ingress controller to route to its own Services:
 * the IngressClass to name, and where the controller's pods run so that the tenant's
 * NetworkPolicies let them in. Implemented by the ingress add-on's controllers; the core
 * finds them in the construct tree, so it never depends on an add-on.
 */
export interface IIngressEndpoint {
  /** The IngressClass this controller serves. */
  readonly ingressClassName: string;
  /** Whether its IngressClass is the cluster's default. */
  readonly isDefaultClass: boolean;
  /** Namespace of the controller's pods. */
  readonly controllerNamespace: string;
  /** Labels of the controller's pods. */
  readonly controllerPodLabels: Readonly<Record<string, string>>;
}

/** @internal Whether `x` is an ingress controller endpoint; duck-typed, so the core recognises add-on constructs without importing them. */
export function isIngressEndpoint(x: unknown): x is IIngressEndpoint {
  return typeof x === 'object' && x !== null && typeof (x as IIngressEndpoint).ingressClassName === 'string' && typeof (x as IIngressEndpoint).controllerNamespace === 'string';
}

/** @internal Every ingress controller at or below `scope`, in construct order. */
export function ingressEndpoints(scope: IConstruct): IIngressEndpoint[] {
  return scope.node.findAll().filter((c): c is IConstruct & IIngressEndpoint => isIngressEndpoint(c));
}

/**
 * A Gateway (Gateway API) tenants attach HTTPRoutes to, and where the proxies that serve it
 * run, so that tenants' NetworkPolicies admit them. Implemented by Gateway API
 * implementations of the ingress add-on (Envoy Gateway).
 */
export interface IGatewayEndpoint {
  readonly gatewayName: string;
  readonly gatewayNamespace: string;
  readonly proxyNamespace: string;
  readonly proxyPodLabels: Readonly<Record<string, string>>;
}

/** @internal Whether `x` is a Gateway endpoint; duck-typed, so the core recognises add-on constructs without importing them. */
export function isGatewayEndpoint(x: unknown): x is IGatewayEndpoint {
  return typeof x === 'object' && x !== null && typeof (x as IGatewayEndpoint).gatewayName === 'string' && typeof (x as IGatewayEndpoint).proxyNamespace === 'string';
}

/** @internal Every Gateway endpoint at or below `scope`, in construct order. */
export function gatewayEndpoints(scope: IConstruct): IGatewayEndpoint[] {
  return scope.node.findAll().filter((c): c is IConstruct & IGatewayEndpoint => isGatewayEndpoint(c));
}
