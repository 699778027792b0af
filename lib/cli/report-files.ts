import type { Cluster } from '../cluster';
import { TOPOLOGY_SVG, clusterReadme, clusterTopology, topologySvg } from '../report';
import type { ClusterSynthesis } from '../synth/synthesize';

/** The files `clusterforge report` adds to `dist/<cluster>/`. */
export const REPORT_FILES: readonly string[] = ['README.md', TOPOLOGY_SVG];

/** README.md and topology.svg of one cluster. */
export function renderReportFiles(cluster: Cluster, synthesis: ClusterSynthesis): Map<string, string> {
  const topology = clusterTopology(cluster, synthesis);
  return new Map([
    ['README.md', clusterReadme(cluster, synthesis, topology)],
    [TOPOLOGY_SVG, topologySvg(topology, `Topology of cluster ${synthesis.clusterName}`)],
  ]);
}
