import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'build', 'bin', 'clusterforge.js');
const SOURCES = ['lib', 'constructs', 'examples', 'bin'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    // examples/ is a package too: its installed node_modules are not sources of the build.
    if (e.isDirectory() && e.name === 'node_modules') continue;
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The built CLI, building it once when a source is newer than the build: test files run
 * in parallel workers, so the build holds a lock folder and the others wait for it.
 */
export function builtCli(): string {
  const fresh = () => fs.existsSync(CLI) && fs.statSync(CLI).mtimeMs >= Math.max(...SOURCES.map((d) => newestSource(path.join(ROOT, d))));
  if (fresh()) return CLI;
  const lock = path.join(ROOT, '.build-lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      sleep(500);
      if (fresh()) return CLI;
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'pipe' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return CLI;
}

/** What a run of the CLI printed and returned. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `clusterforge <args>` as a user would: a child process, in `cwd`. */
export function clusterforge(args: readonly string[], cwd: string = ROOT, env: NodeJS.ProcessEnv = {}): CliResult {
  const { CDK8S_OUTDIR: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [builtCli(), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...inherited, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A user's project in a temporary folder: `clusterforge`, `cdk8s` and `constructs` resolve
 * to this repository (as after `npm install clusterforge cdk8s constructs`), plus `files`.
 */
export function userProject(files: Readonly<Record<string, string>> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'clusterforge'));
  for (const dep of ['cdk8s', 'constructs']) fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(dir, 'node_modules', dep));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A definition file of one small valid cluster named `name`. */
export function definitionOf(name: string, props = '{}', extra = ''): string {
  return [
    "import { App } from 'cdk8s';",
    "import { Cluster, Namespace } from 'clusterforge';",
    '',
    'export default function define(scope = new App()): Cluster {',
    `  const cluster = new Cluster(scope, '${name}', ${props});`,
    "  new Namespace(cluster, 'apps');",
    extra,
    '  return cluster;',
    '}',
    '',
  ].join('\n');
}

export const REPO_ROOT = ROOT;
