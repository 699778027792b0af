import { Advertisement } from '../../constructs/metallb';
import { KubeProxy, formatProblem } from '../../lib';
import { refusedWithoutWriting } from '../support/refusal';
import { synthErrors } from '../support/synth';
import { metallbCluster } from './fixtures';

describe('MetalLb errors', () => {
  test('pools overlapping the service and pod networks, a node address and the VIP are all refused, and nothing is written', () => {
    // GIVEN four bad pools
    const { cluster, metallb } = metallbCluster();
    metallb.addAddressPool('services', { addresses: ['10.96.0.0/24'], advertisement: Advertisement.l2() });
    metallb.addAddressPool('pods', { addresses: ['10.244.5.0/24'], advertisement: Advertisement.bgp() });
    metallb.addAddressPool('nodes', { addresses: ['10.20.1.0/28'], advertisement: Advertisement.l2() });
    metallb.addAddressPool('vip', { addresses: ['10.20.0.5-10.20.0.10'], advertisement: Advertisement.l2() });

    // WHEN / THEN
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/MetalLB/Pools/services (addresses[0]): the pool overlaps the service network (10.96.0.0/12, first shared address 10.96.0.0); MetalLB would hand that address to a Service (received "10.96.0.0/24"; expected addresses outside the pod and service networks, the node addresses and the control-plane endpoint) [metallb/pool-overlap]',
      '[error] test/MetalLB/Pools/pods (addresses[0]): the pool overlaps the pod network (10.244.0.0/16, first shared address 10.244.5.0); MetalLB would hand that address to a Service (received "10.244.5.0/24"; expected addresses outside the pod and service networks, the node addresses and the control-plane endpoint) [metallb/pool-overlap]',
      '[error] test/MetalLB/Pools/pods (advertisement): a BGP pool is announced to no router: the MetalLB add-on has no BGP peer (received []; expected metallb.addBgpPeer(id, { myAsn, peerAsn, peerAddress })) [metallb/bgp-peers]',
      '[error] test/MetalLB/Pools/nodes (addresses[0]): the pool overlaps the address of node w-1 (10.20.1.11); MetalLB would hand that address to a Service (received "10.20.1.0/28"; expected addresses outside the pod and service networks, the node addresses and the control-plane endpoint) [metallb/pool-overlap]',
      '[error] test/MetalLB/Pools/nodes (addresses[0]): the pool overlaps the address of node w-2 (10.20.1.12); MetalLB would hand that address to a Service (received "10.20.1.0/28"; expected addresses outside the pod and service networks, the node addresses and the control-plane endpoint) [metallb/pool-overlap]',
      '[error] test/MetalLB/Pools/vip (addresses[0]): the pool overlaps the control-plane endpoint (10.20.0.10); MetalLB would hand that address to a Service (received "10.20.0.5-10.20.0.10"; expected addresses outside the pod and service networks, the node addresses and the control-plane endpoint) [metallb/pool-overlap]',
    ]);
  });

  test('kube-proxy in IPVS mode without strictARP is refused', () => {
    const { cluster, metallb } = metallbCluster({}, { kubeProxy: KubeProxy.ipvs() });
    metallb.addAddressPool('lan', { addresses: ['10.20.2.0/24'], advertisement: Advertisement.l2() });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/MetalLB (kubeProxy): kube-proxy in IPVS mode binds every LoadBalancer address to kube-ipvs0 on every node, so every node answers ARP for it and layer-2 announcements break; MetalLB requires strictARP (received {"mode":"ipvs","strictARP":false}; expected KubeProxy.ipvs({ strictArp: true }) in the cluster props (kube-proxy then sets ipvs.strictARP: true)) [metallb/strict-arp]',
    ]);
  });

  test('malformed entries, overlapping pools and bad BGP peers are refused', () => {
    const { cluster, metallb } = metallbCluster();
    metallb.addAddressPool('a', { addresses: ['10.20.2.0/24', '10.20.3.50-10.20.3.10', '10.20.3.1/24'], advertisement: Advertisement.l2() });
    metallb.addAddressPool('b', { addresses: ['10.20.2.128/25'], advertisement: Advertisement.bgp({ peers: ['tor-b'] }) });
    metallb.addBgpPeer('tor-a', { myAsn: 0, peerAsn: 64513, peerAddress: 'router.example' });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/MetalLB/Pools/a (addresses[1]): not an address block: the range ends before it starts (received "10.20.3.50-10.20.3.10"; expected a CIDR such as 10.20.3.0/24 or a range such as 10.20.3.10-10.20.3.50) [metallb/pool-addresses]',
      '[error] test/MetalLB/Pools/a (addresses[2]): not an address block: host bits are set; the network address is 10.20.3.0/24 (received "10.20.3.1/24"; expected a CIDR such as 10.20.3.0/24 or a range such as 10.20.3.10-10.20.3.50) [metallb/pool-addresses]',
      "[error] test/MetalLB/Pools/b (addresses[0]): the pool overlaps pool 'a' (10.20.2.0/24); MetalLB refuses overlapping pools (received \"10.20.2.128/25\"; expected pools that share no address) [metallb/pool-overlap]",
      '[error] test/MetalLB/Pools/b (advertisement.peers): no BGP peer has that name (received "tor-b"; expected one of tor-a) [metallb/bgp-peers]',
      '[error] test/MetalLB/Peers/tor-a (myAsn): not an AS number (received 0; expected an integer from 1 to 4294967295) [metallb/bgp-peer]',
      "[error] test/MetalLB/Peers/tor-a (peerAddress): not an IP address (received \"router.example\"; expected the router's IPv4 or IPv6 address) [metallb/bgp-peer]",
    ]);
  });

  test('a second pool with the same id throws at once', () => {
    const { metallb } = metallbCluster();
    metallb.addAddressPool('lan', { addresses: ['10.20.2.0/24'], advertisement: Advertisement.l2() });
    expect(() => metallb.addAddressPool('lan', { addresses: ['10.20.3.0/24'], advertisement: Advertisement.l2() })).toThrow("MetalLB 'test/MetalLB' already has an address pool 'lan'");
  });
});
