import { k8s } from 'cdk8s-plus-27';

/** @internal A NetworkPolicy port: `port` over TCP. */
export function tcpPort(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

/**
 * @internal
 * The egress rule to cluster DNS (CoreDNS, labelled `k8s-app: kube-dns` in kube-system, as
 * kubeadm deploys it) on port 53 over UDP and TCP: what every default-deny namespace needs to
 * resolve names. A new object on each call.
 */
export function dnsEgressRule(): k8s.NetworkPolicyEgressRule {
  return {
    to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
    ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcpPort(53)],
  };
}
