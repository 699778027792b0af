import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { addApp } from './tenant-cluster';

/** The naive cdk8s design: one Chart per tenant, synthesised by App.synth(). */
export function synthPlainCdk8s(count: number, outdir: string): number {
  const app = new App({ outdir });
  for (let i = 0; i < count; i++) {
    const ns = `team-${i}`;
    const chart = new Chart(app, ns, { disableResourceNameHashes: true });
    new k8s.KubeNamespace(chart, 'Namespace', { metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    new k8s.KubeResourceQuota(chart, 'Quota', {
      metadata: { name: 'tenant-quota', namespace: ns },
      spec: { hard: { 'requests.cpu': k8s.Quantity.fromString('4'), 'requests.memory': k8s.Quantity.fromString('8Gi'), pods: k8s.Quantity.fromNumber(50) } },
    });
    new k8s.KubeLimitRange(chart, 'Limits', {
      metadata: { name: 'tenant-limits', namespace: ns },
      spec: { limits: [{ type: 'Container', default: { cpu: k8s.Quantity.fromString('500m') }, defaultRequest: { cpu: k8s.Quantity.fromString('100m') } }] },
    });
    new k8s.KubeNetworkPolicy(chart, 'DefaultDeny', { metadata: { name: 'default-deny-all', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
    new k8s.KubeServiceAccount(chart, 'ServiceAccount', { metadata: { name: 'app', namespace: ns } });
    new k8s.KubeRole(chart, 'Role', { metadata: { name: 'app', namespace: ns }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }] });
    new k8s.KubeRoleBinding(chart, 'RoleBinding', {
      metadata: { name: 'app', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app' },
      subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: ns }],
    });
    addApp(chart, ns);
  }
  app.synth();
  return count * 9;
}
