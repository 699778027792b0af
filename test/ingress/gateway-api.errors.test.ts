import { Gateway, GatewayProtocol, HttpRoute, ReferenceGrant } from '../../constructs/ingress';
import { formatProblem } from '../../lib';
import { synthErrors } from '../support/synth';
import { gatewayCluster, ingressCluster } from './fixtures';

describe('Gateway API helpers errors', () => {
  test('an HTTPRoute to a Service of another namespace without a ReferenceGrant is refused; a grant for another Service does not count', () => {
    const cluster = gatewayCluster();
    new HttpRoute(cluster, 'shop', { namespace: 'payments', parentRefs: [{ name: 'public', namespace: 'gateways' }], rules: [{ backends: [{ name: 'catalog', namespace: 'data', port: 80 }] }] });
    ReferenceGrant.httpRoutesToServices(cluster, 'other', { namespace: 'data', fromNamespace: 'payments', serviceName: 'inventory' });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/shop (rules[0].backends[0]): the HTTPRoute forwards to Service data/catalog in another namespace, and no ReferenceGrant there allows it; the Gateway would refuse the backend (received "data/catalog"; expected a Service in payments, or a ReferenceGrant in data from HTTPRoute of payments to Service (ReferenceGrant.httpRoutesToServices)) [gateway-api/reference-grant]',
    ]);
  });

  test('bad host names, an HTTPS listener without certificate and a Secret of another namespace without a grant are refused', () => {
    const { cluster } = ingressCluster({ gatewayApi: {} });
    new Gateway(cluster, 'gw', {
      namespace: 'gateways',
      gatewayClassName: 'eg',
      listeners: [
        { name: 'https', port: 443, protocol: GatewayProtocol.HTTPS },
        { name: 'tls', port: 8443, protocol: GatewayProtocol.HTTPS, hostname: 'shop.*.example.com', certificateRefs: [{ name: 'tls', namespace: 'certs' }] },
      ],
    });
    new HttpRoute(cluster, 'r', { namespace: 'payments', parentRefs: [], hostnames: ['Shop.Example.com'], rules: [{ backends: [{ name: 's', port: 0 }] }] });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/gw (listeners[0].certificateRefs): an HTTPS listener terminates TLS and needs a certificate (received []; expected certificateRefs naming a kubernetes.io/tls Secret) [gateway-api/listener]',
      '[error] test/gw (listeners[1].hostname): not a host name (received "shop.*.example.com"; expected a DNS name such as shop.example.com, or *.example.com (the * only as the whole first label)) [gateway-api/hostname]',
      '[error] test/gw (listeners[1].certificateRefs): the Gateway uses Secret certs/tls of another namespace, and no ReferenceGrant there allows it (received "certs/tls"; expected a Secret in gateways, or a ReferenceGrant in certs from Gateway of gateways to Secret) [gateway-api/reference-grant]',
      '[error] test/r (parentRefs): the route attaches to no Gateway and routes nothing (received []; expected at least one parentRef naming a Gateway) [gateway-api/parent]',
      '[error] test/r (hostnames[0]): not a host name (received "Shop.Example.com"; expected a DNS name such as shop.example.com, or *.example.com (the * only as the whole first label)) [gateway-api/hostname]',
      '[error] test/r (rules[0].backends[0].port): not a port number (received 0; expected an integer from 1 to 65535) [gateway-api/backend]',
    ]);
  });
});
