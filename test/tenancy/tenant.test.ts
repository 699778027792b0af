import { Provisioner } from '../../constructs/storage';
import { Cluster, PodSecurityLevel, QuotaScope, Subject, Verb } from '../../lib';
import { evaluatePodSecurity } from '../../lib/validation/pod-security';
import { findObject, manifests, newCluster, synth } from '../support/synth';

function payments(): Cluster {
  const cluster = newCluster({}, 'tenancy');
  cluster.addStorageClass('fast', { provisioner: Provisioner.localPath(), default: true });
  cluster.addPriorityClass('batch-low', { value: 1000, description: 'batch work' });
  cluster.addTenant('payments', {
    namespaces: ['payments', 'payments-batch'],
    admins: [Subject.group('payments-leads')],
    developers: [Subject.group('payments-devs')],
    quota: {
      requestsCpu: '20',
      limitsMemory: '64Gi',
      requestsMemory: '65536Mi',
      pods: 200,
      storage: { fast: '500Gi' },
      storageClaims: { fast: 20 },
      extendedResources: { 'nvidia.com/gpu': '4' },
      objectCounts: { 'deployments.apps': 30 },
      servicesLoadBalancers: 0,
      servicesNodePorts: 2,
    },
    scopedQuotas: {
      'batch-low-priority': { pods: 50, priorityClasses: ['batch-low'] },
      'best-effort': { pods: 10, scopes: [QuotaScope.BEST_EFFORT] },
    },
    limitRange: {
      container: {
        min: { cpu: '10m', memory: '16Mi' },
        defaultRequest: { cpu: '100m', memory: '128Mi' },
        default: { cpu: '500m', memory: '512Mi' },
        max: { cpu: '4', memory: '8Gi' },
        maxLimitRequestRatio: { cpu: '10' },
      },
      pod: { max: { cpu: '8', memory: '16Gi' } },
    },
    podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
    networkPolicy: { allowIngressFromNamespaces: ['ingress-nginx'], allowEgressToTenants: ['ledger'] },
  });
  cluster.addTenant('ledger', { viewers: [Subject.user('auditor@example.com')], networkPolicy: { allowIngressFromTenants: ['payments'] } });
  return cluster;
}

