import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { newL1 } from './l1-object';
import { Cluster } from './cluster';
import { BuiltInRole, LazyRoleBinding } from './tenancy/role-binding';
import { Subject } from './tenancy/subject';
import { IModelValidator, ProblemDetails, ValidationContext } from './validation/context';
import { DNS1123_LABEL_EXPECTED, isDns1123Label } from './validation/formats';
import { checkLabelMap } from './validation/labels';
import { PodSecurityLevel } from './validation/pod-security';

/** The Pod Security Admission labels of a namespace. */
export interface PodSecurityProps {
  /**
   * Level the API server enforces: violating pods are rejected.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly enforce?: PodSecurityLevel | undefined;
  /**
   * Level recorded in audit logs.
   * @default - the enforce level
   */
  readonly audit?: PodSecurityLevel | undefined;
  /**
   * Level returned to clients as warnings.
   * @default - the enforce level
   */
  readonly warn?: PodSecurityLevel | undefined;
  /**
   * Policy version for all three modes, `latest` or `vMAJOR.MINOR`. Pinning it keeps
   * an upgrade from tightening the policy under running workloads.
   * @default - the cluster's minor version, e.g. `v1.35`
   */
  readonly version?: string | undefined;
}

/** Props of Namespace. */
export interface NamespaceProps {
  /**
   * Namespace name.
   * @default - the construct id
   */
  readonly name?: string | undefined;
  /**
   * Pod Security Admission levels.
   * @default - restricted for enforce, audit and warn
   */
  readonly podSecurity?: PodSecurityProps | undefined;
  /**
   * Extra labels. The Pod Security labels cannot be set here.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>> | undefined;
}

const PSA_PREFIX = 'pod-security.kubernetes.io/';
// Label keys built once: every namespace (a thousand tenants, a thousand namespaces) sets all six.
const PSA_ENFORCE = `${PSA_PREFIX}enforce`;
const PSA_ENFORCE_VERSION = `${PSA_PREFIX}enforce-version`;
const PSA_AUDIT = `${PSA_PREFIX}audit`;
const PSA_AUDIT_VERSION = `${PSA_PREFIX}audit-version`;
const PSA_WARN = `${PSA_PREFIX}warn`;
const PSA_WARN_VERSION = `${PSA_PREFIX}warn-version`;
/** @internal A Pod Security policy version as the admission labels and configuration take it: `latest` or `v1.N`. */
export const PSA_VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

/**
 * @internal The problems of a `podSecurity` prop: each reported on the field the user set.
 * A level left unset takes the enforce level, and is not reported again when that is wrong.
 */
export function podSecurityProblems(props: PodSecurityProps | undefined, resolvedVersion: string): ProblemDetails[] {
  const problems: ProblemDetails[] = [];
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const level = props?.[mode];
    if (level !== undefined && !Object.values(PodSecurityLevel).includes(level)) {
      problems.push({
        rule: 'pod-security/level',
        field: `podSecurity.${mode}`,
        message: `not a Pod Security level; the API server rejects the namespace's ${mode} label`,
        received: level,
        expected: Object.values(PodSecurityLevel).join(', '),
      });
    }
  }
  if (typeof resolvedVersion !== 'string' || !PSA_VERSION.test(resolvedVersion)) {
    problems.push({
      rule: 'pod-security/version',
      field: 'podSecurity.version',
      message: 'Pod Security version is not one the admission controller accepts',
      received: resolvedVersion,
      expected: "'latest' or 'vMAJOR.MINOR', e.g. 'v1.35'",
    });
  }
  return problems;
}

/**
 * A namespace with its Pod Security Admission labels always set, so that no
 * namespace clusterforge writes falls back to the API server's permissive default.
 */
export class Namespace extends Construct implements IModelValidator {
  public readonly name: string;
  public readonly podSecurity: Required<PodSecurityProps>;
  public readonly apiObject: ApiObject;
  private readonly props: NamespaceProps;

