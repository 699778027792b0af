import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { newL1 } from '../l1-object';
import { IGatewayEndpoint, IIngressEndpoint } from '../ingress-endpoint';
import { ValidationContext } from '../validation/context';
import { BASELINE_LABEL } from './tenant-roles';
import { DNS1123_SUBDOMAIN_EXPECTED, isDns1123Label, isDns1123Subdomain } from '../validation/formats';

/** A tenant Service to route to. */
export interface ServiceReference {
  /** The Service's name. */
  readonly name: string;
  /** The Service port the route targets. */
  readonly port: number;
  /**
   * The container port behind it; NetworkPolicies apply to pod ports, not Service ports.
   * @default - the same as port
   */
  readonly targetPort?: number | undefined;
  /**
   * The Service's namespace.
   * @default - the tenant's first namespace
   */
  readonly namespace?: string | undefined;
  /**
   * Labels of the Service's pods; the allow rule admits the controller to those pods only.
   * @default - every pod of the namespace
   */
  readonly podLabels?: Readonly<Record<string, string>> | undefined;
}

/** A TLS certificate by reference to a `kubernetes.io/tls` Secret in the Service's namespace. */
export interface TlsSecretReference {
  readonly secretName: string;
}

/** How an exposure's path matches request paths (the Ingress `pathType`). */
export enum IngressPathType {
  PREFIX = 'Prefix',
  EXACT = 'Exact',
}

/** Options of a tenant exposure: the host and path clients use to reach one of the tenant's Services through the cluster's ingress controller or Gateway. */
export interface ExposeOptions {
  /** The host name clients use; a leading `*.` label is a wildcard, as Kubernetes allows. */
  readonly host: string;
  /**
   * The path.
   * @default '/'
   */
  readonly path?: string | undefined;
  /**
   * How the path matches.
   * @default IngressPathType.PREFIX
   */
  readonly pathType?: IngressPathType | undefined;
  /**
   * Terminate TLS at the controller with this Secret (never literal key material).
   * @default - plain HTTP only
   */
  readonly tls?: TlsSecretReference | undefined;
  /**
   * The IngressClass.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClass?: string | undefined;
  /**
   * Attach an HTTPRoute to this Gateway (Gateway API) instead of creating an Ingress; TLS is
   * then the Gateway listener's.
   * @default - an Ingress
   */
  readonly gateway?: { readonly name: string; readonly namespace: string } | undefined;
}

/** Where an exposure's traffic comes from: an ingress controller, or a Gateway's proxies. */
export type ExposureTarget = { readonly kind: 'ingress'; readonly endpoint: IIngressEndpoint } | { readonly kind: 'gateway'; readonly endpoint: IGatewayEndpoint };

/** @internal Defaults of `ExposeOptions`, resolved here only. */
export const EXPOSE_DEFAULTS = { path: '/', pathType: IngressPathType.PREFIX } as const;

/** Keys that mean certificate or key material was passed instead of a Secret's name. */
const LITERAL_TLS_KEYS = ['cert', 'certificate', 'crt', 'key', 'privateKey', 'tlsCrt', 'tlsKey', 'data', 'stringData'];

/** @internal `*.example.com` or `app.example.com`: a DNS subdomain, optionally behind one `*.` label. */
export function isIngressHost(host: unknown): boolean {
  if (typeof host !== 'string') return false;
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return isDns1123Subdomain(name) && name.includes('.') && !/^[0-9.]+$/.test(name);
}

/**
 * One exposed Service: an Ingress in the Service's namespace and the NetworkPolicy that lets
 * the controller's pods reach the Service's pods through the tenant's default-deny. Rendered
 * at synthesis, when every controller of the cluster is known.
 */
export class TenantExposure extends Construct {
  constructor(
    scope: Construct,
    id: string,
    public readonly service: ServiceReference,
    public readonly options: ExposeOptions,
    public readonly ingressName: string,
  ) {
    super(scope, id);
  }

