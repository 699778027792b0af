import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

function acceptsUndefined(t: ts.TypeNode): boolean {
  if (t.kind === ts.SyntaxKind.UndefinedKeyword || t.kind === ts.SyntaxKind.AnyKeyword || t.kind === ts.SyntaxKind.UnknownKeyword) {
    return true;
  }
  if (ts.isUnionTypeNode(t)) return t.types.some(acceptsUndefined);
  return ts.isParenthesizedTypeNode(t) && acceptsUndefined(t.type);
}

/**
 * Whether `node` lies in a declared type a user can reach: an interface or type alias
 * (exported, or extended by an exported one), a parameter, or a function, method or
 * property signature; not in a cast or a local variable's type.
 */
function inDeclaredType(node: ts.Node): boolean {
  let p: ts.Node | undefined = node.parent;
  while (p && (ts.isTypeNode(p) || ts.isTypeElement(p)) && !ts.isInterfaceDeclaration(p)) p = p.parent;
  return (
    p !== undefined &&
    (ts.isInterfaceDeclaration(p) ||
      ts.isTypeAliasDeclaration(p) ||
      ts.isParameter(p) ||
      ts.isFunctionDeclaration(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isGetAccessorDeclaration(p))
  );
}

/** `file:line` of every optional property of an exported type that rejects an explicit `undefined`. */
function optionalPropertiesWithoutUndefined(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertySignature(node) && node.questionToken && node.type && !acceptsUndefined(node.type) && inDeclaredType(node)) {
        found.push(`${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

describe('public types under exactOptionalPropertyTypes', () => {
  test('every optional property of a declared type accepts undefined', () => {
    // GIVEN every source file of the package
    const files = [...sources(path.join(ROOT, 'lib')), ...sources(path.join(ROOT, 'constructs'))];

    // WHEN / THEN: `readonly x?: T | undefined`, so `{ x: maybe }` compiles for a user with
    // exactOptionalPropertyTypes (on in `tsc --init` since TypeScript 6)
    expect(optionalPropertiesWithoutUndefined(files)).toStrictEqual([]);
  });

  test('the check sees a property that rejects undefined', () => {
    // GIVEN a file with one offending and two accepted properties
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-optional-'));
    const file = path.join(dir, 'x.ts');
    fs.writeFileSync(
      file,
      [
        'interface Base {',
        '  readonly a?: string;',
        '  readonly b?: string | undefined;',
        '}',
        'export function f(options: { e?: number } = {}): void {}',
        'const c = {} as { d?: string };',
      ].join('\n'),
    );

    // WHEN / THEN: the base interface's and the parameter's, not the cast's
    const relative = path.relative(ROOT, file);
    expect(optionalPropertiesWithoutUndefined([file])).toStrictEqual([`${relative}:2`, `${relative}:5`]);
  });
});
