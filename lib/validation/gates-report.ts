import type { PlacedObject } from '../synth/ordering';
import { Severity, ValidationProblem, formatProblem } from './problem';
import { objectIndex } from './object-index';
import { groupByRule } from './problem-groups';
import { assessPodSecurity, namespaceLevelSubjects } from './rules/pod-security-levels';
import { hygieneSubjects } from './rules/workload-hygiene';
import { UpstreamDeviation, cell, upstreamDeviationsReport } from './upstream-deviation';
import { CheckedSubject, WaivableCheck, Waiver, waiversCovering } from './waiver';

/** @internal How one gate fared over a cluster's objects. */
export interface GateCounts {
  /** Display name, e.g. `Probes`. */
  readonly gate: string;
  /** Rule id (or id prefix) its failures are reported under. */
  readonly rule: string;
  /** Subjects judged: pod templates, containers, namespaces, ClusterRoles or Secrets. */
  readonly checked: number;
  readonly passed: number;
  readonly waived: number;
  readonly failed: number;
}

const SECRETS_RULE = 'secrets/in-git';

const HYGIENE_ROWS: ReadonlyArray<readonly [gate: string, check: WaivableCheck]> = [
  ['CPU and memory requests', WaivableCheck.REQUESTS],
  ['Memory limits', WaivableCheck.MEMORY_LIMIT],
  ['Pinned images', WaivableCheck.IMAGE_PINNED],
  ['Probes', WaivableCheck.PROBES],
  ['No cluster-admin ClusterRoles', WaivableCheck.CLUSTER_ADMIN],
];

/**
 * @internal
 * Counts of every gate, in report order. `problems` supplies the failures of the Secrets gate,
 * whose rule lives apart; the other gates are judged again from the objects and waivers, so the
 * counts hold whether or not synthesis succeeded.
 */
export function gateCounts(
  objects: readonly PlacedObject[],
  problems: readonly ValidationProblem[],
  waivers: readonly Waiver[],
): GateCounts[] {
  const podSecurity = assessPodSecurity(objects);
  let judged = 0;
  let podSecurityFailed = 0;
  for (const w of podSecurity.workloads) {
    if (w.level === undefined) continue;
    judged++;
    if (w.violations.length > 0) podSecurityFailed++;
  }
  // One pass over the hygiene subjects (thousands of containers) for every row.
  const hygiene = new Map<string, Counts>(HYGIENE_ROWS.map(([, check]) => [check, { checked: 0, passed: 0, waived: 0, failed: 0 }]));
  for (const s of hygieneSubjects(objects)) {
    const counts = hygiene.get(s.check);
    if (counts !== undefined) count(counts, s, waivers);
  }

  const secrets = objectIndex(objects).secrets;
  const secretFailures = new Set(
    problems.filter((p) => p.rule === SECRETS_RULE && p.severity === Severity.ERROR).map((p) => p.path),
  );
  const secretsFailed = secrets.filter((o) => secretFailures.has(o.sourcePath)).length;

  return [
    {
      gate: 'Pod Security',
      rule: 'pod-security/<check>',
      checked: judged,
      passed: judged - podSecurityFailed,
      waived: 0,
      failed: podSecurityFailed,
    },
    countSubjects('Namespace levels', WaivableCheck.OVER_PRIVILEGED_NAMESPACE, namespaceLevelSubjects(podSecurity), waivers),
    ...HYGIENE_ROWS.map(([gate, check]) => ({ gate, rule: check, ...hygiene.get(check)! })),
    {
      gate: 'No Secrets in Git',
      rule: SECRETS_RULE,
      checked: secrets.length,
      passed: secrets.length - secretsFailed,
      waived: 0,
      failed: secretsFailed,
    },
  ];
}

type Counts = { -readonly [K in 'checked' | 'passed' | 'waived' | 'failed']: number };

