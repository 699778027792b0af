import { HttpRoute, IngressController } from '../../constructs/ingress';
import { ENVOY_PROXY_POD_LABELS } from '../../constructs/ingress/envoy-gateway';
import { ENVOY_GATEWAY_CRD_KINDS, GATEWAY_API_CRDS_URL, envoyGatewayCrdUrl } from '../../lib/versions/ingress';
import { allowsConnection } from '../support/network-policy';
import { findObject, manifests, synth } from '../support/synth';
import { loadUpstream } from '../support/upstream-parity';
import { ingressCluster } from './fixtures';

type Json = Record<string, any>;

const NS = 'envoy-gateway-system';

describe('EnvoyGateway', () => {
  function gatewayCluster() {
    const { cluster } = ingressCluster({ controllers: [IngressController.envoyGateway({ gateway: { certificateSecret: 'wildcard-tls' } })] });
    const tenant = cluster.addTenant('payments', { networkPolicy: { allowIngressFromNamespaces: [NS] } });
    new HttpRoute(tenant, 'shop', { namespace: 'payments', parentRefs: [{ name: 'eg', namespace: NS }], hostnames: ['shop.example.com'], rules: [{ backends: [{ name: 'shop', port: 8080 }] }] });
    return cluster;
  }

  test('renders its GatewayClass and a shared Gateway that routes of every namespace attach to', () => {
    const synthesis = synth(gatewayCluster());
    expect((findObject(synthesis, 'GatewayClass', 'eg') as Json).spec).toStrictEqual({ controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' });
    expect((findObject(synthesis, 'Gateway', 'eg', NS) as Json).spec.listeners).toStrictEqual([
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
      {
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'wildcard-tls' }] },
        allowedRoutes: { namespaces: { from: 'All' } },
      },
    ]);
  });

  test('installs the Gateway API standard channel and its own CRDs by pinned URLs; its configuration is upstream\'s', () => {
    const synthesis = synth(gatewayCluster());
    expect(synthesis.crdUrls).toStrictEqual([GATEWAY_API_CRDS_URL.standard, ...Object.values(ENVOY_GATEWAY_CRD_KINDS).map(envoyGatewayCrdUrl)].sort());
    const upstream = loadUpstream('envoy-gateway/v1.9.0/install-without-crds.yaml').find((o) => o.kind === 'ConfigMap') as Json;
    expect((findObject(synthesis, 'ConfigMap', 'envoy-gateway-config', NS) as Json).data).toStrictEqual(upstream.data);
  });

  test('the Envoy proxies reach the controller for xDS and the tenant pods the tenant admits; the controller serves metrics on 19001', () => {
    const all = manifests(synth(gatewayCluster()));
    const proxy = { namespace: NS, labels: ENVOY_PROXY_POD_LABELS };
    const controller = { namespace: NS, labels: { 'control-plane': 'envoy-gateway', 'app.kubernetes.io/name': 'gateway-helm', 'app.kubernetes.io/instance': 'eg' } };
    expect(allowsConnection(all, { from: proxy, to: controller, port: 18000 })).toBe(true);
    expect(allowsConnection(all, { from: proxy, to: { namespace: 'payments', labels: { app: 'shop' } }, port: 8080 })).toBe(true);
    expect(allowsConnection(all, { from: { ip: '203.0.113.5' }, to: proxy, port: 10443 })).toBe(true);
    expect(allowsConnection(all, { from: { ip: '10.0.0.10' }, to: controller, port: 19001 })).toBe(true);
    expect(allowsConnection(all, { from: { ip: '203.0.113.5' }, to: controller, port: 18000 })).toBe(false);
  });
});
