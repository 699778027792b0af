import { Cni } from '../../constructs';
import { COREDNS_COMPONENT } from '../../constructs/networking/core-dns';
import { KubeObject, UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { ParityOptions, configKeyDifferences, expectUpstreamParity, loadUpstream } from '../support/upstream-parity';
import { clusterWith } from './helpers';

// upstream: ../shared/upstream/kubeadm-coredns/v1.35/coredns.yaml, kubeadm's CoreDNS templates
// (cmd/kubeadm/app/phases/addons/dns/manifests.go) rendered with kubeadm's defaults: cluster.local,
// 10.96.0.10, registry.k8s.io/coredns/coredns:v1.13.1, 2 replicas. See its PROVENANCE.txt for how
// exactly it matches v1.35.
const UPSTREAM_FILE = 'kubeadm-coredns/v1.35/coredns.yaml';
const NS = 'kube-system';

type Corefile = { [key: string]: Corefile };

interface Block {
  readonly lines: string[][];
  readonly children: Map<number, Corefile>;
}

/**
 * A Corefile as nested keys: server blocks, then plugins, then their sub-directives. A directive
 * that occurs more than once in a block (`disable success`, `disable denial`) is keyed with its
 * first argument too. Arguments are otherwise left out: configKeyDifferences compares keys only.
 */
function parseCorefile(text: string): Corefile {
  const open: Block[] = [];
  let current: Block = { lines: [], children: new Map() };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === '}') {
      const closed = current;
      current = open.pop()!;
      current.children.set(current.lines.length - 1, keyed(closed));
      continue;
    }
    current.lines.push(line.replace(/\s*\{$/, '').split(/\s+/));
    if (line.endsWith('{')) {
      open.push(current);
      current = { lines: [], children: new Map() };
    }
  }
  return keyed(current);
}

function keyed(block: Block): Corefile {
  const counts = new Map<string, number>();
  for (const [name] of block.lines) counts.set(name, (counts.get(name) ?? 0) + 1);
  const out: Corefile = {};
  block.lines.forEach(([name, first], i) => {
    const key = (counts.get(name) ?? 0) > 1 && first !== undefined ? `${name} ${first}` : name;
    out[key] = block.children.get(i) ?? {};
  });
  return out;
}

function find(objects: readonly KubeObject[], kind: string, name: string): Record<string, any> {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === NS);
  if (!found) throw new Error(`no ${kind} ${NS}/${name}`);
  return found as unknown as Record<string, any>;
}

function render(): { upstream: KubeObject[]; ours: KubeObject[]; options: ParityOptions; deviations: UpstreamDeviation[] } {
  const cluster = clusterWith(Cni.flannel());
  const upstream = loadUpstream(UPSTREAM_FILE);
  const ours = manifests(synth(cluster));
  const deployment = { kind: 'Deployment', namespace: NS, name: 'coredns' };
  return {
    upstream,
    ours,
    options: { upstream, ours, workloads: [{ upstream: deployment, ours: deployment }], serviceAccounts: { [`${NS}/coredns`]: `${NS}/coredns` } },
    deviations: UpstreamDeviation.of(cluster).filter((d) => d.component === COREDNS_COMPONENT),
  };
}

describe('CoreDNS upstream parity (kubeadm v1.35)', () => {
  test('the Deployment and the coredns RBAC are kubeadm’s, or a declared deviation', () => {
    const { options, deviations } = render();
    expectUpstreamParity({ ...options, deviations });
  });

  test('the Corefile has kubeadm’s plugins and directives, cluster-domain caching disabled', () => {
    // GIVEN kubeadm's and our Corefile
    const { upstream, ours } = render();
    const upstreamCorefile = parseCorefile(find(upstream, 'ConfigMap', 'coredns').data.Corefile);
    const ourCorefile = parseCorefile(find(ours, 'ConfigMap', 'coredns').data.Corefile);

    // THEN the same keys on both sides
    expect(configKeyDifferences('Corefile', upstreamCorefile, ourCorefile)).toStrictEqual([]);
    // AND the parse saw the cache block (so the comparison above is not vacuous)
    expect(Object.keys(ourCorefile['.:53'].cache)).toStrictEqual(['disable success', 'disable denial']);
    // AND with kubeadm's defaults the text is kubeadm's, byte for byte
    expect(find(ours, 'ConfigMap', 'coredns').data.Corefile).toBe(find(upstream, 'ConfigMap', 'coredns').data.Corefile);
  });

  test('the kube-dns Service is kubeadm’s', () => {
    const { upstream, ours } = render();
    const up = find(upstream, 'Service', 'kube-dns');
    const our = find(ours, 'Service', 'kube-dns');
    expect(our.spec).toStrictEqual(up.spec);
    expect([our.metadata.labels, our.metadata.annotations]).toStrictEqual([up.metadata.labels, up.metadata.annotations]);
  });
});
