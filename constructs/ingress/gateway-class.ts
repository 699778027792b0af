import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GATEWAY_API_GROUP } from './gateway-api-types';

/** Configures a GatewayClass: its name and the controller that implements it. */
export interface GatewayClassProps {
  /** @default - the construct id */
  readonly name?: string | undefined;
  /** The implementation, e.g. `gateway.envoyproxy.io/gatewayclass-controller`. */
  readonly controllerName: string;
  /** @default - none */
  readonly description?: string | undefined;
}

/** A GatewayClass: which implementation runs the Gateways of that class. */
export class GatewayClass extends Construct {
  public readonly className: string;

  constructor(scope: Construct, id: string, props: GatewayClassProps) {
    super(scope, id);
    this.className = props.name ?? id;
    new ApiObject(this, 'Resource', {
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'GatewayClass',
      metadata: { name: this.className },
      spec: { controllerName: props.controllerName, ...(props.description ? { description: props.description } : {}) },
    });
  }
}
