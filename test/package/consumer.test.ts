import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PULUMI_PROJECT, pulumiProgram } from '../support/pulumi-program';
import { deniedReason, internalNames } from '../support/public-api';

// A new user's project: the packed tarball installed with its peers, the README's examples
// compiled under the strictest settings a fresh `tsc --init` suggests, then run. If the
// package misses a file, leaks a type a strict build rejects, or the README stops compiling,
// this fails.

const ROOT = path.join(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The README's code blocks marked `<!-- consumer-test: <file> ... -->`, by file name. */
export function readmeExamples(readme: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- consumer-test: (\S+)[^\n]*-->\n```ts\n([\s\S]*?)\n```/g)) blocks.set(m[1], `${m[2]}\n`);
  return blocks;
}

function run(cmd: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}\n${err.stderr ?? ''}\n${err.message}`);
  }
}

const STRICT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'node16',
    moduleResolution: 'node16',
    types: ['node'],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    outDir: 'out',
  },
  include: ['*.ts'],
};

// Runs the README's Pulumi program under Pulumi mocks with its config and secrets set, as
// `pulumi up` would, and prints what it registered and exported.
const PULUMI_RUNNER = `import * as pulumi from '@pulumi/pulumi';

const registered: { type: string; name: string }[] = [];
pulumi.runtime.setAllConfig(
  {
    'consumer:context': 'kind-test',
    'consumer:bootstrapToken': 'abcdef.0123456789abcdef',
    'consumer:certificateKey': '${'a'.repeat(64)}',
    'consumer:caCertHash': 'sha256:${'b'.repeat(64)}',
  },
  ['consumer:bootstrapToken', 'consumer:certificateKey', 'consumer:caCertHash'],
);
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name });
      return { id: args.name + '-id', state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  'consumer',
  'dev',
  false,
);

