import * as fs from 'fs';
import * as path from 'path';
import { BootstrapSecrets, caCertHash, fillBootstrapDirectory, generateBootstrapSecrets } from '../lib';

const VALUE_FLAGS = ['--ca-cert', '--ca-key', '--etcd-pki'];
const USAGE = 'usage: npm run fill-secrets -- <cluster> [--generate] [--ca-cert <ca.crt>] [--ca-key <ca.key>] [--etcd-pki <dir of etcd/pki.sh>]';

/**
 * npm run fill-secrets -- <cluster> [--generate] [--ca-cert <ca.crt>] [--ca-key <ca.key>] [--etcd-pki <dir>]
 *
 * Copies dist/<cluster>/bootstrap/ to .bootstrap-secrets/<cluster>/ (git-ignored) with the
 * placeholders filled from CLUSTERFORGE_BOOTSTRAP_TOKEN, CLUSTERFORGE_CERTIFICATE_KEY and
 * CLUSTERFORGE_CA_CERT_HASH; --generate makes a token and key that were not given,
 * --ca-cert computes the CA hash from the cluster CA certificate, --ca-key fills the key of a
 * provided CA, and --etcd-pki the etcd CA and API server client pair that etcd/pki.sh wrote.
 */
function main(argv: string[]): number {
  const cluster = argv.find((a, i) => !a.startsWith('--') && !VALUE_FLAGS.includes(argv[i - 1]));
  if (!cluster) {
    console.error(USAGE);
    return 2;
  }
  const value = (flag: string) => (argv.indexOf(flag) >= 0 ? argv[argv.indexOf(flag) + 1] : undefined);
  const base64Of = (file: string | undefined) => (file === undefined ? undefined : fs.readFileSync(file).toString('base64'));
  const etcdPki = value('--etcd-pki');
  const caCert = value('--ca-cert');
  const generated = argv.includes('--generate') ? generateBootstrapSecrets() : undefined;
  const secrets: BootstrapSecrets = {
    bootstrapToken: process.env.CLUSTERFORGE_BOOTSTRAP_TOKEN ?? generated?.bootstrapToken,
    certificateKey: process.env.CLUSTERFORGE_CERTIFICATE_KEY ?? generated?.certificateKey,
    caCertHash: caCert !== undefined ? caCertHash(fs.readFileSync(caCert, 'utf8')) : process.env.CLUSTERFORGE_CA_CERT_HASH,
    caKey: base64Of(value('--ca-key')),
    etcdCaCert: base64Of(etcdPki && path.join(etcdPki, 'ca.crt')),
    etcdClientCert: base64Of(etcdPki && path.join(etcdPki, 'apiserver-etcd-client.crt')),
    etcdClientKey: base64Of(etcdPki && path.join(etcdPki, 'apiserver-etcd-client.key')),
  };
  const source = path.join(process.env.CDK8S_OUTDIR ?? 'dist', cluster, 'bootstrap');
  const target = path.join('.bootstrap-secrets', cluster);
  if (!fs.existsSync(source)) {
    console.error(`${source} does not exist: run npm run synth first`);
    return 1;
  }
  fs.rmSync(target, { recursive: true, force: true });
  const unfilled = fillBootstrapDirectory(source, target, secrets);
  console.log(`wrote ${target}/ (keep it out of Git)`);
  if (generated) console.log('generated a bootstrap token and a certificate key; they are only in those files');
  for (const f of unfilled) console.warn(`  ${f} still holds placeholders`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
