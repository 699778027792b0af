import { Topology, TopologyNodeKind } from './topology';

// Mermaid architecture diagram icons (mermaid docs: syntax/architecture, default icons).
const ICONS: Record<TopologyNodeKind, string> = {
  [TopologyNodeKind.ENDPOINT]: 'internet',
  [TopologyNodeKind.LOAD_BALANCER]: 'cloud',
  [TopologyNodeKind.CONTROL_PLANE]: 'server',
  [TopologyNodeKind.ETCD]: 'database',
  [TopologyNodeKind.NODE_POOL]: 'server',
  [TopologyNodeKind.WORKLOAD]: 'disk',
  [TopologyNodeKind.TENANT]: 'cloud',
};

/** A label Mermaid's grammar accepts between brackets: no brackets, quotes, colons or other markup. */
export function mermaidLabel(text: string): string {
  return text.replace(/[^A-Za-z0-9 .,_\-/]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The topology as a Mermaid `architecture-beta` diagram (groups, services, edges). */
export function topologyMermaid(topology: Topology): string {
  const lines = ['architecture-beta'];
  for (const g of topology.groups) lines.push(`  group ${g.id}(cloud)[${mermaidLabel(g.label)}]`);
  for (const n of topology.nodes) lines.push(`  service ${n.id}(${ICONS[n.kind]})[${mermaidLabel(n.label)}]${n.group ? ` in ${n.group}` : ''}`);
  for (const e of topology.edges) lines.push(`  ${e.from}:B -- T:${e.to}`);
  return `${lines.join('\n')}\n`;
}
