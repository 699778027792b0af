import * as path from 'path';
import type { Cluster } from '../cluster';
import { RenderOptions, clusterFileEntries } from './render';
import { ClusterSynthesis, synthesizeCluster } from './synthesize';
import { writeTreeAtomically } from './writer';

/**
 * Validates `cluster` and writes it to `<outdir>/<cluster name>/`. On any validation
 * error it throws ClusterValidationError before touching the disk, so the previous
 * output stays as it was.
 *
 * @param cluster the cluster to synthesise
 * @param outdir the folder that receives `<cluster name>/`
 * @param options GitOps extras of the written files
 * @returns the in-memory synthesis (objects, files, warnings)
 */
export function synthesizeToDirectory(cluster: Cluster, outdir: string, options: RenderOptions = {}): ClusterSynthesis {
  const synthesis = synthesizeCluster(cluster);
  // Streamed: each object's YAML is written as it is rendered, never the whole tree in memory.
  writeTreeAtomically(path.join(outdir, synthesis.clusterName), clusterFileEntries(synthesis, options));
  return synthesis;
}
