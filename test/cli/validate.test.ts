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
  const copy = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-validate-copy-'));
    fs.cpSync(path.join(out, 'platform'), path.join(dir, 'platform'), { recursive: true });
    return path.join(dir, 'platform');
  };

  test('a synthesised folder is valid; hygiene findings that GATES.md waives are warnings', () => {
    const r = clusterforge(['validate', path.join(out, 'minimal'), '--schemas', SHARED_OPENAPI_DIR, '--crds', SHARED_CRD_DIR]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/minimal: \d+ objects, 0 errors, \d+ warnings\n$/);
    expect(r.stderr).toContain('[warning]');
    expect(r.stderr).not.toContain('[error]');
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
