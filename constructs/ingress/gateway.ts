import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Cluster, IModelValidator, ValidationContext } from '../../lib';
import { DNS1123_SUBDOMAIN_EXPECTED, isDns1123Subdomain } from '../../lib/validation/formats';
import { GATEWAY_API_GROUP, GATEWAY_HOSTNAME_EXPECTED, isGatewayHostname } from './gateway-api-types';
import { referenceGrants } from './reference-grant';

/** Protocols a Gateway listener accepts. */
export enum GatewayProtocol {
  HTTP = 'HTTP',
  HTTPS = 'HTTPS',
  TLS = 'TLS',
  TCP = 'TCP',
  UDP = 'UDP',
}

/** Which namespaces' routes may attach to a listener. */
export enum AllowedRoutes {
  SAME = 'Same',
  ALL = 'All',
}

/** One listener of a Gateway: a port, protocol and optionally host name routes attach to. */
export interface GatewayListener {
  readonly name: string;
  readonly port: number;
  readonly protocol: GatewayProtocol;
  /** @default - every host name */
  readonly hostname?: string | undefined;
  /**
   * Certificates for HTTPS and TLS listeners, by reference to `kubernetes.io/tls` Secrets
   * (another namespace than the Gateway's needs a ReferenceGrant there).
   * @default - none
   */
  readonly certificateRefs?: readonly { readonly name: string; readonly namespace?: string | undefined }[] | undefined;
  /** @default AllowedRoutes.SAME */
  readonly allowedRoutes?: AllowedRoutes | undefined;
}

/** Configures a Gateway: its class, namespace and listeners. */
export interface GatewayProps {
  /** @default - the construct id */
  readonly name?: string | undefined;
  readonly namespace: string;
  readonly gatewayClassName: string;
  readonly listeners: readonly GatewayListener[];
}

/** A Gateway (gateway.networking.k8s.io/v1): listeners that routes attach to. */
export class Gateway extends Construct implements IModelValidator {
  public readonly gatewayName: string;
  public readonly props: GatewayProps;

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    this.gatewayName = props.name ?? id;
    this.props = props;
    new ApiObject(this, 'Resource', {
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'Gateway',
      metadata: { name: this.gatewayName, namespace: props.namespace },
      spec: {
        gatewayClassName: props.gatewayClassName,
        listeners: props.listeners.map((l) => ({
          name: l.name,
          port: l.port,
          protocol: l.protocol,
          ...(l.hostname ? { hostname: l.hostname } : {}),
          ...(l.certificateRefs?.length
            ? { tls: { mode: 'Terminate', certificateRefs: l.certificateRefs.map((c) => ({ group: '', kind: 'Secret', name: c.name, ...(c.namespace ? { namespace: c.namespace } : {}) })) } }
            : {}),
          allowedRoutes: { namespaces: { from: l.allowedRoutes ?? AllowedRoutes.SAME } },
        })),
      },
    });
  }

  public validateModel(context: ValidationContext): void {
    const p = this.props;
    if (!isDns1123Subdomain(this.gatewayName)) {
      context.error(this, { rule: 'gateway-api/name', field: 'name', message: 'not a Gateway name', received: this.gatewayName, expected: DNS1123_SUBDOMAIN_EXPECTED });
    }
    const names = new Set<string>();
    const grants = referenceGrants(Cluster.of(this));
    p.listeners.forEach((l, i) => {
      const field = `listeners[${i}]`;
      if (names.has(l.name)) context.error(this, { rule: 'gateway-api/listener', field: `${field}.name`, message: 'two listeners have this name', received: l.name, expected: 'unique listener names' });
      names.add(l.name);
      if (!Number.isInteger(l.port) || l.port < 1 || l.port > 65535) {
        context.error(this, { rule: 'gateway-api/listener', field: `${field}.port`, message: 'not a port number', received: l.port, expected: 'an integer from 1 to 65535' });
      }
      if (l.hostname !== undefined && !isGatewayHostname(l.hostname)) {
        context.error(this, { rule: 'gateway-api/hostname', field: `${field}.hostname`, message: 'not a host name', received: l.hostname, expected: GATEWAY_HOSTNAME_EXPECTED });
      }
      if (l.protocol === GatewayProtocol.HTTPS && !l.certificateRefs?.length) {
        context.error(this, { rule: 'gateway-api/listener', field: `${field}.certificateRefs`, message: 'an HTTPS listener terminates TLS and needs a certificate', received: [], expected: 'certificateRefs naming a kubernetes.io/tls Secret' });
      }
      for (const c of l.certificateRefs ?? []) {
        const ns = c.namespace ?? p.namespace;
        if (ns === p.namespace) continue;
        if (!grants.some((g) => g.permits({ group: GATEWAY_API_GROUP, kind: 'Gateway', namespace: p.namespace }, { group: '', kind: 'Secret', namespace: ns, name: c.name }))) {
          context.error(this, {
            rule: 'gateway-api/reference-grant',
            field: `${field}.certificateRefs`,
            message: `the Gateway uses Secret ${ns}/${c.name} of another namespace, and no ReferenceGrant there allows it`,
            received: `${ns}/${c.name}`,
            expected: `a Secret in ${p.namespace}, or a ReferenceGrant in ${ns} from Gateway of ${p.namespace} to Secret`,
          });
        }
      }
    });
  }
}
