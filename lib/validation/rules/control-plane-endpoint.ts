import type { Cluster } from '../../cluster';
import { EndpointLoadBalancerKind } from '../../control-plane/endpoint-load-balancer';
import { cidrContains, parseCidr, parseIp } from '../../net/cidr';
import { ValidationContext } from '../context';

/**
 * A VIP that kube-vip or keepalived announces must lie in a network the nodes are on:
 * ARP (or NDP) answers only for addresses of the node's own segment.
 */
export function validateVipPlacement(cluster: Cluster, context: ValidationContext): void {
  const cp = cluster.controlPlane;
  if (!cp || cp.loadBalancer.kind === EndpointLoadBalancerKind.EXTERNAL) return;
  const vip = parseIp(cp.endpoint.host);
  const subnets = cluster.networking.nodeSubnets.map(parseCidr).flatMap((r) => (r.ok ? [r.cidr] : []));
  // Without declared node subnets (or with only unparsable ones, reported elsewhere) there is nothing to place it in.
  if (!vip || subnets.length === 0 || subnets.some((s) => cidrContains(s, vip))) return;
  context.error(cp, {
    rule: 'control-plane/load-balancer',
    field: 'endpoint.host',
    message: `${cp.loadBalancer.kind} announces the VIP on the nodes' own network, but it lies outside every declared node subnet, so no node can answer for it`,
    received: cp.endpoint.host,
    expected: `a free address in ${cluster.networking.nodeSubnets.join(', ')}`,
  });
}
