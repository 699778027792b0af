import { IConstruct } from 'constructs';
import { ProblemDetails, ValidationContext } from './context';
import { Severity } from './problem';

interface DeferredProblem {
  readonly severity: Severity;
  readonly scope: IConstruct | string;
  readonly details: ProblemDetails;
}

const byRoot = new WeakMap<IConstruct, DeferredProblem[]>();

/**
 * @internal
 * Records a problem found while the definition is being built (a duplicate id, an id no
 * construct can hold), so that it is reported at synthesis with every other problem
 * instead of being thrown at once. `owner` is the cluster the problem belongs to.
 */
export function deferProblem(owner: IConstruct, severity: Severity, scope: IConstruct | string, details: ProblemDetails): void {
  let list = byRoot.get(owner);
  if (!list) byRoot.set(owner, (list = []));
  list.push({ severity, scope, details });
}

/**
 * Reports the problems deferred for `owner`, except those of constructs detached from the
 * tree (a duplicate tenant's own duplicate role, say): the detached construct is refused already.
 */
export function reportDeferredProblems(owner: IConstruct, context: ValidationContext): void {
  for (const p of byRoot.get(owner) ?? []) {
    if (typeof p.scope !== 'string' && !isAttached(p.scope)) continue;
    if (p.severity === Severity.ERROR) context.error(p.scope, p.details);
    else context.warn(p.scope, p.details);
  }
}

function isAttached(c: IConstruct): boolean {
  for (let child = c, parent = c.node.scope; parent; child = parent, parent = parent.node.scope) {
    if (parent.node.tryFindChild(child.node.id) !== child) return false;
  }
  return true;
}
