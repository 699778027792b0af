import { Cni } from '../../constructs';
import { FLANNEL_COMPONENT } from '../../constructs/networking/flannel';
import { KubeObject, UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { ParityDifference, ParityOptions, configKeyDifferences, expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { clusterWith } from './helpers';

// upstream: ../shared/upstream/flannel/v0.28.9/kube-flannel.yml, byte for byte
// flannel-io/flannel@v0.28.9:Documentation/kube-flannel.yml. The release asset (a kustomize render,
// kube-flannel.release-asset.kustomize-render.yml) has no probes and copies with `cp -f`; we follow
// the repository copy, see constructs/networking/flannel.ts.
const UPSTREAM_FILE = 'flannel/v0.28.9/kube-flannel.yml';
const NS = 'kube-flannel';

function render(): { upstream: KubeObject[]; ours: KubeObject[]; deviations: UpstreamDeviation[] } {
  const cluster = clusterWith(Cni.flannel());
  return {
    upstream: loadUpstream(UPSTREAM_FILE),
    ours: manifests(synth(cluster)),
    deviations: UpstreamDeviation.of(cluster).filter((d) => d.component === FLANNEL_COMPONENT),
  };
}

function options(upstream: KubeObject[], ours: KubeObject[]): ParityOptions {
  const ds = { kind: 'DaemonSet', namespace: NS, name: 'kube-flannel-ds' };
  return { upstream, ours, workloads: [{ upstream: ds, ours: ds }], serviceAccounts: { [`${NS}/flannel`]: `${NS}/flannel` } };
}

/** The keys of net-conf.json and cni-conf.json, upstream's against ours. */
function configDifferences(upstream: KubeObject[], ours: KubeObject[]): ParityDifference[] {
  const files = (objects: KubeObject[]): Record<string, string> => {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kube-flannel-cfg' && o.metadata.namespace === NS);
    if (!cm) throw new Error('no kube-flannel-cfg');
    return (cm as unknown as { data: Record<string, string> }).data;
  };
  return ['net-conf.json', 'cni-conf.json'].flatMap((file) =>
    configKeyDifferences(file, JSON.parse(files(upstream)[file]), JSON.parse(files(ours)[file])),
  );
}

describe('flannel upstream parity (v0.28.9)', () => {
  test('every grant, mount, arg and probe of kube-flannel.yml, or a declared deviation', () => {
    const { upstream, ours, deviations } = render();
    expectUpstreamParity({ ...options(upstream, ours), deviations });
  });

  test('net-conf.json and cni-conf.json carry upstream’s keys, with our model’s values', () => {
    const { upstream, ours } = render();
    expect(configDifferences(upstream, ours)).toStrictEqual([]);
  });

  test('the CNI plugin image is the one the release ships (issue 12)', () => {
    const { upstream, ours } = render();
    const items = upstreamDifferences(options(upstream, ours)).map((d) => d.item);
    expect(items).not.toContain('DaemonSet/kube-flannel/kube-flannel-ds container install-cni-plugin image');
  });
});
