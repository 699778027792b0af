import { AddOn, AddOnKey, Cluster, CrdSource, UpstreamCrds, IModelValidator, ValidationContext } from '../../lib';
import { DNS1123_LABEL_EXPECTED, DNS1123_SUBDOMAIN_EXPECTED, isDns1123Label, isDns1123Subdomain } from '../../lib/validation/formats';
import { GATEWAY_API_CRDS_URL } from '../../lib/versions/ingress';
import { HostPortExposure, ServiceExposure } from './exposure';
import { HaproxyIngress } from './haproxy';
import { EnvoyGateway } from './envoy-gateway';
import { EnvoyGatewayController, HaproxyController, IngressController, IngressNginxController, TraefikController } from './ingress-controller';
import { IngressNginx } from './ingress-nginx';
import { Traefik } from './traefik';

/** The ingress add-on's key. */
export const INGRESS = new AddOnKey<ClusterIngress>('ingress');

/** Which Gateway API release channel's CRDs are installed. */
export enum GatewayApiChannel {
  STANDARD = 'standard',
  /** Adds experimental kinds and fields; they may change incompatibly between releases. */
  EXPERIMENTAL = 'experimental',
}

/** Configures the Gateway API CRDs the ingress add-on installs. */
export interface GatewayApiOptions {
  /**
   * The release channel.
   * @default GatewayApiChannel.STANDARD
   */
  readonly channel?: GatewayApiChannel | undefined;
  /**
   * Where the CRDs come from.
   * @default CrdSource.url(the channel's install file of gateway-api v1.6.1)
   */
  readonly crds?: CrdSource | undefined;
}

/** @internal Kinds the typed Gateway API helpers create. */
export const GATEWAY_API_KINDS = ['GatewayClass', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'ReferenceGrant'] as const;

/** Configures the ingress add-on: the ingress controllers and the Gateway API. */
export interface ClusterIngressProps {
  /**
   * The ingress controllers, each with its IngressClass; at most one class may be the default.
   * @default [IngressController.traefik({ ingressClass: { default: true } })]
   */
  readonly controllers?: readonly IngressController[] | undefined;
  /**
   * Install the Gateway API CRDs (gateway-api v1.6.1), for Gateway, HTTPRoute, GRPCRoute and
   * ReferenceGrant objects.
   * @default - the standard channel with Envoy Gateway, otherwise not installed
   */
  readonly gatewayApi?: GatewayApiOptions | undefined;
}

/** @internal Defaults of `ClusterIngressProps`, resolved here only. */
export const CLUSTER_INGRESS_DEFAULTS = {
  /** The default controllers, Traefik serving the default IngressClass; made anew on each call. */
  controllers: (): IngressController[] => [IngressController.traefik({ ingressClass: { default: true } })],
} as const;

/** A rendered controller, as tenants and other add-ons see it. */
export type RenderedIngressController = Traefik | HaproxyIngress | IngressNginx;

/**
 * Traffic into the cluster: one or more ingress controllers with their IngressClasses, RBAC,
 * NetworkPolicies and metrics ports. Each controller lives in its own namespace, named after
 * it upstream.
 */
export class ClusterIngress extends AddOn implements IModelValidator {
  public readonly controllers: readonly IngressController[];
  /** The rendered controllers, in the order given. */
  public readonly rendered: readonly RenderedIngressController[];

  constructor(cluster: Cluster, id: string, props: ClusterIngressProps = {}) {
    super(cluster, id, { key: INGRESS });
    this.controllers = props.controllers ?? CLUSTER_INGRESS_DEFAULTS.controllers();
    const rendered: RenderedIngressController[] = [];
    const gateways: EnvoyGateway[] = [];
    for (const c of this.controllers) {
      // One controller per valid namespace; validateModel reports the others.
      if (!isDns1123Label(c.namespace) || this.node.tryFindChild(c.namespace)) continue;
      if (c instanceof TraefikController) rendered.push(new Traefik(this, c.namespace, c));
      else if (c instanceof HaproxyController) rendered.push(new HaproxyIngress(this, c.namespace, c));
      else if (c instanceof IngressNginxController) rendered.push(new IngressNginx(this, c.namespace, c));
      else if (c instanceof EnvoyGatewayController) gateways.push(new EnvoyGateway(this, c.namespace, c, cluster.networking.dnsDomain));
    }
    this.rendered = rendered;
    this.gatewayControllers = gateways;
    // Envoy Gateway implements the Gateway API, so its CRDs come with it.
    const gatewayApi = props.gatewayApi ?? (gateways.length > 0 ? {} : undefined);
    if (gatewayApi) {
      const channel = gatewayApi.channel ?? GatewayApiChannel.STANDARD;
      this.gatewayApiChannel = channel;
      new UpstreamCrds(this, 'GatewayApiCrds', {
        source: gatewayApi.crds ?? CrdSource.url(GATEWAY_API_CRDS_URL[channel] ?? GATEWAY_API_CRDS_URL.standard),
        group: 'gateway.networking.k8s.io',
        kinds: GATEWAY_API_KINDS,
      });
    }
  }

  /** The Gateway API implementations (Envoy Gateway), in the order given. */
  public readonly gatewayControllers: readonly EnvoyGateway[];

  /** The Gateway API channel installed, if any. */
  public readonly gatewayApiChannel?: GatewayApiChannel;

