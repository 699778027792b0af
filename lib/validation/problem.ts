import { describeValue, shorten, shortenPath } from './describe-value';

/** How a validation problem affects synthesis. */
export enum Severity {
  /** Blocks synthesis: nothing is written. */
  ERROR = 'error',
  /** Reported, but synthesis goes on. */
  WARNING = 'warning',
}

/** One finding about a cluster definition. */
export interface ValidationProblem {
  readonly severity: Severity;
  /** Stable identifier of the rule that found the problem, e.g. `network/cidr-overlap`. */
  readonly rule: string;
  /** Construct path of the definition the problem is about, e.g. `prod/Networking`. */
  readonly path: string;
  /** The prop or field inside that construct, e.g. `networking.podSubnet`. */
  readonly field?: string | undefined;
  /** What is wrong, in a sentence. */
  readonly message: string;
  /** The value that was received, when there is one. */
  readonly received?: unknown;
  /** What would have been accepted. */
  readonly expected?: string | undefined;
}

/** `[error] <path> (<field>): <message> (received …; expected …) [rule]` */
export function formatProblem(problem: ValidationProblem): string {
  const details: string[] = [];
  if (problem.received !== undefined) details.push(`received ${describeValue(problem.received)}`);
  if (problem.expected !== undefined) details.push(`expected ${problem.expected}`);
  const suffix = details.length > 0 ? ` (${details.join('; ')})` : '';
  const path = shortenPath(problem.path);
  const where = problem.field ? `${path} (${shorten(problem.field)})` : path;
  return `[${problem.severity}] ${where}: ${problem.message}${suffix} [${problem.rule}]`;
}


/**
 * Thrown by synthesis (and by the Pulumi backend before it registers anything)
 * when a definition has errors. It lists every error at once.
 */
export class ClusterValidationError extends Error {
  public readonly errors: readonly ValidationProblem[];
  public readonly warnings: readonly ValidationProblem[];

  constructor(clusterPath: string, problems: readonly ValidationProblem[]) {
    const errors = problems.filter((p) => p.severity === Severity.ERROR);
    const warnings = problems.filter((p) => p.severity === Severity.WARNING);
    const lines = errors.map((p) => `  - ${formatProblem(p)}`);
    super(
      `Cluster '${shortenPath(clusterPath)}' has ${errors.length} validation error${errors.length === 1 ? '' : 's'}; nothing was synthesised:\n${lines.join('\n')}`,
    );
    this.name = 'ClusterValidationError';
    this.errors = errors;
    this.warnings = warnings;
  }
}
