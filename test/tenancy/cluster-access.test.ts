import { BuiltInRole, PreemptionPolicy, Subject, Verb } from '../../lib';
import { findObject, newCluster, synth } from '../support/synth';

describe('cluster-wide RBAC and priority classes', () => {
  test('platform admins bind cluster-admin; auditors get view and cluster-scoped reads, never secrets', () => {
    const cluster = newCluster();
    cluster.grantClusterAdmin(Subject.group('platform'));
    cluster.grantClusterReader(Subject.group('auditors'));
    const s = synth(cluster);
    expect((findObject(s, 'ClusterRoleBinding', 'clusterforge:platform-admins') as any).roleRef.name).toBe('cluster-admin');
    expect((findObject(s, 'ClusterRoleBinding', 'clusterforge:auditors-view') as any).roleRef.name).toBe('view');
    const reader = findObject(s, 'ClusterRole', 'clusterforge:cluster-reader') as any;
    for (const rule of reader.rules) expect(rule.verbs).toStrictEqual(['get', 'list', 'watch']);
    expect(JSON.stringify(reader.rules)).not.toContain('secrets');
  });

  test('aggregated cluster roles: aggregate-to labels (the tenant roles\' too) and aggregation rules', () => {
    const cluster = newCluster();
    cluster.addClusterRole('widget-viewer', {
      name: 'widgets:view',
      rules: [{ apiGroups: ['example.io'], resources: ['widgets'], verbs: [Verb.GET, Verb.LIST, Verb.WATCH] }],
      aggregateTo: [BuiltInRole.VIEW, BuiltInRole.EDIT],
    });
    cluster.addClusterRole('monitoring', { name: 'monitoring', aggregateFrom: { 'example.io/aggregate-to-monitoring': 'true' } });
    const s = synth(cluster);
    expect(findObject(s, 'ClusterRole', 'widgets:view').metadata.labels).toStrictEqual({
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      'clusterforge.io/aggregate-to-tenant-edit': 'true',
    });
    cluster.addClusterRole('widget-admin', { name: 'widgets:admin', rules: [{ apiGroups: ['example.io'], resources: ['widgets/approval'], verbs: [Verb.UPDATE] }], aggregateTo: [BuiltInRole.ADMIN] });
    expect(findObject(synth(cluster), 'ClusterRole', 'widgets:admin').metadata.labels).toStrictEqual({
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
      'clusterforge.io/aggregate-to-tenant-admin': 'true',
    });
    expect((findObject(s, 'ClusterRole', 'monitoring') as any).aggregationRule).toStrictEqual({
      clusterRoleSelectors: [{ matchLabels: { 'example.io/aggregate-to-monitoring': 'true' } }],
    });
  });

  test('priority classes with value, global default and preemption policy', () => {
    const cluster = newCluster();
    cluster.addPriorityClass('critical', { value: 100000, preemptionPolicy: PreemptionPolicy.PREEMPT_LOWER_PRIORITY });
    cluster.addPriorityClass('standard', { value: 1000, globalDefault: true });
    cluster.addPriorityClass('batch', { value: 10, preemptionPolicy: PreemptionPolicy.NEVER });
    const s = synth(cluster);
    expect(findObject(s, 'PriorityClass', 'standard')).toStrictEqual({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'standard' },
      globalDefault: true,
      preemptionPolicy: 'PreemptLowerPriority',
      value: 1000,
    });
    expect((findObject(s, 'PriorityClass', 'batch') as any).preemptionPolicy).toBe('Never');
  });
});
