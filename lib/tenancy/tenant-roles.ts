import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Cluster } from '../cluster';
import { ClusterRole } from './cluster-access';
import { KUBERNETES_AGGREGATE_TO_ADMIN_RULES, KUBERNETES_AGGREGATE_TO_EDIT_RULES, KUBERNETES_AGGREGATE_TO_VIEW_RULES } from './kubernetes-namespace-roles';
import { PolicyRule, READ_VERBS, Verb } from './policy-rule';
import { UpstreamDeviation } from '../validation/upstream-deviation';

/** Label of the objects the platform renders into a tenant's namespaces and tenants must not change. */
export const BASELINE_LABEL = 'clusterforge.io/baseline';

/** ClusterRoles carrying this label add their rules to `clusterforge:tenant-admin`. */
export const AGGREGATE_TO_TENANT_ADMIN_LABEL = 'clusterforge.io/aggregate-to-tenant-admin';
/** ClusterRoles carrying this label add their rules to `clusterforge:tenant-edit`, and through it to `clusterforge:tenant-admin`. */
export const AGGREGATE_TO_TENANT_EDIT_LABEL = 'clusterforge.io/aggregate-to-tenant-edit';

/** The ClusterRole tenant admins are bound to, in place of the built-in `admin`. */
export const TENANT_ADMIN_ROLE = 'clusterforge:tenant-admin';
/** The ClusterRole tenant developers are bound to, in place of the built-in `edit`. */
export const TENANT_EDIT_ROLE = 'clusterforge:tenant-edit';
/** Writes to NetworkPolicies, granted only where a tenant opts in (`networkPolicy.writableBy`). */
export const TENANT_NETWORK_POLICY_WRITER_ROLE = 'clusterforge:tenant-networkpolicy-writer';

/**
 * The permission the baseline guard asks the authorizer for: a verb on a resource no API
 * serves, so only cluster-wide grants hold it (cluster-admin's `*`, or a ClusterRoleBinding
 * to a role that names it). A tenant admin cannot bind it to itself: RBAC refuses a binding
 * whose role grants more than the binder holds.
 */
export const BASELINE_OVERRIDE_PERMISSION = { group: 'policy.clusterforge.io', resource: 'baselinenetworkpolicies', verb: 'override' } as const;

/** Name of the ValidatingAdmissionPolicy and its binding. */
export const BASELINE_POLICY_GUARD = 'clusterforge-baseline-network-policies';

/**
 * Users that delete a namespace's content when the namespace is deleted: the namespace
 * controller's service account (kube-controller-manager with `--use-service-account-credentials`,
 * the hardened default) or kube-controller-manager itself (without it).
 */
const NAMESPACE_DELETERS = ['system:serviceaccount:kube-system:namespace-controller', 'system:kube-controller-manager'];

const WRITE_VERBS: ReadonlySet<string> = new Set([Verb.CREATE, Verb.UPDATE, Verb.PATCH, Verb.DELETE, Verb.DELETE_COLLECTION, Verb.ALL]);

/** Resources whose writes would let a tenant delete or weaken the platform's baseline. */
const BASELINE_RESOURCES: readonly { group: string; resource: string }[] = [
  { group: 'networking.k8s.io', resource: 'networkpolicies' },
  // The extensions group stopped serving NetworkPolicies in 1.16, but a rule for it is still a grant.
  { group: 'extensions', resource: 'networkpolicies' },
];

/**
 * `rules` without writes to the baseline's resources. A rule that also reads them keeps its reads;
 * a rule left without resources is dropped. Wildcard groups or resources cannot be narrowed this
 * way; the upstream rules it is applied to have none.
 * @internal
 */
