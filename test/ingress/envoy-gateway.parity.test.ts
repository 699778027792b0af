import { IngressController } from '../../constructs/ingress';
import { UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream } from '../support/upstream-parity';
import { ingressCluster } from './fixtures';

const UPSTREAM = 'envoy-gateway/v1.9.0/install-without-crds.yaml';
const NS = 'envoy-gateway-system';
const ref = (kind: string, name: string) => ({ kind, name, namespace: NS });

describe('Envoy Gateway upstream parity (v1.9.0 install.yaml without CRDs)', () => {
  test.each([['cluster.local'], ['corp.internal']])('with DNS domain %s, controller, certgen Job and RBAC match but for the declared deviations', (dnsDomain) => {
    const { cluster, ingress } = ingressCluster({ controllers: [IngressController.envoyGateway()] }, {
      controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.10' }] },
      networking: { nodeSubnets: ['10.0.0.0/16'], dnsDomain },
    });
    expectUpstreamParity({
      upstream: loadUpstream(UPSTREAM),
      ours: manifests(synth(cluster)),
      workloads: [
        { upstream: ref('Deployment', 'envoy-gateway'), ours: ref('Deployment', 'envoy-gateway') },
        { upstream: ref('Job', 'eg-gateway-helm-certgen'), ours: ref('Job', 'eg-gateway-helm-certgen') },
      ],
      serviceAccounts: { [`${NS}/envoy-gateway`]: `${NS}/envoy-gateway`, [`${NS}/eg-gateway-helm-certgen`]: `${NS}/eg-gateway-helm-certgen` },
      deviations: UpstreamDeviation.of(ingress),
    });
  });
});
