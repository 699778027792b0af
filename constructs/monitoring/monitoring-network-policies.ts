import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { dnsEgressRule, tcpPort as tcp } from '../../lib/net/network-policy';
import { CONTROL_PLANE_METRICS_PORTS } from './control-plane-targets';
import type { Labels } from './labels';

export interface MonitoringNetworkPoliciesProps {
  readonly namespace: string;
  readonly prometheus: { readonly podLabels: Labels; readonly port: number };
  readonly alertmanager?: { readonly podLabels: Labels; readonly port: number } | undefined;
  readonly grafana?: { readonly podLabels: Labels; readonly port: number; readonly allowFromNamespaces: readonly string[] } | undefined;
  readonly operator: Labels;
  readonly kubeStateMetrics: Labels;
  readonly nodeExporter: { readonly podLabels: Labels; readonly port: number };
  /** Networks the nodes live on; host-network targets (kubelet, control plane, etcd) are there. */
  readonly nodeSubnets: readonly string[];
  /** Ports of host-network targets outside the pod network. */
  readonly hostPorts: readonly number[];
}

const pods = (labels: Labels): k8s.NetworkPolicyPeer => ({ podSelector: { matchLabels: { ...labels } } });
const API_SERVER_PORT = CONTROL_PLANE_METRICS_PORTS.apiServer;

/**
 * The monitoring namespace denies all traffic, then allows: Prometheus to every pod in every
 * namespace and to the nodes' metrics ports; Prometheus to Alertmanager and the exporters;
 * Grafana to Prometheus; the operator, kube-state-metrics and Prometheus to the API server;
 * Alertmanager replicas to each other and to their receivers; DNS for everyone.
 */
export class MonitoringNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringNetworkPoliciesProps) {
    super(scope, id);
    const ns = props.namespace;
    const policy = (name: string, spec: k8s.NetworkPolicySpec): void => {
      new k8s.KubeNetworkPolicy(this, name, { metadata: { name, namespace: ns }, spec });
    };
    const prom = pods(props.prometheus.podLabels);
    const toApiServer: k8s.NetworkPolicyEgressRule = { ports: [tcp(API_SERVER_PORT)] };

    policy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        dnsEgressRule(),
      ],
    });
    const nodes: k8s.NetworkPolicyPeer[] = props.nodeSubnets.length
      ? props.nodeSubnets.map((cidr) => ({ ipBlock: { cidr } }))
      : [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];
    policy('prometheus', {
      podSelector: { matchLabels: { ...props.prometheus.podLabels } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [prom, ...(props.grafana ? [pods(props.grafana.podLabels)] : [])],
          ports: [tcp(props.prometheus.port), tcp(8080)],
        },
      ],
      egress: [
        // Targets in pods of any namespace, on whatever port their monitor names.
        { to: [{ namespaceSelector: {} }] },
        // Host-network targets: kubelets, control plane, etcd, node-exporter, kube-proxy.
        { to: nodes, ports: [...new Set([...props.hostPorts, props.nodeExporter.port])].sort((a, b) => a - b).map(tcp) },
        toApiServer,
      ],
    });
    if (props.alertmanager) {
      const am = pods(props.alertmanager.podLabels);
      policy('alertmanager', {
        podSelector: { matchLabels: { ...props.alertmanager.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [prom], ports: [tcp(props.alertmanager.port), tcp(8080)] },
          { from: [am], ports: [tcp(9094), { protocol: 'UDP', port: k8s.IntOrString.fromNumber(9094) }] },
        ],
        // Receivers' endpoints are in Secrets, unknown here: notifications may go anywhere.
        egress: [{}],
      });
    }
    if (props.grafana) {
      policy('grafana', {
        podSelector: { matchLabels: { ...props.grafana.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [prom, ...props.grafana.allowFromNamespaces.map((name) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }))],
            ports: [tcp(props.grafana.port)],
          },
        ],
        egress: [{ to: [prom], ports: [tcp(props.prometheus.port)] }],
      });
    }
    policy('prometheus-operator', {
      podSelector: { matchLabels: { ...props.operator } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [prom], ports: [tcp(8443)] }],
      egress: [toApiServer],
    });
    policy('kube-state-metrics', {
      podSelector: { matchLabels: { ...props.kubeStateMetrics } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [prom], ports: [tcp(8443), tcp(9443)] }],
      egress: [toApiServer],
    });
    policy('node-exporter', {
      podSelector: { matchLabels: { ...props.nodeExporter.podLabels } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [prom], ports: [tcp(props.nodeExporter.port)] }],
      egress: [toApiServer],
    });
  }
}
