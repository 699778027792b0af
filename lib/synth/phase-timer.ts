/**
 * @internal
 * Wall time of each phase of synthesis, summed over calls: the profile breakdown that
 * `npm run bench` prints. Not part of the API: the benchmark imports this module directly.
 */
export class PhaseTimer {
  /** Milliseconds per phase, in the order phases first ran. */
  public readonly milliseconds = new Map<string, number>();

  /** Runs `work` and adds its wall time to `phase`. */
  public time<T>(phase: string, work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.milliseconds.set(phase, (this.milliseconds.get(phase) ?? 0) + performance.now() - start);
    }
  }
}

let active: PhaseTimer | undefined;

/** @internal Runs `work` with `timer` receiving the phases of every synthesis inside it. */
export function withPhaseTimer<T>(timer: PhaseTimer, work: () => T): T {
  const previous = active;
  active = timer;
  try {
    return work();
  } finally {
    active = previous;
  }
}

/** @internal The timer of the enclosing withPhaseTimer, if any. */
export function activePhaseTimer(): PhaseTimer | undefined {
  return active;
}

/** @internal Runs `work`, timed as `phase` when there is a timer. */
export function timed<T>(timer: PhaseTimer | undefined, phase: string, work: () => T): T {
  return timer ? timer.time(phase, work) : work();
}
