import * as path from 'path';
import { renderClusterFiles } from '../synth/render';
import { CliCommand, stringOption } from './command';
import { ExitCode, UsageError } from './errors';
import { loadDefinitions } from './load-definitions';
import { diffObjects, formatObjectChange } from './object-diff';
import { isManifestFile, manifestObjects, readTree, requireClusterforgeOutput } from './output-folder';
import { REPORT_FILES, renderReportFiles } from './report-files';
import { SYNTH_OPTIONS, gitOpsOptions, synthesizeAll } from './synthesis';

/** `clusterforge diff`. */
export const DIFF_COMMAND: CliCommand = {
  name: 'diff',
  usage: '[file…] [--against dir] [--argocd-sync-waves] [--flux-source name]',
  summary: 'Compare a fresh synthesis with the committed output, object by object.',
  description: [
    'Synthesises in memory (nothing is written) and compares with <against>/<cluster>/:',
    'added (+), removed (-) and changed (~) objects with the paths of the fields that',
    'changed, then the other files (bootstrap/, GATES.md, gates.json, kustomizations) that differ.',
    'Pass the same GitOps flags as the synth that wrote the output.',
    'Exit code 0 when nothing differs, 1 when something does.',
  ].join('\n'),
  options: {
    against: { type: 'string', value: 'dir', help: 'folder holding the committed <cluster>/ folders (default $CDK8S_OUTDIR or dist)' },
    ...SYNTH_OPTIONS,
  },
  run: async (args, io) => {
    const against = stringOption(args, 'against', io.env.CDK8S_OUTDIR || 'dist');
    const loaded = await loadDefinitions(args.positionals, io);
    const syntheses = synthesizeAll(loaded, io);
    for (const s of syntheses) {
      const shown = path.join(against, s.clusterName);
      const dir = path.resolve(io.cwd, shown);
      try {
        requireClusterforgeOutput(dir, shown);
      } catch (e) {
        throw new UsageError(`${(e as Error).message.split(':')[0]}: there is no previous output of cluster '${s.clusterName}' to diff against; run clusterforge synth first, or pass --against`);
      }
    }
    let differs = false;
    for (const [i, s] of syntheses.entries()) {
      const shown = path.join(against, s.clusterName);
      const previous = readTree(path.resolve(io.cwd, shown));
      const fresh = renderClusterFiles(s, { gitOps: gitOpsOptions(args, against, s.clusterName) });
      // The report is compared only when the committed output has one.
      if (REPORT_FILES.some((f) => previous.has(f))) for (const [p, c] of renderReportFiles(loaded[i].cluster, s)) fresh.set(p, c);
      const changes = diffObjects(manifestObjects(previous), manifestObjects(fresh));
      const otherFiles = [...new Set([...previous.keys(), ...fresh.keys()])]
        .filter((f) => !isManifestFile(f) && previous.get(f) !== fresh.get(f))
        .sort()
        .map((f) => (!previous.has(f) ? `+ file ${f}` : !fresh.has(f) ? `- file ${f}` : `~ file ${f}`));
      io.out(`${shown}:`);
      for (const c of changes) for (const line of formatObjectChange(c)) io.out(line);
      for (const line of otherFiles) io.out(line);
      const count = (k: string) => changes.filter((c) => c.kind === k).length;
      io.out(`${s.clusterName}: ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed objects; ${otherFiles.length} other file${otherFiles.length === 1 ? '' : 's'} differ${otherFiles.length === 1 ? 's' : ''}`);
      if (changes.length > 0 || otherFiles.length > 0) differs = true;
    }
    return differs ? ExitCode.FAILED : ExitCode.OK;
  },
};
