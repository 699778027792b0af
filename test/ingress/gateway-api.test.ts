import { GatewayApiChannel, GrpcRoute, HttpPathMatchType, HttpRoute, ReferenceGrant } from '../../constructs/ingress';
import { GATEWAY_API_CRDS_URL } from '../../lib/versions/ingress';
import { manifests, synth } from '../support/synth';
import { gatewayCluster } from './fixtures';

type Json = Record<string, any>;

describe('Gateway API helpers', () => {
  test('Gateway, HTTPRoute, GRPCRoute and ReferenceGrant validate against the v1.6.1 CRDs, installed by pinned URL', () => {
    // GIVEN
    const cluster = gatewayCluster();
    cluster.addTenant('payments');
    new HttpRoute(cluster, 'shop', {
      namespace: 'payments',
      parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [
        { path: { value: '/api' }, backends: [{ name: 'shop-api', port: 8080 }] },
        { path: { type: HttpPathMatchType.EXACT, value: '/' }, backends: [{ name: 'catalog', namespace: 'data', port: 80, weight: 1 }] },
      ],
    });
    ReferenceGrant.httpRoutesToServices(cluster, 'payments-to-catalog', { namespace: 'data', fromNamespace: 'payments', serviceName: 'catalog' });
    new GrpcRoute(cluster, 'cart', { namespace: 'payments', parentRefs: [{ name: 'public', namespace: 'gateways' }], rules: [{ method: { service: 'shop.v1.Cart' }, backends: [{ name: 'cart', port: 9000 }] }] });

    // WHEN
    const synthesis = synth(cluster);

    // THEN
    expect(synthesis.crdUrls).toContain(GATEWAY_API_CRDS_URL.standard);
    const route = manifests(synthesis).find((o) => o.kind === 'HTTPRoute') as Json;
    expect(route.spec.rules[1]).toStrictEqual({
      matches: [{ path: { type: 'Exact', value: '/' } }],
      backendRefs: [{ group: '', kind: 'Service', name: 'catalog', port: 80, namespace: 'data', weight: 1 }],
    });
    expect(route.spec.parentRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'https' }]);
    const gateway = manifests(synthesis).find((o) => o.kind === 'Gateway') as Json;
    expect(gateway.spec.listeners[1].tls).toStrictEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'wildcard-tls' }] });
  });

  test('the experimental channel is opt-in', () => {
    expect(synth(gatewayCluster(GatewayApiChannel.EXPERIMENTAL)).crdUrls).toContain(GATEWAY_API_CRDS_URL.experimental);
  });
});