function countSubjects(gate: string, rule: string, subjects: readonly CheckedSubject[], waivers: readonly Waiver[]): GateCounts {
  const counts: Counts = { checked: 0, passed: 0, waived: 0, failed: 0 };
  for (const s of subjects) count(counts, s, waivers);
  return { gate, rule, ...counts };
}

/** Counts `s` as checked, and as passed, waived or failed. */
function count(counts: Counts, s: CheckedSubject, waivers: readonly Waiver[]): void {
  counts.checked++;
  if (s.failures.length === 0) counts.passed++;
  else if (waiversCovering(s, waivers).length > 0) counts.waived++;
  else counts.failed++;
}

/**
 * @internal
 * The gates summary of one cluster, as Markdown: one row per gate with counts of subjects
 * checked, passed, waived and failed; then the workloads Pod Security could not judge; then
 * every waiver with its reason and what it lifted; then the warnings of synthesis (the
 * `[warning]` problems among `problems`), grouped by rule as `clusterforge synth` prints them;
 * last, every declared deviation from the components' upstream releases, per component.
 */
export function gatesReport(
  clusterName: string,
  objects: readonly PlacedObject[],
  problems: readonly ValidationProblem[],
  waivers: readonly Waiver[],
  deviations: readonly UpstreamDeviation[] = [],
): string {
  const lines = [
    `# Gates of cluster ${cell(clusterName)}`,
    '',
    '| Gate | Rule | Checked | Passed | Waived | Failed |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...gateCounts(objects, problems, waivers).map(
      (r) => `| ${r.gate} | \`${r.rule}\` | ${r.checked} | ${r.passed} | ${r.waived} | ${r.failed} |`,
    ),
  ];

  const unchecked = assessPodSecurity(objects).workloads.filter((w) => w.level === undefined);
  if (unchecked.length > 0) {
    const namespaces = [...new Set(unchecked.map((w) => w.workload.namespace))].sort();
    lines.push(
      '',
      `Not checked for Pod Security: ${unchecked.length} workload${unchecked.length === 1 ? '' : 's'} in namespaces ` +
        `of unknown level (${namespaces.map(cell).join(', ')}).`,
    );
  }

  lines.push('', '## Waivers', '');
  if (waivers.length === 0) {
    lines.push('None.');
  } else {
    const subjects = [...namespaceLevelSubjects(assessPodSecurity(objects)), ...hygieneSubjects(objects)];
    lines.push('| Check | Scope | Container | Lifted | Reason |', '| --- | --- | --- | ---: | --- |');
    for (const w of waivers) {
      const lifted = subjects.filter((s) => s.failures.length > 0 && w.covers(s.check, s.object.sourcePath, s.container)).length;
      lines.push(
        `| \`${cell(w.check)}\` | \`${cell(w.scopePath)}\` | ${w.container === undefined ? '' : cell(w.container)} | ${lifted} | ${cell(w.reason)} |`,
      );
    }
  }
  lines.push('', ...warningsReport(problems.filter((p) => p.severity === Severity.WARNING)));
  lines.push('', ...upstreamDeviationsReport(deviations));
  return `${lines.join('\n')}\n`;
}

/** The `## Warnings` section: a count, then one fenced block per rule, most frequent rule first. */
function warningsReport(warnings: readonly ValidationProblem[]): string[] {
  const lines = ['## Warnings', ''];
  if (warnings.length === 0) return [...lines, 'None.'];
  lines.push(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}, grouped by rule as \`clusterforge synth\` prints them.`);
  for (const { rule, problems } of groupByRule(warnings)) {
    const text = problems.map(formatProblem);
    // A fence longer than any run of backticks in the messages, so none can close it.
    const fence = '`'.repeat(Math.max(3, ...text.map((t) => Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length + 1)))));
    lines.push('', `### ${problems.length} × \`${cell(rule)}\``, '', `${fence}text`, ...text.map((t) => t.replace(/\r?\n/g, ' ')), fence);
  }
  return lines;
}
