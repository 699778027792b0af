import * as path from 'path';
import type { Cluster } from '../cluster';
import { renderClusterFiles } from './render';
import { ClusterSynthesis, synthesizeCluster } from './synthesize';
import { writeTreeAtomically } from './writer';

/**
 * Validates `cluster` and writes it to `<outdir>/<cluster name>/`. On any validation
 * error it throws ClusterValidationError before touching the disk, so the previous
 * output stays as it was.
 */
export function synthesizeToDirectory(cluster: Cluster, outdir: string): ClusterSynthesis {
  const synthesis = synthesizeCluster(cluster);
  writeTreeAtomically(path.join(outdir, synthesis.clusterName), renderClusterFiles(synthesis));
  return synthesis;
}