export function withoutBaselineWrites(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const rule of rules) {
    const writes = rule.verbs.filter((v) => WRITE_VERBS.has(v));
    if (writes.length === 0) {
      out.push(rule);
      continue;
    }
    const reads = rule.verbs.includes(Verb.ALL) ? [...READ_VERBS] : rule.verbs.filter((v) => !WRITE_VERBS.has(v));
    for (const group of rule.apiGroups) {
      const isBaseline = (r: string) => BASELINE_RESOURCES.some((b) => b.group === group && b.resource === r);
      const kept = rule.resources.filter((r) => !isBaseline(r));
      const baseline = rule.resources.filter(isBaseline);
      if (kept.length > 0) out.push({ ...rule, apiGroups: [group], resources: kept });
      if (baseline.length > 0 && reads.length > 0) out.push({ ...rule, apiGroups: [group], resources: baseline, verbs: reads });
    }
  }
  return out;
}

/**
 * @internal
 * The cluster-wide half of tenant isolation, rendered once for all tenants:
 * - `clusterforge:tenant-admin` and `clusterforge:tenant-edit`, aggregated ClusterRoles that hold
 *   exactly the rules of Kubernetes' `admin` and `edit` minus NetworkPolicy writes. Aggregation only
 *   adds, so they do not aggregate the built-in roles; they select
 *   `clusterforge.io/aggregate-to-tenant-{admin,edit}` instead, and a CRD's role reaches tenants only
 *   when it carries that label (`ClusterRoleProps.aggregateTo` sets it with the built-in one).
 * - `clusterforge:tenant-networkpolicy-writer`, bound only in the namespaces of tenants that opt in.
 * - a ValidatingAdmissionPolicy that refuses any change to a NetworkPolicy labelled
 *   `clusterforge.io/baseline` by anyone without the cluster-wide override permission, so the
 *   baseline stands even where tenants may write NetworkPolicies.
 * ResourceQuotas and LimitRanges need nothing more: neither `admin` nor `edit` can write them.
 */
export class TenantRoles extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ClusterRole(this, 'AggregateToTenantAdmin', {
      name: 'clusterforge:aggregate-to-tenant-admin',
      rules: KUBERNETES_AGGREGATE_TO_ADMIN_RULES,
      labels: { [AGGREGATE_TO_TENANT_ADMIN_LABEL]: 'true' },
    });
    new ClusterRole(this, 'AggregateToTenantEdit', {
      name: 'clusterforge:aggregate-to-tenant-edit',
      rules: [...withoutBaselineWrites(KUBERNETES_AGGREGATE_TO_EDIT_RULES), ...KUBERNETES_AGGREGATE_TO_VIEW_RULES],
      labels: { [AGGREGATE_TO_TENANT_EDIT_LABEL]: 'true' },
    });
    new ClusterRole(this, 'TenantAdmin', { name: TENANT_ADMIN_ROLE, aggregateFrom: { [AGGREGATE_TO_TENANT_ADMIN_LABEL]: 'true' } });
    // As upstream's edit carries aggregate-to-admin: the admin role takes in the (filled) edit role.
    new ClusterRole(this, 'TenantEdit', {
      name: TENANT_EDIT_ROLE,
      aggregateFrom: { [AGGREGATE_TO_TENANT_EDIT_LABEL]: 'true' },
      labels: { [AGGREGATE_TO_TENANT_ADMIN_LABEL]: 'true' },
    });
    new ClusterRole(this, 'NetworkPolicyWriter', {
      name: TENANT_NETWORK_POLICY_WRITER_ROLE,
      rules: [{ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [Verb.CREATE, Verb.DELETE, Verb.DELETE_COLLECTION, Verb.PATCH, Verb.UPDATE] }],
    });
    renderBaselineGuard(this);
    declareDeviations(this);
  }
}

/** The component the tenant roles' deviations are listed under in GATES.md. */
export const TENANT_ROLES_UPSTREAM = 'Kubernetes v1.35 admin and edit roles';

/**
 * Each upstream grant the tenant roles drop, named as the RBAC parity test names it for a
 * service account `tenant/<role>` bound to the built-in role in namespace `tenant`.
 */
