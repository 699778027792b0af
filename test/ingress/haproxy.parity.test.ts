import { Exposure, IngressController } from '../../constructs/ingress';
import { UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream } from '../support/upstream-parity';
import { ingressCluster } from './fixtures';

const UPSTREAM = 'haproxy-kubernetes-ingress/1.52.1/helm-kubernetes-ingress-1.52.1-default.yaml';
const NAME = 'haproxy-kubernetes-ingress';
const DEPLOYMENT = { kind: 'Deployment', name: NAME, namespace: 'haproxy-controller' };
const JOB = { kind: 'Job', name: `${NAME}-crdjob`, namespace: 'haproxy-controller' };
const ACCOUNTS = { [`haproxy-controller/${NAME}`]: `haproxy-controller/${NAME}`, [`haproxy-controller/${NAME}-crdjob`]: `haproxy-controller/${NAME}-crdjob` };

describe('HAProxy Kubernetes Ingress upstream parity (chart kubernetes-ingress 1.52.1, controller 3.2.12)', () => {
  test('the controller and its CRD Job match the chart, RBAC included, but for the declared deviations', () => {
    const { cluster, ingress } = ingressCluster({ controllers: [IngressController.haproxy({ ingressClass: { default: true } })] });
    expectUpstreamParity({
      upstream: loadUpstream(UPSTREAM),
      ours: manifests(synth(cluster)),
      workloads: [
        { upstream: DEPLOYMENT, ours: DEPLOYMENT },
        { upstream: JOB, ours: JOB },
      ],
      serviceAccounts: ACCOUNTS,
      deviations: UpstreamDeviation.of(ingress),
    });
  });

  test('with host ports and a default certificate Secret, the differences are declared too', () => {
    const { cluster, ingress } = ingressCluster({
      controllers: [IngressController.haproxy({ exposure: Exposure.hostPorts(), defaultCertificate: { secretName: 'wildcard-tls' } })],
    });
    expectUpstreamParity({
      upstream: loadUpstream(UPSTREAM),
      ours: manifests(synth(cluster)),
      workloads: [
        { upstream: DEPLOYMENT, ours: { ...DEPLOYMENT, kind: 'DaemonSet' } },
        { upstream: JOB, ours: JOB },
      ],
      serviceAccounts: ACCOUNTS,
      deviations: UpstreamDeviation.of(ingress),
    });
  });
});
