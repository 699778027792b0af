import { Construct, IConstruct } from 'constructs';
import { Declarations } from '../../lib/validation/declarations';

/** What `under` must equal: every construct of `scope.node.findAll()` in turn, with its items. */
function byWalking<T>(declarations: Declarations<T>, scope: IConstruct): T[] {
  return scope.node.findAll().flatMap((c) => [...declarations.on(c)]);
}

describe('Declarations', () => {
  test('finds the items under a scope in tree order, each construct in declaration order', () => {
    // GIVEN items declared out of tree order, at several depths, two on one construct
    const root = new Construct(undefined as unknown as Construct, 'root');
    const a = new Construct(root, 'A');
    const a1 = new Construct(a, 'A1');
    const b = new Construct(root, 'B');
    const b1 = new Construct(b, 'B1');
    const b2 = new Construct(b, 'B2');
    const declarations = new Declarations<string>();
    declarations.add(b2, 'b2');
    declarations.add(a1, 'a1');
    declarations.add(b, 'b');
    declarations.add(root, 'root');
    declarations.add(b2, 'b2 again');
    declarations.add(b1, 'b1');

    // WHEN / THEN
    expect(declarations.under(root)).toStrictEqual(['root', 'a1', 'b', 'b1', 'b2', 'b2 again']);
    expect(declarations.under(b)).toStrictEqual(['b', 'b1', 'b2', 'b2 again']);
    expect(declarations.under(a)).toStrictEqual(['a1']);
    expect(declarations.under(b1)).toStrictEqual(['b1']);
    expect(declarations.under(root)).toStrictEqual(byWalking(declarations, root));
  });

  test('lists children as the construct tree does, ids that read as numbers included', () => {
    // GIVEN siblings whose ids JavaScript orders as integer keys first
    const root = new Construct(undefined as unknown as Construct, 'root');
    const declarations = new Declarations<string>();
    for (const id of ['z', '10', 'a', '2', 'constructor-like']) declarations.add(new Construct(root, id), id);

    // THEN the order is the tree's own
    expect(declarations.under(root)).toStrictEqual(byWalking(declarations, root));
  });

  test('leaves out constructs removed from the tree and constructs of other trees', () => {
    // GIVEN a declaration on a removed construct and one in another tree
    const root = new Construct(undefined as unknown as Construct, 'root');
    const kept = new Construct(root, 'Kept');
    const removed = new Construct(kept, 'Removed');
    const other = new Construct(undefined as unknown as Construct, 'other');
    const declarations = new Declarations<string>();
    declarations.add(kept, 'kept');
    declarations.add(removed, 'removed');
    declarations.add(new Construct(other, 'Elsewhere'), 'elsewhere');
    kept.node.tryRemoveChild('Removed');

    // THEN
    expect(declarations.under(root)).toStrictEqual(['kept']);
    expect(declarations.under(root)).toStrictEqual(byWalking(declarations, root));
    expect(declarations.under(other)).toStrictEqual(['elsewhere']);
  });

  test('a scope without declarations under it has none', () => {
    // GIVEN a declaration beside the scope, not under it
    const root = new Construct(undefined as unknown as Construct, 'root');
    const declarations = new Declarations<string>();
    declarations.add(new Construct(root, 'Sibling'), 'sibling');

    // THEN
    expect(declarations.under(new Construct(root, 'Empty'))).toStrictEqual([]);
    expect(declarations.under(new Construct(undefined as unknown as Construct, 'alone'))).toStrictEqual([]);
  });

  test('each lookup returns a list of its own', () => {
    // GIVEN
    const root = new Construct(undefined as unknown as Construct, 'root');
    const declarations = new Declarations<string>();
    declarations.add(root, 'item');

    // WHEN a caller empties the list it got
    declarations.under(root).length = 0;

    // THEN
    expect(declarations.under(root)).toStrictEqual(['item']);
  });
});
