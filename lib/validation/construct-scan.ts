import { IConstruct } from 'constructs';

/**
 * @internal
 * One walk of the construct tree per synthesis. Rules that look for declarations anywhere
 * under the cluster (waivers, upstream deviations, CRD sources...) each walked the whole
 * tree; at 10,000 tenants that is hundreds of thousands of constructs per walk. During
 * synthesis the tree no longer changes, so they share the walk synthesis made.
 */
let current: { readonly root: IConstruct; readonly all: readonly IConstruct[] } | undefined;

/** @internal Runs `work` with `all` (root.node.findAll(), taken after late rendering) shared by every rule. */
export function withConstructScan<T>(root: IConstruct, all: readonly IConstruct[], work: () => T): T {
  const previous = current;
  current = { root, all };
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
 * What `declared` holds for `scope` and each construct under it, in tree order: the
 * waivers or deviations declared anywhere under a cluster, without an array per construct.
 */
export function declaredUnder<T>(scope: IConstruct, declared: WeakMap<IConstruct, readonly T[]>): T[] {
  const found: T[] = [];
  for (const c of findAllUnder(scope)) {
    const items = declared.get(c);
    if (items !== undefined) for (const item of items) found.push(item);
  }
  return found;
}
