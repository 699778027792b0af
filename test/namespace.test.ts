import { Namespace, PodSecurityLevel, Subject, WaivableCheck, Waiver } from '../lib';
import { findObject, manifests, newCluster, synth } from './support/synth';

describe('Namespace', () => {
  test('Pod Security labels follow the levels and the pinned version', () => {
    // GIVEN a namespace that enforces baseline but warns at restricted
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'legacy', { podSecurity: { enforce: PodSecurityLevel.BASELINE, warn: PodSecurityLevel.RESTRICTED, version: 'v1.34' }, labels: { team: 'a' } });
    // Its workloads are deployed outside the model; the gate wants that said.
    Waiver.add(ns, WaivableCheck.OVER_PRIVILEGED_NAMESPACE, 'legacy workloads deployed by team a still need baseline');

    // THEN
    expect(findObject(synth(cluster), 'Namespace', 'legacy').metadata.labels).toStrictEqual({
      team: 'a',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/audit-version': 'v1.34',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.34',
    });
  });

  test('grants bind the built-in aggregated roles in the namespace, one binding per role', () => {
    // GIVEN grants added after construction
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'apps');
    ns.grantView(Subject.group('auditors'));
    ns.grantView(Subject.user('jane@example.com'));
    ns.grantEdit(Subject.serviceAccount('apps', 'deployer'));

    // WHEN
    const s = synth(cluster);

    // THEN
    expect(findObject(s, 'RoleBinding', 'namespace-view', 'apps')).toStrictEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'namespace-view', namespace: 'apps' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'auditors' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'jane@example.com' },
      ],
    });
    expect((findObject(s, 'RoleBinding', 'namespace-edit', 'apps') as any).subjects).toStrictEqual([
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'apps' },
    ]);
    expect(manifests(s).filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.name)).toStrictEqual(['namespace-edit', 'namespace-view']);
  });
});
