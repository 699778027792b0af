import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { Cluster, KubeObject, NetworkPolicyWriters, Subject, UpstreamDeviation, Verb } from '../../lib';
import { TENANT_ROLES_UPSTREAM, withoutBaselineWrites } from '../../lib/tenancy/tenant-roles';
import { expectDeviationsInGates } from '../networking/helpers';
import { findObject, manifests, newCluster, synth } from '../support/synth';
import { evaluateCel } from '../support/cel';
import { allows, coversAll, effectiveGrants, expectUpstreamParity, Grant, RbacRequest, roleGrants, upstreamDifferences } from '../support/upstream-parity';

const NS = 'payments';
const LEAD = Subject.serviceAccount(NS, 'lead');
const DEV = Subject.serviceAccount(NS, 'dev');
const PLATFORM = Subject.group('platform-admins');
const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** Kubernetes' default namespace roles and cluster-admin, as kube-apiserver creates them (see the fixture's provenance header). */
const BUILT_IN = (parse(fs.readFileSync(path.join(__dirname, 'fixtures/kubernetes-default-namespace-roles.yaml'), 'utf8')) as { items: KubeObject[] }).items;

function tenantCluster(writableBy?: NetworkPolicyWriters): Cluster {
  const cluster = newCluster({}, 'isolation');
  cluster.addTenant(NS, { admins: [LEAD], developers: [DEV], networkPolicy: { writableBy }, quota: { pods: 10 }, limitRange: { container: { default: { cpu: '1' }, defaultRequest: { cpu: '100m' } } } });
  cluster.grantClusterAdmin(PLATFORM);
  return cluster;
}

/** Every object a real cluster would hold: ours, and the built-in roles. */
function clusterObjects(cluster: Cluster): KubeObject[] {
  return [...manifests(synth(cluster)), ...BUILT_IN];
}

const subjectOf = (s: Subject) => ({ kind: s.kind, name: s.name, namespace: s.namespace });
const can = (grants: readonly Grant[], request: RbacRequest) => allows(grants, request);

