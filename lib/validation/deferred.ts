import { IConstruct } from 'constructs';
import { ProblemDetails, ValidationContext } from './context';
import { Severity } from './problem';

interface DeferredProblem {
  readonly severity: Severity;
  readonly path: string;
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
  list.push({ severity, path: typeof scope === 'string' ? scope : scope.node.path, details });
}

/** Reports the problems deferred for `owner`. */
export function reportDeferredProblems(owner: IConstruct, context: ValidationContext): void {
  for (const p of byRoot.get(owner) ?? []) {
    if (p.severity === Severity.ERROR) context.error(p.path, p.details);
    else context.warn(p.path, p.details);
  }
}
