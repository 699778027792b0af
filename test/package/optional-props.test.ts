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

/** Whether `node` lies in the type of an exported interface or type alias (not in a cast or local type). */
function inExportedDeclaration(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p)) {
      return (ts.getCombinedModifierFlags(p) & ts.ModifierFlags.Export) !== 0;
    }
    if (!ts.isTypeNode(p) && !ts.isTypeElement(p)) return false;
  }
  return false;
}

/** `file:line` of every optional property of an exported type that rejects an explicit `undefined`. */
function optionalPropertiesWithoutUndefined(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertySignature(node) && node.questionToken && node.type && !acceptsUndefined(node.type) && inExportedDeclaration(node)) {
        found.push(`${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

describe('public types under exactOptionalPropertyTypes', () => {
  test('every optional property of an exported type accepts undefined', () => {
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
    fs.writeFileSync(file, 'export interface A {\n  readonly a?: string;\n  readonly b?: string | undefined;\n}\nconst c = {} as { d?: string };\n');

    // WHEN / THEN
    expect(optionalPropertiesWithoutUndefined([file])).toStrictEqual([`${path.relative(ROOT, file)}:2`]);
  });
});
