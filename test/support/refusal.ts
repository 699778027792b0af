import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cluster, ClusterValidationError, formatProblem, synthesizeToDirectory } from '../../lib';

/**
 * Synthesises `cluster` into a directory holding a previous output; expects the refusal and
 * that the directory is untouched. Returns the formatted errors.
 */
export function refusedWithoutWriting(cluster: Cluster): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-refused-'));
  fs.writeFileSync(path.join(outdir, 'marker'), 'previous output');
  let error: unknown;
  try {
    synthesizeToDirectory(cluster, outdir);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ClusterValidationError);
  expect(fs.readdirSync(outdir)).toStrictEqual(['marker']);
  return (error as ClusterValidationError).errors.map(formatProblem);
}
