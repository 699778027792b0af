import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Names that are never API whatever their doc comment says: helpers of the model, the
 * renderers behind synthesis, and the pins of lib/versions (a user picks a version through
 * the props of a construct, not by importing our pins).
 */
export const DENIED: ReadonlyArray<{ readonly pattern: RegExp; readonly why: string }> = [
  { pattern: /^(cidrsOverlap|cidrContains|cidrSize|cidrAddress|parseCidr|parseIp|formatIp|splitCidrList)$/, why: 'CIDR arithmetic of the validation rules' },
  { pattern: /^(stageOf|planManifestFiles|objectDependencies|fileSlug|objectIdentity|describeObject|apiGroupOf)$/, why: 'the ordering and identity of synthesis' },
  { pattern: /^(toYaml|toYamlStream|canonicalize|writeTreeAtomically|resolveAddOnGraph|gatesReport|gateCounts)$/, why: 'the renderers and writers behind synthesis' },
  // renderClusterFiles is the one renderer of the API: the files of dist/<cluster>/, in memory.
  { pattern: /^render(?!ClusterFiles$)[A-Z]\w*$/, why: 'a renderer of one part of the output' },
  { pattern: /^(validate|resolve|check|is)[A-Z]\w*$/, why: 'a validation rule, a defaults resolver or a predicate of the model' },
  { pattern: /^[A-Z][A-Z0-9_]*_(IMAGE|PINS|VERSION|DEFAULTS|COMPONENT|CRD_URLS?|CRD_KINDS)$/, why: 'a pin of lib/versions, a defaults table or an upstream component name' },
];

/** Why `name` may not be exported by an entry point, if it may not. */
export function deniedReason(name: string): string | undefined {
  return DENIED.find((d) => d.pattern.test(name))?.why;
}

/** The source file of each entry point of package.json `exports`, by subpath (`.`, `./pulumi`, ...). */
export function sourceEntryPoints(): Map<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { types: string }> };
  return new Map(
    Object.entries(pkg.exports).map(([subpath, target]) => [subpath, path.join(ROOT, target.types.replace(/^\.\/build\//, '').replace(/\.d\.ts$/, '.ts'))]),
  );
}

/** One export of an entry point. */
export interface EntryExport {
  /** The subpath of package.json `exports`, e.g. `./constructs`. */
  readonly entry: string;
  readonly name: string;
  /** Repository path of the file that declares it. */
  readonly file: string;
  /** Whether a declaration of it is tagged `@internal`. */
  readonly internal: boolean;
  /** Whether it exists at run time (a class, function, constant or enum), not a type only. */
  readonly value: boolean;
}

function isTaggedInternal(node: ts.Node): boolean {
  const target = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  return ts.getJSDocTags(target).some((t) => t.tagName.text === 'internal');
}

/** Every export of every entry point, as the type checker resolves them (re-exports followed). */
export function entryExports(): EntryExport[] {
  const entries = sourceEntryPoints();
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram({ rootNames: [...entries.values()], options: { ...config!.options, noEmit: true } });
  const checker = program.getTypeChecker();
  const out: EntryExport[] = [];
  for (const [entry, file] of entries) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`entry point ${entry}: ${file} does not exist`);
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declarations = target.declarations ?? [];
      out.push({
        entry,
        name: symbol.name,
        file: path.relative(ROOT, declarations[0]?.getSourceFile().fileName ?? file).split(path.sep).join('/'),
        internal: declarations.some(isTaggedInternal),
        value: (target.flags & ts.SymbolFlags.Value) !== 0,
      });
    }
  }
  return out;
}

/** Names of every exported declaration tagged `@internal` in lib/ and constructs/, by a parse of each file. */
export function internalNames(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const source = ts.createSourceFile(p, fs.readFileSync(p, 'utf8'), ts.ScriptTarget.Latest, true);
        for (const st of source.statements) {
          if (!ts.canHaveModifiers(st) || !(ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
          if (!ts.getJSDocTags(st).some((t) => t.tagName.text === 'internal')) continue;
          const declared = ts.isVariableStatement(st) ? st.declarationList.declarations.map((d) => d.name) : [(st as ts.DeclarationStatement).name];
          for (const n of declared) if (n && ts.isIdentifier(n)) names.add(n.text);
        }
      }
    }
  };
  for (const dir of ['lib', 'constructs']) walk(path.join(ROOT, dir));
  return names;
}
