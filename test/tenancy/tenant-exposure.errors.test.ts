import { IngressController } from '../../constructs/ingress';
import { formatProblem } from '../../lib';
import { ingressCluster } from '../ingress/fixtures';
import { newCluster, synthErrors } from '../support/synth';

describe('Tenant.expose errors', () => {
  test('a host that is not a DNS name, a misplaced wildcard, literal TLS data and a Service outside the tenant are refused together', () => {
    const { cluster } = ingressCluster();
    const tenant = cluster.addTenant('payments');
    tenant.expose({ name: 'shop', port: 80 }, { host: 'Shop_Front' });
    tenant.expose({ name: 'shop', port: 80 }, { host: 'shop.*.example.com' });
    tenant.expose({ name: 'shop', port: 80 }, { host: 'shop.example.com', tls: { secretName: 'x', certificate: '-----BEGIN CERTIFICATE-----' } as never });
    tenant.expose({ name: 'shop', port: 70000, namespace: 'data' }, { host: 'shop.example.com', path: 'api' });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/Tenants/payments (exposures[0].host): not a host name an Ingress accepts (received "Shop_Front"; expected a fully qualified DNS name such as shop.example.com, or a wildcard such as *.example.com (the * only as the whole first label)) [tenancy/expose-host]',
      '[error] test/Tenants/payments (exposures[1].host): not a host name an Ingress accepts (received "shop.*.example.com"; expected a fully qualified DNS name such as shop.example.com, or a wildcard such as *.example.com (the * only as the whole first label)) [tenancy/expose-host]',
      '[error] test/Tenants/payments (exposures[2].tls): TLS key material given as literal data would be written into Git (received "***"; expected tls: { secretName } naming a kubernetes.io/tls Secret created outside Git (cert-manager, a sealed or external secret)) [tenancy/expose-tls-literal]',
      '[error] test/Tenants/payments (exposures[3].path): an Ingress path is absolute (received "api"; expected a path starting with /) [tenancy/expose-path]',
      '[error] test/Tenants/payments (exposures[3].service.port): not a port number (received 70000; expected an integer from 1 to 65535) [tenancy/expose-service]',
      '[error] test/Tenants/payments (exposures[3].service.namespace): the Service is outside the tenant\'s namespaces (received "data"; expected one of payments) [tenancy/expose-namespace]',
    ]);
  });

  test('exposing without any ingress controller is refused', () => {
    const cluster = newCluster();
    cluster.addTenant('payments').expose({ name: 'shop', port: 80 }, { host: 'shop.example.com' });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/Tenants/payments (exposures[0].ingressClass): no ingress controller of the cluster serves the default IngressClass (expected an ingress add-on (new ClusterIngress(cluster, ...)) with a default IngressClass) [tenancy/expose-ingress-class]',
    ]);
  });

  test('a Gateway the cluster lacks, and TLS given to an HTTPRoute, are refused', () => {
    const { cluster } = ingressCluster({ controllers: [IngressController.envoyGateway()] });
    const tenant = cluster.addTenant('payments');
    tenant.expose({ name: 'shop', port: 80 }, { host: 'shop.example.com', gateway: { name: 'public', namespace: 'gateways' } });
    tenant.expose({ name: 'cart', port: 80 }, { host: 'cart.example.com', tls: { secretName: 'cart-tls' }, gateway: { name: 'eg', namespace: 'envoy-gateway-system' } });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/Tenants/payments (exposures[0].gateway): no Gateway of the cluster has that name and namespace (received {"name":"public","namespace":"gateways"}; expected one of envoy-gateway-system/eg) [tenancy/expose-gateway]',
      '[error] test/Tenants/payments (exposures[1].gateway): an HTTPRoute takes TLS from the Gateway listener and has no IngressClass (received {"gateway":{"name":"eg","namespace":"envoy-gateway-system"},"tls":"***"}; expected gateway without tls and ingressClass (put the certificate on the Gateway listener)) [tenancy/expose-gateway]',
    ]);
  });
});
