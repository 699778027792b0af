import { Construct, IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { deepFreeze, newL1 } from '../l1-object';
import { dnsEgressRule } from '../net/network-policy';
import { Cluster } from '../cluster';
import { Namespace, PodSecurityProps, podSecurityProblems } from '../namespace';
import { findStorageClass } from '../storage-class';
import type { PlacedObject } from '../synth/ordering';
import { IModelValidator, IObjectValidator, ValidationContext } from '../validation/context';
import { DNS1123_LABEL_EXPECTED, DNS1123_SUBDOMAIN_EXPECTED, isDns1123Label, isDns1123Subdomain } from '../validation/formats';
import { PodSecurityLevel } from '../validation/pod-security';
import { isRoleName, PolicyRule, policyRuleProblems, ruleToJson } from './policy-rule';
import { compareQuantities, formatQuantity, parseQuantity, QUANTITY_EXPECTED } from './quantity';
import { LimitRangeProps, QuotaProps, QuotaScope, quotaHard, resourceValuesToJson, ResourceValues } from './quota';
import { BuiltInRole, LazyRoleBinding, RoleRef } from './role-binding';
import { Subject } from './subject';
import { BASELINE_LABEL, TENANT_ADMIN_ROLE, TENANT_EDIT_ROLE, TENANT_NETWORK_POLICY_WRITER_ROLE } from './tenant-roles';
import { addOnNamespaces, isBuiltInNamespace } from '../validation/rules/reserved-namespaces';
import { WaivableCheck, Waiver } from '../validation/waiver';
import { IGatewayEndpoint, IIngressEndpoint, isGatewayEndpoint, isIngressEndpoint } from '../ingress-endpoint';
import { findAllUnder } from '../validation/construct-scan';
import { LateRenderingMemo, preparesWithinItself } from '../synth/late-rendering';
import { ExposeOptions, ServiceReference, TenantExposure } from './tenant-exposure';
import { ProblemDetails } from '../validation/context';
import { deferProblem } from '../validation/deferred';
import { shorten } from '../validation/describe-value';
import { Severity } from '../validation/problem';

/** Who may write NetworkPolicies in a tenant's namespaces, besides platform administrators. */
export enum NetworkPolicyWriters {
  /** Nobody: the platform defines every policy, through `networkPolicy`. */
  PLATFORM = 'platform',
  /** The tenant's admins may add policies of their own; the baseline ones stay out of their reach. */
  TENANT_ADMINS = 'tenant-admins',
  /** The tenant's admins and developers may add policies of their own. */
  TENANT_DEVELOPERS = 'tenant-developers',
}

/** Which traffic a tenant's NetworkPolicies let through. */
export interface TenantNetworkPolicyProps {
  /**
   * Deny all ingress and egress not allowed below.
   * @default true
   */
  readonly defaultDeny?: boolean | undefined;
  /**
   * Allow traffic between pods of the same namespace.
   * @default true
   */
  readonly allowSameNamespace?: boolean | undefined;
  /**
   * Allow traffic between the tenant's own namespaces (a team's `app` and `app-batch`, say).
   * Rendered only for a tenant with more than one namespace.
   * @default true
   */
  readonly allowSameTenant?: boolean | undefined;
  /**
   * Allow DNS egress to CoreDNS in kube-system on UDP and TCP 53.
   * @default true
   */
  readonly allowDns?: boolean | undefined;
  /**
   * Namespaces whose pods may connect in, e.g. ingress controllers.
   * @default - none
   */
  readonly allowIngressFromNamespaces?: readonly string[] | undefined;
  /**
   * Tenants whose namespaces this tenant's pods may connect to.
   * @default - none
   */
  readonly allowEgressToTenants?: readonly string[] | undefined;
  /**
   * Tenants whose pods may connect to this tenant's pods.
   * @default - none
   */
  readonly allowIngressFromTenants?: readonly string[] | undefined;
  /**
   * Who may create NetworkPolicies of their own. Policies only add allowed traffic, so a
   * tenant's own policy can open its pods further, never the platform's baseline: the policies
   * rendered here carry `clusterforge.io/baseline` and a ValidatingAdmissionPolicy refuses any
   * change to them by anyone but platform administrators.
   * @default NetworkPolicyWriters.PLATFORM
   */
  readonly writableBy?: NetworkPolicyWriters | undefined;
}

/** A custom namespaced role for a tenant. */
export interface TenantRoleProps {
  readonly rules: readonly PolicyRule[];
  /**
   * Granted to these subjects in every namespace of the tenant.
   * @default - nobody yet
   */
  readonly subjects?: readonly Subject[] | undefined;
}

/** Props of a tenant added with `cluster.addTenant(id, props)`. */
export interface TenantProps {
  /**
   * The tenant's namespaces.
   * @default - one namespace named after the tenant
   */
  readonly namespaces?: readonly string[] | undefined;
  /**
   * Granted `clusterforge:tenant-admin` in every namespace: Kubernetes' `admin` role without
   * NetworkPolicy writes, so the platform's baseline stays. @default - nobody
   */
  readonly admins?: readonly Subject[] | undefined;
  /** Granted `clusterforge:tenant-edit`: Kubernetes' `edit` role without NetworkPolicy writes. @default - nobody */
  readonly developers?: readonly Subject[] | undefined;
  /** Granted the built-in `view` role. @default - nobody */
  readonly viewers?: readonly Subject[] | undefined;
  /**
   * A ResourceQuota applied to each namespace.
   * @default - no quota
   */
  readonly quota?: QuotaProps | undefined;
  /**
   * More quotas per namespace, by name, usually scoped (`scopes`, `priorityClasses`).
   * @default - none
   */
  readonly scopedQuotas?: Readonly<Record<string, QuotaProps>> | undefined;
  /**
   * A LimitRange applied to each namespace.
   * @default - none; a quota on requests or limits then warns
   */
  readonly limitRange?: LimitRangeProps | undefined;
  /**
   * Pod Security Admission levels of every namespace: the same shape as a Namespace's.
   * @default - restricted for enforce, audit and warn, at the cluster's minor version
   */
  readonly podSecurity?: PodSecurityProps | undefined;
  /**
   * NetworkPolicies of every namespace.
   * @default - default deny, with same-namespace and DNS traffic allowed
   */
  readonly networkPolicy?: TenantNetworkPolicyProps | undefined;
  /**
   * Labels of every namespace.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

const TENANT_LABEL = 'clusterforge.io/tenant';
/** The ClusterRole each grant binds to: tenant roles where the built-in one could weaken the baseline. */
const TENANT_ROLES: Record<BuiltInRole, string> = {
  [BuiltInRole.ADMIN]: TENANT_ADMIN_ROLE,
  [BuiltInRole.EDIT]: TENANT_EDIT_ROLE,
  // view writes nothing
  [BuiltInRole.VIEW]: BuiltInRole.VIEW,
};
/** Name of the ResourceQuota made from `quota`; scoped quotas are named by their keys. */
const TENANT_QUOTA = 'tenant-quota';
const NO_NAMES: ReadonlySet<string> = new Set();
const NO_NAMESPACES: readonly string[] = Object.freeze([]);
const QUOTA_SCOPES: readonly string[] = Object.values(QuotaScope);
const LIMIT_RANGE_RESOURCES = ['cpu', 'memory', 'ephemeralStorage'] as const;
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

// Late rendering asks these once per cluster, not once per tenant: each walks every add-on or
// the whole tree, which made preparing a thousand tenants quadratic.
const ADD_ON_NAMESPACES = new LateRenderingMemo((cluster: Cluster) => addOnNamespaces(cluster));
const ENDPOINTS = new LateRenderingMemo((cluster: Cluster) => clusterEndpoints(cluster));

/** The ingress controllers and Gateways tenants can be exposed through. */
interface ClusterEndpoints {
  readonly endpoints: readonly IIngressEndpoint[];
  readonly gateways: readonly IGatewayEndpoint[];
}
const NO_ENDPOINTS: ClusterEndpoints = Object.freeze({ endpoints: Object.freeze([]), gateways: Object.freeze([]) });

/**
 * `compute`, once per synthesis: validation walks the tree once (construct-scan), and what the
 * tenants read of the cluster is derived once from that walk, keyed by it, not once per tenant.
 */
function oncePerScan<T>(compute: (cluster: Cluster, all: readonly IConstruct[]) => T): (cluster: Cluster) => T {
  const values = new WeakMap<readonly IConstruct[], T>();
  return (cluster) => {
    const all = findAllUnder(cluster);
    let value = values.get(all);
    if (value === undefined) values.set(all, (value = compute(cluster, all)));
    return value;
  };
}

const clusterEndpoints = oncePerScan(
  (_, all): ClusterEndpoints => ({
    endpoints: all.filter((c): c is IConstruct & IIngressEndpoint => isIngressEndpoint(c)),
    gateways: all.filter((c): c is IConstruct & IGatewayEndpoint => isGatewayEndpoint(c)),
  }),
);
const tenantNames = oncePerScan((cluster): ReadonlySet<string> => new Set(cluster.tenants.map((t) => t.tenantName)));
const priorityClassNames = oncePerScan((cluster): ReadonlySet<string> => new Set(cluster.priorityClasses.map((p) => p.name)));

// What every tenant namespace holds alike is built once and shared, frozen: cdk8s copies props
// when it renders and never writes to them, and a thousand tenants held a thousand copies.
const BASELINE_LABELS: Readonly<Record<string, string>> = deepFreeze({ [BASELINE_LABEL]: 'true' });
/** An empty podSelector selects every pod; listing both types with no rules denies all. */
const DEFAULT_DENY_SPEC = deepFreeze({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const SAME_NAMESPACE_SPEC = deepFreeze({
  podSelector: {},
  policyTypes: ['Ingress', 'Egress'],
  ingress: [{ from: [{ podSelector: {} }] }],
  egress: [{ to: [{ podSelector: {} }] }],
});
const DNS_EGRESS_SPEC = deepFreeze({ podSelector: {}, policyTypes: ['Egress'], egress: [dnsEgressRule()] });
/** The bindings of every tenant namespace to the ClusterRole of each built-in role's grants. */
const TENANT_BINDINGS: readonly { readonly role: BuiltInRole; readonly id: string; readonly name: string; readonly roleRef: RoleRef }[] = deepFreeze(
  Object.values(BuiltInRole).map((role) => ({ role, id: `Binding-${role}`, name: `tenant-${role}`, roleRef: { kind: 'ClusterRole' as const, name: TENANT_ROLES[role] } })),
);

/**
 * A team's isolated slice of the cluster: namespaces with Pod Security labels,
 * quotas, limit ranges, default-deny NetworkPolicies and role bindings.
 */
export class Tenant extends Construct implements IModelValidator, IObjectValidator {
  public readonly tenantName: string;
  public readonly namespaces: readonly string[];
  public readonly props: TenantProps;
  private readonly subjects: Record<BuiltInRole, Subject[]>;
  private readonly roles = new Map<string, { rules: readonly PolicyRule[]; subjects: Subject[] }>();
  private readonly serviceAccounts: { name: string; namespace: string | undefined }[] = [];
  /** Namespaces the tenant cannot have: built-in ones, and those another tenant or an add-on owns. */
  private readonly conflicts: { namespace: string; owner: string; kind: 'tenant' | 'built-in' | 'add-on' }[] = [];
  /** The construct each rendered namespace's objects live under, by namespace name. */
  private readonly namespaceScopes = new Map<string, Construct>();
  private readonly exposures: TenantExposure[] = [];

  /**
   * @param name the tenant's name, when the construct id differs from it (an id such as
   * `constructor` is held under another construct id)
   */
  constructor(scope: Construct, id: string, props: TenantProps, claimed: ReadonlyMap<string, string>, name: string = id) {
    super(scope, id);
    this.tenantName = name;
    this.props = props;
    this.namespaces = props.namespaces ?? [name];
    // Keys written out, not computed from the enum: a literal with computed keys is built key by key.
    this.subjects = {
      admin: props.admins ? [...props.admins] : [],
      edit: props.developers ? [...props.developers] : [],
      view: props.viewers ? [...props.viewers] : [],
    };
    const level = props.podSecurity?.enforce ?? PodSecurityLevel.RESTRICTED;
    const distinct = this.namespaces.length === 1 ? this.namespaces : [...new Set(this.namespaces)];
    // The namespaces this tenant renders, its own, claimed by no one else: what allow-same-tenant
    // selects, which a tenant of one namespace does not have.
    const own = distinct.length > 1 ? distinct.filter((ns) => ns !== '' && !claimed.has(ns) && !isBuiltInNamespace(ns)) : NO_NAMESPACES;
    // A spread, not Object.assign: a `__proto__` key (labels read from JSON) stays a key, which
    // the Namespace's label check then reports; one object per tenant, so its shape is no cost.
    const tenantLabels: Record<string, string> = { ...props.labels };
    tenantLabels[TENANT_LABEL] = name;
    for (const ns of distinct) {
      const owner = claimed.get(ns);
      if (owner) {
        this.conflicts.push({ namespace: ns, owner, kind: 'tenant' });
        continue;
      }
      // Rendered, a tenant's default-deny, quota and grants would land on the cluster's own
      // components (DNS among them); render nothing and report the claim.
      if (isBuiltInNamespace(ns)) {
        this.conflicts.push({ namespace: ns, owner: 'Kubernetes', kind: 'built-in' });
        continue;
      }
      // An empty name, or one that equals another once ids replace "/", cannot be a
      // construct id; such names are invalid and validateModel reports them, so render
      // nothing rather than throw.
      const scopeId = namespaceScopeId(ns);
      if (ns === '' || this.node.tryFindChild(scopeId) !== undefined) continue;
      const nsScope = new Construct(this, scopeId);
      this.namespaceScopes.set(ns, nsScope);
      // Namespace copies the labels into its object; its own validation reads them, never writes.
      const namespace = new Namespace(nsScope, 'Namespace', { name: ns, podSecurity: props.podSecurity, labels: tenantLabels });
      namespace.podSecurityReportedByOwner = true;
      // An invalid level is reported by validateModel; nothing to waive then.
      if (level !== PodSecurityLevel.RESTRICTED && Object.values(PodSecurityLevel).includes(level)) {
        // Tenant workloads are deployed by the team, outside this model; the platform
        // team declared the level they need.
        Waiver.add(namespace, WaivableCheck.OVER_PRIVILEGED_NAMESPACE, `tenant '${name}' is granted ${level} for workloads its team deploys outside this model`);
      }
      this.renderNamespace(nsScope, ns, own);
    }
  }

  /** Grants the built-in `view` role in every namespace of the tenant. */
  public grantView(subject: Subject): void {
    this.subjects[BuiltInRole.VIEW].push(subject);
  }

  /** Grants `clusterforge:tenant-edit`: Kubernetes' `edit` role without NetworkPolicy writes. */
  public grantEdit(subject: Subject): void {
    this.subjects[BuiltInRole.EDIT].push(subject);
  }

  /** Grants `clusterforge:tenant-admin`: Kubernetes' `admin` role without NetworkPolicy writes. */
  public grantAdmin(subject: Subject): void {
    this.subjects[BuiltInRole.ADMIN].push(subject);
  }

  /** Adds a custom Role to every namespace. A taken id is reported at synthesis. */
  public addRole(id: string, props: TenantRoleProps): void {
    if (this.roles.has(id)) {
      this.deferError({
        rule: 'ids/duplicate',
        field: 'addRole(id)',
        message: `a second role with id '${shorten(id)}'; the tenant has one already`,
        received: id,
        expected: 'a role id not used by another role of the tenant',
      });
      return;
    }
    this.roles.set(id, { rules: props.rules, subjects: [...(props.subjects ?? [])] });
  }

  /** Grants a custom role added with addRole. An unknown role is reported at synthesis. */
  public grantRole(id: string, subject: Subject): void {
    const role = this.roles.get(id);
    if (!role) {
      this.deferError({
        rule: 'rbac/unknown-role',
        field: 'grantRole(id)',
        message: 'the tenant has no role with that id',
        received: id,
        expected: this.roles.size > 0 ? `one of ${[...this.roles.keys()].map((r) => `'${shorten(r)}'`).join(', ')}` : 'a role added first with addRole',
      });
      return;
    }
    role.subjects.push(subject);
  }

  /** Adds a ServiceAccount to one of the tenant's namespaces (the first by default). A taken name is reported at synthesis. */
  public addServiceAccount(name: string, namespace: string = this.namespaces[0]): Subject {
    if (this.serviceAccounts.some((s) => s.name === name && s.namespace === namespace)) {
      this.deferError({
        rule: 'ids/duplicate',
        field: 'addServiceAccount(name)',
        message: `service account ${shorten(String(namespace))}/${shorten(name)} is added twice`,
        received: name,
        expected: 'a service account name not used yet in that namespace',
      });
      return Subject.serviceAccount(namespace, name);
    }
    // A tenant without namespaces has no first one: validateModel reports the account.
    const ns: string | undefined = namespace;
    this.serviceAccounts.push({ name, namespace: ns });
    const nsScope = ns === undefined ? undefined : this.namespaceScopes.get(ns);
    // Two invalid names can map to one construct id ("a/b", "a--b"); validateModel reports them.
    const id = `ServiceAccount-${name}`;
    if (nsScope && nsScope.node.tryFindChild(id) === undefined) newL1(k8s.KubeServiceAccount, nsScope, id, { metadata: { name, namespace: ns } });
    return Subject.serviceAccount(namespace, name);
  }

  /**
   * Routes outside traffic to one of the tenant's Services: an Ingress of the cluster's
   * default IngressClass (or `options.ingressClass`) in the Service's namespace, and a
   * NetworkPolicy that admits the controller's pods through the tenant's default-deny.
   */
  public expose(service: ServiceReference, options: ExposeOptions): void {
    const ns = service.namespace ?? this.namespaces[0];
    const taken = this.exposures.filter((e) => (e.service.namespace ?? this.namespaces[0]) === ns && e.service.name === service.name).length;
    const name = taken === 0 ? service.name : `${service.name}-${taken + 1}`;
    const scope = (this.node.tryFindChild('Exposures') as Construct | undefined) ?? new Construct(this, 'Exposures');
    this.exposures.push(new TenantExposure(scope, String(this.exposures.length), service, options, name));
  }

  private deferError(details: ProblemDetails): void {
    deferProblem(Cluster.of(this), Severity.ERROR, this, details);
  }

  private renderNamespace(scope: Construct, ns: string, own: readonly string[]): void {
    const p = this.props;
    if (p.quota) this.renderQuota(scope, ns, TENANT_QUOTA, p.quota);
    if (p.scopedQuotas) {
      for (const [name, q] of Object.entries(p.scopedQuotas)) {
        // A name whose construct is taken (the tenant quota's, or one that differs only in
        // characters ids cannot hold) is reported by validateModel; constructors must not throw.
        if (scope.node.tryFindChild(`Quota-${name}`)) continue;
        this.renderQuota(scope, ns, name, q);
      }
    }
    if (p.limitRange) {
      const limits: Record<string, unknown>[] = [];
      const c = p.limitRange.container;
      if (c) {
        limits.push({
          type: 'Container',
          default: values(c.default),
          defaultRequest: values(c.defaultRequest),
          min: values(c.min),
          max: values(c.max),
          maxLimitRequestRatio: values(c.maxLimitRequestRatio),
        });
      }
      const pod = p.limitRange.pod;
      if (pod) {
        limits.push({ type: 'Pod', min: values(pod.min), max: values(pod.max), maxLimitRequestRatio: values(pod.maxLimitRequestRatio) });
      }
      newL1(k8s.KubeLimitRange, scope, 'LimitRange', { metadata: { name: 'tenant-limits', namespace: ns }, spec: { limits: limits as unknown as k8s.LimitRangeItem[] } });
    }
    this.renderNetworkPolicies(scope, ns, own);
    // Bindings render lazily: grants may be added after construction. Names and ids stay those of
    // the built-in roles the grants were once bound to.
    for (const b of TENANT_BINDINGS) new LazyRoleBinding(scope, b.id, ns, b.name, b.roleRef, this.subjects[b.role]);
    const writers = this.props.networkPolicy?.writableBy ?? NetworkPolicyWriters.PLATFORM;
    if (writers !== NetworkPolicyWriters.PLATFORM) {
      new LazyRoleBinding(scope, 'Binding-networkpolicy-writers', ns, 'tenant-networkpolicy-writers', { kind: 'ClusterRole', name: TENANT_NETWORK_POLICY_WRITER_ROLE }, () => [
        ...this.subjects[BuiltInRole.ADMIN],
        ...(writers === NetworkPolicyWriters.TENANT_DEVELOPERS ? this.subjects[BuiltInRole.EDIT] : []),
      ]);
    }
  }

  private renderQuota(scope: Construct, ns: string, name: string, q: QuotaProps): void {
    const given = quotaHard(q);
    const hard: Record<string, k8s.Quantity> = {};
    for (const k of Object.keys(given)) {
      const v = given[k];
      hard[k] = typeof v === 'number' ? countQuantity(v) : quantityOf(v);
    }
    newL1(k8s.KubeResourceQuota, scope, `Quota-${name}`, {
      metadata: { name, namespace: ns },
      spec: {
        hard,
        scopes: q.scopes?.length ? [...q.scopes] : undefined,
        scopeSelector: q.priorityClasses?.length
          ? { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [...q.priorityClasses] }] }
          : undefined,
      },
    });
  }

  private renderNetworkPolicies(scope: Construct, ns: string, own: readonly string[]): void {
    const np = this.props.networkPolicy ?? {};
    const policy = (id: string, name: string, spec: object) =>
      newL1(k8s.KubeNetworkPolicy, scope, id, { metadata: { name, namespace: ns, labels: BASELINE_LABELS }, spec: spec as k8s.NetworkPolicySpec });
    const namespaceIn = (names: readonly string[]) => ({
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...names].sort() }] },
    });
    if (np.defaultDeny ?? true) {
      policy('DefaultDeny', 'default-deny-all', DEFAULT_DENY_SPEC);
    }
    if (np.allowSameNamespace ?? true) {
      policy('AllowSameNamespace', 'allow-same-namespace', SAME_NAMESPACE_SPEC);
    }
    if ((np.allowSameTenant ?? true) && own.length > 1) {
      // Selected by name (a label the API server sets and nobody can forge), not by the tenant label.
      const tenantNamespaces = namespaceIn(own);
      policy('AllowSameTenant', 'allow-same-tenant', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [tenantNamespaces] }],
        egress: [{ to: [tenantNamespaces] }],
      });
    }
    if (np.allowDns ?? true) {
      policy('AllowDns', 'allow-dns-egress', DNS_EGRESS_SPEC);
    }
    if (np.allowIngressFromNamespaces?.length) {
      policy('AllowIngressFromNamespaces', 'allow-from-ingress-namespaces', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [namespaceIn(np.allowIngressFromNamespaces)] }],
      });
    }
    if (np.allowEgressToTenants?.length) {
      policy('AllowEgressToTenants', 'allow-egress-to-tenants', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: 'In', values: [...np.allowEgressToTenants].sort() }] } }] }],
      });
    }
    if (np.allowIngressFromTenants?.length) {
      policy('AllowIngressFromTenants', 'allow-ingress-from-tenants', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: 'In', values: [...np.allowIngressFromTenants].sort() }] } }] }],
      });
    }
  }

  /**
   * Drops namespaces an add-on owns (add-ons may be added after the tenant), then renders
   * custom roles, so roles added after construction are included.
   */
  public prepareForSynthesis(): void {
    const cluster = Cluster.of(this);
    const owners = ADD_ON_NAMESPACES.get(cluster);
    for (const [ns, nsScope] of [...this.namespaceScopes]) {
      const owner = owners.get(ns);
      if (owner === undefined) continue;
      this.node.tryRemoveChild(nsScope.node.id);
      this.namespaceScopes.delete(ns);
      this.conflicts.push({ namespace: ns, owner, kind: 'add-on' });
    }
    const { endpoints, gateways } = this.exposures.length > 0 ? ENDPOINTS.get(cluster) : NO_ENDPOINTS;
    for (const e of this.exposures) {
      const ns = e.service.namespace ?? this.namespaces[0];
      const target = e.target(endpoints, gateways);
      // Exposures without a controller, or outside the tenant, are reported by validateModel.
      if (target && this.namespaceScopes.has(ns) && e.node.tryFindChild('AllowFromController') === undefined) e.render(ns, target);
    }
    for (const [ns, nsScope] of this.namespaceScopes) {
      for (const [id, role] of this.roles) {
        if (nsScope.node.tryFindChild(`Role-${id}`)) continue;
        newL1(k8s.KubeRole, nsScope, `Role-${id}`, { metadata: { name: id, namespace: ns }, rules: role.rules.map(ruleToJson) as never });
        new LazyRoleBinding(nsScope, `RoleBinding-${id}`, ns, id, { kind: 'Role', name: id }, role.subjects).prepareForSynthesis();
      }
    }
  }

  public validateModel(context: ValidationContext): void {
    for (const c of this.conflicts) {
      if (c.kind === 'tenant') {
        context.error(this, {
          rule: 'tenancy/duplicate-namespace',
          field: 'namespaces',
          message: `namespace '${c.namespace}' already belongs to ${c.owner}; two tenants would share its quota, policies and grants`,
          received: c.namespace,
          expected: 'namespaces unique across tenants',
        });
        continue;
      }
      context.error(this, {
        rule: 'tenancy/reserved-namespace',
        field: 'namespaces',
        message:
          c.kind === 'built-in'
            ? `namespace '${c.namespace}' belongs to Kubernetes itself: the tenant's default-deny, quota and grants would apply to what Kubernetes runs there` +
              (c.namespace === 'kube-system' ? ' (CoreDNS among it: DNS would stop for the whole cluster)' : '') +
              `, and the tenant's admins would administer ${c.namespace}`
            : `namespace '${c.namespace}' belongs to the add-on ${c.owner}: the tenant's default-deny, quota and grants would apply to the add-on's own workloads`,
        received: c.namespace,
        expected: "a namespace of the tenant's own: not default, not kube-*, and none an add-on uses",
      });
    }
    for (const ns of this.namespaces) {
      if (!isDns1123Label(ns)) {
        context.error(this, { rule: 'names/dns1123-label', field: 'namespaces', message: 'namespace name is not a valid DNS-1123 label', received: ns, expected: DNS1123_LABEL_EXPECTED });
      }
    }
    const cluster = this.node.scope!.node.scope as Cluster;
    if (this.props.quota) this.validateQuota(context, cluster, 'quota', this.props.quota);
    for (const [n, q] of Object.entries(this.props.scopedQuotas ?? {})) this.validateQuota(context, cluster, `scopedQuotas.${n}`, q);
    for (const name of Object.keys(this.props.scopedQuotas ?? {})) {
      if (!isDns1123Subdomain(name)) {
        context.error(this, { rule: 'tenancy/quota-name', field: `scopedQuotas.${name}`, message: 'quota name is not a valid ResourceQuota name', received: name, expected: DNS1123_SUBDOMAIN_EXPECTED });
      } else if (name === TENANT_QUOTA && this.props.quota) {
        context.error(this, {
          rule: 'tenancy/quota-name',
          field: `scopedQuotas.${name}`,
          message: `'${TENANT_QUOTA}' is the name of the ResourceQuota made from quota; the two would be one object`,
          received: name,
          expected: `a scoped quota name other than '${TENANT_QUOTA}'`,
        });
      }
    }
    if (this.props.limitRange) this.validateLimitRange(context, this.props.limitRange);
    const q = this.props.quota;
    const capsComputeResources = q && [q.requestsCpu, q.requestsMemory, q.limitsCpu, q.limitsMemory].some((v) => v !== undefined);
    const hasDefaults = this.props.limitRange?.container?.default || this.props.limitRange?.container?.defaultRequest;
    if (capsComputeResources && !hasDefaults) {
      context.warn(this, {
        rule: 'tenancy/quota-without-limit-range',
        field: 'limitRange',
        message: 'the quota caps CPU or memory but no LimitRange gives containers defaults: the API server will reject every pod that does not set them itself',
        received: undefined,
        expected: 'limitRange.container.default and defaultRequest',
      });
    }
    const podSecurity = this.props.podSecurity;
    const version = podSecurity?.version ?? cluster.kubernetesVersion.minorVersion;
    for (const p of podSecurityProblems(podSecurity, version)) context.error(this, p);
    if (podSecurity?.enforce === PodSecurityLevel.PRIVILEGED) {
      context.warn(this, {
        rule: 'tenancy/privileged',
        field: 'podSecurity.enforce',
        message: 'tenant workloads would run under the privileged Pod Security level: any pod may take over its node',
        received: PodSecurityLevel.PRIVILEGED,
        expected: 'restricted, or baseline where restricted is not yet possible',
      });
    }
    const checkSubjects = (role: string, subjects: readonly Subject[]): void => {
      for (const s of subjects) {
        const p = s.problem;
        if (p) context.error(this, { rule: 'rbac/subject', field: `grants.${role}`, ...p });
      }
    };
    for (const role in this.subjects) checkSubjects(role, this.subjects[role as BuiltInRole]);
    for (const [id, r] of this.roles) checkSubjects(id, r.subjects);
    for (const [id, role] of this.roles) {
      if (!isRoleName(id)) {
        context.error(this, { rule: 'rbac/name', field: `roles.${id}`, message: 'a tenant role is named by its id, which is not a valid role name', received: id, expected: DNS1123_SUBDOMAIN_EXPECTED + ' (":" allowed)' });
      }
      role.rules.forEach((r, i) => {
        for (const [field, message, received, expected] of policyRuleProblems(r, `roles.${id}.rules[${i}]`)) {
          context.error(this, { rule: 'rbac/rule', field, message, received, expected });
        }
      });
    }
    for (const sa of this.serviceAccounts) {
      if (!isDns1123Subdomain(sa.name)) {
        context.error(this, { rule: 'tenancy/service-account-name', field: 'serviceAccounts', message: 'service account name is not a valid object name', received: sa.name, expected: DNS1123_SUBDOMAIN_EXPECTED });
      }
      if (sa.namespace === undefined) {
        context.error(this, {
          rule: 'tenancy/service-account-namespace',
          field: 'serviceAccounts',
          message: `the tenant has no namespace to create service account ${sa.name} in`,
          received: this.namespaces,
          expected: 'at least one namespace, or an explicit namespace for the account',
        });
      } else if (!this.namespaces.includes(sa.namespace)) {
        context.error(this, {
          rule: 'tenancy/service-account-namespace',
          field: 'serviceAccounts',
          message: `service account ${sa.namespace}/${sa.name} is outside the tenant's namespaces`,
          received: sa.namespace,
          expected: `one of ${this.namespaces.join(', ')}`,
        });
      }
    }
    const { endpoints, gateways } = this.exposures.length > 0 ? clusterEndpoints(Cluster.of(this)) : NO_ENDPOINTS;
    this.exposures.forEach((e, i) => e.validate(context, this, `exposures[${i}]`, this.namespaces, endpoints, gateways));
    const np = this.props.networkPolicy ?? {};
    for (const ns of np.allowIngressFromNamespaces ?? []) {
      if (!isDns1123Label(ns)) {
        context.error(this, {
          rule: 'tenancy/ingress-namespace',
          field: 'networkPolicy.allowIngressFromNamespaces',
          message: 'not a namespace name; the NetworkPolicy selecting it would be refused',
          received: ns,
          expected: DNS1123_LABEL_EXPECTED,
        });
      }
    }
    if (np.writableBy !== undefined && !Object.values(NetworkPolicyWriters).includes(np.writableBy)) {
      context.error(this, {
        rule: 'tenancy/network-policy-writers',
        field: 'networkPolicy.writableBy',
        message: 'not a known set of NetworkPolicy writers',
        received: np.writableBy,
        expected: Object.values(NetworkPolicyWriters).join(', '),
      });
    } else if (np.writableBy !== undefined && np.writableBy !== NetworkPolicyWriters.PLATFORM) {
      // A loosening like any other: the tenant, not the platform, then decides what reaches its pods.
      context.warn(this, {
        rule: 'tenancy/network-policy-writers',
        field: 'networkPolicy.writableBy',
        message: `the tenant's ${np.writableBy === NetworkPolicyWriters.TENANT_ADMINS ? 'admins' : 'admins and developers'} may add NetworkPolicies that let more traffic reach or leave its pods than the platform's baseline does; the baseline policies themselves stay guarded`,
        received: np.writableBy,
        expected: `${NetworkPolicyWriters.PLATFORM} (the default) for isolation the platform alone defines`,
      });
    }
    const peers = [...(np.allowEgressToTenants ?? []), ...(np.allowIngressFromTenants ?? [])];
    const tenants = peers.length > 0 ? tenantNames(cluster) : NO_NAMES;
    for (const [field, names] of [
      ['networkPolicy.allowEgressToTenants', np.allowEgressToTenants ?? []],
      ['networkPolicy.allowIngressFromTenants', np.allowIngressFromTenants ?? []],
    ] as const) {
      for (const name of names) {
        if (!tenants.has(name)) {
          context.error(this, { rule: 'tenancy/unknown-tenant', field, message: 'no tenant has that name', received: name, expected: `one of ${[...tenants].sort().join(', ')}` });
        }
      }
    }
  }

  public validateObjects(objects: readonly PlacedObject[], context: ValidationContext): void {
    // A grant to a service account binds nothing when its namespace does not exist.
    const namespaces = declaredNamespaces(objects);
    const check = (role: string, subjects: readonly Subject[]): void => {
      for (const s of subjects) {
        // A subject the API server refuses outright is reported by validateModel.
        if (s.kind === 'ServiceAccount' && !s.problem && !namespaces.has(s.namespace!)) {
          context.error(this, {
            rule: 'rbac/service-account-namespace',
            field: `grants.${role}`,
            message: `${s} is granted '${role}', but namespace '${s.namespace}' does not exist in the cluster`,
            received: s.namespace,
            expected: 'a namespace the cluster defines (or default, kube-system, kube-public)',
          });
        }
      }
    };
    for (const role in this.subjects) check(role, this.subjects[role as BuiltInRole]);
    for (const [id, r] of this.roles) check(id, r.subjects);
  }

  private validateQuota(context: ValidationContext, cluster: Cluster, field: string, q: QuotaProps): void {
    for (const [key, value] of Object.entries(quotaHard(q))) {
      if (typeof value === 'number' ? !Number.isInteger(value) || value < 0 : parseQuantity(value) === undefined || parseQuantity(value)!.nanos < 0n) {
        context.error(this, {
          rule: 'tenancy/quantity',
          field: `${field}.${key}`,
          message: 'not a valid non-negative quantity',
          received: value,
          expected: typeof value === 'number' ? 'a non-negative integer' : QUANTITY_EXPECTED,
        });
      }
    }
    for (const cls of [...Object.keys(q.storage ?? {}), ...Object.keys(q.storageClaims ?? {})]) {
      if (!findStorageClass(cluster, cls)) {
        context.error(this, {
          rule: 'tenancy/unknown-storage-class',
          field: `${field}.storage`,
          message: `quota names StorageClass '${cls}', which the cluster does not define; the cap would never apply`,
          received: cls,
          expected: `one of the cluster's classes`,
        });
      }
    }
    for (const s of q.scopes ?? []) {
      if (!QUOTA_SCOPES.includes(s)) {
        context.error(this, { rule: 'tenancy/quota-scope', field: `${field}.scopes`, message: 'unknown quota scope', received: s, expected: Object.values(QuotaScope).join(', ') });
      }
    }
    const known = q.priorityClasses?.length ? priorityClassNames(cluster) : NO_NAMES;
    for (const pc of q.priorityClasses ?? []) {
      if (!known.has(pc) && !pc.startsWith('system-')) {
        context.error(this, { rule: 'tenancy/unknown-priority-class', field: `${field}.priorityClasses`, message: 'no PriorityClass has that name', received: pc, expected: 'a PriorityClass the cluster defines, or system-cluster-critical / system-node-critical' });
      }
    }
  }

  private validateLimitRange(context: ValidationContext, lr: LimitRangeProps): void {
    const check = (type: string, order: readonly (readonly [string, ResourceValues | undefined])[]) => {
      for (const resource of LIMIT_RANGE_RESOURCES) {
        for (const [name, values] of order) {
          const v = values?.[resource];
          if (v !== undefined && !parseQuantity(v)) {
            context.error(this, { rule: 'tenancy/quantity', field: `limitRange.${type}.${name}.${resource}`, message: 'not a valid quantity', received: v, expected: QUANTITY_EXPECTED });
          }
        }
        // Each valid value against the valid one before it.
        let lowName: string | undefined;
        let low: string | undefined;
        for (const [name, values] of order) {
          const v = values?.[resource];
          if (v === undefined || !parseQuantity(v)) continue;
          if (low !== undefined && compareQuantities(parseQuantity(low)!, parseQuantity(v)!) > 0) {
            context.error(this, {
              rule: 'tenancy/limit-range-order',
              field: `limitRange.${type}.${resource}`,
              message: `${lowName} ${low} is above ${name} ${v}; the API server rejects such a LimitRange`,
              received: Object.fromEntries(order.map(([n, vs]) => [n, vs?.[resource]]).filter(([, x]) => x !== undefined && parseQuantity(x))),
              expected: 'min ≤ defaultRequest ≤ default ≤ max',
            });
          }
          lowName = name;
          low = v;
        }
      }
    };
    if (lr.container) {
      check('container', [
        ['min', lr.container.min],
        ['defaultRequest', lr.container.defaultRequest],
        ['default', lr.container.default],
        ['max', lr.container.max],
      ]);
    }
    if (lr.pod) check('pod', [['min', lr.pod.min], ['max', lr.pod.max]]);
  }
}

