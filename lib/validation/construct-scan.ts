import { IConstruct } from 'constructs';

/** What one synthesis learnt of its construct tree, shared by every rule while it runs. */
interface Scan {
  readonly root: IConstruct;
  readonly all: readonly IConstruct[];
  /** declaredUnder(root, declared), by `declared`; emptied whenever a declaration is added. */
  readonly declared: Map<WeakMap<IConstruct, readonly unknown[]>, readonly unknown[]>;
  /** instancesUnder(root, type), by `type`. */
  readonly instances: Map<abstract new (...args: never[]) => IConstruct, readonly IConstruct[]>;
}

/**
 * @internal
 * One walk of the construct tree per synthesis. Rules that look for declarations anywhere
 * under the cluster (waivers, upstream deviations, CRD sources...) each walked the whole
 * tree; at 10,000 tenants that is hundreds of thousands of constructs per walk. During
 * synthesis the tree no longer changes, so they share the walk synthesis made, and what
 * each kind of lookup found in it.
 */
let current: Scan | undefined;

/** @internal Runs `work` with `all` (root.node.findAll(), taken after late rendering) shared by every rule. */
export function withConstructScan<T>(root: IConstruct, all: readonly IConstruct[], work: () => T): T {
  const previous = current;
  current = { root, all, declared: new Map(), instances: new Map() };
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

/**
 * @internal
 * What `declared` holds for `scope` and each construct under it, in tree order: the
 * waivers or deviations declared anywhere under a cluster, without an array per construct.
 * Walked once per synthesis for the root (a fresh copy each call), until declarationAdded().
 */
export function declaredUnder<T>(scope: IConstruct, declared: WeakMap<IConstruct, readonly T[]>): T[] {
  const scan = current !== undefined && current.root === scope ? current : undefined;
  const cached = scan?.declared.get(declared);
  if (cached !== undefined) return cached.slice() as T[];
  const found: T[] = [];
  for (const c of findAllUnder(scope)) {
    const items = declared.get(c);
    if (items !== undefined) for (const item of items) found.push(item);
  }
  scan?.declared.set(declared, found.slice());
  return found;
}

/** @internal Called by whatever adds to a map declaredUnder() reads, so that no synthesis reads a stale list. */
export function declarationAdded(): void {
  current?.declared.clear();
}