  /** The controller or Gateway that serves this exposure, if the cluster has it. */
  public target(ingresses: readonly IIngressEndpoint[], gateways: readonly IGatewayEndpoint[]): ExposureTarget | undefined {
    const o = this.options;
    if (o.gateway) {
      const g = gateways.find((e) => e.gatewayName === o.gateway!.name && e.gatewayNamespace === o.gateway!.namespace);
      return g ? { kind: 'gateway', endpoint: g } : undefined;
    }
    const cls = o.ingressClass;
    const e = cls === undefined ? ingresses.find((i) => i.isDefaultClass) : ingresses.find((i) => i.ingressClassName === cls);
    return e ? { kind: 'ingress', endpoint: e } : undefined;
  }

  /** @internal */
  public render(namespace: string, target: ExposureTarget): void {
    const s = this.service;
    const o = this.options;
    const path = o.path ?? EXPOSE_DEFAULTS.path;
    const from =
      target.kind === 'ingress'
        ? { namespace: target.endpoint.controllerNamespace, labels: target.endpoint.controllerPodLabels }
        : { namespace: target.endpoint.proxyNamespace, labels: target.endpoint.proxyPodLabels };
    if (target.kind === 'gateway') {
      new ApiObject(this, 'HTTPRoute', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: this.ingressName, namespace },
        spec: {
          parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: target.endpoint.gatewayName, namespace: target.endpoint.gatewayNamespace }],
          hostnames: [o.host],
          rules: [
            {
              matches: [{ path: { type: (o.pathType ?? EXPOSE_DEFAULTS.pathType) === IngressPathType.EXACT ? 'Exact' : 'PathPrefix', value: path } }],
              backendRefs: [{ group: '', kind: 'Service', name: s.name, port: s.port }],
            },
          ],
        },
      });
    } else {
      this.renderIngress(namespace, target.endpoint);
    }
    this.renderPolicy(namespace, from);
  }

  private renderIngress(namespace: string, controller: IIngressEndpoint): void {
    const s = this.service;
    const o = this.options;
    newL1(k8s.KubeIngress, this, 'Ingress', {
      metadata: { name: this.ingressName, namespace },
      spec: {
        ingressClassName: controller.ingressClassName,
        ...(o.tls ? { tls: [{ hosts: [o.host], secretName: o.tls.secretName }] } : {}),
        rules: [
          {
            host: o.host,
            http: {
              paths: [{ path: o.path ?? EXPOSE_DEFAULTS.path, pathType: o.pathType ?? EXPOSE_DEFAULTS.pathType, backend: { service: { name: s.name, port: { number: s.port } } } }],
            },
          },
        ],
      },
    });
  }

  private renderPolicy(namespace: string, from: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> }): void {
    const s = this.service;
    newL1(k8s.KubeNetworkPolicy, this, 'AllowFromController', {
      metadata: { name: `allow-ingress-${this.ingressName}`, namespace, labels: { [BASELINE_LABEL]: 'true' } },
      spec: {
        podSelector: s.podLabels ? { matchLabels: { ...s.podLabels } } : {},
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': from.namespace } },
                podSelector: { matchLabels: { ...from.labels } },
              },
            ],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(s.targetPort ?? s.port) }],
          },
        ],
      },
    });
  }

  /** Problems of the exposure; `namespaces` are the tenant's. */
  public validate(context: ValidationContext, tenant: Construct, field: string, namespaces: readonly string[], endpoints: readonly IIngressEndpoint[], gateways: readonly IGatewayEndpoint[]): void {
    const s = this.service;
    const o = this.options;
    if (!isIngressHost(o.host)) {
      context.error(tenant, {
        rule: 'tenancy/expose-host',
        field: `${field}.host`,
        message: 'not a host name an Ingress accepts',
        received: o.host,
        expected: 'a fully qualified DNS name such as shop.example.com, or a wildcard such as *.example.com (the * only as the whole first label)',
      });
    }
    const path = o.path ?? EXPOSE_DEFAULTS.path;
    if (typeof path !== 'string' || !path.startsWith('/')) {
      context.error(tenant, { rule: 'tenancy/expose-path', field: `${field}.path`, message: 'an Ingress path is absolute', received: path, expected: 'a path starting with /' });
    }
    if (o.tls !== undefined) {
      const literal = LITERAL_TLS_KEYS.filter((k) => k in (o.tls as object));
      const name = o.tls.secretName;
      if (literal.length > 0 || (typeof name === 'string' && name.includes('BEGIN'))) {
        context.error(tenant, {
          rule: 'tenancy/expose-tls-literal',
          field: `${field}.tls`,
          message: 'TLS key material given as literal data would be written into Git',
          received: '***',
          expected: "tls: { secretName } naming a kubernetes.io/tls Secret created outside Git (cert-manager, a sealed or external secret)",
        });
      } else if (!isDns1123Subdomain(name)) {
        context.error(tenant, { rule: 'tenancy/expose-tls', field: `${field}.tls.secretName`, message: 'not a Secret name', received: name, expected: DNS1123_SUBDOMAIN_EXPECTED });
      }
    }
    if (!isDns1123Label(s.name)) {
      context.error(tenant, { rule: 'tenancy/expose-service', field: `${field}.service.name`, message: 'not a Service name', received: s.name, expected: 'a DNS-1123 label' });
    }
    for (const [f, p] of [['port', s.port], ['targetPort', s.targetPort]] as const) {
      if (p !== undefined && (!Number.isInteger(p) || p < 1 || p > 65535)) {
        context.error(tenant, { rule: 'tenancy/expose-service', field: `${field}.service.${f}`, message: 'not a port number', received: p, expected: 'an integer from 1 to 65535' });
      }
    }
    const ns = s.namespace ?? namespaces[0];
    if (ns === undefined || !namespaces.includes(ns)) {
      context.error(tenant, { rule: 'tenancy/expose-namespace', field: `${field}.service.namespace`, message: "the Service is outside the tenant's namespaces", received: s.namespace, expected: `one of ${namespaces.join(', ')}` });
    }
    if (o.gateway !== undefined) {
      if (o.tls !== undefined || o.ingressClass !== undefined) {
        context.error(tenant, {
          rule: 'tenancy/expose-gateway',
          field: `${field}.gateway`,
          message: 'an HTTPRoute takes TLS from the Gateway listener and has no IngressClass',
          received: { gateway: o.gateway, ...(o.tls ? { tls: '***' } : {}), ...(o.ingressClass ? { ingressClass: o.ingressClass } : {}) },
          expected: 'gateway without tls and ingressClass (put the certificate on the Gateway listener)',
        });
      }
      if (!this.target(endpoints, gateways)) {
        const known = gateways.map((g) => `${g.gatewayNamespace}/${g.gatewayName}`);
        context.error(tenant, {
          rule: 'tenancy/expose-gateway',
          field: `${field}.gateway`,
          message: 'no Gateway of the cluster has that name and namespace',
          received: o.gateway,
          expected: known.length ? `one of ${known.join(', ')}` : 'a Gateway API implementation in the ingress add-on (IngressController.envoyGateway())',
        });
      }
      return;
    }
    if (!this.target(endpoints, gateways)) {
      const classes = endpoints.map((e) => e.ingressClassName);
      context.error(tenant, {
        rule: 'tenancy/expose-ingress-class',
        field: `${field}.ingressClass`,
        message: o.ingressClass === undefined ? 'no ingress controller of the cluster serves the default IngressClass' : 'no ingress controller of the cluster serves this IngressClass',
        received: o.ingressClass,
        expected: classes.length ? `one of ${classes.join(', ')}` : 'an ingress add-on (new ClusterIngress(cluster, ...)) with a default IngressClass',
      });
    }
  }
}
