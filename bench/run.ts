import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { helmBinary, TENANT_CHART } from './helm';

/**
 * npm run bench: every case in its own process, REPEAT times (the 1,000- and 2,000-tenant
 * cases interleaved, so that a change of machine load hits them alike; the 10,000-tenant case
 * and the references without a target once, Pulumi BENCH_PULUMI_REPEAT times (default 3: one run
 * of the mocked engine varies by a tenth, as much as its target's margin),
 * and the naive cdk8s design, quadratic in tenants, only with BENCH_CDK8S=1); median wall time
 * and peak RSS of the whole process; every target of the performance issue as a ratio of
 * the same run, with its verdict; and where clusterforge's time goes, phase by phase.
 */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const PULUMI_REPEAT = Number(process.env.BENCH_PULUMI_REPEAT ?? 3);
const SCALE = 10_000;

interface Sample {
  readonly seconds: number;
  readonly peakMb: number;
  readonly objects: number;
  readonly phases?: Record<string, number>;
}

interface Result extends Sample {
  readonly label: string;
}

const samples = new Map<string, Sample[]>();
const labels = new Map<string, string>();

function record(key: string, label: string, sample: Sample): void {
  labels.set(key, label);
  samples.set(key, [...(samples.get(key) ?? []), sample]);
  console.log(`  ${label}: ${sample.seconds.toFixed(2)} s, ${sample.peakMb.toFixed(0)} MB`);
}

/** A case of build/bench/case.js, in a process of its own. */
function runCase(key: string, label: string, name: string, tenants = 0): void {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(__dirname, 'case.js'), name, String(tenants)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`${label} failed:\n${child.stderr}`);
  const out = JSON.parse(child.stdout.trim().split('\n').pop()!) as { objects: number; maxRssKb: number; phases?: Record<string, number> };
  record(key, label, { seconds, peakMb: out.maxRssKb / 1024, objects: out.objects, phases: out.phases });
}

