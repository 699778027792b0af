import { IConstruct } from 'constructs';
import type { Cluster } from '../cluster';
import type { PlacedObject } from '../synth/ordering';
import { ProblemDetails, ValidationContext } from './context';
import { Declarations } from './declarations';

/**
 * The gate checks a waiver can lift. Pod Security violations at a namespace's own enforce
 * level are deliberately absent: the API server would reject those pods whatever the model says.
 */
export enum WaivableCheck {
  /** A container without CPU or memory requests. */
  REQUESTS = 'hygiene/requests',
  /** A container without a memory limit. */
  MEMORY_LIMIT = 'hygiene/memory-limit',
  /** An image referenced by `latest`, by no tag, or by a malformed tag or digest. */
  IMAGE_PINNED = 'hygiene/image-pinned',
  /** A long-running container with neither a liveness nor a readiness probe. */
  PROBES = 'hygiene/probes',
  /** A ClusterRole granting every verb on every resource. */
  CLUSTER_ADMIN = 'hygiene/cluster-admin',
  /** A privileged or baseline namespace none of whose workloads needs that level. */
  OVER_PRIVILEGED_NAMESPACE = 'pod-security/over-privileged-namespace',
}

/** Checks that judge one container, so that a waiver may name the container. */
const CONTAINER_CHECKS: ReadonlySet<string> = new Set([
  WaivableCheck.REQUESTS,
  WaivableCheck.MEMORY_LIMIT,
  WaivableCheck.IMAGE_PINNED,
  WaivableCheck.PROBES,
]);

const WAIVABLE_CHECKS: ReadonlySet<string> = new Set(Object.values(WaivableCheck));

/** Options of Waiver.add(). */
export interface WaiverOptions {
  /**
   * Only this container (or init container), by name, of the workloads in scope.
   * Only meaningful for container checks (requests, memory limit, pinned image, probes).
   * @default - every container in scope
   */
  readonly container?: string | undefined;
}

/** Waivers by the construct they were declared on. */
const DECLARED = new Declarations<Waiver>();

/**
 * An explicit, reasoned exception to one gate check, for the objects a construct (and
 * everything under it) renders. The reason is part of the model: it is listed in the
 * gates report, so that every exception stays visible and reviewable.
 */
export class Waiver {
  /**
   * Waives `check` for every object rendered at or under `scope`.
   * Throws when the same check is already waived on the same scope and container
   * (a programming error, like a duplicate construct id).
   */
  public static add(scope: IConstruct, check: WaivableCheck, reason: string, options: WaiverOptions = {}): Waiver {
    if (DECLARED.on(scope).some((w) => w.check === check && w.container === options.container)) {
      const on = options.container === undefined ? '' : ` for container '${options.container}'`;
      throw new Error(`'${check}' is already waived on '${scope.node.path}'${on}`);
    }
    const waiver = new Waiver(scope, check, reason, options.container);
    DECLARED.add(scope, waiver);
    return waiver;
  }

  /** Every waiver declared on `scope` or below it, in construct order. */
  public static of(scope: IConstruct): Waiver[] {
    return DECLARED.under(scope);
  }

  private constructor(
    public readonly scope: IConstruct,
    public readonly check: WaivableCheck,
    public readonly reason: string,
    public readonly container: string | undefined,
  ) {}

  /** Construct path of the scope; objects at or under it are covered. */
  public get scopePath(): string {
    return this.scope.node.path;
  }

  /** A waiver without a reason (or with an unknown check) is invalid and waives nothing. */
  public get isValid(): boolean {
    return (
      typeof this.reason === 'string' &&
      this.reason.trim() !== '' &&
      WAIVABLE_CHECKS.has(this.check) &&
      (this.container === undefined || CONTAINER_CHECKS.has(this.check))
    );
  }

  /** Whether this waiver lifts `check` for the object made at `sourcePath` (and that container). */
  public covers(check: string, sourcePath: string, container?: string): boolean {
    if (!this.isValid || this.check !== check) return false;
    if (this.container !== undefined && this.container !== container) return false;
    const scope = this.scopePath;
    return scope === '' || sourcePath === scope || sourcePath.startsWith(`${scope}/`);
  }
}

/** @internal One judgement of a gate check: an object (or one of its containers) and what is wrong with it. */
export interface CheckedSubject {
  /** Rule id of the check, e.g. 'hygiene/requests'. */
  readonly check: string;
  readonly object: PlacedObject;
  /** The container judged, for container checks. */
  readonly container?: string | undefined;
  /** Nothing when the subject passes. */
  readonly failures: readonly ProblemDetails[];
}

/** @internal The valid waivers that lift a failing subject; empty when it passes or nothing covers it. */
export function waiversCovering(subject: CheckedSubject, waivers: readonly Waiver[]): Waiver[] {
  if (subject.failures.length === 0) return [];
  return waivers.filter((w) => w.covers(subject.check, subject.object.sourcePath, subject.container));
}

/**
 * @internal
 * Reports the failures nothing waives as errors, and the valid waivers of `checks` that lifted
 * nothing as stale. Used by each gate rule for its own checks.
 */
export function reportSubjects(
  subjects: readonly CheckedSubject[],
  waivers: readonly Waiver[],
  checks: ReadonlySet<string>,
  context: ValidationContext,
): void {
  const used = new Set<Waiver>();
  // Indexed: for...of makes an iterator result per subject in code V8 has not optimised yet.
  for (let n = 0; n < subjects.length; n++) {
    const subject = subjects[n];
    if (subject.failures.length === 0) continue;
    const covering = waiversCovering(subject, waivers);
    covering.forEach((w) => used.add(w));
    if (covering.length > 0) continue;
    for (const failure of subject.failures) context.error(subject.object.sourcePath, failure);
  }
  for (const w of waivers) {
    if (!w.isValid || !checks.has(w.check) || used.has(w)) continue;
    const container = w.container === undefined ? '' : ` (container "${w.container}")`;
    context.warn(w.scope, {
      rule: 'waiver/unused',
      field: w.check,
      message: `the waiver of ${w.check}${container} covers nothing that fails the check, so it is stale and would silently hide a future failure`,
      received: w.reason,
      expected: 'a waiver only where the check fails; remove this one',
    });
  }
}

/** @internal Waivers must say why, and name a check (and container) they can apply to. */
export function validateWaivers(cluster: Cluster, _objects: readonly PlacedObject[], context: ValidationContext): void {
  for (const w of Waiver.of(cluster)) {
    if (typeof w.reason !== 'string' || w.reason.trim() === '') {
      context.error(w.scope, {
        rule: 'waiver/reason-required',
        field: w.check,
        message: `the waiver of ${w.check} has no reason; an exception to a gate must say why it is safe, for whoever reviews it`,
        received: w.reason,
        expected: 'a non-empty reason, e.g. "upstream ships this agent without probes"',
      });
    }
    if (!WAIVABLE_CHECKS.has(w.check)) {
      context.error(w.scope, {
        rule: 'waiver/unknown-check',
        field: 'check',
        message: 'the waiver names a check that cannot be waived',
        received: w.check,
        expected: `one of ${[...WAIVABLE_CHECKS].join(', ')}`,
      });
    } else if (w.container !== undefined && !CONTAINER_CHECKS.has(w.check)) {
      context.error(w.scope, {
        rule: 'waiver/container-not-applicable',
        field: 'container',
        message: `${w.check} judges whole objects, not containers, so a waiver of it cannot name a container`,
        received: w.container,
        expected: `no container, or one of the container checks ${[...CONTAINER_CHECKS].join(', ')}`,
      });
    }
  }
}
