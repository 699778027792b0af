import { IConstruct } from 'constructs';
import { Declarations } from './declarations';

/** A declared difference from an upstream release: what differs, what we render instead and why; each one is listed in the synthesised cluster's GATES.md. */
export interface UpstreamDeviationProps {
  /** The upstream component and its pinned release, e.g. `flannel v0.28.9`. */
  readonly component: string;
  /**
   * The parity item that differs, exactly as the upstream parity test names it, e.g.
   * `DaemonSet/kube-flannel/kube-flannel-ds container kube-flannel probe liveness`.
   */
  readonly item: string;
  /** What we do instead of upstream. */
  readonly ours: string;
  /** Why, for whoever reviews the difference. */
  readonly why: string;
}

/** Deviations by the construct they were declared on. */
const DECLARED = new Declarations<UpstreamDeviation>();

/**
 * A deliberate difference between what clusterforge renders for a component and that
 * component's upstream release at the pinned tag: a narrower grant, added hardening, a
 * namespace move. Declared in code beside the objects it concerns, listed per component in
 * `GATES.md`, and matched one for one by the upstream parity tests, so that an undeclared
 * difference fails a test and a declaration that no longer matches anything is reported stale.
 */
export class UpstreamDeviation {
  /**
   * Declares a deviation for the objects rendered at or under `scope`.
   * Throws when the same item of the same component is already declared on `scope`
   * (a programming error, like a duplicate construct id).
   */
  public static declare(scope: IConstruct, props: UpstreamDeviationProps): UpstreamDeviation {
    if (DECLARED.on(scope).some((d) => d.component === props.component && d.item === props.item)) {
      throw new Error(`upstream deviation '${props.item}' of ${props.component} is already declared on '${scope.node.path}'`);
    }
    const deviation = new UpstreamDeviation(scope, props);
    DECLARED.add(scope, deviation);
    return deviation;
  }

  /** Every deviation declared at or under `scope`, in construct order. */
  public static of(scope: IConstruct): UpstreamDeviation[] {
    return DECLARED.under(scope);
  }

  public readonly component: string;
  public readonly item: string;
  public readonly ours: string;
  public readonly why: string;

  private constructor(public readonly scope: IConstruct, props: UpstreamDeviationProps) {
    this.component = props.component;
    this.item = props.item;
    this.ours = props.ours;
    this.why = props.why;
  }

  /** Construct path of the scope that declared it. */
  public get scopePath(): string {
    return this.scope.node.path;
  }
}

/**
 * The `## Upstream deviations` section of the gates report: one table per component, in
 * component order, so an auditor reads every difference from upstream with its reason.
 */
export function upstreamDeviationsReport(deviations: readonly UpstreamDeviation[]): string[] {
  const lines = ['## Upstream deviations', ''];
  if (deviations.length === 0) return [...lines, 'None.'];
  const components = [...new Set(deviations.map((d) => d.component))].sort();
  for (const component of components) {
    lines.push(`### ${cell(component)}`, '', '| Upstream item | Ours | Why |', '| --- | --- | --- |');
    for (const d of deviations.filter((x) => x.component === component)) {
      lines.push(`| \`${cell(d.item)}\` | ${cell(d.ours)} | ${cell(d.why)} |`);
    }
    lines.push('');
  }
  lines.pop();
  return lines;
}

/** Text safe inside a Markdown table cell. */
export function cell(text: unknown): string {
  return String(text ?? '')
    .replace(/\r?\n/g, ' ')
    .replace(/\|/g, '\\|');
}
