import type { AddOn, AddOnKey } from './add-on';

/** @internal An add-on dependency that no add-on of the cluster fills. */
export interface MissingDependency {
  readonly addOn: AddOn;
  readonly missing: AddOnKey;
}

/** @internal The add-ons of a cluster in topological order of their dependencies, and what is wrong with the graph. */
export interface AddOnGraph {
  /** Add-ons in dependency order (dependencies first); ties broken by construct id. */
  readonly order: readonly AddOn[];
  readonly missing: readonly MissingDependency[];
  /** Add-ons on a dependency cycle, each cycle listed once, in path order. */
  readonly cycles: readonly (readonly AddOn[])[];
}

/**
 * @internal
 * Resolves add-on dependencies with Kahn's algorithm. Add-ons on a cycle, or that
 * depend on one, are left out of `order`.
 */
export function resolveAddOnGraph(addOns: readonly AddOn[]): AddOnGraph {
  const byKey = new Map<AddOnKey, AddOn>(addOns.map((a) => [a.key, a]));
  const missing: MissingDependency[] = [];
  const dependents = new Map<AddOn, AddOn[]>(addOns.map((a) => [a, []]));
  const indegree = new Map<AddOn, number>();
  for (const addOn of addOns) {
    let count = 0;
    for (const key of new Set(addOn.dependencies)) {
      const dep = byKey.get(key);
      if (!dep) {
        missing.push({ addOn, missing: key });
        continue;
      }
      dependents.get(dep)!.push(addOn);
      count++;
    }
    indegree.set(addOn, count);
  }

  const byId = (a: AddOn, b: AddOn) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0);
  const ready = addOns.filter((a) => indegree.get(a) === 0).sort(byId);
  const order: AddOn[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    order.push(next);
    for (const d of dependents.get(next)!) {
      const left = indegree.get(d)! - 1;
      indegree.set(d, left);
      if (left === 0) {
        ready.push(d);
        ready.sort(byId);
      }
    }
  }

  return { order, missing, cycles: findCycles(addOns.filter((a) => !order.includes(a)), byKey) };
}

function findCycles(stuck: readonly AddOn[], byKey: ReadonlyMap<AddOnKey, AddOn>): AddOn[][] {
  const cycles: AddOn[][] = [];
  const onCycle = new Set<AddOn>();
  const stuckSet = new Set(stuck);
  for (const start of stuck) {
    if (onCycle.has(start)) continue;
    // Walk dependencies inside the stuck set; a walk must revisit a node, closing a cycle.
    const path: AddOn[] = [];
    const seenAt = new Map<AddOn, number>();
    let current: AddOn | undefined = start;
    while (current && !seenAt.has(current) && !onCycle.has(current)) {
      seenAt.set(current, path.length);
      path.push(current);
      current = current.dependencies.map((k) => byKey.get(k)).find((d): d is AddOn => d !== undefined && stuckSet.has(d));
    }
    if (current && seenAt.has(current)) {
      const cycle = path.slice(seenAt.get(current));
      cycle.forEach((a) => onCycle.add(a));
      cycles.push(cycle);
    }
  }
  return cycles;
}
