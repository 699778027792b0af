import { Namespace, Severity, WaivableCheck, Waiver, restrictedSecurityContext } from '../../lib';
import { newCluster, synthErrors } from '../support/synth';
import { addDeployment, goodContainer } from './fixtures';

describe('Waiver errors', () => {
  test('a waiver with an empty reason is an error, and waives nothing', () => {
    // GIVEN a Deployment without probes, waived with a blank reason
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    const web = addDeployment(ns, 'Web', 'apps', [goodContainer('app', { readinessProbe: undefined })]);
    Waiver.add(web, WaivableCheck.PROBES, '  ');

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Web',
        rule: 'waiver/reason-required',
        field: 'hygiene/probes',
        message: 'the waiver of hygiene/probes has no reason; an exception to a gate must say why it is safe, for whoever reviews it',
        received: '  ',
        expected: 'a non-empty reason, e.g. "upstream ships this agent without probes"',
      },
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Web',
        rule: 'hygiene/probes',
        field: 'spec.template.spec.containers[app]',
        message:
          'container "app" of Deployment apps/web has neither a liveness nor a readiness probe; Kubernetes can then neither restart it ' +
          'when it hangs nor hold traffic and rollouts while it is not ready',
        expected:
          'a livenessProbe and/or readinessProbe as upstream defines them, or Waiver.add(scope, WaivableCheck.PROBES, reason) when upstream ships none',
      },
    ]);
  });

  test('Pod Security violations at the namespace level cannot be waived', () => {
    // GIVEN a privileged container in a restricted namespace, "waived" with a Pod Security check id forced past the type
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    const web = addDeployment(ns, 'Web', 'apps', [goodContainer('app', { securityContext: restrictedSecurityContext({ privileged: true }) })]);
    Waiver.add(web, 'pod-security/privileged' as WaivableCheck, 'we really need it');

    // WHEN
    const errors = synthErrors(cluster);

    // THEN the waiver is refused and the violation stands
    expect(errors.map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['waiver/unknown-check', 'check', 'pod-security/privileged'],
      ['pod-security/privileged', 'spec.template.spec.containers[app].securityContext.privileged', true],
    ]);
    expect(errors[0].expected).toBe(
      'one of hygiene/requests, hygiene/memory-limit, hygiene/image-pinned, hygiene/probes, hygiene/cluster-admin, pod-security/over-privileged-namespace',
    );
  });

  test('a waiver naming a container for a check that judges whole objects is an error', () => {
    // GIVEN
    const cluster = newCluster();
    Waiver.add(cluster, WaivableCheck.CLUSTER_ADMIN, 'admin', { container: 'app' });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test',
        rule: 'waiver/container-not-applicable',
        field: 'container',
        message: 'hygiene/cluster-admin judges whole objects, not containers, so a waiver of it cannot name a container',
        received: 'app',
        expected: 'no container, or one of the container checks hygiene/requests, hygiene/memory-limit, hygiene/image-pinned, hygiene/probes',
      },
    ]);
  });
});
