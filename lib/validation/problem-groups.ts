import { ValidationProblem } from './problem';

/** @internal Problems of one rule. */
export interface ProblemGroup {
  readonly rule: string;
  readonly problems: readonly ValidationProblem[];
}

/**
 * @internal
 * Problems grouped by rule, most frequent first (ties by rule id), each group in the order
 * the problems were found: the one grouping `clusterforge synth` prints and GATES.md lists.
 */
export function groupByRule(problems: readonly ValidationProblem[]): ProblemGroup[] {
  const byRule = new Map<string, ValidationProblem[]>();
  for (const p of problems) byRule.set(p.rule, [...(byRule.get(p.rule) ?? []), p]);
  return [...byRule.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([rule, list]) => ({ rule, problems: list }));
}
