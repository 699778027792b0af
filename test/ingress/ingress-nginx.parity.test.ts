import { Exposure, IngressController } from '../../constructs/ingress';
import { UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { ParityOptions, expectUpstreamParity, loadUpstream } from '../support/upstream-parity';
import { ingressCluster } from './fixtures';

const DIR = 'ingress-nginx/controller-v1.15.1';
const NS = 'ingress-nginx';
const ref = (kind: string, name: string) => ({ kind, name, namespace: NS });
const WORKLOADS: ParityOptions['workloads'] = [
  { upstream: ref('Deployment', 'ingress-nginx-controller'), ours: ref('Deployment', 'ingress-nginx-controller') },
  { upstream: ref('Job', 'ingress-nginx-admission-create'), ours: ref('Job', 'ingress-nginx-admission-create') },
  { upstream: ref('Job', 'ingress-nginx-admission-patch'), ours: ref('Job', 'ingress-nginx-admission-patch') },
];
const ACCOUNTS = { 'ingress-nginx/ingress-nginx': 'ingress-nginx/ingress-nginx', 'ingress-nginx/ingress-nginx-admission': 'ingress-nginx/ingress-nginx-admission' };

describe('ingress-nginx upstream parity (controller-v1.15.1 static manifests)', () => {
  test.each([
    ['cloud-deploy.yaml', Exposure.loadBalancer()],
    ['baremetal-deploy.yaml', Exposure.nodePort()],
  ])('%s: controller, certgen Jobs and RBAC match but for the declared deviations', (file, exposure) => {
    const { cluster, ingress } = ingressCluster({ controllers: [IngressController.ingressNginx({ exposure })] });
    expectUpstreamParity({
      upstream: loadUpstream(`${DIR}/${file}`),
      ours: manifests(synth(cluster)),
      workloads: WORKLOADS,
      serviceAccounts: ACCOUNTS,
      deviations: UpstreamDeviation.of(ingress),
    });
  });
});
