import { Exposure, IngressController } from '../../constructs/ingress';
import { UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream } from '../support/upstream-parity';
import { ingressCluster } from './fixtures';

const UPSTREAM = 'traefik/41.3.0/helm-traefik-41.3.0-default.yaml';
const UPSTREAM_DEPLOYMENT = { kind: 'Deployment', name: 'traefik', namespace: 'traefik' };

describe('Traefik upstream parity (traefik-helm-chart 41.3.0, Traefik v3.7.11)', () => {
  test('the default controller matches the chart, RBAC included, but for the declared deviations', () => {
    const { cluster, ingress } = ingressCluster();
    expectUpstreamParity({
      upstream: loadUpstream(UPSTREAM),
      ours: manifests(synth(cluster)),
      workloads: [{ upstream: UPSTREAM_DEPLOYMENT, ours: UPSTREAM_DEPLOYMENT }],
      serviceAccounts: { 'traefik/traefik': 'traefik/traefik' },
      deviations: UpstreamDeviation.of(ingress),
    });
  });

  test('as a DaemonSet with host ports in its own namespace, the differences are declared too', () => {
    const { cluster, ingress } = ingressCluster({ controllers: [IngressController.traefik({ namespace: 'edge', exposure: Exposure.hostPorts() })] });
    expectUpstreamParity({
      upstream: loadUpstream(UPSTREAM),
      ours: manifests(synth(cluster)),
      workloads: [{ upstream: UPSTREAM_DEPLOYMENT, ours: { kind: 'DaemonSet', name: 'traefik', namespace: 'edge' } }],
      serviceAccounts: { 'traefik/traefik': 'edge/traefik' },
      namespaces: { traefik: 'edge' },
      deviations: UpstreamDeviation.of(ingress),
    });
  });
});
