import { IConstruct } from 'constructs';

/** What one synthesis learnt of its construct tree, shared by every rule while it runs. */
interface Scan {
  readonly root: IConstruct;
  readonly all: readonly IConstruct[];
  /** instancesUnder(root, type), by `type`. */
  readonly instances: Map<abstract new (...args: never[]) => IConstruct, readonly IConstruct[]>;
}

/**
 * @internal
 * One walk of the construct tree per synthesis. Rules that look for declarations anywhere
 * under the cluster (waivers, upstream deviations, CRD sources...) each walked the whole
 * tree; at 10,000 tenants that is hundreds of thousands of constructs per walk. During
 * synthesis the tree no longer changes, so they share the walk synthesis made, and what
 * each lookup of instances found in it.
 */
let current: Scan | undefined;

/** @internal Runs `work` with `all` (root.node.findAll(), taken after late rendering) shared by every rule. */
export function withConstructScan<T>(root: IConstruct, all: readonly IConstruct[], work: () => T): T {
  const previous = current;
  current = { root, all, instances: new Map() };
  try {
    return work();
  } finally {
    current = previous;
  }
}

/** @internal `scope.node.findAll()`, from the shared walk when `scope` is the root being synthesised. */
export function findAllUnder(scope: IConstruct): readonly IConstruct[] {
  return current !== undefined && current.root === scope ? current.all : scope.node.findAll();
}

/**
 * @internal
 * The constructs at or under `scope` that are instances of `type`, in tree order. Found once
 * per synthesis for the root: Waiver.of, the CRD and Pod Security rules each walked the tree for them.
 */
export function instancesUnder<T extends IConstruct>(scope: IConstruct, type: abstract new (...args: never[]) => T): readonly T[] {
  const scan = current !== undefined && current.root === scope ? current : undefined;
  const cached = scan?.instances.get(type);
  if (cached !== undefined) return cached as readonly T[];
  const found: T[] = [];
  for (const c of findAllUnder(scope)) if (c instanceof type) found.push(c);
  scan?.instances.set(type, found);
  return found;
}
