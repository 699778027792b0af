import { Advertisement } from '../../constructs/metallb';
import { UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream } from '../support/upstream-parity';
import { metallbCluster } from './fixtures';

const UPSTREAM = 'metallb/v0.16.1/metallb-native.yaml';

describe('MetalLB upstream parity (metallb/metallb v0.16.1, metallb-native.yaml)', () => {
  test('controller and speaker match upstream, RBAC included, but for the declared deviations', () => {
    // GIVEN
    const { cluster, metallb } = metallbCluster();
    metallb.addAddressPool('default', { addresses: ['10.20.2.0/24'], advertisement: Advertisement.l2() });

    // WHEN / THEN
    expectUpstreamParity({
      upstream: loadUpstream(UPSTREAM),
      ours: manifests(synth(cluster)),
      workloads: [
        { upstream: { kind: 'Deployment', name: 'controller', namespace: 'metallb-system' }, ours: { kind: 'Deployment', name: 'controller', namespace: 'metallb-system' } },
        { upstream: { kind: 'DaemonSet', name: 'speaker', namespace: 'metallb-system' }, ours: { kind: 'DaemonSet', name: 'speaker', namespace: 'metallb-system' } },
      ],
      serviceAccounts: { 'metallb-system/controller': 'metallb-system/controller', 'metallb-system/speaker': 'metallb-system/speaker' },
      deviations: UpstreamDeviation.of(metallb),
    });
  });
});