describe('Tenant', () => {
  test('namespaces carry Pod Security labels and the tenant label', () => {
    const ns = findObject(synth(payments()), 'Namespace', 'payments-batch');
    expect(ns.metadata.labels).toStrictEqual({
      'clusterforge.io/tenant': 'payments',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.35',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.35',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.35',
    });
  });

  test('the quota has every key with normalised quantities, in each namespace', () => {
    const s = synth(payments());
    for (const ns of ['payments', 'payments-batch']) {
      expect(findObject(s, 'ResourceQuota', 'tenant-quota', ns).spec).toStrictEqual({
        hard: {
          'count/deployments.apps': '30',
          'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '20',
          'fast.storageclass.storage.k8s.io/requests.storage': '500Gi',
          'limits.memory': '64Gi',
          pods: '200',
          'requests.cpu': '20',
          'requests.memory': '64Gi',
          'requests.nvidia.com/gpu': '4',
          'services.loadbalancers': '0',
          'services.nodeports': '2',
        },
      });
    }
    expect(findObject(s, 'ResourceQuota', 'batch-low-priority', 'payments').spec).toStrictEqual({
      hard: { pods: '50' },
      scopeSelector: { matchExpressions: [{ operator: 'In', scopeName: 'PriorityClass', values: ['batch-low'] }] },
    });
    expect(findObject(s, 'ResourceQuota', 'best-effort', 'payments').spec).toStrictEqual({ hard: { pods: '10' }, scopes: ['BestEffort'] });
  });

  test('the LimitRange has container defaults and bounds, and pod bounds', () => {
    expect(findObject(synth(payments()), 'LimitRange', 'tenant-limits', 'payments').spec).toStrictEqual({
      limits: [
        {
          default: { cpu: '500m', memory: '512Mi' },
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          max: { cpu: '4', memory: '8Gi' },
          maxLimitRequestRatio: { cpu: '10' },
          min: { cpu: '10m', memory: '16Mi' },
          type: 'Container',
        },
        { max: { cpu: '8', memory: '16Gi' }, type: 'Pod' },
      ],
    });
  });

  test('default deny selects every pod; DNS egress targets CoreDNS in kube-system on UDP and TCP 53', () => {
    const s = synth(payments());
    expect(findObject(s, 'NetworkPolicy', 'default-deny-all', 'payments').spec).toStrictEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(findObject(s, 'NetworkPolicy', 'allow-dns-egress', 'payments').spec).toStrictEqual({
      egress: [
        {
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        },
      ],
      podSelector: {},
      policyTypes: ['Egress'],
    });
    expect(findObject(s, 'NetworkPolicy', 'allow-same-namespace', 'payments').spec).toStrictEqual({
      egress: [{ to: [{ podSelector: {} }] }],
      ingress: [{ from: [{ podSelector: {} }] }],
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(findObject(s, 'NetworkPolicy', 'allow-from-ingress-namespaces', 'payments').spec).toStrictEqual({
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ingress-nginx'] }] } }] }],
      podSelector: {},
      policyTypes: ['Ingress'],
    });
    expect(findObject(s, 'NetworkPolicy', 'allow-egress-to-tenants', 'payments').spec).toStrictEqual({
      egress: [{ to: [{ namespaceSelector: { matchExpressions: [{ key: 'clusterforge.io/tenant', operator: 'In', values: ['ledger'] }] } }] }],
      podSelector: {},
      policyTypes: ['Egress'],
    });
    expect((findObject(s, 'NetworkPolicy', 'allow-ingress-from-tenants', 'ledger') as any).spec.ingress).toStrictEqual([
      { from: [{ namespaceSelector: { matchExpressions: [{ key: 'clusterforge.io/tenant', operator: 'In', values: ['payments'] }] } }] },
    ]);
  });

  test('grants bind the tenant roles (view: the built-in one) in every namespace, under unchanged names; custom roles get a Role', () => {
    const cluster = payments();
    const tenant = cluster.tenants[0];
    tenant.grantView(Subject.serviceAccount('ledger', 'reporter'));
    tenant.addRole('log-reader', { rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: [Verb.GET, Verb.LIST] }], subjects: [Subject.group('sre')] });
    const ci = tenant.addServiceAccount('ci', 'payments-batch');
    tenant.grantEdit(ci);
    const s = synth(cluster);

    for (const ns of ['payments', 'payments-batch']) {
      const admin = findObject(s, 'RoleBinding', 'tenant-admin', ns) as any;
      expect(admin.roleRef).toStrictEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'clusterforge:tenant-admin' });
      expect(admin.subjects).toStrictEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'payments-leads' }]);
      const edit = findObject(s, 'RoleBinding', 'tenant-edit', ns) as any;
      expect(edit.roleRef).toStrictEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'clusterforge:tenant-edit' });
      expect((findObject(s, 'RoleBinding', 'tenant-view', ns) as any).roleRef).toStrictEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
      expect(edit.subjects).toStrictEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'payments-devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'payments-batch' },
      ]);
      expect((findObject(s, 'RoleBinding', 'tenant-view', ns) as any).subjects).toStrictEqual([{ kind: 'ServiceAccount', name: 'reporter', namespace: 'ledger' }]);
      expect((findObject(s, 'Role', 'log-reader', ns) as any).rules).toStrictEqual([{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }]);
      expect((findObject(s, 'RoleBinding', 'log-reader', ns) as any).roleRef).toStrictEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'log-reader' });
    }
    expect(findObject(s, 'ServiceAccount', 'ci', 'payments-batch').metadata).toStrictEqual({ name: 'ci', namespace: 'payments-batch' });
    // No subjects, no binding.
    expect(manifests(s).filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'ledger').map((o) => o.metadata.name)).toStrictEqual(['tenant-view']);
  });

  test('a single-namespace tenant defaults its namespace to its name, restricted, default-deny', () => {
    const cluster = newCluster();
    const t = cluster.addTenant('web');
    const s = synth(cluster);
    expect(t.namespaces).toStrictEqual(['web']);
    expect(findObject(s, 'Namespace', 'web').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(manifests(s).filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name)).toStrictEqual([
      'allow-dns-egress',
      'allow-same-namespace',
      'default-deny-all',
    ]);
  });

  test("namespaces of one tenant reach each other by default, selected by their names", () => {
    // GIVEN a tenant with two namespaces, and one that turns the allowance off
    const cluster = newCluster();
    cluster.addTenant('shop', { namespaces: ['shop', 'shop-batch'] });
    cluster.addTenant('vault', { namespaces: ['vault', 'vault-audit'], networkPolicy: { allowSameTenant: false } });

    // WHEN
    const s = synth(cluster);

    // THEN every namespace of the first tenant admits and reaches the others, by the name label the API server sets
    const peers = { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'shop-batch'] }] } };
    for (const ns of ['shop', 'shop-batch']) {
      expect(findObject(s, 'NetworkPolicy', 'allow-same-tenant', ns).spec).toStrictEqual({
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [peers] }],
        egress: [{ to: [peers] }],
      });
    }
    // AND the second tenant's namespaces stay apart
    expect(manifests(s).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-same-tenant').map((o) => o.metadata.namespace)).toStrictEqual(['shop', 'shop-batch']);
  });

  test('podSecurity has the shape of a Namespace: each mode and the version set on every namespace', () => {
    const cluster = newCluster();
    cluster.addTenant('legacy', { podSecurity: { enforce: PodSecurityLevel.BASELINE, warn: PodSecurityLevel.RESTRICTED, version: 'v1.34' } });
    expect(findObject(synth(cluster), 'Namespace', 'legacy').metadata.labels).toStrictEqual({
      'clusterforge.io/tenant': 'legacy',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/audit-version': 'v1.34',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.34',
    });
  });

  test('a restricted tenant rejects a privileged pod spec, as the API server would', () => {
    // A sanity link between the tenant's level and the evaluator the gates use.
    const pod = { spec: { containers: [{ name: 'x', image: 'x:1', securityContext: { privileged: true } }] } };
    expect(evaluatePodSecurity(pod, PodSecurityLevel.RESTRICTED).map((v) => v.check)).toContain('privileged');
  });
});

describe('tenancy: fuzz regressions', () => {
  test("a namespace named 'constructor' synthesises (constructs reads the id as taken)", () => {
    // GIVEN a valid namespace name that is also an Object.prototype member
    const cluster = newCluster();
    const tenant = cluster.addTenant('builders', { namespaces: ['constructor'] });
    tenant.addServiceAccount('ci');
    // WHEN
    const synthesis = synth(cluster);
    // THEN its namespace and service account exist like any other
    expect(findObject(synthesis, 'Namespace', 'constructor').metadata.labels?.['clusterforge.io/tenant']).toBe('builders');
    expect(findObject(synthesis, 'ServiceAccount', 'ci', 'constructor').metadata.namespace).toBe('constructor');
  });
});

