import { IngressController } from '../../constructs/ingress';
import { ENVOY_PROXY_POD_LABELS } from '../../constructs/ingress/envoy-gateway';
import { IngressPathType } from '../../lib';
import { ingressCluster } from '../ingress/fixtures';
import { allowsConnection } from '../support/network-policy';
import { findObject, manifests, synth } from '../support/synth';

type Json = Record<string, any>;

const TRAEFIK_POD = { namespace: 'traefik', labels: { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' } };
const SHOP_POD = { namespace: 'payments', labels: { app: 'shop' } };

describe('Tenant.expose', () => {
  test('creates an Ingress of the default class with TLS from a Secret reference', () => {
    // GIVEN
    const { cluster } = ingressCluster();
    const tenant = cluster.addTenant('payments');

    // WHEN
    tenant.expose({ name: 'shop', port: 80, targetPort: 8080, podLabels: { app: 'shop' } }, { host: 'shop.example.com', path: '/api', tls: { secretName: 'shop-tls' } });

    // THEN
    expect(findObject(synth(cluster), 'Ingress', 'shop', 'payments')).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop', namespace: 'payments' },
      spec: {
        ingressClassName: 'traefik',
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 80 } } } }] } }],
      },
    });
  });

  test('the controller reaches the Service pods through the tenant default-deny, on the target port only; other namespaces stay denied', () => {
    // GIVEN a tenant with default-deny and an exposed Service
    const { cluster } = ingressCluster();
    cluster.addTenant('other');
    const tenant = cluster.addTenant('payments');
    tenant.expose({ name: 'shop', port: 80, targetPort: 8080, podLabels: { app: 'shop' } }, { host: 'shop.example.com' });

    // WHEN
    const objects = manifests(synth(cluster));

    // THEN the controller's own egress and the tenant's ingress policies both allow the path
    expect(allowsConnection(objects, { from: TRAEFIK_POD, to: SHOP_POD, port: 8080 })).toBe(true);
    expect(allowsConnection(objects, { from: TRAEFIK_POD, to: SHOP_POD, port: 9090 })).toBe(false);
    expect(allowsConnection(objects, { from: TRAEFIK_POD, to: { namespace: 'payments', labels: { app: 'db' } }, port: 8080 })).toBe(false);
    expect(allowsConnection(objects, { from: { namespace: 'other', labels: {} }, to: SHOP_POD, port: 8080 })).toBe(false);
    expect(allowsConnection(objects, { from: { namespace: 'traefik', labels: { app: 'intruder' } }, to: SHOP_POD, port: 8080 })).toBe(false);
    // Clients anywhere reach the controller's traffic ports.
    expect(allowsConnection(objects, { from: { ip: '203.0.113.7' }, to: TRAEFIK_POD, port: 8443 })).toBe(true);
  });

  test('a named IngressClass picks its controller; a second exposure of one Service gets its own name', () => {
    const { cluster } = ingressCluster({
      controllers: [IngressController.traefik({ ingressClass: { default: true } }), IngressController.traefik({ namespace: 'traefik-internal', ingressClass: { name: 'internal' } })],
    });
    const tenant = cluster.addTenant('payments');
    tenant.expose({ name: 'shop', port: 80 }, { host: 'shop.example.com' });
    tenant.expose({ name: 'shop', port: 80 }, { host: '*.shop.internal.example.com', ingressClass: 'internal', pathType: IngressPathType.EXACT });
    const synthesis = synth(cluster);
    expect((findObject(synthesis, 'Ingress', 'shop-2', 'payments') as Json).spec.ingressClassName).toBe('internal');
    const policy = findObject(synthesis, 'NetworkPolicy', 'allow-ingress-shop-2', 'payments') as Json;
    expect(policy.spec.ingress[0].from[0].namespaceSelector).toStrictEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'traefik-internal' } });
    expect(policy.spec.podSelector).toStrictEqual({});
  });

  test('with a Gateway: an HTTPRoute attached to it, and the allow rule admits the Gateway\'s Envoy proxies', () => {
    // GIVEN Envoy Gateway and a tenant with default-deny
    const { cluster } = ingressCluster({ controllers: [IngressController.envoyGateway()] });
    const tenant = cluster.addTenant('payments');

    // WHEN
    tenant.expose({ name: 'shop', port: 80, targetPort: 8080, podLabels: { app: 'shop' } }, { host: 'shop.example.com', gateway: { name: 'eg', namespace: 'envoy-gateway-system' } });
    const synthesis = synth(cluster);

    // THEN
    expect((findObject(synthesis, 'HTTPRoute', 'shop', 'payments') as Json).spec).toStrictEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'eg', namespace: 'envoy-gateway-system' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 'shop', port: 80 }] }],
    });
    const objects = manifests(synthesis);
    const proxy = { namespace: 'envoy-gateway-system', labels: ENVOY_PROXY_POD_LABELS };
    expect(allowsConnection(objects, { from: proxy, to: SHOP_POD, port: 8080 })).toBe(true);
    expect(allowsConnection(objects, { from: proxy, to: SHOP_POD, port: 8081 })).toBe(false);
  });
});
