import { App } from 'cdk8s';
import { ClusterValidationError, formatProblem, synthesizeToDirectory } from '../lib';
import { EXAMPLES } from '../examples';

/**
 * Synthesises the examples named on the command line (all of them by default) to
 * `dist/<name>/`, or to $CDK8S_OUTDIR when the cdk8s CLI runs it.
 */
function main(argv: readonly string[]): number {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  const names = argv.length > 0 ? argv : Object.keys(EXAMPLES);
  let failed = false;
  for (const name of names) {
    const define = EXAMPLES[name];
    if (!define) {
      console.error(`unknown example '${name}'; known: ${Object.keys(EXAMPLES).join(', ')}`);
      return 2;
    }
    try {
      const synthesis = synthesizeToDirectory(define(new App()), outdir);
      const objects = synthesis.objects.length;
      console.log(
        `${name}: ${objects} objects in ${synthesis.manifestFiles.length} manifest files, ` +
          `${synthesis.bootstrapFiles.length} bootstrap files -> ${outdir}/${synthesis.clusterName}/`,
      );
      for (const w of synthesis.warnings) console.warn(`  ${formatProblem(w)}`);
    } catch (e) {
      if (!(e instanceof ClusterValidationError)) throw e;
      console.error(e.message);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