/** The peak RSS a process reached so far (Linux), in kB. */
function highWaterKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** `helm template` of the tenant chart into files; peak RSS is sampled every 10 ms, so a floor of the true peak. */
async function runHelm(key: string, label: string, helm: string, tenants: number): Promise<void> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-bench-helm-'));
  try {
    const start = process.hrtime.bigint();
    const child = spawn(helm, ['template', 'bench', TENANT_CHART, '--set', `tenants=${tenants}`, '--output-dir', outdir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let peakKb = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => (peakKb = Math.max(peakKb, highWaterKb(child.pid!))), 10);
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    clearInterval(poll);
    if (status !== 0) throw new Error(`${label} failed:\n${stderr}`);
    const rendered = fs.readFileSync(path.join(outdir, 'tenants', 'templates', 'tenants.yaml'), 'utf8');
    record(key, label, { seconds, peakMb: peakKb / 1024, objects: (rendered.match(/^kind: /gm) ?? []).length });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(key: string): Result | undefined {
  const list = samples.get(key);
  if (!list) return undefined;
  const sorted = [...list].sort((a, b) => a.seconds - b.seconds);
  const mid = sorted[Math.floor(sorted.length / 2)];
  return { ...mid, label: labels.get(key)!, peakMb: Math.max(...list.map((s) => s.peakMb)) };
}

function table(rows: readonly (Result | undefined)[]): void {
  console.log('\n| case | objects | wall time (s) | peak RSS (MB) |\n| --- | ---: | ---: | ---: |');
  for (const r of rows) if (r) console.log(`| ${r.label} | ${r.objects} | ${r.seconds.toFixed(2)} | ${r.peakMb.toFixed(0)} |`);
}

function phaseTable(results: readonly Result[]): void {
  const phases = [...new Set(results.flatMap((r) => Object.keys(r.phases ?? {})))];
  console.log(`\n| phase | ${results.map((r) => `${r.label} (ms)`).join(' | ')} |\n| --- |${results.map(() => ' ---: |').join('')}`);
  const totals = results.map((r) => Object.values(r.phases ?? {}).reduce((a, b) => a + b, 0));
  for (const p of phases) {
    const cells = results.map((r, i) => {
      const ms = r.phases?.[p] ?? 0;
      return `${ms.toFixed(0)} (${((100 * ms) / totals[i]).toFixed(0)} %)`;
    });
    console.log(`| ${p} | ${cells.join(' | ')} |`);
  }
  console.log(`| total in process (Node start-up excluded) | ${totals.map((t) => t.toFixed(0)).join(' | ')} |`);
}

let missed = 0;
function ratio(name: string, value: number | undefined, target?: number, unit = '×', strict = false): void {
  if (value === undefined) {
    if (target !== undefined) missed++;
    console.log(`- ${name}: not measured (MISSES: the case could not run)`);
    return;
  }
  const meets = strict ? value < target! : value <= target!;
  if (target !== undefined && !meets) missed++;
  const bound = `${strict ? '<' : '≤'} ${target}${unit}`;
  const verdict = target === undefined ? ' (reference)' : meets ? ` (meets target ${bound})` : ` (MISSES target ${bound})`;
  console.log(`- ${name}: ${value.toFixed(2)}${unit}${verdict}`);
}

async function main(): Promise<void> {
  console.log(`clusterforge benchmark (median of ${REPEAT} runs for the targets, Pulumi ${PULUMI_REPEAT}, ${SCALE} tenants and references once; node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)})`);
  const helm = helmBinary();
  if ('error' in helm) console.log(`  helm unavailable: ${helm.error}`);

  for (let i = 0; i < REPEAT; i++) {
    runCase('cf1000', 'clusterforge synth: 1000 tenants', 'clusterforge', 1000);
    runCase('floor1000', 'floor (plain objects → YAML → files): 1000 tenants', 'floor', 1000);
    runCase('json1000', 'physical floor (plain objects → JSON.stringify → files): 1000 tenants', 'json-floor', 1000);
    if ('path' in helm) await runHelm('helm1000', 'helm template, same 9,000 objects: 1000 tenants', helm.path, 1000);
    runCase('cf2000', 'clusterforge synth: 2000 tenants', 'clusterforge', 2000);
  }
  // Pulumi's mocked engine takes tens of seconds per 1,000 tenants: ClusterStack and direct interleaved.
  for (let i = 0; i < PULUMI_REPEAT; i++) {
    runCase('pulumiTenants', 'Pulumi ClusterStack (mocks): 1000 tenants', 'pulumi-tenants', 1000);
    runCase('pulumiTenantsDirect', 'Pulumi direct typed registration (mocks): 1000 tenants', 'pulumi-direct-tenants', 1000);
  }
  // Once each: the scale case, and the references that carry no target (to keep the run short).
  runCase('cf10000', `clusterforge synth: ${SCALE} tenants`, 'clusterforge', SCALE);
  runCase('packageFloor1000', 'floor as first defined (plain objects → yaml package stringify → files): 1000 tenants', 'package-floor', 1000);
  runCase('platform', 'clusterforge synth: platform example', 'platform');
  runCase('pulumiPlatform', 'Pulumi ClusterStack (mocks): platform', 'pulumi-platform');
  runCase('pulumiPlatformDirect', 'Pulumi direct typed registration (mocks): platform', 'pulumi-direct-platform');
  if (process.env.BENCH_CDK8S) runCase('cdk8s', 'plain cdk8s, one Chart per tenant: 1000 tenants', 'cdk8s-chart-per-tenant', 1000);

  const r = Object.fromEntries([...samples.keys()].map((k) => [k, median(k)!])) as Record<string, Result | undefined>;
  table(Object.values(r));
  console.log('\nWhere clusterforge spends its time (median run)');
  phaseTable([r.cf1000!, r.cf2000!, r.cf10000!]);

  const div = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);
  console.log('\nTargets (ratios of this run)');
  ratio('1,000 tenants: clusterforge / helm template, time', div(r.cf1000?.seconds, r.helm1000?.seconds), 1.0);
  ratio('1,000 tenants: clusterforge / floor, time', div(r.cf1000?.seconds, r.floor1000?.seconds), 1.5);
  ratio('time(2,000) / time(1,000)', div(r.cf2000?.seconds, r.cf1000?.seconds), 2.1);
  ratio('peak(2,000) / peak(1,000)', div(r.cf2000?.peakMb, r.cf1000?.peakMb), 2.1);
  ratio('1,000 tenants: peak RSS', r.cf1000?.peakMb, 150, ' MB');
  ratio(`time(${SCALE}) / time(1,000)`, div(r.cf10000?.seconds, r.cf1000?.seconds), 10);
  ratio(`${SCALE} tenants: peak RSS`, r.cf10000?.peakMb, 1024, ' MB', true);
  ratio('Pulumi 1,000 tenants: ClusterStack / direct, time', div(r.pulumiTenants?.seconds, r.pulumiTenantsDirect?.seconds), 1.2);
  console.log('\nFor reference');
  ratio('Pulumi platform: ClusterStack / direct, time (one run)', div(r.pulumiPlatform?.seconds, r.pulumiPlatformDirect?.seconds));
  ratio('1,000 tenants: clusterforge / physical floor (JSON.stringify), time', div(r.cf1000?.seconds, r.json1000?.seconds));
  ratio('1,000 tenants: clusterforge / floor as first defined (yaml package stringify, one run), time', div(r.cf1000?.seconds, r.packageFloor1000?.seconds));
  ratio('1,000 tenants: floor (YAML) / physical floor (JSON), time', div(r.floor1000?.seconds, r.json1000?.seconds));
  ratio('1,000 tenants: helm template / physical floor (JSON), time', div(r.helm1000?.seconds, r.json1000?.seconds));
  ratio('1,000 tenants: clusterforge / helm template, peak RSS', div(r.cf1000?.peakMb, r.helm1000?.peakMb));
  if (r.cdk8s) ratio('1,000 tenants: plain cdk8s chart-per-tenant / clusterforge, time', div(r.cdk8s.seconds, r.cf1000?.seconds));
  ratio('Pulumi 1,000 tenants: ClusterStack / direct, peak RSS', div(r.pulumiTenants?.peakMb, r.pulumiTenantsDirect?.peakMb));
  ratio('platform synth, time', r.platform?.seconds, undefined, ' s');
  console.log(missed === 0 ? '\nAll targets met.' : `\n${missed} target(s) missed.`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
