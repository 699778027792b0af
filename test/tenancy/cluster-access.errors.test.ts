import { BuiltInRole, Subject } from '../../lib';
import { newCluster, synthErrors } from '../support/synth';

// Bugs found by the property test in test/fuzz; each names the bug it pins.
describe('cluster-wide RBAC: fuzz regressions', () => {
  test('ClusterRole labels the API server refuses are errors, not objects kubectl apply rejects', () => {
    // GIVEN an invalid label key
    const cluster = newCluster();
    cluster.addClusterRole('viewer', { labels: { 'Bad Key!': 'v' } });
    // THEN
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([['names/label', 'test/Rbac/viewer', 'labels.Bad Key!', 'Bad Key!']]);
  });

  test("an aggregation selector on a label named 'constructor' is an error, not a cdk8s rendering crash", () => {
    const cluster = newCluster();
    cluster.addClusterRole('monitoring', { aggregateFrom: { constructor: '' } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field])).toStrictEqual([['names/label', 'test/Rbac/monitoring', 'aggregateFrom.constructor']]);
  });

  test('aggregation to a role that is not built in is an error, not a label that selects nothing', () => {
    const cluster = newCluster();
    cluster.addClusterRole('viewer', { aggregateTo: ['' as BuiltInRole] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([['rbac/aggregate-to', 'test/Rbac/viewer', 'aggregateTo', '']]);
  });

  test('subjects the API server refuses in a binding are errors: nameless groups, service accounts in no valid namespace', () => {
    // GIVEN an admin group without a name and an auditor service account with an empty namespace
    const cluster = newCluster();
    cluster.grantClusterAdmin(Subject.group(''));
    cluster.grantClusterReader(Subject.serviceAccount('', 'deployer'));
    // THEN both are located on the cluster's access construct
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message, e.received])).toStrictEqual([
      ['rbac/subject', 'test/Rbac/Access', 'admins[0]', 'a Group subject needs a name', ''],
      ['rbac/subject', 'test/Rbac/Access', 'auditors[0]', 'service account namespace is not a valid namespace name', ''],
    ]);
  });
});

