import * as fs from 'fs';
import * as path from 'path';
import { BootstrapSecrets, caCertHash, fillBootstrapDirectory, generateBootstrapSecrets } from '../lib';

/**
 * npm run fill-secrets -- <cluster> [--generate] [--ca-cert <ca.crt>]
 *
 * Copies dist/<cluster>/bootstrap/ to .bootstrap-secrets/<cluster>/ (git-ignored) with the
 * placeholders filled from CLUSTERFORGE_BOOTSTRAP_TOKEN, CLUSTERFORGE_CERTIFICATE_KEY and
 * CLUSTERFORGE_CA_CERT_HASH; --generate makes a token and key that were not given, and
 * --ca-cert computes the CA hash from the cluster CA certificate.
 */
function main(argv: string[]): number {
  const cluster = argv.find((a) => !a.startsWith('--') && argv[argv.indexOf(a) - 1] !== '--ca-cert');
  if (!cluster) {
    console.error('usage: npm run fill-secrets -- <cluster> [--generate] [--ca-cert <ca.crt>]');
    return 2;
  }
  const caIndex = argv.indexOf('--ca-cert');
  const generated = argv.includes('--generate') ? generateBootstrapSecrets() : undefined;
  const secrets: BootstrapSecrets = {
    bootstrapToken: process.env.CLUSTERFORGE_BOOTSTRAP_TOKEN ?? generated?.bootstrapToken,
    certificateKey: process.env.CLUSTERFORGE_CERTIFICATE_KEY ?? generated?.certificateKey,
    caCertHash: caIndex >= 0 ? caCertHash(fs.readFileSync(argv[caIndex + 1], 'utf8')) : process.env.CLUSTERFORGE_CA_CERT_HASH,
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
