import { Construct } from 'constructs';
import { Namespace, Severity, WaivableCheck, Waiver } from '../../lib';
import { synthesizeCluster } from '../../lib/synth/synthesize';
import { instancesUnder, withConstructScan } from '../../lib/validation/construct-scan';
import { newCluster, synthErrors, synthWarnings } from '../support/synth';
import { addDeployment, goodContainer } from './fixtures';

const NO_PROBE = { readinessProbe: undefined };

describe('what one synthesis learns of its constructs and objects', () => {
  test('two clusters synthesised one after another each see only their own waivers', () => {
    // GIVEN two clusters with the same Deployment without probes; only the first waives probes
    const waived = newCluster({}, 'waived');
    addDeployment(new Namespace(waived, 'Apps', { name: 'apps' }), 'Web', 'apps', [goodContainer('app', NO_PROBE)]);
    Waiver.add(waived, WaivableCheck.PROBES, 'upstream ships no health endpoint');
    const plain = newCluster({}, 'plain');
    addDeployment(new Namespace(plain, 'Apps', { name: 'apps' }), 'Web', 'apps', [goodContainer('app', NO_PROBE)]);

    // WHEN both are synthesised, in turn
    const first = synthesizeCluster(waived);
    const errors = synthErrors(plain);

    // THEN the first is waived, and the second fails the check it does not waive
    expect(first.warnings).toStrictEqual([]);
    expect(first.gatesReport).toContain('upstream ships no health endpoint');
    expect(errors.map((e) => [e.path, e.rule])).toStrictEqual([['plain/Apps/Web', 'hygiene/probes']]);
  });

  test('a cluster synthesised again sees a waiver added in between', () => {
    // GIVEN a cluster whose Deployment has no probe, synthesised once
    const cluster = newCluster();
    const web = addDeployment(new Namespace(cluster, 'Apps', { name: 'apps' }), 'Web', 'apps', [goodContainer('app', NO_PROBE)]);
    expect(synthErrors(cluster).map((e) => e.rule)).toStrictEqual(['hygiene/probes']);

    // WHEN probes are waived and it is synthesised again
    Waiver.add(web, WaivableCheck.PROBES, 'upstream ships no health endpoint');

    // THEN the waiver applies
    expect(synthWarnings(cluster)).toStrictEqual([]);
  });

  test('a waiver added while a synthesis runs is seen by the rules after it', () => {
    // GIVEN a cluster with nothing waived, its waivers already read once in the synthesis
    const cluster = newCluster();
    const scope = new Construct(cluster, 'Component');
    withConstructScan(cluster, cluster.node.findAll(), () => {
      expect(Waiver.of(cluster)).toStrictEqual([]);

      // WHEN a waiver is added
      const waiver = Waiver.add(scope, WaivableCheck.PROBES, 'no health endpoint');

      // THEN it is found
      expect(Waiver.of(cluster)).toStrictEqual([waiver]);
    });
  });

  test('the waivers a rule gets are its own copy', () => {
    // GIVEN a cluster with one waiver
    const cluster = newCluster();
    const waiver = Waiver.add(new Construct(cluster, 'Component'), WaivableCheck.PROBES, 'no health endpoint');
    withConstructScan(cluster, cluster.node.findAll(), () => {
      // WHEN a rule empties the list it got
      Waiver.of(cluster).length = 0;

      // THEN the next rule still gets the waiver
      expect(Waiver.of(cluster)).toStrictEqual([waiver]);
    });
  });

  test('instances of a type are found under the root being synthesised, and under any other scope', () => {
    // GIVEN a cluster with namespaces at two depths
    const cluster = newCluster();
    const component = new Construct(cluster, 'Component');
    const top = new Namespace(cluster, 'Top', { name: 'top' });
    const nested = new Namespace(component, 'Nested', { name: 'nested' });

    // WHEN looked up during a synthesis (twice: the second from what the first found) and outside it
    const during = withConstructScan(cluster, cluster.node.findAll(), () => [instancesUnder(cluster, Namespace), instancesUnder(cluster, Namespace)]);
    const under = instancesUnder(component, Namespace);

    // THEN each holds the instances in tree order
    const all = cluster.node.findAll().filter((c) => c instanceof Namespace);
    // (the component, made first, comes with what it holds before the later namespace)
    expect(all.indexOf(nested)).toBeLessThan(all.indexOf(top));
    expect(during).toStrictEqual([all, all]);
    expect(under).toStrictEqual([nested]);
  });

  test('a stale waiver of one cluster is reported for that cluster only', () => {
    // GIVEN a cluster waiving probes on a Deployment that has them, and a clean cluster
    const stale = newCluster({}, 'stale');
    const web = addDeployment(new Namespace(stale, 'Apps', { name: 'apps' }), 'Web', 'apps');
    Waiver.add(web, WaivableCheck.PROBES, 'no longer needed');
    const clean = newCluster({}, 'clean');
    addDeployment(new Namespace(clean, 'Apps', { name: 'apps' }), 'Web', 'apps');

    // WHEN both are synthesised, in turn
    const staleWarnings = synthWarnings(stale);
    const cleanWarnings = synthWarnings(clean);

    // THEN
    expect(staleWarnings.map((w) => [w.severity, w.path, w.rule])).toStrictEqual([[Severity.WARNING, 'stale/Apps/Web', 'waiver/unused']]);
    expect(cleanWarnings).toStrictEqual([]);
  });
});