describe('tenant roles: RBAC analysis of what a tenant admin and developer hold in their namespace', () => {
  const cluster = tenantCluster();
  const objects = clusterObjects(cluster);
  const admin = effectiveGrants(objects, subjectOf(LEAD));
  const dev = effectiveGrants(objects, subjectOf(DEV));

  test.each([
    ['admin', admin],
    ['developer', dev],
  ])('a tenant %s cannot create, change or delete the baseline NetworkPolicies, in either API group', (_who, grants) => {
    // GIVEN the baseline policies the tenant renders
    const baseline = manifests(synth(tenantCluster())).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === NS);
    expect(baseline.map((o) => o.metadata.name)).toContain('default-deny-all');

    // THEN no write to any of them, nor a new one, is allowed
    for (const verb of WRITES) {
      for (const group of ['networking.k8s.io', 'extensions']) {
        expect(can(grants, { namespace: NS, group, resource: 'networkpolicies', verb })).toBe(false);
        for (const np of baseline) expect(can(grants, { namespace: NS, group, resource: 'networkpolicies', verb, name: np.metadata.name })).toBe(false);
      }
    }
    // and reading them still is
    expect(can(grants, { namespace: NS, group: 'networking.k8s.io', resource: 'networkpolicies', verb: 'list' })).toBe(true);
  });

  test.each([
    ['admin', admin],
    ['developer', dev],
  ])('a tenant %s cannot change quotas, limit ranges or its namespace (Pod Security labels)', (_who, grants) => {
    for (const verb of WRITES) {
      expect(can(grants, { namespace: NS, group: '', resource: 'resourcequotas', verb, name: 'tenant-quota' })).toBe(false);
      expect(can(grants, { namespace: NS, group: '', resource: 'resourcequotas/status', verb })).toBe(false);
      expect(can(grants, { namespace: NS, group: '', resource: 'limitranges', verb, name: 'tenant-limits' })).toBe(false);
      expect(can(grants, { group: '', resource: 'namespaces', verb, name: NS })).toBe(false);
      expect(can(grants, { namespace: NS, group: '', resource: 'namespaces', verb, name: NS })).toBe(false);
    }
  });

  test.each([
    ['admin', admin],
    ['developer', dev],
  ])('a tenant %s holds no escalating verb: no bind, escalate or wildcard, impersonates only service accounts', (_who, grants) => {
    expect(grants.filter((g) => ['bind', 'escalate', '*'].includes(g.verb) || g.group === '*' || g.resource === '*')).toStrictEqual([]);
    expect([...new Set(grants.filter((g) => g.verb === 'impersonate').map((g) => `${g.group}/${g.resource}`))]).toStrictEqual(['/serviceaccounts']);
    // Namespaced grants only: nothing cluster-wide.
    expect(grants.filter((g) => g.scope !== `ns:${NS}`)).toStrictEqual([]);
  });

  test('a tenant admin cannot bind itself or others to a role holding more than it does (RBAC escalation check)', () => {
    // GIVEN the roles a tenant admin might try to bind in its namespace
    const roleIn = (name: string) => roleGrants(objects, 'ClusterRole', name, NS);

    // THEN the built-in admin and edit (which write NetworkPolicies), the writer role and cluster-admin are refused
    for (const role of ['admin', 'edit', 'clusterforge:tenant-networkpolicy-writer', 'cluster-admin']) {
      expect([role, coversAll(admin, roleIn(role))]).toStrictEqual([role, false]);
    }
    // and a binding that grants the baseline override cluster-wide needs a ClusterRoleBinding it cannot create
    expect(can(admin, { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verb: 'create' })).toBe(false);
    expect(can(admin, { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', verb: 'create' })).toBe(false);
    // while the roles it does hold stay grantable, as with the built-in admin
    for (const role of ['clusterforge:tenant-admin', 'clusterforge:tenant-edit', 'view']) {
      expect([role, coversAll(admin, roleIn(role))]).toStrictEqual([role, true]);
    }
  });

  test.each([
    ['admin', LEAD],
    ['edit', DEV],
  ])("differs from Kubernetes' built-in %s role by exactly the NetworkPolicy writes, each a declared deviation", (builtIn, subject) => {
    // GIVEN a service account tenant/<role> bound to the built-in role, upstream, in a namespace 'tenant'
    const upstream: KubeObject[] = [
      ...BUILT_IN,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `upstream-${builtIn}`, namespace: 'tenant' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: builtIn },
        subjects: [{ kind: 'ServiceAccount', name: builtIn, namespace: 'tenant' }],
      } as unknown as KubeObject,
    ];
    const options = { upstream, ours: objects, serviceAccounts: { [`tenant/${builtIn}`]: `${NS}/${subject.name}` }, namespaces: { tenant: NS } };

    // WHEN their effective grants are diffed
    const differences = upstreamDifferences(options);

    // THEN every upstream grant is kept but the NetworkPolicy writes, and nothing is added
    expect(differences.map((d) => d.item)).toStrictEqual(
      ['extensions', 'networking.k8s.io'].flatMap((g) => ['create', 'delete', 'deletecollection', 'patch', 'update'].map((v) => `rbac tenant/${builtIn} ns:tenant ${g}/networkpolicies ${v}`)),
    );
    // and those are exactly the declared deviations of that role
    const declared = UpstreamDeviation.of(cluster).filter((d) => d.component === TENANT_ROLES_UPSTREAM && d.item.startsWith(`rbac tenant/${builtIn} `));
    expectUpstreamParity({ ...options, deviations: declared });
  });

  test('GATES.md lists the deviations', () => {
    expectDeviationsInGates(cluster, TENANT_ROLES_UPSTREAM);
  });

  test('viewers keep the built-in view role, which writes nothing', () => {
    const view = roleGrants(BUILT_IN, 'ClusterRole', 'view', NS);
    expect(view.filter((g) => !['get', 'list', 'watch'].includes(g.verb))).toStrictEqual([]);
  });
});

describe('withoutBaselineWrites', () => {
  test('drops NetworkPolicy writes per group, keeps reads of a mixed rule and every other resource', () => {
    expect(
      withoutBaselineWrites([
        { apiGroups: ['networking.k8s.io', 'extensions'], resources: ['ingresses', 'networkpolicies'], verbs: [Verb.GET, Verb.UPDATE] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [Verb.ALL] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [Verb.DELETE] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [Verb.LIST] },
        { apiGroups: ['example.io'], resources: ['networkpolicies'], verbs: [Verb.DELETE] },
      ]),
    ).toStrictEqual([
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: [Verb.GET, Verb.UPDATE] },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [Verb.GET] },
      { apiGroups: ['extensions'], resources: ['ingresses'], verbs: [Verb.GET, Verb.UPDATE] },
      { apiGroups: ['extensions'], resources: ['networkpolicies'], verbs: [Verb.GET] },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [Verb.GET, Verb.LIST, Verb.WATCH] },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [Verb.LIST] },
      { apiGroups: ['example.io'], resources: ['networkpolicies'], verbs: [Verb.DELETE] },
    ]);
  });
});

