import { IConstruct } from 'constructs';

/**
 * @internal
 * Items declared on constructs (waivers, upstream deviations), found again under any scope
 * in tree order. Looking them up used to walk every construct under the scope, probing each
 * for declarations: at 10,000 tenants, a few hundred thousand probes per lookup for the few
 * constructs that declare anything. The scopes that declared something are kept per root
 * instead, and only they are placed in the tree.
 */
export class Declarations<T> {
  /** Items by the construct they were declared on; construct ids stay the only identity. */
  private readonly byScope = new WeakMap<IConstruct, readonly T[]>();
  /** The constructs holding items, per root of their tree. */
  private readonly scopesByRoot = new WeakMap<IConstruct, Set<IConstruct>>();

  /** The items declared on `scope` itself, in declaration order. */
  public on(scope: IConstruct): readonly T[] {
    return this.byScope.get(scope) ?? [];
  }

  /** Declares `item` on `scope`, after those declared there before. */
  public add(scope: IConstruct, item: T): void {
    this.byScope.set(scope, [...this.on(scope), item]);
    const root = scope.node.root;
    let scopes = this.scopesByRoot.get(root);
    if (!scopes) this.scopesByRoot.set(root, (scopes = new Set()));
    scopes.add(scope);
  }

  /**
   * The items declared on `scope` and on each construct under it, in tree order (as
   * `scope.node.findAll()` lists the constructs), each construct's in declaration order.
   */
  public under(scope: IConstruct): T[] {
    const scopes = this.scopesByRoot.get(scope.node.root);
    if (!scopes) return [];
    const positions = new TreePositions(scope);
    const placed: Array<{ readonly position: readonly number[]; readonly items: readonly T[] }> = [];
    for (const s of scopes) {
      const position = positions.of(s);
      if (position !== undefined) placed.push({ position, items: this.on(s) });
    }
    placed.sort((a, b) => comparePositions(a.position, b.position));
    const found: T[] = [];
    for (const { items } of placed) found.push(...items);
    return found;
  }
}

/** Where constructs are under one scope, as the child indices that lead there from it. */
class TreePositions {
  /** Each parent's children by construct, built once per parent met. */
  private readonly indexes = new Map<IConstruct, Map<IConstruct, number>>();

  public constructor(private readonly scope: IConstruct) {}

  /** The child indices from the scope down to `c`; undefined when `c` is neither the scope nor in its tree. */
  public of(c: IConstruct): number[] | undefined {
    const position: number[] = [];
    for (let child = c; child !== this.scope; ) {
      const parent = child.node.scope;
      // No parent: `c` is in another branch of the root. No index: it was removed from its parent.
      if (parent === undefined) return undefined;
      const index = this.childIndex(parent, child);
      if (index === undefined) return undefined;
      position.push(index);
      child = parent;
    }
    return position.reverse();
  }

  private childIndex(parent: IConstruct, child: IConstruct): number | undefined {
    let index = this.indexes.get(parent);
    if (!index) {
      index = new Map(parent.node.children.map((c, i) => [c, i]));
      this.indexes.set(parent, index);
    }
    return index.get(child);
  }
}

/** Tree (pre)order: an ancestor before what is under it, siblings in the order they were added. */
function comparePositions(a: readonly number[], b: readonly number[]): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}
