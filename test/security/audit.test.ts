import { AuditProps, ClusterSynthesis, formatProblem } from '../../lib';
import { defineHaStacked } from '../../examples/ha-stacked';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';

const node = { name: 'cp-1', address: '10.0.0.11' };

function synthWith(audit?: AuditProps): ClusterSynthesis {
  return synth(newCluster({ controlPlane: { nodes: [node], security: { audit } } }));
}

function apiServer(s: ClusterSynthesis): any {
  return (parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'kubeadm/cp-1.yaml')!.content) as any[])[1].apiServer;
}

function rule(policy: any, group: string, resource: string, verb: string): string {
  // The first rule that matches decides, as in kube-apiserver.
  const match = policy.rules.find(
    (r: any) =>
      !r.nonResourceURLs &&
      !r.users &&
      !r.userGroups &&
      (!r.verbs || r.verbs.includes(verb)) &&
      (!r.resources || r.resources.some((g: any) => g.group === group && (!g.resources || g.resources.includes(resource)))),
  );
  return match.level;
}

describe('audit', () => {
  test('on by default: policy file, log path and rotation, and the writable log directory mount', () => {
    // WHEN
    const s = synthWith();

    // THEN
    const api = apiServer(s);
    expect(api.extraArgs.filter((a: any) => a.name.startsWith('audit-'))).toStrictEqual([
      { name: 'audit-policy-file', value: '/etc/kubernetes/clusterforge/security/audit-policy.yaml' },
      { name: 'audit-log-path', value: '/var/log/kubernetes/audit/audit.log' },
      { name: 'audit-log-maxage', value: '30' },
      { name: 'audit-log-maxbackup', value: '10' },
      { name: 'audit-log-maxsize', value: '100' },
    ]);
    expect(api.extraVolumes).toContainEqual({ name: 'audit-log', hostPath: '/var/log/kubernetes/audit', mountPath: '/var/log/kubernetes/audit', readOnly: false, pathType: 'DirectoryOrCreate' });
    expect(s.bootstrapFiles.map((f) => f.path)).toContain('security/audit-policy.yaml');
  });

  test('the policy keeps Secret, ConfigMap and TokenReview bodies out, logs RBAC changes in full, and drops noisy reads', () => {
    const [policy] = parseYamlDocuments(synthWith().bootstrapFiles.find((f) => f.path === 'security/audit-policy.yaml')!.content) as any[];
    expect([policy.apiVersion, policy.kind]).toStrictEqual(['audit.k8s.io/v1', 'Policy']);
    expect(rule(policy, '', 'secrets', 'create')).toBe('Metadata');
    expect(rule(policy, '', 'secrets', 'get')).toBe('Metadata');
    expect(rule(policy, '', 'configmaps', 'update')).toBe('Metadata');
    expect(rule(policy, 'authentication.k8s.io', 'tokenreviews', 'create')).toBe('Metadata');
    expect(rule(policy, 'rbac.authorization.k8s.io', 'clusterrolebindings', 'create')).toBe('RequestResponse');
    expect(rule(policy, 'rbac.authorization.k8s.io', 'roles', 'delete')).toBe('RequestResponse');
    expect(rule(policy, '', 'events', 'create')).toBe('None');
    expect(rule(policy, 'apps', 'deployments', 'patch')).toBe('Request');
    expect(rule(policy, '', 'pods', 'list')).toBe('Metadata');
    expect(policy.rules[0]).toStrictEqual({ level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics', '/openapi/*'] });
  });

  test('rotation and path are typed options', () => {
    const api = apiServer(synthWith({ logPath: '/var/log/apiserver/audit.json', maxAgeDays: 90, maxBackups: 3, maxSizeMegabytes: 500 }));
    expect(api.extraArgs.filter((a: any) => a.name.startsWith('audit-log-'))).toStrictEqual([
      { name: 'audit-log-path', value: '/var/log/apiserver/audit.json' },
      { name: 'audit-log-maxage', value: '90' },
      { name: 'audit-log-maxbackup', value: '3' },
      { name: 'audit-log-maxsize', value: '500' },
    ]);
    expect(api.extraVolumes[1].hostPath).toBe('/var/log/apiserver');
  });

  test('turning audit off removes flags, policy and mount, and warns', () => {
    const s = synthWith({ enabled: false });
    expect(apiServer(s).extraArgs.filter((a: any) => a.name.startsWith('audit-'))).toStrictEqual([]);
    expect(apiServer(s).extraVolumes.map((v: any) => v.name)).toStrictEqual(['clusterforge-security']);
    expect(s.bootstrapFiles.map((f) => f.path)).not.toContain('security/audit-policy.yaml');
    expect(s.warnings.map(formatProblem)).toContain(
      '[warning] test/ControlPlane (security.audit.enabled): hardening turned off: kube-apiserver writes no audit log, so nothing records who read Secrets or changed RBAC (received false; expected the hardened default (leave the option unset)) [security/loosened]',
    );
  });

  test('the ha-stacked example keeps its 30-day retention as a typed option, now with a policy and a path', () => {
    expect(apiServer(synth(defineHaStacked())).extraArgs.find((a: any) => a.name === 'audit-log-maxage')).toStrictEqual({ name: 'audit-log-maxage', value: '30' });
  });
});