  /** Created by the first grant: most namespaces (every tenant's) have none. */
  private grants: Map<BuiltInRole, Subject[]> | undefined;
  /**
   * @internal Set by a construct that renders this namespace from its own `podSecurity`
   * (a Tenant) and reports that prop's problems itself, once, at its own path.
   */
  public podSecurityReportedByOwner = false;

  constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    super(scope, id);
    this.props = props;
    this.name = props.name ?? id;
    const enforce = props.podSecurity?.enforce ?? PodSecurityLevel.RESTRICTED;
    this.podSecurity = {
      enforce,
      audit: props.podSecurity?.audit ?? enforce,
      warn: props.podSecurity?.warn ?? enforce,
      version: props.podSecurity?.version ?? Cluster.of(this).kubernetesVersion.minorVersion,
    };
    const ps = this.podSecurity;
    // `{ ...props.labels, [key]: value }` would give every namespace's labels a hidden class of
    // their own (V8 does not share the shape of an object literal that starts with a spread).
    const labels: Record<string, string> = Object.assign({}, props.labels);
    labels[PSA_ENFORCE] = ps.enforce;
    labels[PSA_ENFORCE_VERSION] = ps.version;
    labels[PSA_AUDIT] = ps.audit;
    labels[PSA_AUDIT_VERSION] = ps.version;
    labels[PSA_WARN] = ps.warn;
    labels[PSA_WARN_VERSION] = ps.version;
    this.apiObject = newL1(k8s.KubeNamespace, this, 'Resource', {
      metadata: {
        name: this.name,
        labels,
        annotations: props.annotations && Object.keys(props.annotations).length > 0 ? { ...props.annotations } : undefined,
      },
    });
  }

  /** Grants the built-in `view` role in this namespace. */
  public grantView(subject: Subject): void {
    this.grant(BuiltInRole.VIEW, subject);
  }

  /** Grants the built-in `edit` role in this namespace. */
  public grantEdit(subject: Subject): void {
    this.grant(BuiltInRole.EDIT, subject);
  }

  /** Grants the built-in `admin` role in this namespace. */
  public grantAdmin(subject: Subject): void {
    this.grant(BuiltInRole.ADMIN, subject);
  }

  private grant(role: BuiltInRole, subject: Subject): void {
    const grants = (this.grants ??= new Map());
    let subjects = grants.get(role);
    if (!subjects) {
      grants.set(role, (subjects = []));
      new LazyRoleBinding(this, `Grant-${role}`, this.name, `namespace-${role}`, { kind: 'ClusterRole', name: role }, subjects);
    }
    subjects.push(subject);
  }

  public validateModel(context: ValidationContext): void {
    if (!isDns1123Label(this.name)) {
      context.error(this, {
        rule: 'names/dns1123-label',
        field: 'name',
        message: 'namespace name is not a valid DNS-1123 label',
        received: this.name,
        expected: DNS1123_LABEL_EXPECTED,
      });
    }
    if (!this.podSecurityReportedByOwner) {
      for (const p of podSecurityProblems(this.props.podSecurity, this.podSecurity.version)) context.error(this, p);
    }
    for (const [role, subjects] of this.grants ?? []) {
      for (const s of subjects) {
        const p = s.problem;
        if (p) context.error(this, { rule: 'rbac/subject', field: `grants.${role}`, ...p });
      }
    }
    checkLabelMap(context, this, 'labels', this.props.labels);
    checkLabelMap(context, this, 'annotations', this.props.annotations, { values: false, rule: 'names/annotation' });
    const reserved = Object.keys(this.props.labels ?? {}).filter((k) => k.startsWith(PSA_PREFIX));
    if (reserved.length > 0) {
      context.error(this, {
        rule: 'pod-security/labels',
        field: 'labels',
        message: 'Pod Security labels are set through podSecurity, not labels',
        received: reserved,
        expected: 'labels without the pod-security.kubernetes.io/ prefix',
      });
    }
  }
}
