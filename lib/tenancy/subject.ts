import { DNS1123_LABEL_EXPECTED, DNS1123_SUBDOMAIN_EXPECTED, isDns1123Label, isDns1123Subdomain } from '../validation/formats';

/** @internal Why the API server would refuse a subject in a binding. */
export interface SubjectProblem {
  readonly message: string;
  readonly received: unknown;
  readonly expected: string;
}

/** Who a role is granted to: a user, a group or a service account. */
export class Subject {
  /** A user, as the authenticator names it (certificate CN, OIDC claim, ...). */
  public static user(name: string): Subject {
    return new Subject('User', name);
  }

  /** A group, as the authenticator names it. */
  public static group(name: string): Subject {
    return new Subject('Group', name);
  }

  /** A service account; its namespace must exist in the model. */
  public static serviceAccount(namespace: string, name: string): Subject {
    return new Subject('ServiceAccount', name, namespace);
  }

  private constructor(
    public readonly kind: 'User' | 'Group' | 'ServiceAccount',
    public readonly name: string,
    public readonly namespace?: string,
  ) {}

  /** The `subjects[]` entry of a RoleBinding or ClusterRoleBinding. */
  public toJson(): { kind: string; name: string; namespace?: string | undefined; apiGroup?: string | undefined } {
    return this.kind === 'ServiceAccount'
      ? { kind: this.kind, name: this.name, namespace: this.namespace }
      : { kind: this.kind, name: this.name, apiGroup: 'rbac.authorization.k8s.io' };
  }

  /** @internal What the API server would refuse about this subject in a binding, if anything (RBAC ValidateRoleBindingSubject). */
  public get problem(): SubjectProblem | undefined {
    if (this.kind !== 'ServiceAccount') {
      return typeof this.name === 'string' && this.name !== '' ? undefined : { message: `a ${this.kind} subject needs a name`, received: this.name, expected: 'a non-empty name' };
    }
    if (!isDns1123Subdomain(this.name)) return { message: 'service account name is not a valid object name', received: this.name, expected: DNS1123_SUBDOMAIN_EXPECTED };
    if (!isDns1123Label(this.namespace)) return { message: 'service account namespace is not a valid namespace name', received: this.namespace, expected: DNS1123_LABEL_EXPECTED };
    return undefined;
  }

  /** `Kind name` (with the namespace of a ServiceAccount), for messages. */
  public toString(): string {
    return this.namespace ? `${this.kind} ${this.namespace}/${this.name}` : `${this.kind} ${this.name}`;
  }
}
