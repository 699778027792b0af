import * as path from 'path';
import type { Cluster } from '../cluster';
import { renderClusterFiles } from '../synth/render';
import { ClusterSynthesis } from '../synth/synthesize';
import { writeTreeAtomically } from '../synth/writer';
import { CliCommand, ParsedArgs } from './command';
import { ExitCode } from './errors';
import { CliIo } from './io';
import { loadDefinitions } from './load-definitions';
import { SYNTH_OPTIONS, gitOpsOptions, outputDir, printWarnings, synthesizeAll } from './synthesis';

/** Extra files a command adds to each cluster's output (the report's README.md and SVG). */
export type ExtraFiles = (cluster: Cluster, synthesis: ClusterSynthesis) => ReadonlyMap<string, string>;

/**
 * Loads, validates and writes every cluster; prints one summary line per cluster and
 * its warnings. Shared by `synth` and `report`.
 */
export async function synthesizeAndWrite(args: ParsedArgs, io: CliIo, extra?: ExtraFiles): Promise<number> {
  const outdir = outputDir(args, io);
  const loaded = await loadDefinitions(args.positionals, io);
  const syntheses = synthesizeAll(loaded, io);
  // Render everything before the first write: a rendering failure writes nothing.
  const trees = syntheses.map((s, i) => {
    const files = renderClusterFiles(s, { gitOps: gitOpsOptions(args, outdir, s.clusterName) });
    for (const [p, content] of extra?.(loaded[i].cluster, s) ?? []) files.set(p, content);
    return { synthesis: s, files };
  });
  for (const { synthesis, files } of trees) {
    const target = path.join(outdir, synthesis.clusterName);
    if (io.isTty) io.out(`${synthesis.clusterName}: writing ${files.size} files…`);
    writeTreeAtomically(path.resolve(io.cwd, target), files);
    const w = synthesis.warnings.length;
    io.out(
      `${synthesis.clusterName}: ${synthesis.objects.length} objects, ${files.size} files ` +
        `(${synthesis.manifestFiles.length} manifests, ${synthesis.bootstrapFiles.length} bootstrap), ` +
        `${w} warning${w === 1 ? '' : 's'} -> ${target}/`,
    );
    printWarnings(synthesis.warnings, io);
  }
  return ExitCode.OK;
}

/** `clusterforge synth`. */
export const SYNTH_COMMAND: CliCommand = {
  name: 'synth',
  usage: '[file…] [--out dir] [--argocd-sync-waves] [--flux-source name [--flux-path path]]',
  summary: 'Validate cluster definitions and write dist/<cluster>/ for each.',
  description: [
    'Each file is a module (.ts or .js) exporting a Cluster, an array of them, or a',
    'function returning them (the default export, or else every export). Inside the',
    "clusterforge repository, example names are accepted and no file means every example.",
    'A definition with errors writes nothing, and previous output stays as it was.',
  ].join('\n'),
  options: {
    out: { type: 'string', value: 'dir', help: 'output folder (default $CDK8S_OUTDIR or dist)' },
    ...SYNTH_OPTIONS,
  },
  run: (args, io) => synthesizeAndWrite(args, io),
};
