import type { Cluster } from '../cluster';
import { EndpointLoadBalancerKind } from '../control-plane/endpoint-load-balancer';
import { EtcdTopology } from '../control-plane/etcd';

/** One row of the ports table: what to open, to which role, from which. */
export interface PortRule {
  readonly protocol: string;
  readonly ports: string;
  readonly to: string;
  readonly from: string;
  readonly purpose: string;
}

/** Implemented by add-ons whose node agents need ports open between nodes (the CNI). */
export interface IFirewallPortSource {
  /** The ports its node agents need open between nodes, with the peers allowed to reach them. */
  firewallPortRules(): readonly PortRule[];
}

function isFirewallPortSource(x: unknown): x is IFirewallPortSource {
  return typeof x === 'object' && x !== null && typeof (x as IFirewallPortSource).firewallPortRules === 'function';
}

/**
 * @internal
 * Which ports must be open between which roles, from the model. After the Kubernetes
 * "Ports and Protocols" reference (kubernetes/website content/en/docs/reference/networking/ports-and-protocols.md).
 */
export function portRules(cluster: Cluster): PortRule[] {
  const cp = cluster.controlPlane!;
  const rules: PortRule[] = [
    { protocol: 'TCP', ports: '6443', to: 'control plane', from: 'all nodes, clients, load balancer', purpose: 'kube-apiserver' },
  ];
  const lb = cp.loadBalancer;
  if (lb.kind === EndpointLoadBalancerKind.HAPROXY_KEEPALIVED) {
    rules.push(
      { protocol: 'TCP', ports: String(lb.haproxyPort), to: 'control plane (VIP)', from: 'all nodes, clients', purpose: 'haproxy front end of the API endpoint' },
      { protocol: 'VRRP (IP protocol 112)', ports: '-', to: 'control plane', from: 'control plane', purpose: 'keepalived VIP election' },
    );
  }
  if (lb.kind === EndpointLoadBalancerKind.KUBE_VIP) {
    rules.push({ protocol: 'TCP', ports: '2112', to: 'control plane', from: 'monitoring', purpose: 'kube-vip metrics' });
  }
  if (cluster.etcd.topology === EtcdTopology.STACKED) {
    rules.push({ protocol: 'TCP', ports: '2379-2380', to: 'control plane', from: 'control plane', purpose: 'etcd client and peer API' });
  } else {
    const members = cluster.etcd.members;
    const client = [...new Set(members.map((m) => m.clientPort))].join(', ');
    const peer = [...new Set(members.map((m) => m.peerPort))].join(', ');
    const metrics = [...new Set(members.map((m) => m.metricsPort))].join(', ');
    rules.push(
      { protocol: 'TCP', ports: client, to: 'etcd hosts', from: 'control plane', purpose: 'etcd client API' },
      { protocol: 'TCP', ports: peer, to: 'etcd hosts', from: 'etcd hosts', purpose: 'etcd peer traffic' },
      { protocol: 'TCP', ports: metrics, to: 'etcd hosts', from: 'monitoring', purpose: 'etcd metrics (HTTP)' },
    );
  }
  rules.push(
    { protocol: 'TCP', ports: '10250', to: 'all nodes', from: 'control plane', purpose: 'kubelet API' },
    { protocol: 'TCP', ports: '10257', to: 'control plane', from: 'localhost', purpose: 'kube-controller-manager' },
    { protocol: 'TCP', ports: '10259', to: 'control plane', from: 'localhost', purpose: 'kube-scheduler' },
  );
  if (cluster.kubeProxy.enabled) {
    rules.push({ protocol: 'TCP', ports: '10256', to: 'all nodes', from: 'load balancers', purpose: 'kube-proxy health check' });
  }
  rules.push({ protocol: 'TCP', ports: '30000-32767', to: 'all nodes', from: 'clients, load balancers', purpose: 'NodePort Services' });
  for (const addOn of cluster.addOns) if (isFirewallPortSource(addOn)) rules.push(...addOn.firewallPortRules());
  return rules;
}

/** @internal `bootstrap/PORTS.md`: the port rules as a Markdown table. */
export function portsMarkdown(cluster: Cluster): string {
  const rows = portRules(cluster).map((r) => `| ${r.protocol} | ${r.ports} | ${r.to} | ${r.from} | ${r.purpose} |`);
  return [
    `# Ports of cluster ${cluster.clusterName}`,
    '',
    'Open these between the roles listed; everything else can stay closed. The rows after the',
    "NodePort range are the CNI's own, for the mode this cluster configures.",
    '',
    '| protocol | ports | open on | from | purpose |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
