import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { Cluster } from '../cluster';
import { KubernetesVersion } from '../kubernetes-version';
import { createSchemaValidator } from '../schema';
import type { ClusterSynthesis } from '../synth/synthesize';
import { ServedApis } from '../upgrade/removed-apis';
import { planUpgrade, UpgradeFrom, UpgradePlan } from '../upgrade/upgrade-plan';
import { formatProblem } from '../validation/problem';
import { CliCommand, stringOption } from './command';
import { CheckFailed, ExitCode, UsageError } from './errors';
import { CliIo } from './io';
import { loadDefinitions } from './load-definitions';
import { isClusterforgeOutput, locate, manifestObjects, readTree } from './output-folder';
import { synthesizeAll } from './synthesis';

const VERSION = /^v?\d+\.\d+\.\d+$/;

/** The release a committed output was synthesised for: its kubeadm ClusterConfiguration's kubernetesVersion. */
function outputVersion(files: ReadonlyMap<string, string>, shown: string): KubernetesVersion {
  for (const [file, text] of files) {
    if (!/^bootstrap\/kubeadm\/[^/]+\.ya?ml$/.test(file)) continue;
    for (const doc of parseAllDocuments(text)) {
      const value = doc.toJS() as { kind?: unknown; kubernetesVersion?: unknown } | null;
      if (value?.kind === 'ClusterConfiguration' && typeof value.kubernetesVersion === 'string') return KubernetesVersion.of(value.kubernetesVersion);
    }
  }
  throw new UsageError(`${shown} has no kubeadm ClusterConfiguration under bootstrap/kubeadm/ to read the running version from; pass --from <version> (e.g. --from v1.34.2)`);
}

/** What runs now, from `--from`: a release, or a committed `dist/<cluster>/` (or the `dist/` holding it). */
function resolveFrom(from: string, cluster: Cluster, clusters: number, io: CliIo): UpgradeFrom {
  if (VERSION.test(from)) return { version: KubernetesVersion.of(from), source: `--from ${from}` };
  const dir = path.resolve(io.cwd, from);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`--from ${from} is neither a Kubernetes release (v1.34.2) nor a folder of clusterforge output`);
  }
  const inside = path.join(dir, cluster.clusterName);
  const [outputDir, shown] =
    isClusterforgeOutput(inside) ? [inside, path.join(from, cluster.clusterName)] : isClusterforgeOutput(dir) && clusters === 1 ? [dir, from] : [undefined, from];
  if (!outputDir) {
    throw new UsageError(
      `${from} is not clusterforge output of cluster '${cluster.clusterName}' (expected GATES.md and manifests/ in it, or in ${path.join(from, cluster.clusterName)}, as clusterforge synth writes dist/<cluster>/)`,
    );
  }
  const files = readTree(outputDir);
  return {
    version: outputVersion(files, shown),
    source: shown,
    objects: manifestObjects(files).map((o) => ({ location: locate(o), object: o.object })),
  };
}

/** The served APIs of `--openapi <dir>`, a folder of OpenAPI v3 documents of the target release. */
function servedApis(dir: string, io: CliIo, targets: readonly Cluster[]): ServedApis {
  const absolute = path.resolve(io.cwd, dir);
  if (!fs.existsSync(absolute) || !fs.readdirSync(absolute).some((f) => f.endsWith('_openapi.json'))) {
    throw new UsageError(`--openapi ${dir} holds no OpenAPI v3 documents (*_openapi.json, as the API server serves them under /openapi/v3)`);
  }
  const release = path.basename(absolute);
  const other = targets.find((c) => /^v\d+\.\d+$/.test(release) && c.kubernetesVersion.minorVersion !== release);
  if (other) throw new UsageError(`--openapi ${dir} describes ${release}, but cluster '${other.clusterName}' upgrades to ${other.kubernetesVersion.minorVersion}`);
  return { release, kinds: createSchemaValidator({ openApiDir: absolute }).knownKinds() };
}

