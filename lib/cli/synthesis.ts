import * as path from 'path';
import { ClusterValidationError, formatProblem, ValidationProblem } from '../validation/problem';
import { groupByRule } from '../validation/problem-groups';
import { ClusterSynthesis, synthesizeCluster } from '../synth/synthesize';
import { GitOpsOptions } from '../synth/gitops';
import { CheckFailed, UsageError } from './errors';
import { CliIo } from './io';
import { LoadedCluster } from './load-definitions';
import { CliOption, ParsedArgs, stringOption } from './command';

/** Options shared by the commands that synthesise (synth, diff, report). */
export const SYNTH_OPTIONS: Readonly<Record<string, CliOption>> = {
  'argocd-sync-waves': { type: 'boolean', help: 'annotate every object with its Argo CD sync wave' },
  'flux-source': { type: 'string', value: 'name', help: 'write flux/ with Flux Kustomizations reading from this GitRepository' },
  'flux-path': { type: 'string', value: 'path', help: "path of the output in the Flux source (default './<out>/<cluster>')" },
};

/** The GitOps options the synth flags ask for. */
export function gitOpsOptions(args: ParsedArgs, outdir: string, clusterName: string): GitOpsOptions {
  const fluxSource = stringOption(args, 'flux-source');
  const fluxPath = stringOption(args, 'flux-path');
  if (fluxPath !== undefined && fluxSource === undefined) throw new UsageError('--flux-path needs --flux-source');
  return {
    argoCdSyncWaves: args.values['argocd-sync-waves'] === true,
    flux: fluxSource ? { sourceRef: { name: fluxSource }, path: fluxPath ?? `./${path.posix.join(outdir.split(path.sep).join('/'), clusterName)}` } : undefined,
  };
}

/** Where output goes: --out, else $CDK8S_OUTDIR (the cdk8s CLI sets it), else `dist`. */
export function outputDir(args: ParsedArgs, io: CliIo): string {
  return stringOption(args, 'out', io.env.CDK8S_OUTDIR || 'dist');
}

/**
 * Synthesises every cluster in memory before anything is written, so a definition
 * with errors leaves every previous output as it was. Prints the errors of every
 * cluster and throws CheckFailed when any has some.
 */
export function synthesizeAll(loaded: readonly LoadedCluster[], io: CliIo): ClusterSynthesis[] {
  const out: ClusterSynthesis[] = [];
  let failed = 0;
  for (const { cluster, source } of loaded) {
    if (io.isTty) io.out(`${cluster.clusterName}: validating and rendering (${source})…`);
    try {
      out.push(synthesizeCluster(cluster));
    } catch (e) {
      if (!(e instanceof ClusterValidationError)) throw e;
      failed++;
      io.err(e.message);
    }
  }
  if (failed > 0) throw new CheckFailed(`${failed} of ${loaded.length} cluster definition(s) failed validation; nothing was written`);
  return out;
}

/** Warnings grouped by rule, most frequent first, then every warning (GATES.md lists the same). */
export function printWarnings(warnings: readonly ValidationProblem[], io: CliIo): void {
  for (const { rule, problems } of groupByRule(warnings)) {
    io.err(`  ${problems.length} × ${rule}`);
    for (const w of problems) io.err(`    ${formatProblem(w)}`);
  }
}
