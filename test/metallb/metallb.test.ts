import { Advertisement, MetalLb } from '../../constructs/metallb';
import { KubeProxy } from '../../lib';
import { kubeProxyConfiguration } from '../../lib/bootstrap/kubeadm';
import { metallbCrdUrl } from '../../lib/versions/ingress';
import { findObject, manifests, newCluster, synth, synthWarnings } from '../support/synth';
import { metallbCluster } from './fixtures';

type Json = Record<string, any>;

describe('MetalLb', () => {
  test('the speaker runs on the host network with NET_RAW on every node, control plane included', () => {
    // GIVEN
    const { cluster, metallb } = metallbCluster();
    metallb.addAddressPool('lan', { addresses: ['10.20.2.0/24'], advertisement: Advertisement.l2() });

    // WHEN
    const speaker = findObject(synth(cluster), 'DaemonSet', 'speaker', 'metallb-system') as Json;

    // THEN
    const pod = speaker.spec.template.spec;
    expect(pod.hostNetwork).toBe(true);
    expect(pod.containers[0].securityContext).toStrictEqual({ allowPrivilegeEscalation: false, capabilities: { add: ['NET_RAW'], drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(pod.containers[0].ports).toStrictEqual([
      { containerPort: 9120, name: 'metricshttps' },
      { containerPort: 7946, name: 'memberlist-tcp' },
      { containerPort: 7946, name: 'memberlist-udp', protocol: 'UDP' },
    ]);
    expect(pod.tolerations.map((t: Json) => t.key)).toStrictEqual(['node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane']);
  });

  test('the controller serves the webhook on 9443 behind the webhook Service, and metrics on 9120', () => {
    const { cluster, metallb } = metallbCluster();
    metallb.addAddressPool('lan', { addresses: ['10.20.2.0/24'], advertisement: Advertisement.l2() });
    const synthesis = synth(cluster);
    const controller = findObject(synthesis, 'Deployment', 'controller', 'metallb-system') as Json;
    expect(controller.spec.template.spec.containers[0].ports).toStrictEqual([
      { containerPort: 9120, name: 'metricshttps' },
      { containerPort: 9443, name: 'webhook-server', protocol: 'TCP' },
    ]);
    expect((findObject(synthesis, 'Service', 'metallb-webhook-service', 'metallb-system') as Json).spec.ports).toStrictEqual([{ port: 443, targetPort: 9443 }]);
    // The certificate Secret is created empty: the controller writes its own key into it.
    expect((findObject(synthesis, 'Secret', 'metallb-webhook-cert', 'metallb-system') as Json).data).toBeUndefined();
  });

  test('an L2 pool renders an IPAddressPool and an L2Advertisement of that pool; a BGP pool a BGPAdvertisement for its peers', () => {
    // GIVEN
    const { cluster, metallb } = metallbCluster();
    metallb.addAddressPool('lan', { addresses: ['10.20.2.0/24', '10.20.3.10-10.20.3.50'], advertisement: Advertisement.l2({ interfaces: ['eth0'] }) });
    metallb.addBgpPeer('tor-a', { myAsn: 64512, peerAsn: 64513, peerAddress: '10.20.0.1', passwordSecret: 'bgp-tor-a' });
    metallb.addAddressPool('routed', { addresses: ['192.0.2.0/26'], autoAssign: false, advertisement: Advertisement.bgp({ peers: ['tor-a'], communities: ['64512:100'] }) });

    // WHEN
    const objects = manifests(synth(cluster)).filter((o) => o.apiVersion.startsWith('metallb.io/'));

    // THEN
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toStrictEqual([
      'BGPAdvertisement/routed',
      'BGPPeer/tor-a',
      'IPAddressPool/lan',
      'IPAddressPool/routed',
      'L2Advertisement/lan',
    ]);
    const byName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Json;
    expect(byName('IPAddressPool', 'lan').spec).toStrictEqual({ addresses: ['10.20.2.0/24', '10.20.3.10-10.20.3.50'], autoAssign: true, avoidBuggyIPs: false });
    expect(byName('L2Advertisement', 'lan').spec).toStrictEqual({ ipAddressPools: ['lan'], interfaces: ['eth0'] });
    expect(byName('BGPAdvertisement', 'routed').spec).toStrictEqual({ ipAddressPools: ['routed'], communities: ['64512:100'], peers: ['tor-a'] });
    expect(byName('BGPPeer', 'tor-a').spec).toStrictEqual({ myASN: 64512, peerASN: 64513, peerAddress: '10.20.0.1', passwordSecret: { name: 'bgp-tor-a', namespace: 'metallb-system' } });
  });

  test('kube-proxy in IPVS mode with strictArp writes ipvs.strictARP into the kube-proxy configuration', () => {
    const { cluster } = metallbCluster();
    expect(kubeProxyConfiguration(cluster)?.ipvs).toStrictEqual({ scheduler: 'rr', strictARP: true });
    expect(kubeProxyConfiguration(newCluster({ kubeProxy: KubeProxy.ipvs() }))?.ipvs).toStrictEqual({ scheduler: 'rr' });
  });

  test('the nine CRDs are referenced by pinned URLs, one file each', () => {
    const { cluster, metallb } = metallbCluster();
    metallb.addAddressPool('lan', { addresses: ['10.20.2.0/24'], advertisement: Advertisement.l2() });
    const urls = synth(cluster).crdUrls;
    expect(urls).toHaveLength(9);
    expect(urls).toContain(metallbCrdUrl('ipaddresspools'));
    expect(urls.every((u) => u.includes('/metallb/v0.16.1/config/crd/bases/'))).toBe(true);
  });

  test('without a pool, synthesis warns that LoadBalancer Services stay Pending', () => {
    const cluster = newCluster();
    new MetalLb(cluster, 'MetalLB');
    expect(synthWarnings(cluster).filter((w) => w.rule.startsWith('metallb/')).map((w) => w.message)).toStrictEqual(['MetalLB has no address pool; LoadBalancer Services stay Pending']);
  });

  test('bootstrap/metallb-runbook.md patches the BGPPeer conversion webhook in, and says how to create the BGP password Secrets', () => {
    // GIVEN
    const { cluster, metallb } = metallbCluster();
    metallb.addAddressPool('lan', { addresses: ['10.20.2.0/24'], advertisement: Advertisement.l2() });
    metallb.addBgpPeer('tor-a', { myAsn: 64512, peerAsn: 64513, peerAddress: '10.20.0.1', passwordSecret: 'bgp-tor-a' });

    // WHEN
    const runbook = synth(cluster).bootstrapFiles.find((f) => f.path === 'metallb-runbook.md')!.content;

    // THEN
    const patch = JSON.parse(/--type merge -p '(.*)'/.exec(runbook)![1]);
    expect(patch).toStrictEqual({
      spec: {
        conversion: {
          strategy: 'Webhook',
          webhook: { conversionReviewVersions: ['v1beta1', 'v1beta2'], clientConfig: { service: { namespace: 'metallb-system', name: 'metallb-webhook-service', path: '/convert' } } },
        },
      },
    });
    expect(runbook).toContain('kubectl -n metallb-system create secret generic bgp-tor-a --type=kubernetes.io/basic-auth');
    expect(runbook).toContain('- `lan`: 10.20.2.0/24 (L2Advertisement)');
  });
});
