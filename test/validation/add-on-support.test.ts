import { Cni } from '../../constructs';
import { KubernetesVersion } from '../../lib';
import { CILIUM_PINS } from '../../lib/versions/networking';
import { clusterWith } from '../networking/helpers';
import { synth } from '../support/synth';

const RULE = 'versions/add-on-kubernetes-support';

describe('add-on releases and the cluster release', () => {
  test('an add-on whose pinned release leaves out the cluster release is a warning at synthesis', () => {
    // GIVEN Cilium 1.18 (e2e tested on Kubernetes 1.30–1.33) on a 1.35 cluster
    const cluster = clusterWith(Cni.cilium(), { kubernetesVersion: KubernetesVersion.of('v1.35.7') });

    // WHEN
    const warnings = synth(cluster).warnings.filter((w) => w.rule === RULE);

    // THEN one warning, at the agent's DaemonSet, naming the range and its source
    expect(warnings.map((w) => ({ path: w.path, received: w.received, expected: w.expected }))).toStrictEqual([
      { path: 'test/Networking/Cilium/AgentDaemonSet', received: `Cilium ${CILIUM_PINS.version} on Kubernetes 1.35`, expected: 'a Cilium release that supports Kubernetes 1.35' },
    ]);
    expect(warnings[0].message).toBe(
      `Cilium ${CILIUM_PINS.version} declares support for Kubernetes 1.30–1.33 (cilium/cilium@v1.18.14:Documentation/network/kubernetes/compatibility.rst), and this cluster runs v1.35.7`,
    );
  });

  test('inside the declared range, or without a declared range, nothing is said', () => {
    // GIVEN Cilium on 1.33 (inside its range), Calico on 1.35 (inside), flannel (no range declared)
    const clusters = [
      clusterWith(Cni.cilium(), { kubernetesVersion: KubernetesVersion.of('v1.33.4') }),
      clusterWith(Cni.calico(), { kubernetesVersion: KubernetesVersion.of('v1.35.7') }),
      clusterWith(Cni.flannel(), { kubernetesVersion: KubernetesVersion.of('v1.35.7') }),
    ];

    // THEN
    for (const cluster of clusters) expect(synth(cluster).warnings.filter((w) => w.rule === RULE)).toStrictEqual([]);
  });
});
