import { Exposure, IngressController } from '../../constructs/ingress';
import { formatProblem } from '../../lib';
import { refusedWithoutWriting } from '../support/refusal';
import { synthErrors } from '../support/synth';
import { ingressCluster } from './fixtures';

describe('ClusterIngress errors', () => {
  test('two default IngressClasses are refused, and nothing is written', () => {
    // GIVEN
    const { cluster } = ingressCluster({
      controllers: [
        IngressController.traefik({ ingressClass: { default: true } }),
        IngressController.traefik({ namespace: 'traefik-internal', ingressClass: { name: 'internal', default: true } }),
      ],
    });

    // WHEN / THEN
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/Ingress (controllers): more than one IngressClass is marked default; the API server then refuses every Ingress without ingressClassName (received ["traefik","internal"]; expected at most one controller with ingressClass: { default: true }) [ingress/default-class]',
    ]);
  });

  test('two controllers in one namespace or of one class, and bad replicas or node ports, are refused together', () => {
    const { cluster } = ingressCluster({
      controllers: [
        IngressController.traefik({ exposure: Exposure.loadBalancer({ replicas: 0 }) }),
        IngressController.traefik({ exposure: Exposure.nodePort({ httpNodePort: 80 }) }),
      ],
    });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/Ingress (controllers[0].exposure.replicas): not a number of replicas (received 0; expected a whole number, at least 1 (2 or more to survive a node loss)) [ingress/replicas]',
      '[error] test/Ingress (controllers[1].namespace): another controller already uses this namespace (received "traefik"; expected one namespace per controller) [ingress/namespace]',
      '[error] test/Ingress (controllers[1].ingressClass.name): the IngressClass is already served by traefik in traefik (received "traefik"; expected one IngressClass name per controller) [ingress/class-name]',
      '[error] test/Ingress (controllers[1].exposure.httpNodePort): not a port of the default NodePort range (received 80; expected an integer from 30000 to 32767) [ingress/node-port]',
    ]);
  });
});

describe('ClusterIngress errors (names)', () => {
  test('a controller namespace that is not a namespace name is reported, not thrown', () => {
    const { cluster } = ingressCluster({ controllers: [IngressController.traefik({ namespace: 'Edge/Proxies', ingressClass: { default: true } })] });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      expect.stringMatching(/^\[error\] test\/Ingress \(controllers\[0\]\.namespace\): not a namespace name \(received "Edge\/Proxies"; expected .*\) \[names\/dns1123-label\]$/),
    ]);
  });
});
