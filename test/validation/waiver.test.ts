import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Namespace, PodSecurityLevel, Severity, WaivableCheck, Waiver } from '../../lib';
import { newCluster, synth, synthErrors, synthWarnings } from '../support/synth';
import { addDaemonSet, addDeployment, goodContainer } from './fixtures';

const NO_PROBE = { readinessProbe: undefined };

describe('Waiver', () => {
  test('a waiver lifts exactly its check, for objects at or under its scope', () => {
    // GIVEN two Deployments without probes, one also without a memory limit; probes are waived on the first only
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    const upstream = addDeployment(ns, 'Upstream', 'apps', [
      goodContainer('app', { ...NO_PROBE, resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') } } }),
    ]);
    addDeployment(ns, 'Ours', 'apps', [goodContainer('app', NO_PROBE)]);
    Waiver.add(upstream, WaivableCheck.PROBES, 'upstream ships this component without probes');

    // WHEN
    const errors = synthErrors(cluster);

    // THEN the waived Deployment still fails the memory limit; the sibling still fails probes
    expect(errors.map((e) => [e.path, e.rule])).toStrictEqual([
      ['test/Apps/Upstream', 'hygiene/memory-limit'],
      ['test/Apps/Ours', 'hygiene/probes'],
    ]);
  });

  test('a waiver on an add-on-like scope covers every object below it', () => {
    // GIVEN a component with two DaemonSets without probes, waived on the component
    const cluster = newCluster();
    const component = new Construct(cluster, 'Logging');
    const ns = new Namespace(component, 'Namespace', { name: 'logging' });
    addDaemonSet(ns, 'Collector', 'logging', [goodContainer('collector', NO_PROBE)]);
    addDaemonSet(ns, 'Forwarder', 'logging', [goodContainer('forwarder', NO_PROBE)]);
    Waiver.add(component, WaivableCheck.PROBES, 'upstream log agents expose no health endpoint');

    // THEN
    expect(synthWarnings(cluster)).toStrictEqual([]);
  });

  test('a waiver naming a container lifts the check for that container only', () => {
    // GIVEN a Deployment with two containers without probes, waived for the sidecar
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    const web = addDeployment(ns, 'Web', 'apps', [goodContainer('app', NO_PROBE), goodContainer('sidecar', NO_PROBE)]);
    Waiver.add(web, WaivableCheck.PROBES, 'the upstream sidecar has no health endpoint', { container: 'sidecar' });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([['hygiene/probes', 'spec.template.spec.containers[app]']]);
  });

  test('a cluster-admin ClusterRole and an over-privileged namespace pass when waived with a reason', () => {
    // GIVEN a deliberate cluster-admin role and a privileged namespace for pods created at run time
    const cluster = newCluster();
    const admin = new k8s.KubeClusterRole(cluster, 'BreakGlass', {
      metadata: { name: 'break-glass' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    });
    Waiver.add(admin, WaivableCheck.CLUSTER_ADMIN, 'break-glass role, bound only to the on-call group');
    const helpers = new Namespace(cluster, 'Helpers', { name: 'helpers', podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
    Waiver.add(helpers, WaivableCheck.OVER_PRIVILEGED_NAMESPACE, 'the provisioner creates hostPath helper pods here at run time');

    // THEN
    expect(synthWarnings(cluster)).toStrictEqual([]);
  });

  test('a waiver that lifts nothing is a warning: it is stale', () => {
    // GIVEN a waiver of probes on a Deployment that has probes
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    const web = addDeployment(ns, 'Web', 'apps');
    Waiver.add(web, WaivableCheck.PROBES, 'probes were missing once', { container: 'app' });

    // WHEN
    const warnings = synthWarnings(cluster);

    // THEN
    expect(warnings).toStrictEqual([
      {
        severity: Severity.WARNING,
        path: 'test/Apps/Web',
        rule: 'waiver/unused',
        field: 'hygiene/probes',
        message:
          'the waiver of hygiene/probes (container "app") covers nothing that fails the check, so it is stale and would silently hide a future failure',
        received: 'probes were missing once',
        expected: 'a waiver only where the check fails; remove this one',
      },
    ]);
  });

  test('Waiver.of lists the waivers declared in a scope, in construct order', () => {
    // GIVEN
    const cluster = newCluster();
    const a = new Construct(cluster, 'A');
    const b = new Construct(a, 'B');
    const first = Waiver.add(a, WaivableCheck.PROBES, 'reason a');
    const second = Waiver.add(b, WaivableCheck.REQUESTS, 'reason b', { container: 'x' });

    // THEN
    expect(Waiver.of(cluster)).toStrictEqual([first, second]);
    expect(Waiver.of(b)).toStrictEqual([second]);
    expect([second.scopePath, second.check, second.reason, second.container]).toStrictEqual(['test/A/B', 'hygiene/requests', 'reason b', 'x']);
    expect(first.covers('hygiene/probes', 'test/A/B/C', 'any')).toBe(true);
    expect(first.covers('hygiene/probes', 'test/AB/C')).toBe(false);
    expect(second.covers('hygiene/requests', 'test/A/B/C', 'y')).toBe(false);
  });

  test('waiving the same check twice on the same scope and container is a programming error', () => {
    const cluster = newCluster();
    Waiver.add(cluster, WaivableCheck.PROBES, 'once');
    expect(() => Waiver.add(cluster, WaivableCheck.PROBES, 'twice')).toThrow("'hygiene/probes' is already waived on 'test'");
    // a different container is a different waiver
    expect(() => Waiver.add(cluster, WaivableCheck.PROBES, 'sidecar', { container: 'sidecar' })).not.toThrow();
  });

  test('waived objects still synthesise to schema-valid manifests', () => {
    // GIVEN
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    Waiver.add(addDeployment(ns, 'Web', 'apps', [goodContainer('app', NO_PROBE)]), WaivableCheck.PROBES, 'upstream has none');

    // THEN (synth validates against the OpenAPI schema)
    expect(synth(cluster).objects.map((o) => o.manifest.kind)).toStrictEqual(['Namespace', 'Deployment']);
  });
});
