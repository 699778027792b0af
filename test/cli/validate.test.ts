import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, clusterforge } from '../support/cli';
import { SHARED_CRD_DIR, SHARED_OPENAPI_DIR } from '../support/schema-validator';

// `clusterforge validate` on output folders, against the reference OpenAPI documents and CRDs.
describe('clusterforge validate', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-validate-'));
    expect(clusterforge(['synth', 'platform', 'minimal', '--out', out], REPO_ROOT).status).toBe(0);
  });
  const copy = (cluster = 'platform') => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-validate-copy-'));
    fs.cpSync(path.join(out, cluster), path.join(dir, cluster), { recursive: true });
    return path.join(dir, cluster);
  };
  const validate = (dir: string, ...flags: string[]) => clusterforge(['validate', dir, '--schemas', SHARED_OPENAPI_DIR, '--crds', SHARED_CRD_DIR, ...flags]);
  const PROBES_WAIVED =
    /^\[waived\] .*minimal\/manifests\/\d+-local-path-provisioner\.yaml: Deployment local-path-storage\/local-path-provisioner \(spec\.template\.spec\.containers\[local-path-provisioner\]\): .* \[hygiene\/probes\] \(waived at minimal\/LocalPathProvisioner: upstream .*\)$/m;

  test('a synthesised folder is valid; the findings its waivers lift are reported as waived, with the reason', () => {
    // GIVEN the waivers of the model, which synthesis wrote beside GATES.md
    const gates = JSON.parse(fs.readFileSync(path.join(out, 'minimal', 'gates.json'), 'utf8')) as { kind: string; waivers: { check: string; objects: string[] }[] };
    expect(gates.kind).toBe('ClusterforgeGates');
    expect(gates.waivers.map((w) => [w.check, w.objects])).toStrictEqual([
      ['hygiene/probes', ['apps/v1|Deployment|local-path-storage|local-path-provisioner']],
      ['pod-security/over-privileged-namespace', ['v1|Namespace||local-path-storage']],
    ]);

    // WHEN validating the folder
    const r = validate(path.join(out, 'minimal'));

    // THEN nothing fails, and each waived finding says so
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/minimal: \d+ objects, 0 errors, 0 warnings, 2 waived\n$/);
    expect(r.stderr).toMatch(PROBES_WAIVED);
    expect(r.stderr).toMatch(/^\[waived\] .*: Namespace local-path-storage \(metadata\.labels\[pod-security\.kubernetes\.io\/enforce\]\): .*\[pod-security\/over-privileged-namespace\] \(waived at minimal\/LocalPathProvisioner\/Namespace: /m);
    expect(r.stderr).not.toContain('[error]');
    expect(r.stderr).not.toContain('[warning]');

    // AND --json lists them apart from the problems
    const json = JSON.parse(validate(path.join(out, 'minimal'), '--json').stdout) as { valid: boolean; folders: { problems: unknown[]; waived: { rule: string; scope: string; reason: string }[] }[] };
    expect(json.valid).toBe(true);
    expect(json.folders[0].problems).toStrictEqual([]);
    expect(json.folders[0].waived.map((w) => [w.rule, w.scope])).toStrictEqual([
      ['pod-security/over-privileged-namespace', 'minimal/LocalPathProvisioner/Namespace'],
      ['hygiene/probes', 'minimal/LocalPathProvisioner'],
    ]);
  });

  test('a failure no written waiver covers is an error, as at synth; a folder without gates.json only warns', () => {
    // GIVEN a folder whose probes waiver was removed from gates.json
    const dir = copy('minimal');
    const file = path.join(dir, 'gates.json');
    const gates = JSON.parse(fs.readFileSync(file, 'utf8')) as { waivers: { check: string }[] };
    fs.writeFileSync(file, JSON.stringify({ ...gates, waivers: gates.waivers.filter((w) => w.check !== 'hygiene/probes') }));

    // WHEN validating it THEN the unwaived finding fails, naming file, object and field
    const unwaived = validate(dir);
    expect(unwaived.status).toBe(1);
    expect(unwaived.stderr).toMatch(
      /^\[error\] .*minimal\/manifests\/\d+-local-path-provisioner\.yaml: Deployment local-path-storage\/local-path-provisioner \(spec\.template\.spec\.containers\[local-path-provisioner\]\): container "local-path-provisioner" .* has neither a liveness nor a readiness probe.* \[hygiene\/probes\]$/m,
    );
    expect(unwaived.stdout).toMatch(/minimal: \d+ objects, 1 error, 0 warnings, 1 waived\n$/);

    // GIVEN gates.json gone (output of an older clusterforge) THEN the findings are warnings
    fs.rmSync(file);
    const unknown = validate(dir);
    expect(unknown.status).toBe(0);
    expect(unknown.stdout).toMatch(/minimal: \d+ objects, 0 errors, 2 warnings, 0 waived\n$/);
    expect(unknown.stderr).toMatch(/^\[warning\] .*local-path-provisioner.* has neither a liveness nor a readiness probe.* \(unless waived; gates\.json is missing, so waivers are unknown\) .*\[hygiene\/probes\]$/m);

    // GIVEN a gates.json that is not clusterforge's THEN it is a usage error
    fs.writeFileSync(file, '{"waivers": []}');
    const foreign = validate(dir);
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toMatch(/gates\.json is not a clusterforge gates file: expected an object with kind "ClusterforgeGates"/);
  });

  test('unknown fields, wrong types and Secrets with values are errors naming file, object and field; exit 1', () => {
    // GIVEN a committed folder someone edited by hand
    const dir = copy();
    const file = path.join(dir, 'manifests', '010-namespaces.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('metadata:\n', 'metadata:\n  colour: blue\n'));
    fs.appendFileSync(path.join(dir, 'manifests', '020-cluster.yaml'), '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\n  namespace: default\nstringData:\n  password: hunter2\n');

    // WHEN validating it
    const r = clusterforge(['validate', dir, '--schemas', SHARED_OPENAPI_DIR, '--crds', SHARED_CRD_DIR]);

    // THEN each problem is reported
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\[error\] .*platform\/manifests\/010-namespaces\.yaml: Namespace \S+ \(metadata\.colour\): unknown field "colour" \[schema\/strict\]/);
    expect(r.stderr).toMatch(/\[error\] .*platform\/manifests\/020-cluster\.yaml: Secret default\/leak \(stringData\): the Secret carries values/);
  });

  test('--json prints the problems on stdout', () => {
    const r = clusterforge(['validate', path.join(out, 'platform'), '--schemas', SHARED_OPENAPI_DIR, '--json']);
    // Without --crds the custom resources whose CRDs come by URL are unknown (and ../shared lacks three Calico CRDs).
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { valid: boolean; folders: { folder: string; problems: { rule: string; message: string }[] }[] };
    expect(report.valid).toBe(false);
    const unknown = report.folders[0].problems.filter((p) => p.rule === 'schema/strict').map((p) => p.message.split(':')[0]);
    // Only custom resources (of an API group with a dot) are unknown; every built-in object validated.
    expect(unknown.filter((m) => !/^unknown apiVersion\/kind "[a-z0-9-]+(\.[a-z0-9-]+)+\/v[0-9a-z]+" "[A-Za-z0-9]+"$/.test(m))).toStrictEqual([]);
    expect(unknown).toEqual(
      expect.arrayContaining([
        'unknown apiVersion/kind "snapshot.storage.k8s.io/v1" "VolumeSnapshotClass"',
        'unknown apiVersion/kind "operator.tigera.io/v1" "Installation"',
      ]),
    );
  });

  test('a schemas folder without OpenAPI documents, and a folder clusterforge did not write, are usage errors', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-empty-'));
    const noSchemas = clusterforge(['validate', path.join(out, 'platform'), '--schemas', empty]);
    expect(noSchemas.status).toBe(2);
    expect(noSchemas.stderr).toContain('holds no Kubernetes OpenAPI v3 documents');
    expect(noSchemas.stderr).toContain('clusterforge schemas pull --context');
    const notOurs = clusterforge(['validate', empty, '--schemas', SHARED_OPENAPI_DIR]);
    expect(notOurs.status).toBe(2);
    expect(notOurs.stderr).toContain('is not a clusterforge output folder');
  });
});
