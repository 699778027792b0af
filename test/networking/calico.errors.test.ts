import { Cni } from '../../constructs';
import { CrdSource, formatProblem } from '../../lib';
import { synthErrors } from '../support/synth';
import { CALICO_INSTALLATION_CRD, clusterWith } from './helpers';

describe('Cni.calico errors', () => {
  test('Whisker without Goldmane is refused, naming both options', () => {
    // GIVEN Whisker on, Goldmane off
    const errors = synthErrors(clusterWith(Cni.calico({ crds: CrdSource.none(), goldmane: false })));

    // THEN the operator's prerequisite is reported before it degrades in the cluster
    expect(errors.map((e) => formatProblem(e))).toStrictEqual([
      '[error] test/Networking (cni.whisker): Whisker shows the flows Goldmane aggregates; the operator refuses to run Whisker without Goldmane ' +
        '(received "whisker: true, goldmane: false"; expected goldmane: true with whisker, or whisker: false) [networking/calico-whisker-goldmane]',
    ]);
  });

  test('a CRD file without the APIServer, Goldmane and Whisker CRDs is refused while they are on', () => {
    // GIVEN a file holding only the Installation CRD, and the defaults
    const errors = synthErrors(clusterWith(Cni.calico({ crds: CrdSource.file(CALICO_INSTALLATION_CRD) })));

    // THEN the missing kinds are named, and each custom resource lacking its CRD is reported
    expect(errors.map((e) => e.rule)).toStrictEqual(['crds/source', 'crds/missing', 'crds/missing', 'crds/missing']);
    expect(errors[0].message).toBe(
      'the CRD file lacks CustomResourceDefinitions for operator.tigera.io/APIServer, operator.tigera.io/Goldmane, operator.tigera.io/Whisker',
    );
  });
});