async function main(): Promise<void> {
  const program: { bootstrap: pulumi.Output<Record<string, string>> } = await import('./pulumi.js');
  const files = await new Promise<Record<string, string>>((resolve) => program.bootstrap.apply(resolve));
  const secret = await pulumi.isSecret(program.bootstrap);
  await new Promise((resolve) => setTimeout(resolve, 500));
  console.log(JSON.stringify({ secret, files, types: [...new Set(registered.map((r) => r.type))].sort() }));
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
`;

interface Packed {
  readonly tarball: string;
  readonly files: readonly string[];
}

let packed: Packed | undefined;
let packDir: string | undefined;

/** The tarball `npm pack` makes (its prepack builds the library), made once for this file. */
function packLibrary(): Packed {
  if (!packed) {
    packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-pack-'));
    const [result] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], ROOT)) as { filename: string; files: { path: string }[] }[];
    packed = { tarball: path.join(packDir, result.filename), files: result.files.map((f) => f.path) };
  }
  return packed;
}

afterAll(() => {
  if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
});

describe('the packed package in a new strict TypeScript project', () => {
  let project: string;
  let installed: boolean;

  beforeAll(() => {
    // GIVEN the tarball `npm pack` makes (its prepack builds the library) ...
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-consumer-'));
    const { tarball } = packLibrary();
    // ... installed into an empty project with its peers, the Pulumi SDKs and TypeScript
    const deps: Record<string, string> = {
      [pkg.name]: `file:${tarball}`,
      ...pkg.peerDependencies,
      typescript: pkg.devDependencies.typescript,
      '@types/node': pkg.devDependencies['@types/node'],
    };
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies: deps }, null, 2));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG, null, 2));
    for (const [file, code] of readmeExamples(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))) {
      fs.writeFileSync(path.join(project, file), code);
    }
    fs.writeFileSync(path.join(project, 'run-pulumi.ts'), PULUMI_RUNNER);
    installed = true;
  }, 900_000);

  afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  test('the tarball holds the built library, its types, README, LICENSE and CHANGELOG, and nothing else', () => {
    const { files } = packLibrary();
    const outside = files.filter((f) => !/^build\/(lib|constructs)\/.*\.(js|d\.ts)$/.test(f));
    expect(outside.sort()).toStrictEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'build/bin/clusterforge.js', 'package.json']);
    expect(files).toEqual(expect.arrayContaining(['build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/pulumi/index.js', 'build/constructs/index.d.ts']));
    // no shipped file points at a source map the package does not carry
    const installedPackage = path.join(project, 'node_modules', pkg.name);
    expect(files.filter((f) => /\.js$/.test(f) && fs.readFileSync(path.join(installedPackage, f), 'utf8').includes('sourceMappingURL'))).toStrictEqual([]);
    // cdk8s and constructs come from the project: one copy, so instanceof holds across them
    expect(fs.existsSync(path.join(project, 'node_modules', pkg.name, 'node_modules', 'cdk8s'))).toBe(false);
    expect(fs.existsSync(path.join(project, 'node_modules', pkg.name, 'node_modules', 'constructs'))).toBe(false);
  });

  test('a YAML-only project never loads the Pulumi SDKs', () => {
    // WHEN the YAML entry points are loaded
    const script =
      "require('clusterforge'); require('clusterforge/constructs');" +
      "console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('@pulumi'))))";
    const loaded = JSON.parse(run(process.execPath, ['-e', script], project).trim()) as string[];

    // THEN
    expect(loaded).toStrictEqual([]);
  });

  test('the entry points export no internals at run time', () => {
    // WHEN every entry point of package.json exports is loaded from the installed package
    const script = `console.log(JSON.stringify(${JSON.stringify(['.', './constructs', './pulumi'])}.map((e) => [e, Object.keys(require('clusterforge' + e.slice(1)))])))`;
    const loaded = JSON.parse(run(process.execPath, ['-e', script], project).trim()) as [string, string[]][];

    // THEN none exports a declaration tagged @internal in the sources, nor a name of the deny-list
    const internal = internalNames();
    expect(loaded.every(([, names]) => names.includes('Cluster') || names.includes('ClusterNetwork') || names.includes('ClusterStack'))).toBe(true);
    expect(loaded.flatMap(([entry, names]) => names.filter((n) => internal.has(n) || deniedReason(n) !== undefined).map((n) => `${entry} ${n}`))).toStrictEqual([]);
  });

  test("the README's examples compile with strict, exactOptionalPropertyTypes and skipLibCheck: false", () => {
    expect(installed).toBe(true);
    expect(fs.readdirSync(project).filter((f) => f.endsWith('.ts')).sort()).toStrictEqual(['definition.ts', 'pulumi.ts', 'run-pulumi.ts']);
    // WHEN / THEN: tsc prints every error and exits non-zero on any
    run(path.join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.'], project);
  }, 600_000);

  test("the README's definition synthesises to dist/prod/", () => {
    // WHEN
    run(process.execPath, ['out/definition.js'], project);

    // THEN
    const dist = path.join(project, 'dist', 'prod');
    expect(fs.readdirSync(dist).sort()).toStrictEqual(['GATES.md', 'bootstrap', 'gates.json', 'manifests']);
    expect(fs.readdirSync(path.join(dist, 'manifests'))).toContain('010-namespaces.yaml');
  });

  test("the README's Pulumi program registers the cluster under mocks, every placeholder filled from secrets", () => {
    // WHEN
    const out = JSON.parse(run(process.execPath, ['out/run-pulumi.js'], project).trim().split('\n').pop()!) as {
      secret: boolean;
      files: Record<string, string>;
      types: string[];
    };

    // THEN
    expect(out.secret).toBe(true);
    expect(Object.keys(out.files)).toContain('kubeadm/cp-1.yaml');
    expect(Object.entries(out.files).filter(([, c]) => c.includes('@@CLUSTERFORGE_')).map(([p]) => p)).toStrictEqual([]);
    expect(out.types).toEqual(expect.arrayContaining(['clusterforge:index:Cluster', 'pulumi:providers:kubernetes', 'kubernetes:core/v1:Namespace']));
  });
});

// Runs the program of Pulumi.yaml the way `pulumi up` does (@pulumi/pulumi cmd/run/run.js):
// ts-node registered with the TypeScript Pulumi finds and the project's tsconfig.json, then
// `main` required, here under mocks with the stack's config and secrets set.
const PULUMI_UP_RUNNER = `const fs = require('fs');
const path = require('path');
const tsutils = require('@pulumi/pulumi/tsutils');

const manifest = fs.readFileSync('Pulumi.yaml', 'utf8');
const project = /^name: (\\S+)$/m.exec(manifest)[1];
const main = /^main: (\\S+)$/m.exec(manifest)[1];
const { typescriptRequire, tsnodeRequire } = tsutils.typeScriptRequireStrings();
const compilerOptions = tsutils.loadTypeScriptCompilerOptions('tsconfig.json');
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: compilerOptions.noCheck,
  project: 'tsconfig.json',
  skipProject: false,
  compilerOptions: { target: 'ES2020', module: 'nodenext', moduleResolution: 'nodenext', sourceMap: 'true', ...compilerOptions },
});

