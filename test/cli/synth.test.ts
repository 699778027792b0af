import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, clusterforge, definitionOf, userProject } from '../support/cli';

// `clusterforge synth` on a user's definition files, and on the examples of this repository.
describe('clusterforge synth', () => {
  test('a definition file writes dist/<cluster>/ and prints one summary line', () => {
    // GIVEN a project with one definition
    const dir = userProject({ 'cluster.ts': definitionOf('demo') });

    // WHEN synthesising it
    const r = clusterforge(['synth', 'cluster.ts'], dir);

    // THEN it succeeds and writes the GitOps layout
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('demo: 1 objects, 4 files (1 manifests, 0 bootstrap), 0 warnings -> dist/demo/\n');
    expect(fs.readdirSync(path.join(dir, 'dist', 'demo', 'manifests')).sort()).toStrictEqual(['010-namespaces.yaml', 'kustomization.yaml']);
    expect(fs.readFileSync(path.join(dir, 'dist/demo/manifests/kustomization.yaml'), 'utf8')).toContain('- 010-namespaces.yaml');
  });

  test('warnings are printed grouped and counted, and GATES.md lists the same ones', () => {
    // GIVEN a valid definition with two empty node pools
    const extra = "  cluster.addNodePool('Idle', { nodes: [] });\n  cluster.addNodePool('Spare', { nodes: [] });";
    const dir = userProject({ 'cluster.ts': definitionOf('warned', '{}', extra) });

    // WHEN synthesising it
    const r = clusterforge(['synth', 'cluster.ts'], dir);

    // THEN the CLI prints them on stderr, counted per rule
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^warned: \d+ objects, \d+ files .*, 2 warnings -> dist\/warned\/\n$/);
    const printed = r.stderr.trimEnd().split('\n');
    expect(printed[0]).toBe('  2 × nodes/empty-pool');
    expect(printed.slice(1).map((l) => l.trim())).toStrictEqual([
      '[warning] warned/NodePools/Idle (nodes): the node pool has no nodes (received 0; expected at least one node) [nodes/empty-pool]',
      '[warning] warned/NodePools/Spare (nodes): the node pool has no nodes (received 0; expected at least one node) [nodes/empty-pool]',
    ]);
    // AND GATES.md lists the same warnings under the same count
    const gates = fs.readFileSync(path.join(dir, 'dist', 'warned', 'GATES.md'), 'utf8');
    expect(gates).toContain(['## Warnings', '', '2 warnings, grouped by rule as `clusterforge synth` prints them.', '', '### 2 × `nodes/empty-pool`', '', '```text', ...printed.slice(1).map((l) => l.trim()), '```', ''].join('\n'));
  });

  test('modules exporting an array of clusters, or a named function, are accepted; --out and GitOps flags apply', () => {
    const dir = userProject({
      'many.ts': [
        "import { App } from 'cdk8s';",
        "import { Cluster } from 'clusterforge';",
        'const app = new App();',
        "export const clusters = [new Cluster(app, 'one', {}), new Cluster(app, 'two', {})];",
        '',
      ].join('\n'),
      'fn.js': [
        "const { Cluster, Namespace } = require('clusterforge');",
        'exports.defineThree = (scope) => {',
        "  const cluster = new Cluster(scope, 'three', {});",
        "  new Namespace(cluster, 'apps');",
        '  return cluster;',
        '};',
        '',
      ].join('\n'),
    });
    const r = clusterforge(['synth', 'many.ts', 'fn.js', '--out', 'out', '--flux-source', 'infra'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.split(':')[0])).toStrictEqual(['one', 'two', 'three']);
    expect(fs.readFileSync(path.join(dir, 'out/three/flux/kustomizations.yaml'), 'utf8')).toContain('path: ./out/three/flux/01-namespaces');
  });

  test('a definition with errors exits 1 naming the construct path, and leaves the previous output as it was', () => {
    // GIVEN a previous good output
    const dir = userProject({ 'cluster.ts': definitionOf('demo') });
    expect(clusterforge(['synth', 'cluster.ts'], dir).status).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'dist/demo/manifests/kustomization.yaml'), 'utf8');

    // WHEN the definition gets a bad pod network
    fs.writeFileSync(path.join(dir, 'cluster.ts'), definitionOf('demo', "{ networking: { podSubnet: '10.244.0.0/33' } }"));
    const r = clusterforge(['synth', 'cluster.ts'], dir);

    // THEN the error names the path, the value and the rule; nothing changed on disk
    expect([r.status, r.stdout]).toStrictEqual([1, '']);
    expect(r.stderr).toMatch(/\[error\] demo \(networking\.podSubnet\): .*received "10\.244\.0\.0\/33"/);
    expect(r.stderr).toContain('nothing was written');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(fs.readFileSync(path.join(dir, 'dist/demo/manifests/kustomization.yaml'), 'utf8')).toBe(before);
  });

  test('a missing file and a module exporting no cluster are usage errors', () => {
    const dir = userProject({ 'nothing.ts': 'export const answer = 42;\n' });
    const missing = clusterforge(['synth', 'absent.ts'], dir);
    expect([missing.status, missing.stderr]).toStrictEqual([2, "clusterforge synth: definition file 'absent.ts' does not exist\n"]);
    const none = clusterforge(['synth', 'nothing.ts'], dir);
    expect([none.status, none.stderr]).toStrictEqual([2, 'clusterforge synth: nothing.ts exports no cluster: export a Cluster, an array of them, or a function returning them\n']);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('an unexpected error prints no stack trace unless --verbose', () => {
    const dir = userProject({ 'boom.ts': "export default function define() {\n  throw new Error('boom');\n}\n" });
    const quiet = clusterforge(['synth', 'boom.ts'], dir);
    expect(quiet.status).toBe(1);
    expect(quiet.stderr).toContain('clusterforge synth: boom');
    expect(quiet.stderr).not.toMatch(/^\s+at /m);
    const verbose = clusterforge(['synth', 'boom.ts', '--verbose'], dir);
    expect(verbose.status).toBe(1);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });

  test('inside this repository, example names are accepted', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-examples-'));
    const r = clusterforge(['synth', 'minimal', '--out', out], REPO_ROOT);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^minimal: \d+ objects, \d+ files \(\d+ manifests, \d+ bootstrap\), 0 warnings -> .*minimal\/\n$/);
    expect(fs.existsSync(path.join(out, 'minimal', 'manifests', 'kustomization.yaml'))).toBe(true);
  });
});
