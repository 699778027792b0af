import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import * as ts from 'typescript';
import { parse } from 'yaml';

/** The folder of the repository's Pulumi project (Pulumi.yaml, package.json, tsconfig.json). */
export const PULUMI_PROJECT = path.join(__dirname, '../../examples');

/** The repository's Pulumi program, as `pulumi up` would load it. */
export interface PulumiProgram {
  /** The `name` of Pulumi.yaml, the namespace of its config keys. */
  readonly project: string;
  /** The `main` of Pulumi.yaml, relative to the project folder. */
  readonly main: string;
  /** `runtime.options.typescript`: Pulumi compiles the program with the project's TypeScript. */
  readonly typescript: boolean;
  /** The TypeScript files the program loads, relative to the project folder. */
  readonly sources: readonly string[];
  /** Relative imports that leave the project folder (and so its node_modules). */
  readonly escapes: readonly string[];
  /** The packages the program needs at run time, sorted. */
  readonly packages: readonly string[];
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function resolveSource(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const candidate = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
  if (!candidate) throw new Error(`${from}: cannot resolve '${specifier}'`);
  return candidate;
}

/**
 * Reads Pulumi.yaml and follows the program's imports from its `main`: every package it or a
 * file it imports loads, plus what Pulumi's ts-node loads for it (typescript and the `types`
 * of tsconfig.json) when `runtime.options.typescript` is set.
 */
export function pulumiProgram(dir: string = PULUMI_PROJECT): PulumiProgram {
  const manifest = parse(fs.readFileSync(path.join(dir, 'Pulumi.yaml'), 'utf8')) as {
    name: string;
    main: string;
    runtime: { name: string; options?: { typescript?: boolean } };
  };
  const typescript = manifest.runtime.options?.typescript === true;
  const packages = new Set<string>();
  const escapes: string[] = [];
  const seen = new Set<string>();
  const pending = [resolveSource(path.join(dir, 'Pulumi.yaml'), `./${manifest.main.replace(/\.ts$/, '')}`)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { fileName: specifier } of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (specifier.startsWith('.')) {
        const target = resolveSource(file, specifier);
        if (path.relative(dir, target).startsWith('..')) escapes.push(`${path.relative(dir, file)}: ${specifier}`);
        else pending.push(target);
      } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        packages.add(packageName(specifier));
      }
    }
  }
  if (typescript) {
    packages.add('typescript');
    const config = ts.readConfigFile(path.join(dir, 'tsconfig.json'), ts.sys.readFile);
    const types = (config.config as { compilerOptions?: { types?: string[] } } | undefined)?.compilerOptions?.types ?? [];
    for (const t of types) packages.add(`@types/${t}`);
  }
  return {
    project: manifest.name,
    main: manifest.main,
    typescript,
    sources: [...seen].map((f) => path.relative(dir, f)).sort(),
    escapes,
    packages: [...packages].sort(),
  };
}
