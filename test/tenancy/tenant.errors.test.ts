import { Provisioner } from '../../constructs/storage';
import { PodSecurityLevel, Subject, Verb } from '../../lib';
import { newCluster, synthErrors, synthWarnings } from '../support/synth';

describe('tenancy: bad input', () => {
  test('a namespace shared by two tenants', () => {
    const cluster = newCluster();
    cluster.addTenant('payments', { namespaces: ['shared', 'payments'] });
    cluster.addTenant('ledger', { namespaces: ['ledger', 'shared'] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message, e.received])).toStrictEqual([
      [
        'tenancy/duplicate-namespace',
        'test/Tenants/ledger',
        'namespaces',
        "namespace 'shared' already belongs to test/Tenants/payments; two tenants would share its quota, policies and grants",
        'shared',
      ],
    ]);
  });

  test('a quota quantity like 20cores', () => {
    const cluster = newCluster();
    cluster.addTenant('payments', { quota: { requestsCpu: '20cores', pods: -1 }, limitRange: { container: { default: { cpu: '1' } } } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.field, e.received, e.expected])).toStrictEqual([
      ['tenancy/quantity', 'quota.requests.cpu', '20cores', "a Kubernetes quantity such as '500m', '2', '1.5', '64Gi' or '1e3'"],
      ['tenancy/quantity', 'quota.pods', -1, 'a non-negative integer'],
    ]);
  });

  test('a LimitRange with min above max', () => {
    const cluster = newCluster();
    cluster.addTenant('payments', { limitRange: { container: { min: { memory: '2Gi' }, max: { memory: '1Gi' }, defaultRequest: { cpu: '2' }, default: { cpu: '1' } } } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.field, e.message])).toStrictEqual([
      ['tenancy/limit-range-order', 'limitRange.container.cpu', 'defaultRequest 2 is above default 1; the API server rejects such a LimitRange'],
      ['tenancy/limit-range-order', 'limitRange.container.memory', 'min 2Gi is above max 1Gi; the API server rejects such a LimitRange'],
    ]);
    expect(errors[1].expected).toBe('min ≤ defaultRequest ≤ default ≤ max');
  });

  test('two global-default PriorityClasses', () => {
    const cluster = newCluster();
    cluster.addPriorityClass('a', { value: 10, globalDefault: true });
    cluster.addPriorityClass('b', { value: 20, globalDefault: true });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.message, e.received])).toStrictEqual([
      ['priority-class/global-default', 'test/PriorityClasses/b', 'a second global-default PriorityClass; the API server admits only one', 'b'],
    ]);
  });

  test('an unknown RBAC verb', () => {
    const cluster = newCluster();
    cluster.addTenant('payments').addRole('deployer', { rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: [Verb.GET, 'deploy' as Verb] }] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.field, e.received])).toStrictEqual([['rbac/rule', 'roles.deployer.rules[0].verbs', 'deploy']]);
    expect(errors[0].message).toBe('unknown RBAC verb; the API server would never match it, so the rule grants nothing');
  });

  test('a grant to a service account in a namespace that does not exist', () => {
    const cluster = newCluster();
    cluster.addTenant('payments', { developers: [Subject.serviceAccount('ci-system', 'deployer')] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message])).toStrictEqual([
      [
        'rbac/service-account-namespace',
        'test/Tenants/payments',
        'grants.edit',
        "ServiceAccount ci-system/deployer is granted 'edit', but namespace 'ci-system' does not exist in the cluster",
      ],
    ]);
  });

  test('a quota naming a storage class that does not exist', () => {
    const cluster = newCluster();
    cluster.addStorageClass('fast', { provisioner: Provisioner.localPath(), default: true });
    cluster.addTenant('payments', { quota: { storage: { fsat: '10Gi' } } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.received])).toStrictEqual([['tenancy/unknown-storage-class', 'fsat']]);
  });

  test('warnings: quota without LimitRange defaults, privileged tenant, overcommit', () => {
    const cluster = newCluster({ quotaOvercommitRatio: 1 });
    cluster.addNodePool('workers', { nodes: [{ name: 'w-1', address: '10.0.0.21' }], nodeCpu: '8', nodeMemory: '32Gi' });
    cluster.addTenant('payments', { namespaces: ['p1', 'p2'], quota: { requestsCpu: '6' }, podSecurity: PodSecurityLevel.PRIVILEGED });
    const warnings = synthWarnings(cluster).filter((w) => w.rule.startsWith('tenancy/'));
    expect(warnings.map((w) => [w.rule, w.message])).toStrictEqual([
      ['tenancy/overcommit', 'tenant quotas request 12 cpu in total, 1.5× the 8 the node pools declare'],
      [
        'tenancy/quota-without-limit-range',
        'the quota caps CPU or memory but no LimitRange gives containers defaults: the API server will reject every pod that does not set them itself',
      ],
      ['tenancy/privileged', 'tenant workloads would run under the privileged Pod Security level: any pod may take over its node'],
    ]);
  });

  test('duplicate tenant ids throw', () => {
    const cluster = newCluster();
    cluster.addTenant('a');
    expect(() => cluster.addTenant('a')).toThrow("Cluster 'test' already has a tenant 'a'");
  });
});
