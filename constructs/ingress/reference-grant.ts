import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GATEWAY_API_GROUP } from './gateway-api-types';

/** The objects, by group, kind and namespace, a ReferenceGrant lets refer into its namespace. */
export interface ReferenceGrantFrom {
  /** e.g. `gateway.networking.k8s.io` */
  readonly group: string;
  /** e.g. `HTTPRoute` */
  readonly kind: string;
  readonly namespace: string;
}

/** The objects of the grant's namespace that may be referred to. */
export interface ReferenceGrantTo {
  /** `''` for the core group (Services, Secrets). */
  readonly group: string;
  /** e.g. `Service` */
  readonly kind: string;
  /** @default - every object of that kind in the namespace */
  readonly name?: string | undefined;
}

/** Configures a ReferenceGrant: without one, a route may not send traffic to a Service (or a Gateway use a Secret) in another namespace. */
export interface ReferenceGrantProps {
  /** @default - the construct id */
  readonly name?: string | undefined;
  /** The namespace of the referenced objects; the grant lives there. */
  readonly namespace: string;
  readonly from: readonly ReferenceGrantFrom[];
  readonly to: readonly ReferenceGrantTo[];
}

/**
 * A ReferenceGrant: lets objects of other namespaces refer to objects of this one (routes
 * to Services, Gateways to certificate Secrets). Without it the reference is refused.
 */
export class ReferenceGrant extends Construct {
  /** A grant letting HTTPRoutes of `fromNamespace` forward to Services of `namespace`. */
  public static httpRoutesToServices(scope: Construct, id: string, options: { readonly namespace: string; readonly fromNamespace: string; readonly serviceName?: string | undefined }): ReferenceGrant {
    return new ReferenceGrant(scope, id, {
      namespace: options.namespace,
      from: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', namespace: options.fromNamespace }],
      to: [{ group: '', kind: 'Service', ...(options.serviceName ? { name: options.serviceName } : {}) }],
    });
  }

  public readonly props: ReferenceGrantProps;

  constructor(scope: Construct, id: string, props: ReferenceGrantProps) {
    super(scope, id);
    this.props = props;
    new ApiObject(this, 'Resource', {
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'ReferenceGrant',
      metadata: { name: props.name ?? id, namespace: props.namespace },
      spec: { from: props.from.map((f) => ({ ...f })), to: props.to.map((t) => ({ ...t })) },
    });
  }

  /** Whether this grant lets `from` refer to `to` in its namespace. */
  public permits(from: ReferenceGrantFrom, to: { readonly group: string; readonly kind: string; readonly namespace: string; readonly name: string }): boolean {
    const p = this.props;
    return (
      p.namespace === to.namespace &&
      p.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace) &&
      p.to.some((t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name))
    );
  }
}

/** @internal Every ReferenceGrant at or below `scope`. */
export function referenceGrants(scope: Construct): ReferenceGrant[] {
  return scope.node.findAll().filter((c): c is ReferenceGrant => c instanceof ReferenceGrant);
}
