import { Exposure, IngressController } from '../../constructs/ingress';
import { formatProblem } from '../../lib';
import { allowsConnection } from '../support/network-policy';
import { findObject, manifests, synth, synthWarnings } from '../support/synth';
import { ingressCluster } from './fixtures';

type Json = Record<string, any>;

const POD = { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' } };

describe('IngressNginx', () => {
  test('selecting it warns that upstream maintenance ended, and names the alternatives', () => {
    const { cluster } = ingressCluster({ controllers: [IngressController.ingressNginx()] });
    expect(synthWarnings(cluster).filter((w) => w.rule.startsWith('ingress/')).map(formatProblem)).toStrictEqual([
      '[warning] test/Ingress (controllers[0]): ingress-nginx is retired upstream: best-effort maintenance ended in March 2026 and v1.15.1 is its last release, so no security fix will follow (received "IngressController.ingressNginx()"; expected IngressController.traefik() or IngressController.haproxy(), or a Gateway API implementation (Gateway, HTTPRoute)) [ingress/ingress-nginx-retired]',
    ]);
  });

  test('the controller serves 80/443, its admission webhook on 8443 behind the admission Service, and metrics on 10254', () => {
    const synthesis = synth(ingressCluster({ controllers: [IngressController.ingressNginx({ ingressClass: { default: true } })] }).cluster);
    const container = (findObject(synthesis, 'Deployment', 'ingress-nginx-controller', 'ingress-nginx') as Json).spec.template.spec.containers[0];
    expect(container.ports).toStrictEqual([
      { containerPort: 80, name: 'http', protocol: 'TCP' },
      { containerPort: 443, name: 'https', protocol: 'TCP' },
      { containerPort: 8443, name: 'webhook', protocol: 'TCP' },
    ]);
    expect(container.livenessProbe.httpGet.port).toBe(10254);
    const webhook = findObject(synthesis, 'ValidatingWebhookConfiguration', 'ingress-nginx-admission') as Json;
    expect(webhook.webhooks[0].clientConfig.service).toStrictEqual({ name: 'ingress-nginx-controller-admission', namespace: 'ingress-nginx', path: '/networking/v1/ingresses', port: 443 });
    const all = manifests(synthesis);
    const apiServer = { ip: '10.0.0.10' };
    expect(allowsConnection(all, { from: apiServer, to: POD, port: 8443 })).toBe(true);
    expect(allowsConnection(all, { from: apiServer, to: POD, port: 10254 })).toBe(true);
    expect(allowsConnection(all, { from: apiServer, to: POD, port: 9999 })).toBe(false);
    // The certgen Jobs' RBAC: create the webhook Secret, patch the webhook's caBundle.
    expect((findObject(synthesis, 'ClusterRole', 'ingress-nginx-admission') as Json).rules).toStrictEqual([
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'update'] },
    ]);
  });

  test('as a DaemonSet with host ports: every node takes 80 and 443, in a privileged namespace', () => {
    const synthesis = synth(ingressCluster({ controllers: [IngressController.ingressNginx({ exposure: Exposure.hostPorts() })] }).cluster);
    const ds = findObject(synthesis, 'DaemonSet', 'ingress-nginx-controller', 'ingress-nginx') as Json;
    expect(ds.spec.template.spec.containers[0].ports.filter((p: Json) => p.hostPort).map((p: Json) => p.hostPort)).toStrictEqual([80, 443]);
    expect((findObject(synthesis, 'Namespace', 'ingress-nginx') as Json).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });
});
