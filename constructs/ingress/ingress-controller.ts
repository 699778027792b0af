import { Exposure } from './exposure';

/** Configures the IngressClass an ingress controller serves. */
export interface IngressClassOptions {
  /**
   * Name of the IngressClass.
   * @default - the controller's own name (traefik)
   */
  readonly name?: string | undefined;
  /**
   * Whether Ingresses without `ingressClassName` use this class. At most one class of the
   * cluster may be the default.
   * @default false
   */
  readonly default?: boolean | undefined;
}

/** Options of an ingress controller (`IngressController.traefik`, `.ingressNginx`): its namespace, IngressClass and how it is exposed. */
export interface IngressControllerOptions {
  /**
   * Namespace of the controller.
   * @default - the upstream namespace (traefik)
   */
  readonly namespace?: string | undefined;
  /**
   * How traffic reaches the controller.
   * @default Exposure.loadBalancer() with 2 replicas
   */
  readonly exposure?: Exposure | undefined;
  /**
   * The IngressClass the controller serves.
   * @default - named after the controller, not the default class
   */
  readonly ingressClass?: IngressClassOptions | undefined;
}

/** Options of `IngressController.haproxy`. */
export interface HaproxyControllerOptions extends IngressControllerOptions {
  /**
   * The certificate HTTPS requests get when no Ingress matches their host, by reference to a
   * `kubernetes.io/tls` Secret in the controller's namespace. The chart generates a random
   * self-signed key at render time instead, which would put a private key into Git.
   * @default - none
   */
  readonly defaultCertificate?: { readonly secretName: string } | undefined;
}

/** Options of `IngressController.envoyGateway`: a Gateway API implementation with one shared Gateway. */
export interface EnvoyGatewayOptions {
  /**
   * Namespace of the controller and of the Envoy proxies it creates.
   * @default 'envoy-gateway-system'
   */
  readonly namespace?: string | undefined;
  /**
   * Name of the GatewayClass.
   * @default 'eg'
   */
  readonly gatewayClassName?: string | undefined;
  /**
   * The shared Gateway: an HTTP listener on 80, and HTTPS on 443 when a certificate is given.
   * Routes of every namespace may attach to it.
   * @default { name: 'eg' }
   */
  readonly gateway?: { readonly name?: string | undefined; readonly certificateSecret?: string | undefined; readonly hostname?: string | undefined } | undefined;
}

/** An ingress controller: a union-like choice, e.g. `IngressController.traefik()`. */
export abstract class IngressController {
  /** Traefik (traefik/traefik-helm-chart v41.3.0, Traefik v3.7.11). */
  public static traefik(options: IngressControllerOptions = {}): IngressController {
    return new TraefikController(options);
  }

  /**
   * The HAProxy Kubernetes Ingress controller (haproxytech/helm-charts kubernetes-ingress
   * 1.52.1, controller 3.2.12).
   */
  public static haproxy(options: HaproxyControllerOptions = {}): IngressController {
    return new HaproxyController(options);
  }

  /**
   * ingress-nginx (controller v1.15.1). Upstream retired it: best-effort maintenance ended in
   * March 2026, with no further releases or security fixes; synthesis warns. Prefer Traefik,
   * HAProxy or a Gateway API implementation.
   */
  public static ingressNginx(options: IngressControllerOptions = {}): IngressController {
    return new IngressNginxController(options);
  }

  /**
   * Envoy Gateway v1.9.0, a Gateway API implementation: its GatewayClass and a Gateway whose
   * Envoy proxies it creates behind a LoadBalancer Service. Serves HTTPRoutes, not Ingresses.
   */
  public static envoyGateway(options: EnvoyGatewayOptions = {}): IngressController {
    return new EnvoyGatewayController(options);
  }

  /** The controller's name, e.g. `traefik`. */
  public abstract readonly name: string;
  /** Namespace upstream installs into. */
  public abstract readonly defaultNamespace: string;

  protected constructor(public readonly options: IngressControllerOptions) {}

  public get namespace(): string {
    return this.options.namespace ?? this.defaultNamespace;
  }

  public get ingressClassName(): string {
    return this.options.ingressClass?.name ?? this.name;
  }

  public get isDefaultClass(): boolean {
    return this.options.ingressClass?.default ?? false;
  }

  public get exposure(): Exposure {
    return this.options.exposure ?? Exposure.loadBalancer();
  }
}

/** @internal */
export class TraefikController extends IngressController {
  public readonly name = 'traefik';
  public readonly defaultNamespace = 'traefik';
  constructor(options: IngressControllerOptions) {
    super(options);
  }
}

/** @internal */
export class HaproxyController extends IngressController {
  public readonly name = 'haproxy';
  public readonly defaultNamespace = 'haproxy-controller';
  constructor(public readonly haproxyOptions: HaproxyControllerOptions) {
    super(haproxyOptions);
  }
}

/** @internal */
export class IngressNginxController extends IngressController {
  public readonly name = 'nginx';
  public readonly defaultNamespace = 'ingress-nginx';
  constructor(options: IngressControllerOptions) {
    super(options);
  }
}

/** @internal */
export class EnvoyGatewayController extends IngressController {
  public readonly name = 'envoy-gateway';
  public readonly defaultNamespace = 'envoy-gateway-system';
  constructor(public readonly envoyOptions: EnvoyGatewayOptions) {
    super({ namespace: envoyOptions.namespace });
  }
}