const pulumi = require('@pulumi/pulumi');
const registered = new Set();
pulumi.runtime.setAllConfig(
  {
    [project + ':context']: 'kind-test',
    [project + ':bootstrapToken']: 'abcdef.0123456789abcdef',
    [project + ':certificateKey']: '${'a'.repeat(64)}',
    [project + ':caCertHash']: 'sha256:${'b'.repeat(64)}',
    [project + ':encryptionKey']: '${Buffer.alloc(32, 1).toString('base64')}',
  },
  ['bootstrapToken', 'certificateKey', 'caCertHash', 'encryptionKey'].map((key) => project + ':' + key),
);
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.add(args.type);
      return { id: args.name + '-id', state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  project,
  'dev',
  false,
);

const valueOf = (output) => new Promise((resolve) => output.apply(resolve));
async function run() {
  const program = require(path.resolve(main));
  const files = await valueOf(program.bootstrapFiles);
  const endpoint = await valueOf(program.controlPlaneEndpoint);
  // Registrations reach the mock engine asynchronously; wait for the objects to arrive.
  for (let i = 0; i < 250 && !registered.has('kubernetes:core/v1:Namespace'); i++) await new Promise((r) => setTimeout(r, 20));
  console.log(
    JSON.stringify({
      typescript: require.resolve(typescriptRequire),
      secret: await pulumi.isSecret(program.bootstrapFiles),
      files,
      endpoint,
      types: [...registered].sort(),
    }),
  );
}
run().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;

describe('the Pulumi program of examples/, installed from the tarball', () => {
  let workspace: string;
  let project: string;

  beforeAll(() => {
    // GIVEN the examples package in a folder of its own, the tarball beside it where
    // examples/package.json expects `npm pack` to have written it ...
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-examples-'));
    project = path.join(workspace, path.basename(PULUMI_PROJECT));
    const { tarball } = packLibrary();
    fs.copyFileSync(tarball, path.join(workspace, path.basename(tarball)));
    for (const file of ['package.json', '.npmrc', 'tsconfig.json', 'Pulumi.yaml', ...pulumiProgram().sources]) {
      fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      fs.copyFileSync(path.join(PULUMI_PROJECT, file), path.join(project, file));
    }
    // ... installed with its dependencies alone, as `npm install --omit=dev` does for a deployment
    run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
    fs.writeFileSync(path.join(project, 'run-pulumi.js'), PULUMI_UP_RUNNER);
  }, 900_000);

  afterAll(() => {
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('the program compiles under its strict tsconfig (skipLibCheck: false) with the installed TypeScript', () => {
    // WHEN / THEN: tsc prints every error and exits non-zero on any
    run(path.join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.', '--noEmit'], project);
  }, 600_000);

  test('run as `pulumi up` runs it, it deploys platform under mocks, every placeholder filled from secrets', () => {
    // WHEN
    const out = JSON.parse(run(process.execPath, ['run-pulumi.js'], project).trim().split('\n').pop()!) as {
      typescript: string;
      secret: boolean;
      files: Record<string, string>;
      endpoint: string;
      types: string[];
    };

    // THEN Pulumi's ts-node compiled it with the package's TypeScript, not its bundled 3.8 ...
    expect(path.relative(project, out.typescript).split(path.sep).slice(0, 2)).toStrictEqual(['node_modules', 'typescript']);
    // ... and the program registered platform through the installed library
    expect(out.endpoint).toBe('10.20.0.10:8443');
    expect(out.secret).toBe(true);
    expect(Object.keys(out.files)).toContain('kubeadm/cp-1.yaml');
    expect(Object.entries(out.files).filter(([, c]) => c.includes('@@CLUSTERFORGE_')).map(([p]) => p)).toStrictEqual([]);
    expect(out.types).toEqual(
      expect.arrayContaining(['clusterforge:index:Cluster', 'pulumi:providers:kubernetes', 'kubernetes:core/v1:Namespace', 'kubernetes:operator.tigera.io/v1:Installation']),
    );
  }, 600_000);
});
