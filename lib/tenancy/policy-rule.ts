/** RBAC verbs the API server authorizes (k8s.io/apiserver request verbs, plus RBAC's special ones). */
export enum Verb {
  GET = 'get',
  LIST = 'list',
  WATCH = 'watch',
  CREATE = 'create',
  UPDATE = 'update',
  PATCH = 'patch',
  DELETE = 'delete',
  DELETE_COLLECTION = 'deletecollection',
  /** Impersonate users, groups or service accounts. */
  IMPERSONATE = 'impersonate',
  /** Create bindings to a role without holding its permissions. */
  BIND = 'bind',
  /** Grant permissions the granter does not hold. */
  ESCALATE = 'escalate',
  /** Approve CertificateSigningRequests. */
  APPROVE = 'approve',
  /** Sign CertificateSigningRequests. */
  SIGN = 'sign',
  /** Use a resource such as a PodSecurityPolicy or SCC. */
  USE = 'use',
  /** Every verb. */
  ALL = '*',
}

/** @internal Read-only verbs. */
export const READ_VERBS: readonly Verb[] = [Verb.GET, Verb.LIST, Verb.WATCH];

/** One RBAC rule. */
export interface PolicyRule {
  /** API groups, `''` for the core group. */
  readonly apiGroups: readonly string[];
  /** Resources as the API names them, e.g. `deployments`, `pods/log`. */
  readonly resources: readonly string[];
  readonly verbs: readonly Verb[];
  /**
   * Restrict to these object names.
   * @default - every object
   */
  readonly resourceNames?: readonly string[] | undefined;
}

const ROLE_NAME = /^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$/;

/** @internal Whether `name` is a Role or ClusterRole name the API server accepts (":" allowed, as in system:). */
export function isRoleName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 253 && ROLE_NAME.test(name);
}

const KNOWN_VERBS: ReadonlySet<string> = new Set<string>(Object.values(Verb));

const RESOURCE = /^(\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9*]+)?)$/;
const GROUP = /^(|\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;

/** @internal Problems of a rule, as `[field, message, received, expected]`. */
export function policyRuleProblems(rule: PolicyRule, field: string): [string, string, unknown, string][] {
  const problems: [string, string, unknown, string][] = [];
  for (const verb of rule.verbs) {
    if (!KNOWN_VERBS.has(verb)) {
      problems.push([`${field}.verbs`, 'unknown RBAC verb; the API server would never match it, so the rule grants nothing', verb, `one of ${[...KNOWN_VERBS].join(', ')}`]);
    }
  }
  if (rule.verbs.length === 0) problems.push([`${field}.verbs`, 'a rule without verbs grants nothing', [], 'at least one verb']);
  for (const r of rule.resources) {
    if (!RESOURCE.test(r)) problems.push([`${field}.resources`, 'not an API resource name', r, 'a lower-case plural resource such as deployments or pods/log']);
  }
  for (const g of rule.apiGroups) {
    if (!GROUP.test(g)) problems.push([`${field}.apiGroups`, 'not an API group', g, "'' for core, or a group such as apps"]);
  }
  return problems;
}

/** @internal A PolicyRule as the RBAC API writes it. */
export function ruleToJson(rule: PolicyRule): Record<string, unknown> {
  return {
    apiGroups: [...rule.apiGroups],
    resources: [...rule.resources],
    verbs: [...rule.verbs],
    resourceNames: rule.resourceNames ? [...rule.resourceNames] : undefined,
  };
}