// Removes only its own namespaces' constructs, renders under itself.
preparesWithinItself(Tenant);

const namespacesOf = new WeakMap<readonly PlacedObject[], ReadonlySet<string>>();

/** Namespaces the rendered objects declare, plus the built-in ones; computed once per synthesis. */
function declaredNamespaces(objects: readonly PlacedObject[]): ReadonlySet<string> {
  let set = namespacesOf.get(objects);
  if (!set) {
    const names = new Set(BUILT_IN_NAMESPACES);
    for (const o of objects) if (o.manifest.kind === 'Namespace' && o.manifest.apiVersion === 'v1') names.add(o.manifest.metadata.name);
    namespacesOf.set(objects, (set = names));
  }
  return set;
}

/**
 * The construct id of a namespace's scope: the namespace name. constructs keeps children in
 * a plain object, where a name such as 'constructor' (a valid namespace name) reads as
 * taken; such names get a suffix no namespace name can have.
 */
function namespaceScopeId(ns: string): string {
  return ns in Object.prototype ? `${ns}_` : ns;
}

function values(v: ResourceValues | undefined) {
  return resourceValuesToJson(v, quantityOf);
}

// Every tenant repeats the same few quantities: each text is normalised once and its Quantity,
// which nothing writes to, is shared by every object that holds it.
const QUANTITY_CACHE_LIMIT = 10_000;
const quantities = new Map<string, k8s.Quantity>();
const counts = new Map<number, k8s.Quantity>();

/** A quantity as written in the props, in the canonical form the API server stores. */
function quantityOf(text: string): k8s.Quantity {
  let q = quantities.get(text);
  if (q === undefined) {
    const parsed = parseQuantity(text);
    q = Object.freeze(k8s.Quantity.fromString(parsed ? formatQuantity(parsed) : text));
    if (quantities.size >= QUANTITY_CACHE_LIMIT) quantities.clear();
    quantities.set(text, q);
  }
  return q;
}

/** A count (pods, services...) as a Quantity, written as given. */
function countQuantity(n: number): k8s.Quantity {
  let q = counts.get(n);
  if (q === undefined) {
    q = Object.freeze(k8s.Quantity.fromString(String(n)));
    if (counts.size >= QUANTITY_CACHE_LIMIT) counts.clear();
    counts.set(n, q);
  }
  return q;
}
