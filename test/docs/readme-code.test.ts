import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** Every ```ts block of a Markdown file, with the line it starts on. */
function typeScriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const re = /^```(?:ts|typescript)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, m.index).split('\n').length, code: m[1] });
  }
  return blocks;
}

/**
 * Type-checks code as a user's file would be, with the package's entry points mapped to
 * this repository's sources (as `import ... from 'clusterforge'` resolves once installed).
 */
function typeCheck(files: ReadonlyMap<string, string>): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const options: ts.CompilerOptions = {
    ...config!.options,
    noEmit: true,
    // Snippets declare things a reader reuses; unused locals are fine in docs.
    noUnusedLocals: false,
    paths: {
      clusterforge: [path.join(ROOT, 'lib/index.ts')],
      'clusterforge/pulumi': [path.join(ROOT, 'lib/pulumi/index.ts')],
      'clusterforge/constructs': [path.join(ROOT, 'constructs/index.ts')],
    },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.fileExists = (f) => files.has(f) || fileExists(f);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v, onError, create) =>
    files.has(f) ? ts.createSourceFile(f, files.get(f)!, v) : getSourceFile(f, v, onError, create);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || files.has(d.file.fileName))
    .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

// Every TypeScript block of README.md compiles against the library as it is. One program
// checks them all, with a deliberately broken file beside them so the check is not vacuous.
describe('README TypeScript blocks', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = typeScriptBlocks(readme);
  const broken = path.join(ROOT, 'test', 'docs', 'readme-broken.ts');
  const files = new Map(blocks.map((b) => [path.join(ROOT, 'test', 'docs', `readme-line-${b.line}.ts`), b.code]));
  let errors: string[] = [];
  beforeAll(() => {
    errors = typeCheck(new Map([...files, [broken, "import { Cluster } from 'clusterforge';\nconst n: number = Cluster;\n"]]));
  });

  test('each block type-checks as a file of its own', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(errors.filter((e) => !e.startsWith('readme-broken.ts'))).toStrictEqual([]);
  });

  test('a block with a type error is caught', () => {
    expect(errors.filter((e) => e.startsWith('readme-broken.ts'))).toHaveLength(1);
  });
});
