import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { tcpPort as tcp } from '../../lib/net/network-policy';
import { CONTROLLER_POD_LABELS, METRICS_PORT, WEBHOOK_PORT } from './metallb-controller';

/** @internal Where `MetalLb` runs, passed to its NetworkPolicies. */
export interface MetalLbNetworkPoliciesProps {
  readonly namespace: string;
}

/**
 * MetalLB's namespace denies all traffic, then lets the controller reach the API server and
 * be reached on its webhook (called by the API server, from a node address) and metrics
 * ports. The speakers use the host network, where NetworkPolicies do not apply.
 *
 * @internal
 */
export class MetalLbNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: MetalLbNetworkPoliciesProps) {
    super(scope, id);
    const ns = props.namespace;
    const policy = (name: string, spec: k8s.NetworkPolicySpec): void => {
      new k8s.KubeNetworkPolicy(this, name, { metadata: { name, namespace: ns }, spec });
    };
    policy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('controller', {
      podSelector: { matchLabels: { ...CONTROLLER_POD_LABELS } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [tcp(WEBHOOK_PORT), tcp(METRICS_PORT)] }],
      // The API server, behind the `kubernetes` Service (DNAT to its port before policy applies).
      egress: [{ ports: [tcp(6443)] }],
    });
  }
}
