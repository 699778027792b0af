import { App } from 'cdk8s';
import { ClusterValidationError, formatProblem, synthesizeToDirectory } from '../lib';
import { EXAMPLES } from '../examples';

/**
 * Synthesises the examples named on the command line (all of them by default) to
 * `dist/<name>/`. When the cdk8s CLI runs it (`cdk8s synth`, which sets $CDK8S_OUTDIR),
 * it also writes each cluster's API objects, and nothing else, with `app.synth()` to
 * $CDK8S_OUTDIR: `--stdout | kubectl apply -f -` and `--format helm` see no bootstrap file.
 */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const outdir = 'dist';
  const cdk8sOutdir = env.CDK8S_OUTDIR;
  const names = argv.length > 0 ? argv : Object.keys(EXAMPLES);
  let failed = false;
  for (const name of names) {
    const define = EXAMPLES[name];
    if (!define) {
      console.error(`unknown example '${name}'; known: ${Object.keys(EXAMPLES).join(', ')}`);
      return 2;
    }
    try {
      const app = new App(cdk8sOutdir ? { outdir: cdk8sOutdir } : {});
      const synthesis = synthesizeToDirectory(define(app), outdir);
      if (cdk8sOutdir) app.synth();
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

if (require.main === module) process.exitCode = main(process.argv.slice(2));
