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
  public toJson(): { kind: string; name: string; namespace?: string; apiGroup?: string } {
    return this.kind === 'ServiceAccount'
      ? { kind: this.kind, name: this.name, namespace: this.namespace }
      : { kind: this.kind, name: this.name, apiGroup: 'rbac.authorization.k8s.io' };
  }

  public toString(): string {
    return this.namespace ? `${this.kind} ${this.namespace}/${this.name}` : `${this.kind} ${this.name}`;
  }
}
