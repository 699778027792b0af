import { Provisioner } from '../../constructs/storage';
import { PodSecurityLevel, PreemptionPolicy, Subject, Verb } from '../../lib';
import { newCluster, synthErrors, synthWarnings } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

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

  test('NetworkPolicy writers outside the enum', () => {
    // GIVEN a writer set written as a string the enum does not have
    const cluster = newCluster();
    cluster.addTenant('payments', { networkPolicy: { writableBy: 'everyone' as never } });

    // WHEN synthesised
    const errors = synthErrors(cluster);

    // THEN one located error naming the value and the choices
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message, e.received, e.expected])).toStrictEqual([
      ['tenancy/network-policy-writers', 'test/Tenants/payments', 'networkPolicy.writableBy', 'not a known set of NetworkPolicy writers', 'everyone', 'platform, tenant-admins, tenant-developers'],
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

  test('a LimitRange out of order around an invalid value', () => {
    // GIVEN min above default, with an invalid defaultRequest between them
    const cluster = newCluster();
    cluster.addTenant('payments', { limitRange: { container: { min: { cpu: '2' }, defaultRequest: { cpu: 'lots' }, default: { cpu: '1' } } } });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN the invalid value is reported, and the valid ones are compared with each other
    expect(errors.map((e) => [e.rule, e.field, e.message, e.received])).toStrictEqual([
      ['tenancy/quantity', 'limitRange.container.defaultRequest.cpu', 'not a valid quantity', 'lots'],
      ['tenancy/limit-range-order', 'limitRange.container.cpu', 'min 2 is above default 1; the API server rejects such a LimitRange', { min: '2', default: '1' }],
    ]);
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
    cluster.addTenant('payments', { namespaces: ['p1', 'p2'], quota: { requestsCpu: '6' }, podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
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

  test('a duplicate tenant id is a located problem, reported at synthesis', () => {
    const cluster = newCluster();
    cluster.addTenant('a');
    cluster.addTenant('a');
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.message])).toStrictEqual([
      ['ids/duplicate', 'test/Tenants', 'addTenant(id)', "a second tenant with id 'a': test/Tenants/a has it already"],
    ]);
  });
});

// Bugs found by the property test in test/fuzz; each names the bug it pins.
describe('tenancy: fuzz regressions', () => {
  test('a scoped quota named tenant-quota next to quota is an error, not a duplicate-construct throw', () => {
    // GIVEN a tenant whose scoped quota takes the name of the quota made from `quota`
    const cluster = newCluster();
    cluster.addTenant('payments', { quota: { pods: 10 }, scopedQuotas: { 'tenant-quota': { pods: 5 } } });
    // THEN synthesis refuses it with a located error
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message])).toStrictEqual([
      [
        'tenancy/quota-name',
        'test/Tenants/payments',
        'scopedQuotas.tenant-quota',
        "'tenant-quota' is the name of the ResourceQuota made from quota; the two would be one object",
      ],
    ]);
  });

  test('scoped quota names that are not object names (empty, or equal once "/" is replaced) are errors', () => {
    // GIVEN scoped quota names the API server refuses, two of which map to one construct id
    const cluster = newCluster();
    cluster.addTenant('payments', { scopedQuotas: { '': { pods: 1 }, 'a/b': { pods: 2 }, 'a--b': { pods: 3 } } });
    // THEN each invalid name is reported, and nothing throws
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['tenancy/quota-name', 'scopedQuotas.', ''],
      ['tenancy/quota-name', 'scopedQuotas.a/b', 'a/b'],
    ]);
  });

  test('an empty namespace name is an error, not a construct throw (empty construct id)', () => {
    // GIVEN a tenant namespace that cannot be a construct id
    const cluster = newCluster();
    cluster.addTenant('payments', { namespaces: ['', 'payments'] });
    // THEN it is reported like any invalid namespace name
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([['names/dns1123-label', 'test/Tenants/payments', 'namespaces', '']]);
  });

  test('namespace names that map to one construct id ("a/b", "a--b") are errors, not a duplicate-construct throw', () => {
    const cluster = newCluster();
    cluster.addTenant('payments', { namespaces: ['a--b', 'a/b'] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.received])).toStrictEqual([['names/dns1123-label', 'a/b']]);
  });

  test('a service account in a namespace named like an Object.prototype member is an error, not a TypeError', () => {
    // GIVEN a service account whose namespace, 'valueOf', the tenant does not have
    const cluster = newCluster();
    cluster.addTenant('payments').addServiceAccount('ci', 'valueOf');
    // THEN it is reported as outside the tenant's namespaces
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.message])).toStrictEqual([
      ['tenancy/service-account-namespace', 'test/Tenants/payments', "service account valueOf/ci is outside the tenant's namespaces"],
    ]);
  });

  test('a service account of a tenant without namespaces is an error, not a TypeError', () => {
    const cluster = newCluster();
    cluster.addTenant('payments', { namespaces: [] }).addServiceAccount('ci');
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.message, e.received])).toStrictEqual([
      ['tenancy/service-account-namespace', 'test/Tenants/payments', 'the tenant has no namespace to create service account ci in', []],
    ]);
  });

  test('service account names that are not object names are errors, not nameless ServiceAccounts', () => {
    // GIVEN an empty name (a ServiceAccount without metadata.name) and two names for one construct id
    const cluster = newCluster();
    const tenant = cluster.addTenant('payments');
    tenant.addServiceAccount('');
    tenant.addServiceAccount('a--b');
    tenant.addServiceAccount('a/b');
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.field, e.received, e.expected])).toStrictEqual([
      ['tenancy/service-account-name', 'serviceAccounts', '', 'a DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123 labels'],
      ['tenancy/service-account-name', 'serviceAccounts', 'a/b', 'a DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123 labels'],
    ]);
  });

  test('a tenant role id that is not a role name is an error, not a nameless Role', () => {
    // GIVEN a custom role whose id, which names the Role, is empty
    const cluster = newCluster();
    cluster.addTenant('payments').addRole('', { rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: [Verb.GET] }] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message, e.received])).toStrictEqual([
      ['rbac/name', 'test/Tenants/payments', 'roles.', 'a tenant role is named by its id, which is not a valid role name', ''],
    ]);
  });

  test('a tenant id too long for a label value is an error, not a namespace label the API server refuses', () => {
    // GIVEN a 64-character tenant id (it labels the tenant's namespaces) with a valid namespace
    const cluster = newCluster();
    cluster.addTenant('t'.repeat(64), { namespaces: ['payments'] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field])).toStrictEqual([['names/label', `test/Tenants/${'t'.repeat(64)}/payments/Namespace`, 'labels.clusterforge.io/tenant']]);
  });

  test('a label key __proto__ (labels read from JSON) is reported, not dropped', () => {
    // GIVEN tenant labels parsed from JSON, where __proto__ is an ordinary key
    const cluster = newCluster();
    cluster.addTenant('payments', { labels: JSON.parse('{"__proto__": "x", "team": "pay"}') as Record<string, string> });
    // THEN the key is checked like any other label key, and refused
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field])).toStrictEqual([['names/label', 'test/Tenants/payments/payments/Namespace', 'labels.__proto__']]);
  });

  test('an unknown preemption policy is an error, not a PriorityClass the API server refuses', () => {
    const cluster = newCluster();
    cluster.addPriorityClass('batch', { value: 100, preemptionPolicy: 'Sometimes' as PreemptionPolicy });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([['priority-class/preemption-policy', 'test/PriorityClasses/batch', 'preemptionPolicy', 'Sometimes']]);
  });

  test('a tenant grant to a subject without a name is an error, not a RoleBinding the API server refuses', () => {
    const cluster = newCluster();
    const tenant = cluster.addTenant('payments', { developers: [Subject.user('')] });
    tenant.grantView(Subject.serviceAccount('payments', 'Bad SA'));
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message])).toStrictEqual([
      ['rbac/subject', 'test/Tenants/payments', 'grants.edit', 'a User subject needs a name'],
      ['rbac/subject', 'test/Tenants/payments', 'grants.view', 'service account name is not a valid object name'],
    ]);
  });

  test('an ingress namespace that is not a namespace name is an error, not a NetworkPolicy selector the API server refuses', () => {
    const cluster = newCluster();
    cluster.addTenant('payments', { networkPolicy: { allowIngressFromNamespaces: ['ingress-nginx', 'Bad NS'] } });
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([
      ['tenancy/ingress-namespace', 'test/Tenants/payments', 'networkPolicy.allowIngressFromNamespaces', 'Bad NS'],
    ]);
  });
});


describe('tenancy: podSecurity reported on the field the user set', () => {
  test('a bad enforce level is reported once, at the tenant, on enforce (not on audit and warn); nothing is written', () => {
    const cluster = newCluster();
    cluster.addTenant('shop', { namespaces: ['shop', 'shop-batch'], podSecurity: { enforce: 'strict' as PodSecurityLevel } });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      `[error] test/Tenants/shop (podSecurity.enforce): not a Pod Security level; the API server rejects the namespace's enforce label (received "strict"; expected privileged, baseline, restricted) [pod-security/level]`,
    ]);
  });

  test('a bad version is reported at the tenant', () => {
    const cluster = newCluster();
    cluster.addTenant('shop', { podSecurity: { version: '1.35' } });
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([['pod-security/version', 'test/Tenants/shop', 'podSecurity.version', '1.35']]);
  });
});
