import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Cluster, IModelValidator, ValidationContext } from '../../lib';
import { DNS1123_SUBDOMAIN_EXPECTED, isDns1123Label, isDns1123Subdomain } from '../../lib/validation/formats';
import { BackendReference, GATEWAY_API_GROUP, GATEWAY_HOSTNAME_EXPECTED, ParentReference, isGatewayHostname, parentRefJson } from './gateway-api-types';
import { referenceGrants } from './reference-grant';

/** What every Gateway API route has: its name, namespace and the Gateways it attaches to. */
export interface RouteProps {
  /** @default - the construct id */
  readonly name?: string | undefined;
  readonly namespace: string;
  /** The Gateways (or listeners) the route attaches to. */
  readonly parentRefs: readonly ParentReference[];
  /**
   * Host names the route answers for.
   * @default - every host name of the listeners
   */
  readonly hostnames?: readonly string[] | undefined;
}

/**
 * What HTTPRoute and GRPCRoute share: parents, host names, and backends that must be in the
 * route's namespace or granted by a ReferenceGrant in theirs.
 */
export abstract class Route extends Construct implements IModelValidator {
  public readonly routeName: string;
  public readonly namespace: string;

  protected constructor(scope: Construct, id: string, private readonly kind: string, props: RouteProps, rules: readonly Record<string, unknown>[]) {
    super(scope, id);
    this.routeName = props.name ?? id;
    this.namespace = props.namespace;
    new ApiObject(this, 'Resource', {
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind,
      metadata: { name: this.routeName, namespace: props.namespace },
      spec: {
        parentRefs: props.parentRefs.map(parentRefJson),
        ...(props.hostnames?.length ? { hostnames: [...props.hostnames] } : {}),
        rules,
      },
    });
    this.routeProps = props;
  }

  private readonly routeProps: RouteProps;

  /** Every backend of every rule, with the rule's index. */
  protected abstract backends(): readonly { readonly field: string; readonly ref: BackendReference }[];

  public validateModel(context: ValidationContext): void {
    const p = this.routeProps;
    if (!isDns1123Subdomain(this.routeName)) {
      context.error(this, { rule: 'gateway-api/name', field: 'name', message: `not a ${this.kind} name`, received: this.routeName, expected: DNS1123_SUBDOMAIN_EXPECTED });
    }
    if (!isDns1123Label(p.namespace)) {
      context.error(this, { rule: 'gateway-api/namespace', field: 'namespace', message: 'not a namespace name', received: p.namespace, expected: 'a DNS-1123 label' });
    }
    if (p.parentRefs.length === 0) {
      context.error(this, { rule: 'gateway-api/parent', field: 'parentRefs', message: 'the route attaches to no Gateway and routes nothing', received: [], expected: 'at least one parentRef naming a Gateway' });
    }
    (p.hostnames ?? []).forEach((h, i) => {
      if (!isGatewayHostname(h)) context.error(this, { rule: 'gateway-api/hostname', field: `hostnames[${i}]`, message: 'not a host name', received: h, expected: GATEWAY_HOSTNAME_EXPECTED });
    });
    const grants = referenceGrants(Cluster.of(this));
    for (const { field, ref } of this.backends()) {
      if (!Number.isInteger(ref.port) || ref.port < 1 || ref.port > 65535) {
        context.error(this, { rule: 'gateway-api/backend', field: `${field}.port`, message: 'not a port number', received: ref.port, expected: 'an integer from 1 to 65535' });
      }
      const ns = ref.namespace ?? p.namespace;
      if (ns === p.namespace) continue;
      const from = { group: GATEWAY_API_GROUP, kind: this.kind, namespace: p.namespace };
      if (!grants.some((g) => g.permits(from, { group: '', kind: 'Service', namespace: ns, name: ref.name }))) {
        context.error(this, {
          rule: 'gateway-api/reference-grant',
          field,
          message: `the ${this.kind} forwards to Service ${ns}/${ref.name} in another namespace, and no ReferenceGrant there allows it; the Gateway would refuse the backend`,
          received: `${ns}/${ref.name}`,
          expected: `a Service in ${p.namespace}, or a ReferenceGrant in ${ns} from ${this.kind} of ${p.namespace} to Service (ReferenceGrant.httpRoutesToServices)`,
        });
      }
    }
  }
}
