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

  test('fills the webhook bearer tokens from their variables, and refuses a malformed one', () => {
    // GIVEN bootstrap output whose webhook kubeconfigs hold the token placeholders
    const hooks = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cli-fill-hooks-'));
    const security = path.join(hooks, 'dist/hooks/bootstrap/security');
    fs.mkdirSync(security, { recursive: true });
    fs.writeFileSync(path.join(security, 'authentication-webhook.kubeconfig'), "token: '@@CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN@@'\n");
    fs.writeFileSync(path.join(security, 'authorization-webhook.kubeconfig'), "token: '@@CLUSTERFORGE_AUTHORIZATION_WEBHOOK_TOKEN@@'\n");

    // WHEN filling with both tokens in the environment
    const r = clusterforge(['fill-secrets', 'hooks'], hooks, { CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN: 'authn.token-1', CLUSTERFORGE_AUTHORIZATION_WEBHOOK_TOKEN: 'authz.token-2' });

    // THEN both are filled in the git-ignored copy only
    expect([r.status, r.stderr]).toStrictEqual([0, '']);
    const filled = path.join(hooks, '.bootstrap-secrets/hooks/security');
    expect(fs.readFileSync(path.join(filled, 'authentication-webhook.kubeconfig'), 'utf8')).toBe("token: 'authn.token-1'\n");
    expect(fs.readFileSync(path.join(filled, 'authorization-webhook.kubeconfig'), 'utf8')).toBe("token: 'authz.token-2'\n");

    // AND a token that would break the YAML is refused
    const bad = clusterforge(['fill-secrets', 'hooks'], hooks, { CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN: "it's bad" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('a secret in the environment is malformed: authenticationWebhookToken does not match');
    fs.rmSync(hooks, { recursive: true, force: true });
  });

  test('a cluster without output is a usage error', () => {
    const r = clusterforge(['fill-secrets', 'absent'], project);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('dist/absent/bootstrap does not exist: run clusterforge synth first');
  });
});
