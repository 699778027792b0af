import { Namespace, PodSecurityLevel, Subject } from '../lib';
import { newCluster, synthErrors } from './support/synth';
import { refusedWithoutWriting } from './support/refused';

// Bugs found by the property test in test/fuzz; each names the bug it pins.
describe('Namespace: fuzz regressions', () => {
  test('an audit or warn level that is not a Pod Security level is an error, not an invalid label', () => {
    // GIVEN levels from untyped input; the enforce level is valid
    const cluster = newCluster();
    new Namespace(cluster, 'apps', { podSecurity: { audit: ' ' as PodSecurityLevel, warn: 'strict' as PodSecurityLevel } });
    // THEN both are reported on the namespace
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([
      ['pod-security/level', 'test/apps', 'podSecurity.audit', ' '],
      ['pod-security/level', 'test/apps', 'podSecurity.warn', 'strict'],
    ]);
    expect(errors[0].message).toBe("not a Pod Security level; the API server rejects the namespace's audit label");
  });

  test('label and annotation keys the API server refuses are errors, not objects kubectl apply rejects', () => {
    const cluster = newCluster();
    new Namespace(cluster, 'apps', { labels: { '': '', team: 'bad value!' }, annotations: { 'Bad Key!': 'x' } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.field, e.message, e.received])).toStrictEqual([
      ['names/label', 'labels.', 'key is not a qualified name', ''],
      ['names/label', 'labels.team', 'not a valid label value', 'bad value!'],
      ['names/annotation', 'annotations.Bad Key!', 'key is not a qualified name', 'Bad Key!'],
    ]);
  });

  test("a label named 'constructor' is an error, not a cdk8s rendering crash", () => {
    // GIVEN a valid label key that cdk8s reads as the map's type
    const cluster = newCluster();
    new Namespace(cluster, 'apps', { labels: { constructor: 'x' } });
    // THEN synthesis refuses it with a located error instead of throwing from toJson
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message])).toStrictEqual([
      ['names/label', 'test/apps', 'labels.constructor', "cdk8s cannot render a map with a key named 'constructor' (it reads the key as the object's type)"],
    ]);
  });

  test('a namespace grant to a subject the API server refuses is an error, not an invalid RoleBinding', () => {
    // GIVEN a grant to a service account whose namespace is not a namespace name
    const cluster = newCluster();
    new Namespace(cluster, 'apps').grantAdmin(Subject.serviceAccount('$T', 'deployer'));
    // THEN
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message, e.received])).toStrictEqual([
      ['rbac/subject', 'test/apps', 'grants.admin', 'service account namespace is not a valid namespace name', '$T'],
    ]);
  });
});


describe('Namespace: podSecurity reported on the field the user set', () => {
  test('a bad enforce level is reported once, on enforce, and not again on the audit and warn levels it defaults', () => {
    const cluster = newCluster();
    new Namespace(cluster, 'apps', { podSecurity: { enforce: 'strict' as PodSecurityLevel } });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      `[error] test/apps (podSecurity.enforce): not a Pod Security level; the API server rejects the namespace's enforce label (received "strict"; expected privileged, baseline, restricted) [pod-security/level]`,
    ]);
  });
});
