import { Cni } from '../../constructs';
import { WEAVE_COMPONENT } from '../../constructs/networking/weave';
import { UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream } from '../support/upstream-parity';
import { clusterWith } from './helpers';

// upstream: ../shared/upstream/weave/2.8.1/weave-daemonset-k8s-1.11.release-asset.yaml, the file
// weaveworks/weave@v2.8.1:prog/weave-kube/weave-daemonset-k8s-1.11.yaml as bin/release at the tag
// publishes it (images :2.8.1 instead of the :latest placeholders). See its PROVENANCE.txt.
const UPSTREAM_FILE = 'weave/2.8.1/weave-daemonset-k8s-1.11.release-asset.yaml';

describe('Weave Net upstream parity (2.8.1)', () => {
  test('every grant, mount, arg and probe of the release manifest, or a declared deviation', () => {
    // GIVEN a cluster with Weave
    const cluster = clusterWith(Cni.weave());
    const ds = { kind: 'DaemonSet', namespace: 'kube-system', name: 'weave-net' };

    // THEN it matches the release manifest but for the declared deviations
    expectUpstreamParity({
      upstream: loadUpstream(UPSTREAM_FILE),
      ours: manifests(synth(cluster)),
      workloads: [{ upstream: ds, ours: ds }],
      serviceAccounts: { 'kube-system/weave-net': 'kube-system/weave-net' },
      deviations: UpstreamDeviation.of(cluster).filter((d) => d.component === WEAVE_COMPONENT),
    });
  });
});