  /** The controller whose IngressClass is the default, if any. */
  public get defaultController(): RenderedIngressController | undefined {
    return this.rendered.find((c) => c.isDefaultClass);
  }

  /** The controller serving `ingressClassName`. */
  public controllerFor(ingressClassName: string): RenderedIngressController | undefined {
    return this.rendered.find((c) => c.ingressClassName === ingressClassName);
  }

  public validateModel(context: ValidationContext): void {
    if (this.gatewayApiChannel !== undefined && !Object.values(GatewayApiChannel).includes(this.gatewayApiChannel)) {
      context.error(this, { rule: 'ingress/gateway-api-channel', field: 'gatewayApi.channel', message: 'unknown Gateway API channel', received: this.gatewayApiChannel, expected: Object.values(GatewayApiChannel).join(', ') });
    }
    const defaults = this.controllers.filter((c) => c.isDefaultClass);
    if (defaults.length > 1) {
      context.error(this, {
        rule: 'ingress/default-class',
        field: 'controllers',
        message: 'more than one IngressClass is marked default; the API server then refuses every Ingress without ingressClassName',
        received: defaults.map((c) => c.ingressClassName),
        expected: 'at most one controller with ingressClass: { default: true }',
      });
    }
    this.controllers.forEach((c, i) => {
      if (!(c instanceof IngressNginxController)) return;
      context.warn(this, {
        rule: 'ingress/ingress-nginx-retired',
        field: `controllers[${i}]`,
        message:
          'ingress-nginx is retired upstream: best-effort maintenance ended in March 2026 and v1.15.1 is its last release, so no security fix will follow',
        received: 'IngressController.ingressNginx()',
        expected: 'IngressController.traefik() or IngressController.haproxy(), or a Gateway API implementation (Gateway, HTTPRoute)',
      });
    });
    const seen = new Map<string, string>();
    const namespaces = new Set<string>();
    this.controllers.forEach((c, i) => {
      const field = `controllers[${i}]`;
      if (!isDns1123Label(c.namespace)) {
        context.error(this, { rule: 'names/dns1123-label', field: `${field}.namespace`, message: 'not a namespace name', received: c.namespace, expected: DNS1123_LABEL_EXPECTED });
      } else if (namespaces.has(c.namespace)) {
        context.error(this, { rule: 'ingress/namespace', field: `${field}.namespace`, message: 'another controller already uses this namespace', received: c.namespace, expected: 'one namespace per controller' });
      }
      namespaces.add(c.namespace);
      if (c instanceof EnvoyGatewayController) {
        if (c.options.exposure !== undefined || c.options.ingressClass !== undefined) {
          context.error(this, {
            rule: 'ingress/exposure',
            field: `${field}.exposure`,
            message: 'Envoy Gateway creates its proxies and their LoadBalancer Service itself and serves no IngressClass',
            received: 'exposure or ingressClass',
            expected: 'IngressController.envoyGateway({ namespace, gatewayClassName, gateway })',
          });
        }
        return;
      }
      if (!isDns1123Subdomain(c.ingressClassName)) {
        context.error(this, { rule: 'ingress/class-name', field: `${field}.ingressClass.name`, message: 'not an IngressClass name', received: c.ingressClassName, expected: DNS1123_SUBDOMAIN_EXPECTED });
      }
      const owner = seen.get(c.ingressClassName);
      if (owner !== undefined) {
        context.error(this, { rule: 'ingress/class-name', field: `${field}.ingressClass.name`, message: `the IngressClass is already served by ${owner}`, received: c.ingressClassName, expected: 'one IngressClass name per controller' });
      }
      seen.set(c.ingressClassName, `${c.name} in ${c.namespace}`);
      const cert = c instanceof HaproxyController ? c.haproxyOptions.defaultCertificate : undefined;
      if (cert !== undefined && !isDns1123Subdomain(cert.secretName)) {
        context.error(this, { rule: 'ingress/default-certificate', field: `${field}.defaultCertificate.secretName`, message: 'not a Secret name (the certificate is a reference, never literal data)', received: '***', expected: DNS1123_SUBDOMAIN_EXPECTED });
      }
      const e = c.exposure;
      if (e instanceof ServiceExposure) {
        if (!Number.isInteger(e.replicas) || e.replicas < 1) {
          context.error(this, { rule: 'ingress/replicas', field: `${field}.exposure.replicas`, message: 'not a number of replicas', received: e.replicas, expected: 'a whole number, at least 1 (2 or more to survive a node loss)' });
        }
        for (const [f, p] of [['httpNodePort', e.httpNodePort], ['httpsNodePort', e.httpsNodePort]] as const) {
          if (p !== undefined && (e.serviceType !== 'NodePort' || !Number.isInteger(p) || p < 30000 || p > 32767)) {
            context.error(this, { rule: 'ingress/node-port', field: `${field}.exposure.${f}`, message: 'not a port of the default NodePort range', received: p, expected: 'an integer from 30000 to 32767' });
          }
        }
      } else if (!(e instanceof HostPortExposure)) {
        context.error(this, { rule: 'ingress/exposure', field: `${field}.exposure`, message: 'unknown exposure', received: String(e), expected: 'Exposure.loadBalancer(), Exposure.nodePort() or Exposure.hostPorts()' });
      }
    });
  }
}
