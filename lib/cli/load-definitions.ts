import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { createJiti } from 'jiti';
import { Cluster } from '../cluster';
import { UsageError } from './errors';
import { CliIo } from './io';

/** A cluster and where its definition came from. */
export interface LoadedCluster {
  readonly cluster: Cluster;
  /** The definition file, or `example <name>`. */
  readonly source: string;
}

/** The package root of this CLI (build/lib/cli -> root, or lib/cli under ts-jest). */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

type Examples = Readonly<Record<string, () => Cluster>>;

/** The repository's examples, when the CLI runs inside its own repository (built). */
function repositoryExamples(cwd: string): Examples | undefined {
  const root = packageRoot();
  if (fs.realpathSync(cwd) !== fs.realpathSync(root)) return undefined;
  const built = path.join(root, 'build', 'examples', 'index.js');
  if (!fs.existsSync(built)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(built) as { EXAMPLES: Examples }).EXAMPLES;
}

function looksLikeCluster(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { clusterName?: unknown }).clusterName === 'string' && 'node' in value;
}

/** The clusters a module export stands for: a Cluster, an array of them, or a function returning either. */
function clustersOf(value: unknown, file: string, exportName: string, call: boolean): Cluster[] | undefined {
  if (value instanceof Cluster) return [value as Cluster];
  if (looksLikeCluster(value)) {
    throw new UsageError(
      `${file}: export '${exportName}' is a Cluster of another copy of clusterforge than this CLI's; ` +
        "import from 'clusterforge' (the package this CLI belongs to)",
    );
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Cluster || looksLikeCluster(v))) {
    return value.flatMap((v, i) => clustersOf(v, file, `${exportName}[${i}]`, false) ?? []);
  }
  if (call && typeof value === 'function') {
    // A `define(scope?)` function: give it a fresh App, as the examples expect.
    return clustersOf((value as (scope?: App) => unknown)(new App()), file, `${exportName}()`, false);
  }
  return undefined;
}

/**
 * The clusters of a module: its default export when that is one, or else every named
 * export (a CommonJS module's `exports` arrive as the default, so their members count too).
 */
function clustersOfModule(mod: Record<string, unknown>, file: string): Cluster[] {
  const fromDefault = mod.default === undefined ? undefined : clustersOf(mod.default, file, 'default', true);
  if (fromDefault) return fromDefault;
  const named = Object.entries(mod).filter(([name]) => name !== 'default');
  const members = typeof mod.default === 'object' && mod.default !== null && !Array.isArray(mod.default) ? Object.entries(mod.default) : [];
  const seen = new Set<unknown>();
  return [...named, ...members].flatMap(([name, value]) => {
    if (seen.has(value)) return [];
    seen.add(value);
    return clustersOf(value, file, name, true) ?? [];
  });
}

/**
 * Loads definition files (TypeScript through jiti, or JavaScript): the default export,
 * or else every export, each a Cluster, an array of Clusters, or a function returning
 * either. Names of this repository's examples are accepted too; with no file at all,
 * every example, when run inside this repository.
 */
export async function loadDefinitions(files: readonly string[], io: CliIo): Promise<LoadedCluster[]> {
  const examples = repositoryExamples(io.cwd);
  if (files.length === 0) {
    if (!examples) throw new UsageError('no definition file given: clusterforge synth <file.ts>… (a module exporting a Cluster, an array of them, or a function returning them)');
    return Object.entries(examples).map(([name, define]) => ({ cluster: define(), source: `example ${name}` }));
  }
  const jiti = createJiti(__filename, { interopDefault: false, moduleCache: true });
  const loaded: LoadedCluster[] = [];
  for (const file of files) {
    if (examples && examples[file] && !/[./\\]/.test(file)) {
      loaded.push({ cluster: examples[file](), source: `example ${file}` });
      continue;
    }
    const absolute = path.resolve(io.cwd, file);
    if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) {
      const known = examples ? `; examples: ${Object.keys(examples).join(', ')}` : '';
      throw new UsageError(`definition file '${file}' does not exist${known}`);
    }
    const mod = (await jiti.import(absolute)) as Record<string, unknown>;
    const clusters = clustersOfModule(mod, file);
    if (clusters.length === 0) {
      throw new UsageError(`${file} exports no cluster: export a Cluster, an array of them, or a function returning them`);
    }
    for (const cluster of clusters) loaded.push({ cluster, source: file });
  }
  const seen = new Map<string, string>();
  for (const { cluster, source } of loaded) {
    const other = seen.get(cluster.clusterName);
    if (other !== undefined) throw new UsageError(`two definitions name a cluster '${cluster.clusterName}' (${other} and ${source}); each writes dist/<name>/`);
    seen.set(cluster.clusterName, source);
  }
  return loaded;
}