function declareDeviations(scope: Construct): void {
  for (const [role, ours] of [['admin', TENANT_ADMIN_ROLE], ['edit', TENANT_EDIT_ROLE]] as const) {
    for (const { group, resource } of BASELINE_RESOURCES) {
      for (const verb of [Verb.CREATE, Verb.DELETE, Verb.DELETE_COLLECTION, Verb.PATCH, Verb.UPDATE]) {
        UpstreamDeviation.declare(scope, {
          component: TENANT_ROLES_UPSTREAM,
          item: `rbac tenant/${role} ns:tenant ${group}/${resource} ${verb}`,
          ours:
            `${ours} grants no ${verb} on ${resource} (${group}); a tenant that opts in (networkPolicy.writableBy) gets ` +
            `networking.k8s.io writes through ${TENANT_NETWORK_POLICY_WRITER_ROLE}, and ${BASELINE_POLICY_GUARD} keeps the baseline policies`,
          why: `with it a tenant could delete or weaken its namespace's default-deny-all and the other policies the platform sets`,
        });
      }
    }
  }
}

function renderBaselineGuard(scope: Construct): void {
  const labelled = (o: string) => `has(${o}.metadata.labels) && '${BASELINE_LABEL}' in ${o}.metadata.labels`;
  const p = BASELINE_OVERRIDE_PERMISSION;
  new ApiObject(scope, 'BaselineGuard', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: BASELINE_POLICY_GUARD },
    spec: {
      // An error in the policy refuses the request rather than letting it through.
      failurePolicy: 'Fail',
      matchConstraints: {
        namespaceSelector: { matchExpressions: [{ key: 'clusterforge.io/tenant', operator: 'Exists' }] },
        resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['networkpolicies'] }],
      },
      matchConditions: [
        // oldObject is null on CREATE and object on DELETE: the operation says which to read, so no
        // expression compares an object with null. Creating a labelled policy would forge one.
        {
          name: 'touches-baseline',
          expression: `(request.operation != 'CREATE' && ${labelled('oldObject')}) || (request.operation != 'DELETE' && ${labelled('object')})`,
        },
        // Deleting the namespace deletes its policies through the namespace controller.
        { name: 'not-namespace-deletion', expression: `!(request.userInfo.username in [${NAMESPACE_DELETERS.map((u) => `'${u}'`).join(', ')}])` },
      ],
      validations: [
        {
          expression: `authorizer.group('${p.group}').resource('${p.resource}').check('${p.verb}').allowed()`,
          messageExpression:
            `'NetworkPolicy ' + request.namespace + '/' + request.name + ' is part of the platform baseline (label ${BASELINE_LABEL}); ` +
            `only platform administrators (${p.verb} on ${p.resource}.${p.group}, cluster-wide) may create, change or delete it'`,
          reason: 'Forbidden',
        },
      ],
    },
  } as never);
  new ApiObject(scope, 'BaselineGuardBinding', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: BASELINE_POLICY_GUARD },
    spec: { policyName: BASELINE_POLICY_GUARD, validationActions: ['Deny'] },
  } as never);
}

/**
 * The tenant-isolation line of `bootstrap/security-report.md`: whether tenants exist, the
 * mechanism, and which tenants may add NetworkPolicies of their own.
 * @internal
 */
export function tenantIsolationReportItem(cluster: Cluster): { item: string; state: string; setting: string } {
  const item = 'Tenants cannot remove or weaken their baseline NetworkPolicies, quotas and limit ranges';
  const tenants = cluster.tenants;
  if (tenants.length === 0) return { item, state: 'not applicable — no tenants', setting: 'no tenant namespaces' };
  const writers = tenants
    .filter((t) => (t.props.networkPolicy?.writableBy ?? 'platform') !== 'platform')
    .map((t) => `${t.tenantName} (${t.props.networkPolicy!.writableBy})`);
  return {
    item,
    state: 'on',
    setting:
      `grants bind ${TENANT_ADMIN_ROLE} / ${TENANT_EDIT_ROLE} (Kubernetes admin / edit without NetworkPolicy writes); ` +
      `ValidatingAdmissionPolicy ${BASELINE_POLICY_GUARD} refuses changes to policies labelled ${BASELINE_LABEL}; ` +
      `tenants adding policies of their own: ${writers.length > 0 ? writers.join(', ') : 'none'}`,
  };
}
