import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * One benchmark case in its own process, so wall time and peak memory are the whole
 * process's: `node build/bench/case.js <case> [tenants]`. Prints one JSON line. Each case
 * loads only what it uses (the floor does not load clusterforge).
 */
interface CaseResult {
  readonly objects: number;
  /** Milliseconds per phase, for the profile breakdown. */
  readonly phases?: Record<string, number>;
}

/** The chunks of `chunks`, the time of rendering each one added to the YAML phase. */
function* timedChunks(timer: import('../lib/synth/phase-timer').PhaseTimer, chunks: Iterable<string>): Generator<string> {
  const it = chunks[Symbol.iterator]();
  for (;;) {
    const next = timer.time('YAML', () => it.next());
    if (next.done) return;
    yield next.value;
  }
}

/** clusterforge end to end, like `synthesizeToDirectory`, with the time of each phase. */
function clusterforge(tenants: number, outdir: string): CaseResult {
  const loading = performance.now();
  const { synthesizeCluster } = require('../lib') as typeof import('../lib');
  const { clusterFileEntries } = require('../lib/synth/render') as typeof import('../lib/synth/render');
  const { writeTreeAtomically } = require('../lib/synth/writer') as typeof import('../lib/synth/writer');
  const { PhaseTimer, withPhaseTimer } = require('../lib/synth/phase-timer') as typeof import('../lib/synth/phase-timer');
  const { defineTenantCluster } = require('./tenant-cluster') as typeof import('./tenant-cluster');
  const timer = new PhaseTimer();
  // Node's own start-up is left out: every case pays it, Helm does not.
  const phases: Record<string, number> = { 'module loading': performance.now() - loading };
  const cluster = timer.time('construction', () => defineTenantCluster(tenants));
  const synthesis = withPhaseTimer(timer, () => synthesizeCluster(cluster));
  // As synthesizeToDirectory does: each file streamed as it renders; rendering is timed apart.
  const rendered = function* (): Generator<[string, string | Iterable<string>]> {
    for (const [file, content] of clusterFileEntries(synthesis)) {
      yield [file, typeof content === 'string' ? content : timedChunks(timer, content)];
    }
  };
  timer.time('YAML and writing', () => writeTreeAtomically(path.join(outdir, synthesis.clusterName), rendered()));
  for (const [phase, ms] of timer.milliseconds) phases[phase] = ms;
  phases.writing = phases['YAML and writing'] - phases.YAML;
  delete phases['YAML and writing'];
  return { objects: synthesis.objects.length, phases };
}

async function run(name: string, tenants: number): Promise<CaseResult> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cf-bench-${name}-`));
  try {
    switch (name) {
      case 'platform': {
        const { synthesizeToDirectory } = require('../lib') as typeof import('../lib');
        const { definePlatform } = require('../examples/platform') as typeof import('../examples/platform');
        return { objects: synthesizeToDirectory(definePlatform(), outdir).objects.length };
      }
      case 'clusterforge':
        return clusterforge(tenants, outdir);
      case 'floor':
      case 'package-floor':
      case 'json-floor': {
        const { writeFloor } = require('./floor') as typeof import('./floor');
        return { objects: writeFloor(tenants, outdir, name === 'floor' ? 'yaml' : name === 'json-floor' ? 'json' : 'yaml-package') };
      }
      case 'cdk8s-chart-per-tenant': {
        const { synthPlainCdk8s } = require('./plain-cdk8s') as typeof import('./plain-cdk8s');
        return { objects: synthPlainCdk8s(tenants, outdir) };
      }
      case 'pulumi-platform':
      case 'pulumi-tenants': {
        const { definePlatform } = require('../examples/platform') as typeof import('../examples/platform');
        const { defineTenantCluster } = require('./tenant-cluster') as typeof import('./tenant-cluster');
        const { registerWithClusterStack } = require('./pulumi-cases') as typeof import('./pulumi-cases');
        return { objects: await registerWithClusterStack(name === 'pulumi-platform' ? definePlatform() : defineTenantCluster(tenants)) };
      }
      case 'pulumi-direct-platform':
      case 'pulumi-direct-tenants': {
        const { definePlatform } = require('../examples/platform') as typeof import('../examples/platform');
        const { floorObjects } = require('./floor') as typeof import('./floor');
        const { registerDirectly, synthesizedObjects } = require('./pulumi-cases') as typeof import('./pulumi-cases');
        const objects =
          name === 'pulumi-direct-platform' ? synthesizedObjects(definePlatform()) : [...Object.values(floorObjects(tenants)).flat()];
        return { objects: await registerDirectly(objects as never) };
      }
      default:
        throw new Error(`unknown case ${name}`);
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const [name, tenants = '0'] = process.argv.slice(2);
run(name, Number(tenants)).then(
  (result) => console.log(JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS })),
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
