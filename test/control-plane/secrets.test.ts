import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { caCertHash, renderClusterFiles } from '../../lib';
import { fillBootstrapDirectory } from '../../lib/bootstrap/fill-directory';
import { BOOTSTRAP_PLACEHOLDERS, BOOTSTRAP_TOKEN_FORMAT, CERTIFICATE_KEY_FORMAT, fillBootstrapSecrets, generateBootstrapSecrets } from '../../lib/bootstrap/secrets';
import { writeTreeAtomically } from '../../lib/synth/writer';
import { defineHaStacked } from '../../examples/ha-stacked';
import { synth } from '../support/synth';

describe('bootstrap secrets', () => {
  test('files meant for Git hold placeholders, never values', () => {
    const s = synth(defineHaStacked());
    const kubeadm = s.bootstrapFiles.filter((f) => f.path.startsWith('kubeadm/'));
    expect(kubeadm.every((f) => f.content.includes(BOOTSTRAP_PLACEHOLDERS.bootstrapToken) && f.sensitive)).toBe(true);
    expect(s.bootstrapFiles.some((f) => /[a-z0-9]{6}\.[a-z0-9]{16}/.test(f.content))).toBe(false);
  });

  test('generated secrets have kubeadm formats and differ each time', () => {
    const a = generateBootstrapSecrets();
    const b = generateBootstrapSecrets();
    expect(a.bootstrapToken).toMatch(BOOTSTRAP_TOKEN_FORMAT);
    expect(a.certificateKey).toMatch(CERTIFICATE_KEY_FORMAT);
    expect(a.bootstrapToken).not.toBe(b.bootstrapToken);
  });

  test('malformed values are refused', () => {
    expect(() => fillBootstrapSecrets('x', { bootstrapToken: 'ABC.def' })).toThrow('bootstrapToken does not match');
    // PEM files travel as one base64 line, so a raw multi-line PEM cannot break the YAML it lands in.
    expect(() => fillBootstrapSecrets('x', { caKey: '-----BEGIN PRIVATE KEY-----\nabc\n' })).toThrow('caKey does not match');
    expect(fillBootstrapSecrets('k: @@CLUSTERFORGE_CA_KEY_BASE64@@', { caKey: 'QUJD' })).toBe('k: QUJD');
  });

  test('the CA hash is the SHA-256 of the public key, as openssl computes it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-ca-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=ca'], { cwd: dir, stdio: 'pipe' });
    const viaOpenssl = execFileSync('sh', ['-c', 'openssl x509 -pubkey -in ca.crt | openssl rsa -pubin -outform der 2>/dev/null | openssl dgst -sha256 -hex | sed "s/^.* //"'], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
    expect(caCertHash(fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'))).toBe(`sha256:${viaOpenssl}`);
  });

  test('filling a synthesised folder writes owner-only copies and reports what is left', () => {
    // GIVEN a synthesised bootstrap folder
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-fill-'));
    writeTreeAtomically(path.join(root, 'dist'), renderClusterFiles(synth(defineHaStacked())));

    // WHEN filled without the CA hash
    const unfilled = fillBootstrapDirectory(path.join(root, 'dist', 'bootstrap'), path.join(root, 'secret'), generateBootstrapSecrets());

    // THEN token and key are filled everywhere, the CA hash remains on joining nodes only
    const init = fs.readFileSync(path.join(root, 'secret', 'kubeadm', 'cp-1.yaml'), 'utf8');
    expect(init).not.toContain('@@CLUSTERFORGE_');
    expect(unfilled).toContain(path.join('kubeadm', 'cp-2.yaml'));
    expect(unfilled).not.toContain(path.join('kubeadm', 'cp-1.yaml'));
    expect(fs.statSync(path.join(root, 'secret', 'kubeadm', 'cp-1.yaml')).mode & 0o777).toBe(0o600);
  });
});