/** The plan as the terminal shows it: route, notes, then numbered steps with their commands. */
export function formatPlan(plan: UpgradePlan, source: string): string[] {
  const lines = [`${plan.clusterName}: upgrade ${plan.from} → ${plan.to} (from ${source}), ${plan.hops.length} minor step${plan.hops.length === 1 ? '' : 's'}`];
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  let n = 0;
  for (const hop of plan.hops) {
    lines.push(`  ${hop.from} → ${hop.to}`);
    for (const step of hop.steps) {
      n++;
      lines.push(`    ${n}. [${step.phase}] ${step.where}: ${step.title}`);
      if (step.note) lines.push(`       (${step.note})`);
      for (const c of step.commands) lines.push(`       $ ${c}`);
    }
  }
  return lines;
}

/** `clusterforge plan`. */
export const PLAN_COMMAND: CliCommand = {
  name: 'plan',
  usage: '--from <dist/<cluster> | version> [file…] [--chain] [--openapi dir]',
  summary: 'Plan and check an upgrade to the definition\'s Kubernetes version, offline.',
  description: [
    'Compares what runs now (--from: the committed output of the cluster, or its release) with the',
    'definition and prints the ordered upgrade: etcd backup, control-plane nodes one by one (kubeadm',
    'upgrade apply, then node), the CNI and add-ons in add-on graph order, then worker pools in batches',
    'of maxUnavailable. Nothing is written and nothing is contacted.',
    'The plan is refused, exit code 1, on a downgrade, a skipped minor (--chain plans through it),',
    'a kubelet left more than three minors behind, an add-on whose pinned release does not support',
    'the target, or an object of the new or the committed output using an API the target no longer',
    'serves (the deprecation guide, and the target\'s OpenAPI documents with --openapi).',
    'This is the gate before `pulumi up` and `kubectl apply`.',
  ].join('\n'),
  options: {
    from: { type: 'string', value: 'dir|version', help: 'what runs now: dist/<cluster> (or dist) as committed before the change, or a release such as v1.34.2' },
    chain: { type: 'boolean', help: 'plan through every skipped minor (1.33 → 1.34 → 1.35) instead of refusing the skip' },
    openapi: { type: 'string', value: 'dir', help: "the target release's OpenAPI v3 documents; objects it does not serve fail the plan" },
  },
  run: async (args, io) => {
    const from = stringOption(args, 'from');
    if (from === undefined) throw new UsageError(`--from is required: the committed output (dist/<cluster>) or the release the cluster runs (v1.34.2)\nusage: clusterforge plan ${PLAN_COMMAND.usage}`);
    const loaded = await loadDefinitions(args.positionals, io);
    const openapi = stringOption(args, 'openapi');
    const served = openapi === undefined ? undefined : servedApis(openapi, io, loaded.map((l) => l.cluster));
    const froms = loaded.map((l) => resolveFrom(from, l.cluster, loaded.length, io));
    const syntheses: ClusterSynthesis[] = synthesizeAll(loaded, io);
    let refused = 0;
    for (const [i, { cluster }] of loaded.entries()) {
      const plan = planUpgrade(cluster, syntheses[i], froms[i], { chain: args.values.chain === true, served });
      if (plan.refusals.length > 0) {
        refused++;
        io.err(`${cluster.clusterName}: the upgrade ${plan.from} → ${plan.to} is refused (${plan.refusals.length} reason${plan.refusals.length === 1 ? '' : 's'}):`);
        for (const r of plan.refusals) io.err(`  - ${formatProblem(r)}`);
        continue;
      }
      for (const line of formatPlan(plan, froms[i].source)) io.out(line);
    }
    if (refused > 0) throw new CheckFailed(`${refused} of ${loaded.length} upgrade plan(s) refused; nothing was changed`);
    return ExitCode.OK;
  },
};
