import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { newL1 } from '../l1-object';
import { preparesWithinItself } from '../synth/late-rendering';
import { Subject } from './subject';

/** The built-in aggregated roles namespaced grants bind to. */
export enum BuiltInRole {
  ADMIN = 'admin',
  EDIT = 'edit',
  VIEW = 'view',
}

/** @internal The role a binding refers to. */
export interface RoleRef {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
}

/**
 * @internal
 * A RoleBinding whose subjects are read at synthesis, so grants added after construction
 * are included; absent when there are none.
 */
export class LazyRoleBinding extends Construct {
  /**
   * @param subjects the list grants are added to, read when the binding renders; a function
   * where the list is derived
   */
  constructor(
    scope: Construct,
    id: string,
    private readonly namespace: string,
    private readonly bindingName: string,
    private readonly roleRef: RoleRef,
    private readonly subjects: readonly Subject[] | (() => readonly Subject[]),
  ) {
    super(scope, id);
  }

  /** Renders the binding once its subjects are known. */
  public prepareForSynthesis(): void {
    const subjects = typeof this.subjects === 'function' ? this.subjects() : this.subjects;
    if (subjects.length === 0 || this.node.tryFindChild('Resource')) return;
    newL1(k8s.KubeRoleBinding, this, 'Resource', {
      metadata: { name: this.bindingName, namespace: this.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: this.roleRef.kind, name: this.roleRef.name },
      subjects: subjects.map((s) => s.toJson()),
    });
  }
}

preparesWithinItself(LazyRoleBinding);