describe('tenant roles: tenant-owned NetworkPolicies (writableBy) and the baseline guard', () => {
  test('opting in binds the writer role to admins, or to admins and developers; the default binds nobody', () => {
    for (const [writers, expected] of [
      [undefined, undefined],
      [NetworkPolicyWriters.TENANT_ADMINS, [LEAD.toJson()]],
      [NetworkPolicyWriters.TENANT_DEVELOPERS, [LEAD.toJson(), DEV.toJson()]],
    ] as const) {
      const objects = manifests(synth(tenantCluster(writers)));
      const binding = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'tenant-networkpolicy-writers') as any;
      expect(binding?.subjects).toStrictEqual(expected);
      if (binding) expect(binding.roleRef).toStrictEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'clusterforge:tenant-networkpolicy-writer' });
    }
    const objects = clusterObjects(tenantCluster(NetworkPolicyWriters.TENANT_ADMINS));
    expect(allows(effectiveGrants(objects, subjectOf(LEAD)), { namespace: NS, group: 'networking.k8s.io', resource: 'networkpolicies', verb: 'create' })).toBe(true);
    expect(allows(effectiveGrants(objects, subjectOf(DEV)), { namespace: NS, group: 'networking.k8s.io', resource: 'networkpolicies', verb: 'create' })).toBe(false);
  });

  test('opting in is a loosening: synthesis warns, naming who may add policies; the default says nothing', () => {
    const warningsOf = (writers?: NetworkPolicyWriters) =>
      synth(tenantCluster(writers))
        .warnings.filter((w) => w.rule === 'tenancy/network-policy-writers')
        .map((w) => [w.path, w.field, w.message, w.received]);
    expect(warningsOf()).toStrictEqual([]);
    expect(warningsOf(NetworkPolicyWriters.TENANT_ADMINS)).toStrictEqual([
      [`isolation/Tenants/${NS}`, 'networkPolicy.writableBy', "the tenant's admins may add NetworkPolicies that let more traffic reach or leave its pods than the platform's baseline does; the baseline policies themselves stay guarded", 'tenant-admins'],
    ]);
    expect(warningsOf(NetworkPolicyWriters.TENANT_DEVELOPERS)[0][2]).toMatch(/^the tenant's admins and developers may add/);
  });

  test('every NetworkPolicy the platform renders for a tenant carries the baseline label', () => {
    const nps = manifests(synth(tenantCluster())).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === NS);
    expect(nps.length).toBeGreaterThan(0);
    for (const np of nps) expect([np.metadata.name, np.metadata.labels]).toStrictEqual([np.metadata.name, { 'clusterforge.io/baseline': 'true' }]);
  });

  test('the guard is a ValidatingAdmissionPolicy (schema-valid for v1.35) bound to deny, failing closed, scoped to tenant namespaces', () => {
    const s = synth(tenantCluster());
    const policy = findObject(s, 'ValidatingAdmissionPolicy', 'clusterforge-baseline-network-policies') as any;
    expect(policy.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints).toStrictEqual({
      namespaceSelector: { matchExpressions: [{ key: 'clusterforge.io/tenant', operator: 'Exists' }] },
      resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['networkpolicies'] }],
    });
    expect(policy.spec.matchConditions.map((c: any) => c.name)).toStrictEqual(['touches-baseline', 'not-namespace-deletion']);
    expect(policy.spec.validations).toHaveLength(1);
    expect((findObject(s, 'ValidatingAdmissionPolicyBinding', 'clusterforge-baseline-network-policies') as any).spec).toStrictEqual({
      policyName: 'clusterforge-baseline-network-policies',
      validationActions: ['Deny'],
    });
    // Tenant namespaces carry the label the guard selects, and tenants cannot change namespace labels (above).
    expect(findObject(s, 'Namespace', NS).metadata.labels?.['clusterforge.io/tenant']).toBe(NS);
  });

  describe('the guard decides, its CEL evaluated with the RBAC of each requester', () => {
    const cluster = tenantCluster(NetworkPolicyWriters.TENANT_ADMINS);
    const objects = clusterObjects(cluster);
    const policy = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy') as any;
    const baseline = { metadata: { name: 'default-deny-all', namespace: NS, labels: { 'clusterforge.io/baseline': 'true' } }, spec: { podSelector: {} } };
    const own = { metadata: { name: 'allow-metrics', namespace: NS }, spec: { podSelector: {} } };
    const unlabelled = { ...baseline, metadata: { name: 'default-deny-all', namespace: NS, labels: {} } };
    const requesters = {
      'tenant admin': { username: `system:serviceaccount:${NS}:lead`, subject: subjectOf(LEAD) },
      'platform admin': { username: 'alice', groups: ['platform-admins'], subject: { kind: 'Group' as const, name: 'platform-admins' } },
      'namespace controller': { username: 'system:serviceaccount:kube-system:namespace-controller', subject: { kind: 'ServiceAccount' as const, name: 'namespace-controller', namespace: 'kube-system' } },
    };
    type Who = keyof typeof requesters;

    /** `denied`, `allowed`, or `not matched` (a match condition is false), as the API server would conclude. */
    function decide(who: Who, operation: string, oldObject: unknown, object: unknown): string {
      const r = requesters[who];
      const grants = effectiveGrants(objects, r.subject);
      const permissions = allows(grants, { group: 'policy.clusterforge.io', resource: 'baselinenetworkpolicies', verb: 'override' })
        ? ['policy.clusterforge.io/baselinenetworkpolicies/override']
        : [];
      const variables = {
        object,
        oldObject,
        request: { operation, namespace: NS, name: (object ?? oldObject as any).metadata.name, userInfo: { username: r.username, groups: (r as any).groups ?? [] } },
      };
      const conditions = evaluateCel(policy.spec.matchConditions.map((c: any) => ({ expression: c.expression, variables, permissions })));
      for (const c of conditions) if ('error' in c) throw new Error(c.error);
      if (conditions.some((c) => (c as { value: unknown }).value === false)) return 'not matched';
      const [validation] = evaluateCel([{ expression: policy.spec.validations[0].expression, variables, permissions }]);
      if ('error' in validation) throw new Error(validation.error);
      return validation.value === true ? 'allowed' : 'denied';
    }

    test.each<[string, Who, string, unknown, unknown, string]>([
      ['a tenant admin deleting the baseline is denied', 'tenant admin', 'DELETE', baseline, null, 'denied'],
      ['a tenant admin changing the baseline is denied', 'tenant admin', 'UPDATE', baseline, baseline, 'denied'],
      // the old object is what counts
      ['a tenant admin dropping the baseline label is denied', 'tenant admin', 'UPDATE', baseline, unlabelled, 'denied'],
      ['a tenant admin forging a baseline policy is denied', 'tenant admin', 'CREATE', null, baseline, 'denied'],
      ["a tenant admin's own policy is not the guard's business", 'tenant admin', 'CREATE', null, own, 'not matched'],
      ['a tenant admin deleting its own policy is not matched', 'tenant admin', 'DELETE', own, null, 'not matched'],
      ['a platform admin changing the baseline is allowed', 'platform admin', 'UPDATE', baseline, baseline, 'allowed'],
      ['a platform admin deleting the baseline is allowed', 'platform admin', 'DELETE', baseline, null, 'allowed'],
      ['the namespace controller emptying a deleted namespace is not matched', 'namespace controller', 'DELETE', baseline, null, 'not matched'],
    ])('%s', (_title, who, operation, oldObject, object, expected) => {
      expect(decide(who, operation, oldObject, object)).toBe(expected);
    });

    test('the denial message names the policy and who may change it', () => {
      const variables = { request: { namespace: NS, name: 'default-deny-all' } };
      const [message] = evaluateCel([{ expression: policy.spec.validations[0].messageExpression, variables }]);
      expect(message).toStrictEqual({
        value:
          'NetworkPolicy payments/default-deny-all is part of the platform baseline (label clusterforge.io/baseline); ' +
          'only platform administrators (override on baselinenetworkpolicies.policy.clusterforge.io, cluster-wide) may create, change or delete it',
      });
    });
  });
});
