import { Exposure, IngressController } from '../../constructs/ingress';
import { TRAEFIK_CRD_KINDS, traefikCrdUrl } from '../../lib/versions/ingress';
import { findObject, manifests, synth } from '../support/synth';
import { ingressCluster } from './fixtures';

type Json = Record<string, any>;

describe('Traefik', () => {
  test('by default: a Deployment of 2 behind a LoadBalancer Service on 80/443, metrics on 9100, and the default IngressClass', () => {
    // GIVEN / WHEN
    const synthesis = synth(ingressCluster().cluster);

    // THEN
    const deployment = findObject(synthesis, 'Deployment', 'traefik', 'traefik') as Json;
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0].ports).toStrictEqual([
      { containerPort: 9100, name: 'metrics', protocol: 'TCP' },
      { containerPort: 8080, name: 'traefik', protocol: 'TCP' },
      { containerPort: 8000, name: 'web', protocol: 'TCP' },
      { containerPort: 8443, name: 'websecure', protocol: 'TCP' },
    ]);
    const service = findObject(synthesis, 'Service', 'traefik', 'traefik') as Json;
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports.map((p: Json) => [p.port, p.targetPort])).toStrictEqual([
      [80, 'web'],
      [443, 'websecure'],
    ]);
    expect(findObject(synthesis, 'IngressClass', 'traefik')).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: {
        name: 'traefik',
        annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
        labels: { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' },
      },
      spec: { controller: 'traefik.io/ingress-controller' },
    });
    const ns = findObject(synthesis, 'Namespace', 'traefik') as Json;
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('its ClusterRole reads Services, EndpointSlices, Secrets, Ingresses and its own CRDs, and writes only Ingress status', () => {
    const role = findObject(synth(ingressCluster().cluster), 'ClusterRole', 'traefik-traefik') as Json;
    const writes = role.rules.filter((r: Json) => r.verbs.some((v: string) => !['get', 'list', 'watch'].includes(v)));
    expect(writes).toStrictEqual([{ apiGroups: ['extensions', 'networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] }]);
    expect(role.rules.find((r: Json) => r.apiGroups[0] === 'traefik.io').resources).toStrictEqual(Object.values(TRAEFIK_CRD_KINDS));
  });

  test('the ten traefik.io CRDs are referenced by pinned chart URLs', () => {
    const urls = synth(ingressCluster().cluster).crdUrls;
    expect(urls).toStrictEqual(Object.values(TRAEFIK_CRD_KINDS).map(traefikCrdUrl).sort());
    expect(urls[0]).toMatch(/^https:\/\/raw\.githubusercontent\.com\/traefik\/traefik-helm-chart\/v41\.3\.0\/traefik\/crds\//);
  });

  test('with host ports: a DaemonSet taking 80 and 443 on every node, in a privileged namespace, without a Service', () => {
    const { cluster } = ingressCluster({ controllers: [IngressController.traefik({ exposure: Exposure.hostPorts() })] });
    const synthesis = synth(cluster);
    const ds = findObject(synthesis, 'DaemonSet', 'traefik', 'traefik') as Json;
    expect(ds.spec.template.spec.containers[0].ports.filter((p: Json) => p.hostPort)).toStrictEqual([
      { containerPort: 8000, name: 'web', protocol: 'TCP', hostPort: 80 },
      { containerPort: 8443, name: 'websecure', protocol: 'TCP', hostPort: 443 },
    ]);
    expect(manifests(synthesis).filter((o) => o.kind === 'Service' && o.metadata.namespace === 'traefik')).toStrictEqual([]);
    expect((findObject(synthesis, 'Namespace', 'traefik') as Json).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('with NodePorts: a NodePort Service with the given ports; a non-default class has no default annotation', () => {
    const { cluster } = ingressCluster({
      controllers: [IngressController.traefik({ exposure: Exposure.nodePort({ httpNodePort: 30080, httpsNodePort: 30443 }), ingressClass: { name: 'internal' } })],
    });
    const synthesis = synth(cluster);
    const service = findObject(synthesis, 'Service', 'traefik', 'traefik') as Json;
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports.map((p: Json) => p.nodePort)).toStrictEqual([30080, 30443]);
    expect((findObject(synthesis, 'IngressClass', 'internal') as Json).metadata.annotations).toBeUndefined();
    const args: string[] = (findObject(synthesis, 'Deployment', 'traefik', 'traefik') as Json).spec.template.spec.containers[0].args;
    expect(args).toContain('--providers.kubernetesingress.ingressclass=internal');
  });
});
