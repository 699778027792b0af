import type * as Dagre from '@dagrejs/dagre' with { 'resolution-mode': 'import' };

// dagre ships CommonJS beside its ES module, but its package.json types it as ESM only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { graphlib, layout } = require('@dagrejs/dagre') as typeof Dagre;
import { Topology, TopologyNodeKind } from './topology';

const FILL: Record<TopologyNodeKind, string> = {
  [TopologyNodeKind.ENDPOINT]: '#fde68a',
  [TopologyNodeKind.LOAD_BALANCER]: '#fcd34d',
  [TopologyNodeKind.CONTROL_PLANE]: '#93c5fd',
  [TopologyNodeKind.ETCD]: '#c4b5fd',
  [TopologyNodeKind.NODE_POOL]: '#86efac',
  [TopologyNodeKind.WORKLOAD]: '#e5e7eb',
  [TopologyNodeKind.TENANT]: '#fca5a5',
};

const CHAR_WIDTH = 7;
const NODE_HEIGHT = 32;

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The topology as a standalone SVG, laid out with dagre (a pure-JS layered layout), so
 * no browser is needed to draw it. Same input, same bytes.
 */
export function topologySvg(topology: Topology, title: string): string {
  const g = new graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 48, marginx: 16, marginy: 40 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const group of topology.groups) g.setNode(`group:${group.id}`, { label: group.label, paddingTop: 24 });
  for (const n of topology.nodes) {
    g.setNode(n.id, { label: n.label, width: n.label.length * CHAR_WIDTH + 24, height: NODE_HEIGHT });
    if (n.group) g.setParent(n.id, `group:${n.group}`);
  }
  for (const e of topology.edges) g.setEdge(e.from, e.to);
  layout(g);

  const graph = g.graph() as { width?: number; height?: number };
  const width = Math.ceil(graph.width ?? 0);
  const height = Math.ceil(graph.height ?? 0);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `  <title>${escapeXml(title)}</title>`,
    '  <rect width="100%" height="100%" fill="#ffffff"/>',
    '  <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/></marker></defs>',
  ];
  for (const group of topology.groups) {
    const b = g.node(`group:${group.id}`) as { x: number; y: number; width: number; height: number } | undefined;
    if (!b || b.width === undefined) continue;
    const x = round(b.x - b.width / 2);
    const y = round(b.y - b.height / 2);
    out.push(`  <g class="group" id="group-${group.id}">`);
    out.push(`    <rect x="${x}" y="${y}" width="${round(b.width)}" height="${round(b.height)}" rx="6" fill="none" stroke="#9ca3af" stroke-dasharray="4 3"/>`);
    out.push(`    <text x="${x + 8}" y="${y + 14}" fill="#374151" font-weight="bold">${escapeXml(group.label)}</text>`);
    out.push('  </g>');
  }
  for (const e of topology.edges) {
    const points = (g.edge(e.from, e.to) as { points: { x: number; y: number }[] }).points;
    out.push(`  <polyline class="edge" points="${points.map((p) => `${round(p.x)},${round(p.y)}`).join(' ')}" fill="none" stroke="#6b7280" marker-end="url(#arrow)"/>`);
  }
  for (const n of topology.nodes) {
    const b = g.node(n.id) as { x: number; y: number; width: number; height: number };
    out.push(`  <g class="node ${n.kind}" id="node-${n.id}">`);
    out.push(`    <rect x="${round(b.x - b.width / 2)}" y="${round(b.y - b.height / 2)}" width="${round(b.width)}" height="${round(b.height)}" rx="4" fill="${FILL[n.kind]}" stroke="#374151"/>`);
    out.push(`    <text x="${round(b.x)}" y="${round(b.y + 4)}" text-anchor="middle">${escapeXml(n.label)}</text>`);
    out.push('  </g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
