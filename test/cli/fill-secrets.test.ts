import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, clusterforge } from '../support/cli';
import { SAMPLE_SECRETS } from '../support/synth';

// `clusterforge fill-secrets`: filled copies only in the git-ignored .bootstrap-secrets/.
describe('clusterforge fill-secrets', () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-fill-'));
  beforeAll(() => {
    expect(clusterforge(['synth', 'ha-stacked', '--out', path.join(project, 'dist')], REPO_ROOT).status).toBe(0);
  });

  test('fills every placeholder from the environment into owner-only files, and git-ignores the folder', () => {
    // WHEN filling with all three secrets given
    const env = { CLUSTERFORGE_BOOTSTRAP_TOKEN: SAMPLE_SECRETS.bootstrapToken, CLUSTERFORGE_CERTIFICATE_KEY: SAMPLE_SECRETS.certificateKey, CLUSTERFORGE_CA_CERT_HASH: SAMPLE_SECRETS.caCertHash };
    const r = clusterforge(['fill-secrets', 'ha-stacked'], project, env);

    // THEN the copy is complete, owner-only, ignored by Git; dist/ still holds placeholders
    expect([r.status, r.stderr]).toStrictEqual([0, '']);
    expect(r.stdout).toMatch(/^added \.bootstrap-secrets\/ to \.gitignore\nwrote \.bootstrap-secrets\/ha-stacked\/ \(\d+ files, owner-only; keep it out of Git\)\n$/);
    const init = fs.readFileSync(path.join(project, '.bootstrap-secrets/ha-stacked/kubeadm/cp-1.yaml'), 'utf8');
    expect(init).toContain(SAMPLE_SECRETS.bootstrapToken);
    expect(init).not.toContain('@@CLUSTERFORGE_');
    expect(fs.statSync(path.join(project, '.bootstrap-secrets/ha-stacked/kubeadm/cp-1.yaml')).mode & 0o077).toBe(0);
    expect(fs.readFileSync(path.join(project, 'dist/ha-stacked/bootstrap/kubeadm/cp-1.yaml'), 'utf8')).toContain('@@CLUSTERFORGE_BOOTSTRAP_TOKEN@@');
    expect(fs.readFileSync(path.join(project, '.gitignore'), 'utf8')).toContain('\n.bootstrap-secrets/\n');

    // AND a second run leaves the ignore entry alone
    const again = clusterforge(['fill-secrets', 'ha-stacked', '--generate'], project);
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain('.gitignore');
    expect(again.stderr).toContain('still holds placeholders');
  });

  test.each(['../etc', 'a/b', 'a\\b', '..'])('refuses the cluster name %p', (name) => {
    const r = clusterforge(['fill-secrets', name], project);
    expect([r.status, r.stdout]).toStrictEqual([2, '']);
    expect(r.stderr).toContain('is not a plain folder name');
  });

  test('a cluster without output is a usage error', () => {
    const r = clusterforge(['fill-secrets', 'absent'], project);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('dist/absent/bootstrap does not exist: run clusterforge synth first');
  });
});
