import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { dnsEgressRule, tcpPort as tcp } from '../../lib/net/network-policy';

/** @internal What a controller construct passes to its NetworkPolicies: its pods and the ports they serve. */
export interface IngressControllerNetworkPoliciesProps {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Ports clients connect to (http, https). */
  readonly trafficPorts: readonly number[];
  readonly metricsPort: number;
  /** An admission webhook port the API server calls (from a node address). @default - none */
  readonly webhookPort?: number | undefined;
  /** UDP ports clients connect to (QUIC). @default - none */
  readonly udpPorts?: readonly number[] | undefined;
  /** The port kube-apiserver listens on, behind the `kubernetes` Service. @default 6443 */
  readonly apiServerPort?: number | undefined;
}

/**
 * An ingress controller's namespace denies all traffic, then lets clients anywhere reach the
 * traffic and metrics ports, and the controller reach the API server, DNS, and the pods of
 * any namespace (its backends; the tenants' own policies decide which of them accept it).
 *
 * @internal
 */
export class IngressControllerNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: IngressControllerNetworkPoliciesProps) {
    super(scope, id);
    const ns = props.namespace;
    const policy = (name: string, spec: k8s.NetworkPolicySpec): void => {
      new k8s.KubeNetworkPolicy(this, name, { metadata: { name, namespace: ns }, spec });
    };
    policy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('controller', {
      podSelector: { matchLabels: { ...props.podLabels } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [...[...props.trafficPorts, props.metricsPort, ...(props.webhookPort ? [props.webhookPort] : [])].map(tcp), ...(props.udpPorts ?? []).map((port) => ({ protocol: 'UDP', port: k8s.IntOrString.fromNumber(port) }))] }],
      egress: [
        { ports: [tcp(props.apiServerPort ?? 6443)] },
        dnsEgressRule(),
        { to: [{ namespaceSelector: {} }] },
      ],
    });
  }
}
