import { IConstruct } from 'constructs';

/**
 * Implemented by constructs that render late, from state added after construction.
 *
 * Synthesis prepares every construct of the cluster once per synthesis, parents before children
 * and in tree order, as one walk reaches it. A construct a preparation adds is prepared too when
 * the walk reaches it (anything added under the construct being prepared is); one removed before
 * the walk reaches it is not. Preparation must be idempotent: a cluster may be synthesised again.
 */
export interface IPreparable {
  /** Renders the objects that depend on state added after construction. */
  prepareForSynthesis(): void;
}

function isPreparable(x: unknown): x is IPreparable {
  return typeof (x as IPreparable).prepareForSynthesis === 'function';
}

/** The late rendering under way, if any: what LateRenderingMemo's values are valid for. */
let currentPass: object | undefined;

/** Classes whose preparation adds and removes constructs under the construct itself only. */
const preparingWithinItself = new Set<Function>();

/**
 * @internal
 * Declares that preparing an instance of `cls` (exactly that class, not a subclass) adds and
 * removes constructs only under that instance, and prepares no construct elsewhere, so the
 * late-rendering walk lists what it adds without checking the tree again.
 */
export function preparesWithinItself(cls: Function): void {
  preparingWithinItself.add(cls);
}

/**
 * @internal
 * Prepares every construct under `root` (each once, parents before children, in tree order) and
 * returns `root.node.findAll()` of the tree that results.
 *
 * This is one walk, where preparing and listing used to take one each: a construct is prepared
 * when the walk reaches it, before its children are read, so what it adds under itself is walked
 * and listed too (and prepared: preparation is idempotent, as synthesis may run more than once).
 * A preparation may also add or remove constructs elsewhere, where the walk has been already
 * (the monitoring add-on adds a NetworkPolicy to every tenant). Unless every preparation that ran
 * was declared to stay within its construct (preparesWithinItself), a second pass, which
 * allocates nothing, checks the list against the tree, and the tree is listed again where they
 * differ.
 */
export function renderLate(root: IConstruct): IConstruct[] {
  const previous = currentPass;
  currentPass = {};
  try {
    const all: IConstruct[] = [];
    let unchecked = false;
    const visit = (c: IConstruct): void => {
      if (isPreparable(c)) {
        c.prepareForSynthesis();
        if (!preparingWithinItself.has(c.constructor)) unchecked = true;
      }
      all.push(c);
      forEachChild(c, visit);
    };
    visit(root);
    return !unchecked || listsTree(all, root) ? all : root.node.findAll();
  } finally {
    currentPass = previous;
  }
}

/** Whether `all` is the tree under `root` in preorder, as it stands now. */
function listsTree(all: readonly IConstruct[], root: IConstruct): boolean {
  let next = 0;
  let same = true;
  const check = (c: IConstruct): void => {
    if (!same) return;
    if (all[next++] !== c) {
      same = false;
      return;
    }
    forEachChild(c, check);
  };
  check(root);
  return same && next === all.length;
}

/**
 * `c.node.children.forEach(f)` without the array: constructs keeps the children in a plain
 * object, which `children` copies for every construct (tens of thousands per synthesis).
 */
function forEachChild(c: IConstruct, f: (child: IConstruct) => void): void {
  const children = (c.node as unknown as { readonly _children?: unknown })._children;
  if (children === undefined) return;
  if (typeof children !== 'object' || children === null || Object.getPrototypeOf(children) !== Object.prototype) {
    // Not the layout of constructs 10: the public (copying) accessor.
    for (const child of c.node.children) f(child);
    return;
  }
  const map = children as Readonly<Record<string, IConstruct>>;
  for (const id in map) if (Object.prototype.hasOwnProperty.call(map, id)) f(map[id]);
}

/**
 * @internal
 * A value derived from the construct tree, computed once per late rendering for each key and
 * shared by the constructs that ask for it while it runs (a thousand tenants asked the cluster's
 * add-on namespaces and ingress controllers once each, walking the tree every time); outside
 * late rendering it is computed on each call.
 *
 * Use it only for what the preparations between the first and the last use leave unchanged:
 * the tenants read the add-ons' namespaces and controllers, and only preparations of their
 * own constructs run between theirs.
 */
export class LateRenderingMemo<K extends object, V> {
  private pass: object | undefined;
  private values = new WeakMap<K, V>();

  public constructor(private readonly compute: (key: K) => V) {}

  /** The value for `key`. */
  public get(key: K): V {
    if (currentPass === undefined) return this.compute(key);
    if (this.pass !== currentPass) {
      this.pass = currentPass;
      this.values = new WeakMap();
    }
    if (this.values.has(key)) return this.values.get(key)!;
    const value = this.compute(key);
    this.values.set(key, value);
    return value;
  }
}
