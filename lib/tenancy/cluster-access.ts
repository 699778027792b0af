import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IModelValidator, ValidationContext } from '../validation/context';
import { DNS1123_SUBDOMAIN_EXPECTED } from '../validation/formats';
import { checkLabelMap } from '../validation/labels';
import { isRoleName, PolicyRule, policyRuleProblems, READ_VERBS, ruleToJson } from './policy-rule';
import { Subject } from './subject';
import { preparesWithinItself } from '../synth/late-rendering';
import { BuiltInRole } from './role-binding';
import { AGGREGATE_TO_TENANT_ADMIN_LABEL, AGGREGATE_TO_TENANT_EDIT_LABEL } from './tenant-roles';

/** Props of a ClusterRole added with `cluster.addClusterRole(id, props)`. */
export interface ClusterRoleProps {
  /**
   * Role name.
   * @default - the construct id
   */
  readonly name?: string | undefined;
  /**
   * Rules of the role.
   * @default - none (an aggregated role gets its rules from the roles it selects)
   */
  readonly rules?: readonly PolicyRule[] | undefined;
  /**
   * Built-in roles this role's rules are added to, through the
   * `rbac.authorization.k8s.io/aggregate-to-<role>` labels. Tenant roles get them too:
   * `admin` adds `clusterforge.io/aggregate-to-tenant-admin`, `edit` and `view` add
   * `clusterforge.io/aggregate-to-tenant-edit`.
   * @default - none
   */
  readonly aggregateTo?: readonly BuiltInRole[] | undefined;
  /**
   * Makes this an aggregated role: the controller fills its rules from every
   * ClusterRole carrying all of these labels.
   * @default - not aggregated
   */
  readonly aggregateFrom?: Readonly<Record<string, string>> | undefined;
  /**
   * Extra labels, for example for other roles to aggregate this one.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** A ClusterRole, plain or aggregated. */
export class ClusterRole extends Construct implements IModelValidator {
  public readonly name: string;
  private readonly rules: readonly PolicyRule[];
  private readonly props: ClusterRoleProps;

  constructor(scope: Construct, id: string, props: ClusterRoleProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name ?? id;
    this.rules = props.rules ?? [];
    const labels: Record<string, string> = { ...props.labels };
    for (const role of props.aggregateTo ?? []) {
      labels[`rbac.authorization.k8s.io/aggregate-to-${role}`] = 'true';
      // Tenant roles cannot aggregate the built-in ones (aggregation cannot subtract their
      // NetworkPolicy writes), so what the platform adds to admin/edit/view reaches them here.
      if (role === BuiltInRole.ADMIN) labels[AGGREGATE_TO_TENANT_ADMIN_LABEL] = 'true';
      else if (role === BuiltInRole.EDIT || role === BuiltInRole.VIEW) labels[AGGREGATE_TO_TENANT_EDIT_LABEL] = 'true';
    }
    new k8s.KubeClusterRole(this, 'Resource', {
      metadata: { name: this.name, labels: Object.keys(labels).length ? labels : undefined },
      rules: props.aggregateFrom ? undefined : (this.rules.map(ruleToJson) as never),
      aggregationRule: props.aggregateFrom ? { clusterRoleSelectors: [{ matchLabels: { ...props.aggregateFrom } }] } : undefined,
    });
  }

  public validateModel(context: ValidationContext): void {
    if (!isRoleName(this.name)) {
      context.error(this, { rule: 'rbac/name', field: 'name', message: 'not a valid role name', received: this.name, expected: DNS1123_SUBDOMAIN_EXPECTED + ' (":" allowed)' });
    }
    this.rules.forEach((r, i) => {
      for (const [field, message, received, expected] of policyRuleProblems(r, `rules[${i}]`)) {
        context.error(this, { rule: 'rbac/rule', field, message, received, expected });
      }
    });
    for (const role of this.props.aggregateTo ?? []) {
      if (!Object.values(BuiltInRole).includes(role)) {
        context.error(this, {
          rule: 'rbac/aggregate-to',
          field: 'aggregateTo',
          message: 'not a built-in role that aggregates others; the aggregation label would select nothing',
          received: role,
          expected: Object.values(BuiltInRole).join(', '),
        });
      }
    }
    checkLabelMap(context, this, 'labels', this.props.labels);
    checkLabelMap(context, this, 'aggregateFrom', this.props.aggregateFrom);
  }
}

/** Cluster-scoped resources an auditor reads; `view` covers the namespaced ones. */
const CLUSTER_READER_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['namespaces', 'nodes', 'persistentvolumes'], verbs: READ_VERBS },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csidrivers', 'csinodes', 'volumeattachments'], verbs: READ_VERBS },
  { apiGroups: ['scheduling.k8s.io'], resources: ['priorityclasses'], verbs: READ_VERBS },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'], verbs: READ_VERBS },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ_VERBS },
  { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: READ_VERBS },
];

/**
 * Cluster-wide access: platform administrators (bound to the built-in cluster-admin)
 * and read-only auditors (view everywhere, plus cluster-scoped reads, never Secrets).
 */
export class ClusterAccess extends Construct implements IModelValidator {
  private readonly admins: Subject[] = [];
  private readonly auditors: Subject[] = [];

  public validateModel(context: ValidationContext): void {
    for (const [field, list] of [['admins', this.admins], ['auditors', this.auditors]] as const) {
      list.forEach((s, i) => {
        const p = s.problem;
        if (p) context.error(this, { rule: 'rbac/subject', field: `${field}[${i}]`, ...p });
      });
    }
  }

  constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** Binds `subject` to the built-in cluster-admin ClusterRole. */
  public grantClusterAdmin(subject: Subject): void {
    this.admins.push(subject);
  }

  /** Binds `subject` to the built-in view ClusterRole and to a reader of cluster-scoped objects, cluster-wide. */
  public grantClusterReader(subject: Subject): void {
    this.auditors.push(subject);
  }

  /** Renders the bindings of the subjects granted so far. */
  public prepareForSynthesis(): void {
    if (this.node.children.length > 0) return;
    if (this.admins.length > 0) {
      new k8s.KubeClusterRoleBinding(this, 'PlatformAdmins', {
        metadata: { name: 'clusterforge:platform-admins' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: this.admins.map((s) => s.toJson()),
      });
    }
    if (this.auditors.length > 0) {
      new ClusterRole(this, 'ClusterReader', { name: 'clusterforge:cluster-reader', rules: CLUSTER_READER_RULES });
      new k8s.KubeClusterRoleBinding(this, 'AuditorsView', {
        metadata: { name: 'clusterforge:auditors-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: this.auditors.map((s) => s.toJson()),
      });
      new k8s.KubeClusterRoleBinding(this, 'AuditorsClusterReader', {
        metadata: { name: 'clusterforge:auditors-cluster-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'clusterforge:cluster-reader' },
        subjects: this.auditors.map((s) => s.toJson()),
      });
    }
  }
}

preparesWithinItself(ClusterAccess);
