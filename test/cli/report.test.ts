import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLES } from '../../examples';
import { synthesizeCluster } from '../../lib';
import { clusterTopology } from '../../lib/report';
import { REPO_ROOT, clusterforge } from '../support/cli';

interface ParsedArchitecture {
  readonly groups: { id: string; in?: string }[];
  readonly services: { id: string; in?: string; title?: string }[];
  readonly edges: { lhsId: string; rhsId: string }[];
}

/** Mermaid's own parser (@mermaid-js/parser, an ES module: run in a child process). */
function parseMermaidArchitecture(diagram: string): ParsedArchitecture {
  const script = [
    "import { parse } from '@mermaid-js/parser';",
    "const text = await new Promise((resolve) => { let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => resolve(s)); });",
    "const r = await parse('architecture', text);",
    'process.stdout.write(JSON.stringify({ groups: r.groups.map((g) => ({ id: g.id, in: g.in })), services: r.services.map((s) => ({ id: s.id, in: s.in, title: s.title })), edges: r.edges.map((e) => ({ lhsId: e.lhsId, rhsId: e.rhsId })) }));',
  ].join('\n');
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, input: diagram, encoding: 'utf8' })) as ParsedArchitecture;
}

// `clusterforge report`: README.md with a Mermaid topology, and the same topology as SVG.
describe('clusterforge report', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-report-'));
  const names = Object.keys(EXAMPLES);
  beforeAll(() => {
    const r = clusterforge(['report', ...names, '--out', out], REPO_ROOT);
    expect(r.status).toBe(0);
  });

  test.each(names)('%s: the Mermaid block parses and names every node, group and edge of the topology', (name) => {
    // GIVEN the README the report wrote, and the topology of the same definition
    const readme = fs.readFileSync(path.join(out, name, 'README.md'), 'utf8');
    const topology = clusterTopology(EXAMPLES[name](), synthesizeCluster(EXAMPLES[name]()));
    const block = /```mermaid\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();

    // WHEN Mermaid's parser reads it
    const parsed = parseMermaidArchitecture(block![1]);

    // THEN it is well-formed: the same services, groups and edges, every reference declared
    expect(parsed.services.map((s) => s.id)).toStrictEqual(topology.nodes.map((n) => n.id));
    expect(parsed.groups.map((g) => g.id)).toStrictEqual(topology.groups.map((g) => g.id));
    expect(parsed.edges.map((e) => [e.lhsId, e.rhsId])).toStrictEqual(topology.edges.map((e) => [e.from, e.to]));
    const groupIds = new Set(parsed.groups.map((g) => g.id));
    const serviceIds = new Set(parsed.services.map((s) => s.id));
    expect(serviceIds.size).toBe(parsed.services.length);
    for (const s of parsed.services) if (s.in !== undefined) expect(groupIds.has(s.in)).toBe(true);
    for (const e of parsed.edges) expect([serviceIds.has(e.lhsId), serviceIds.has(e.rhsId)]).toStrictEqual([true, true]);
  });

  test.each(names)('%s: the SVG names every node of the topology', (name) => {
    const svg = fs.readFileSync(path.join(out, name, 'topology.svg'), 'utf8');
    const topology = clusterTopology(EXAMPLES[name](), synthesizeCluster(EXAMPLES[name]()));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const n of topology.nodes) expect(svg).toContain(`<g class="node ${n.kind}" id="node-${n.id}">`);
    for (const n of topology.nodes) expect(svg).toContain(`>${n.label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</text>`);
  });

  test('platform: the README holds the topology, apply steps, images, ports, gates and tenants with quotas', () => {
    const readme = fs.readFileSync(path.join(out, 'platform', 'README.md'), 'utf8');
    const headings = readme.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toStrictEqual(['## Topology', '## Apply', '## Versions and images', '## Ports', '## Gates', '## Tenants']);
    expect(readme).toContain('kubectl apply --server-side -k dist/platform/manifests/000-crds/');
    expect(readme).toMatch(/\| quay\.io\/tigera\/operator:v[\d.]+ \| Networking \|/);
    expect(readme).toContain('| TCP | 6443 | control plane |');
    expect(readme).toMatch(/\| payments \| payments, payments-batch \| restricted \| .*pods: 200/);
  });

  test('the same definition gives byte-identical report files', () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-report-again-'));
    expect(clusterforge(['report', 'platform', '--out', again], REPO_ROOT).status).toBe(0);
    for (const f of ['README.md', 'topology.svg']) {
      expect(fs.readFileSync(path.join(again, 'platform', f), 'utf8')).toBe(fs.readFileSync(path.join(out, 'platform', f), 'utf8'));
    }
  });
});
