import { spawnSync } from 'child_process';
import * as path from 'path';

/**
 * npm run bench: every case in its own process, REPEAT times; median wall time and
 * peak RSS of the whole process, side by side with the baselines of the same run.
 */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

interface Result {
  readonly label: string;
  readonly objects: number;
  readonly seconds: number;
  readonly peakMb: number;
}

function measure(label: string, name: string, tenants = 0): Result {
  const times: number[] = [];
  let peakKb = 0;
  let objects = 0;
  for (let i = 0; i < REPEAT; i++) {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [path.join(__dirname, 'case.js'), name, String(tenants)], { encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (child.status !== 0) throw new Error(`${label} failed:\n${child.stderr}`);
    const out = JSON.parse(child.stdout.trim().split('\n').pop()!) as { objects: number; maxRssKb: number };
    times.push(seconds);
    peakKb = Math.max(peakKb, out.maxRssKb);
    objects = out.objects;
  }
  times.sort((a, b) => a - b);
  const r = { label, objects, seconds: times[Math.floor(times.length / 2)], peakMb: peakKb / 1024 };
  console.log(`  measured ${label}: ${r.seconds.toFixed(2)} s, ${r.peakMb.toFixed(0)} MB`);
  return r;
}

function table(rows: readonly Result[]): void {
  console.log('\n| case | objects | wall time (s) | peak RSS (MB) |\n| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.label} | ${r.objects} | ${r.seconds.toFixed(2)} | ${r.peakMb.toFixed(0)} |`);
}

function ratio(name: string, value: number, target: number | undefined, unit = '×'): void {
  const verdict = target === undefined ? '' : value <= target ? ' (meets target ≤ ' + target + unit + ')' : ' (MISSES target ≤ ' + target + unit + ')';
  console.log(`- ${name}: ${value.toFixed(2)}${unit}${verdict}`);
}

console.log(`clusterforge benchmark (median of ${REPEAT} runs per case, node ${process.version})`);
const platform = measure('clusterforge synth: platform', 'platform');
const cf = new Map<number, Result>();
const floor = new Map<number, Result>();
for (const n of [100, 1000, 2000]) {
  cf.set(n, measure(`clusterforge synth: ${n} tenants`, 'clusterforge', n));
  floor.set(n, measure(`floor (plain objects → YAML → files): ${n} tenants`, 'floor', n));
}
const cdk8s = measure('plain cdk8s, one Chart per tenant: 1000 tenants', 'cdk8s-chart-per-tenant', 1000);
const pulumiPlatform = measure('Pulumi ClusterStack (mocks): platform', 'pulumi-platform');
const pulumiPlatformDirect = measure('Pulumi direct typed registration (mocks): platform', 'pulumi-direct-platform');
const pulumiTenants = measure('Pulumi ClusterStack (mocks): 1000 tenants', 'pulumi-tenants', 1000);
const pulumiTenantsDirect = measure('Pulumi direct typed registration (mocks): 1000 tenants', 'pulumi-direct-tenants', 1000);

table([platform, ...[100, 1000, 2000].flatMap((n) => [cf.get(n)!, floor.get(n)!]), cdk8s, pulumiPlatform, pulumiPlatformDirect, pulumiTenants, pulumiTenantsDirect]);

console.log('\nRatios');
ratio('1,000 tenants: clusterforge / floor, time', cf.get(1000)!.seconds / floor.get(1000)!.seconds, 1.5);
ratio('1,000 tenants: clusterforge peak RSS', cf.get(1000)!.peakMb, 250, ' MB');
ratio('2,000 / 1,000 tenants, time', cf.get(2000)!.seconds / cf.get(1000)!.seconds, 2.2);
ratio('platform synth, time', platform.seconds, 1.5, ' s');
ratio('1,000 tenants: plain cdk8s chart-per-tenant / clusterforge, time', cdk8s.seconds / cf.get(1000)!.seconds, undefined);
ratio('Pulumi platform: ClusterStack / direct, time', pulumiPlatform.seconds / pulumiPlatformDirect.seconds, 1.2);
ratio('Pulumi platform: ClusterStack / direct, peak RSS', pulumiPlatform.peakMb / pulumiPlatformDirect.peakMb, 1.2);
ratio('Pulumi 1,000 tenants: ClusterStack / direct, time', pulumiTenants.seconds / pulumiTenantsDirect.seconds, 1.2);
ratio('Pulumi 1,000 tenants: ClusterStack / direct, peak RSS', pulumiTenants.peakMb / pulumiTenantsDirect.peakMb, 1.2);
