import { Cni } from '../../constructs';
import { UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { clusterWith, expectDeviationsInGates } from './helpers';

// upstream: projectcalico/calico@v3.32.0:manifests/{tigera-operator,custom-resources}.yaml,
// byte-for-byte in ../shared/upstream/calico/v3.32.0 (see its PROVENANCE.txt).
const OPERATOR = 'calico/v3.32.0/tigera-operator.yaml';
const CUSTOM_RESOURCES = 'calico/v3.32.0/custom-resources.yaml';
const DEPLOYMENT = { kind: 'Deployment', name: 'tigera-operator', namespace: 'tigera-operator' };

function rendered() {
  const cluster = clusterWith(Cni.calico());
  return { cluster, ours: manifests(synth(cluster)) };
}

describe('Calico (Tigera operator) upstream parity, v3.32.0', () => {
  test('the operator Deployment and its RBAC are upstream\'s, every difference declared', () => {
    // GIVEN upstream's operator manifest and ours
    const upstream = loadUpstream(OPERATOR);
    const { cluster, ours } = rendered();

    // THEN every grant, image, arg, env, mount, probe and securityContext leaf matches or is declared
    expectUpstreamParity({
      upstream,
      ours,
      workloads: [{ upstream: DEPLOYMENT, ours: DEPLOYMENT }],
      serviceAccounts: { 'tigera-operator/tigera-operator': 'tigera-operator/tigera-operator' },
      deviations: UpstreamDeviation.of(cluster).filter((d) => d.component.startsWith('Calico')),
    });
  });

  test('the operator ClusterRole grants exactly what upstream grants', () => {
    // GIVEN
    const upstream = loadUpstream(OPERATOR);
    const { ours } = rendered();

    // THEN no grant is missing and none is added
    const rbac = upstreamDifferences({ upstream, ours, serviceAccounts: { 'tigera-operator/tigera-operator': 'tigera-operator/tigera-operator' } });
    expect(rbac).toStrictEqual([]);
  });

  test('the default custom resources are upstream custom-resources.yaml\'s kinds, all named default', () => {
    // GIVEN
    const upstream = loadUpstream(CUSTOM_RESOURCES);
    const { ours } = rendered();

    // THEN
    const ids = (objects: typeof ours) =>
      objects
        .filter((o) => o.apiVersion === 'operator.tigera.io/v1')
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort();
    expect(ids(ours)).toStrictEqual(ids(upstream));
  });

  test('GATES.md lists the declared deviations under the component', () => {
    expectDeviationsInGates(rendered().cluster, 'Calico v3.32.0 (tigera-operator)');
  });
});
