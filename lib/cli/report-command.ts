import { CliCommand } from './command';
import { renderReportFiles } from './report-files';
import { SYNTH_COMMAND, synthesizeAndWrite } from './synth-command';

/** `clusterforge report`. */
export const REPORT_COMMAND: CliCommand = {
  name: 'report',
  usage: SYNTH_COMMAND.usage,
  summary: 'Synthesise like synth, and add dist/<cluster>/README.md and topology.svg.',
  description: [
    'README.md holds a Mermaid diagram of the topology (endpoint and load balancer,',
    'control-plane nodes, stacked or external etcd, worker pools, workloads by namespace,',
    'tenants), the apply steps for this cluster, versions and images, the ports table, the',
    'gates summary and the tenants with their quotas. topology.svg draws the same topology',
    'without a browser. Both are written with the rest of the output, atomically.',
  ].join('\n'),
  options: SYNTH_COMMAND.options,
  run: (args, io) => synthesizeAndWrite(args, io, renderReportFiles),
};
