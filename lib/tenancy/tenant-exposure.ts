import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IIngressEndpoint } from '../ingress-endpoint';
import { ValidationContext } from '../validation/context';
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
  readonly targetPort?: number;
  /**
   * The Service's namespace.
   * @default - the tenant's first namespace
   */
  readonly namespace?: string;
  /**
   * Labels of the Service's pods; the allow rule admits the controller to those pods only.
   * @default - every pod of the namespace
   */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** A TLS certificate by reference to a `kubernetes.io/tls` Secret in the Service's namespace. */
export interface TlsSecretReference {
  readonly secretName: string;
}

export enum IngressPathType {
  PREFIX = 'Prefix',
  EXACT = 'Exact',
}

export interface ExposeOptions {
  /** The host name clients use; a leading `*.` label is a wildcard, as Kubernetes allows. */
  readonly host: string;
  /**
   * The path.
   * @default '/'
   */
  readonly path?: string;
  /**
   * How the path matches.
   * @default IngressPathType.PREFIX
   */
  readonly pathType?: IngressPathType;
  /**
   * Terminate TLS at the controller with this Secret (never literal key material).
   * @default - plain HTTP only
   */
  readonly tls?: TlsSecretReference;
  /**
   * The IngressClass.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClass?: string;
}

export const EXPOSE_DEFAULTS = { path: '/', pathType: IngressPathType.PREFIX } as const;

/** Keys that mean certificate or key material was passed instead of a Secret's name. */
const LITERAL_TLS_KEYS = ['cert', 'certificate', 'crt', 'key', 'privateKey', 'tlsCrt', 'tlsKey', 'data', 'stringData'];

/** `*.example.com` or `app.example.com`: a DNS subdomain, optionally behind one `*.` label. */
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

  /** The controller that serves this exposure's class, if the cluster has it. */
  public controller(endpoints: readonly IIngressEndpoint[]): IIngressEndpoint | undefined {
    const cls = this.options.ingressClass;
    return cls === undefined ? endpoints.find((e) => e.isDefaultClass) : endpoints.find((e) => e.ingressClassName === cls);
  }

  /** @internal */
  public render(namespace: string, controller: IIngressEndpoint): void {
    const s = this.service;
    const o = this.options;
    new k8s.KubeIngress(this, 'Ingress', {
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
    new k8s.KubeNetworkPolicy(this, 'AllowFromController', {
      metadata: { name: `allow-ingress-${this.ingressName}`, namespace },
      spec: {
        podSelector: s.podLabels ? { matchLabels: { ...s.podLabels } } : {},
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controller.controllerNamespace } },
                podSelector: { matchLabels: { ...controller.controllerPodLabels } },
              },
            ],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(s.targetPort ?? s.port) }],
          },
        ],
      },
    });
  }

  /** Problems of the exposure; `namespaces` are the tenant's. */
  public validate(context: ValidationContext, tenant: Construct, field: string, namespaces: readonly string[], endpoints: readonly IIngressEndpoint[]): void {
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
    if (!this.controller(endpoints)) {
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
