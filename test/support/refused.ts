import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cluster, ClusterValidationError, formatProblem, synthesizeToDirectory } from '../../lib';

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
    }
  }
  return files;
}

/**
 * Synthesises `cluster` into an output folder that holds a previous synthesis, and
 * checks that it is refused with a ClusterValidationError and the folder is untouched.
 * Returns the formatted errors, one line each.
 */
export function refusedWithoutWriting(cluster: Cluster): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-refused-'));
  try {
    const previous = path.join(outdir, cluster.clusterName === '' ? 'cluster' : cluster.clusterName);
    fs.mkdirSync(path.join(previous, 'manifests'), { recursive: true });
    fs.writeFileSync(path.join(previous, 'manifests', '00-previous.yaml'), 'previous output\n');
    const before = tree(outdir);
    let error: unknown;
    try {
      synthesizeToDirectory(cluster, outdir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClusterValidationError);
    expect(tree(outdir)).toStrictEqual(before);
    return (error as ClusterValidationError).errors.map(formatProblem);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
