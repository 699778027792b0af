import type { PortRule } from '../../lib';
import { CalicoEncapsulation, CalicoCni } from './calico';
import { CanalCni } from './canal';
import { CiliumCni, CiliumRouting } from './cilium';
import type { CniPlugin } from './cni-plugin';
import { FlannelBackend, FlannelCni } from './flannel';
import { WeaveCni } from './weave';

const NODES = 'all nodes';

/**
 * The ports a CNI's node agents need open between nodes, for the mode it is configured
 * with. Sources: flannel Documentation/backends.md (VXLAN port 8472, WireGuard 51820/51821),
 * Calico "Network requirements" (BGP 179, IP-in-IP protocol 4, VXLAN 4789, Typha 5473),
 * Cilium "Firewall rules" (VXLAN 8472, Geneve 6081, health 4240 and ICMP), Weave Net
 * "Network requirements" (TCP 6783, UDP 6783-6784).
 */
export function cniFirewallPorts(cni: CniPlugin): PortRule[] {
  const rule = (protocol: string, ports: string, purpose: string): PortRule => ({ protocol, ports, to: NODES, from: NODES, purpose: `${cni.name}: ${purpose}` });
  if (cni instanceof FlannelCni) {
    if (cni.backend === FlannelBackend.VXLAN) return [rule('UDP', '8472', 'VXLAN overlay')];
    if (cni.backend === FlannelBackend.WIREGUARD) return [rule('UDP', '51820, 51821', 'WireGuard tunnels (IPv4, IPv6)')];
    return [];
  }
  if (cni instanceof CalicoCni) {
    const rules = [rule('TCP', '5473', 'Typha (calico-node to Typha)')];
    const enc = cni.encapsulation;
    if (enc === CalicoEncapsulation.VXLAN || enc === CalicoEncapsulation.VXLAN_CROSS_SUBNET) rules.push(rule('UDP', '4789', 'VXLAN overlay'));
    else rules.push(rule('TCP', '179', 'BGP between calico-node agents'));
    if (enc === CalicoEncapsulation.IPIP || enc === CalicoEncapsulation.IPIP_CROSS_SUBNET) rules.push(rule('IP-in-IP (IP protocol 4)', '-', 'IP-in-IP overlay'));
    return rules;
  }
  if (cni instanceof CanalCni) return [rule('UDP', '8472', 'flannel VXLAN overlay')];
  if (cni instanceof CiliumCni) {
    const rules = [rule('TCP', '4240', 'cilium-health probes'), rule('ICMP', 'echo (type 8/0)', 'cilium-health node reachability')];
    if (cni.routing === CiliumRouting.VXLAN) rules.push(rule('UDP', '8472', 'VXLAN overlay'));
    if (cni.routing === CiliumRouting.GENEVE) rules.push(rule('UDP', '6081', 'Geneve overlay'));
    return rules;
  }
  if (cni instanceof WeaveCni) return [rule('TCP', '6783', 'Weave control'), rule('UDP', '6783-6784', 'Weave data (fast datapath and sleeve)')];
  return [];
}
