import { IngressController } from '../../constructs/ingress';
import { allowsConnection } from '../support/network-policy';
import { findObject, manifests, synth } from '../support/synth';
import { ingressCluster } from './fixtures';

type Json = Record<string, any>;

const NAME = 'haproxy-kubernetes-ingress';
const POD = { namespace: 'haproxy-controller', labels: { 'app.kubernetes.io/name': 'kubernetes-ingress', 'app.kubernetes.io/instance': NAME } };

describe('HaproxyIngress', () => {
  const { cluster } = ingressCluster({ controllers: [IngressController.haproxy({ ingressClass: { default: true } })] });
  const synthesis = synth(cluster);

  test('the Service publishes http, https and QUIC only; stats and pprof stay inside the cluster', () => {
    const service = findObject(synthesis, 'Service', NAME, 'haproxy-controller') as Json;
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports.map((p: Json) => `${p.port}/${p.protocol}->${p.targetPort}`)).toStrictEqual(['80/TCP->http', '443/TCP->https', '443/UDP->quic']);
    const container = (findObject(synthesis, 'Deployment', NAME, 'haproxy-controller') as Json).spec.template.spec.containers[0];
    expect(container.ports.map((p: Json) => `${p.name} ${p.containerPort}/${p.protocol}`)).toStrictEqual(['admin 6060/TCP', 'http 8080/TCP', 'https 8443/TCP', 'stat 1024/TCP', 'quic 8443/UDP']);
    expect(container.args).toContain('--prometheus');
  });

  test('RBAC: reads the cluster routing state, writes Ingress status, Secrets and its own CRDs', () => {
    const role = findObject(synthesis, 'ClusterRole', NAME) as Json;
    const writes = role.rules
      .filter((r: Json) => r.verbs.some((v: string) => !['get', 'list', 'watch'].includes(v)))
      .map((r: Json) => `${r.apiGroups.join(',')}:${r.resources.join(',')}`);
    expect(writes).toStrictEqual([
      'extensions,networking.k8s.io:ingresses/status',
      ':secrets',
      'core.haproxy.org:*',
      'ingress.v1.haproxy.org,ingress.v1.haproxy.com,ingress.v3.haproxy.org,ingress.v3.haproxy.com:*',
      'apiextensions.k8s.io:customresourcedefinitions',
    ]);
    expect((findObject(synthesis, 'IngressClass', 'haproxy') as Json).spec).toStrictEqual({ controller: 'haproxy.org/ingress-controller/haproxy' });
  });

  test('clients reach http, https and QUIC, and metrics on the stats port; pprof is not reachable', () => {
    const all = manifests(synthesis);
    const client = { ip: '198.51.100.9' };
    expect(allowsConnection(all, { from: client, to: POD, port: 8080 })).toBe(true);
    expect(allowsConnection(all, { from: client, to: POD, port: 8443, protocol: 'UDP' })).toBe(true);
    expect(allowsConnection(all, { from: client, to: POD, port: 1024 })).toBe(true);
    expect(allowsConnection(all, { from: client, to: POD, port: 6060 })).toBe(false);
  });

  test('a second HAProxy in its own namespace and class gets cluster-scoped names of its own', () => {
    const { cluster: two } = ingressCluster({
      controllers: [IngressController.haproxy({ ingressClass: { default: true } }), IngressController.haproxy({ namespace: 'haproxy-internal', ingressClass: { name: 'haproxy-internal' } })],
    });
    const roles = manifests(synth(two)).filter((o) => o.kind === 'ClusterRole').map((o) => o.metadata.name);
    expect(roles).toEqual(expect.arrayContaining([NAME, `${NAME}-haproxy-internal`, `${NAME}-crdjob`, `${NAME}-crdjob-haproxy-internal`]));
  });
});
