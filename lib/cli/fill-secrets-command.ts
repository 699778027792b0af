import * as fs from 'fs';
import * as path from 'path';
import { BootstrapSecrets, caCertHash, generateBootstrapSecrets } from '../bootstrap/secrets';
import { fillBootstrapFiles } from '../bootstrap/fill-directory';
import { writeTreeAtomically } from '../synth/writer';
import { CliCommand, stringOption } from './command';
import { ExitCode, UsageError } from './errors';
import { CliIo } from './io';

/** The git-ignored folder filled copies go to. */
export const SECRETS_DIR = '.bootstrap-secrets';

const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Adds `.bootstrap-secrets/` to the .gitignore of `cwd` unless an entry covers it; returns whether it did. */
export function ensureIgnored(cwd: string): boolean {
  const file = path.join(cwd, '.gitignore');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const covered = text.split(/\r?\n/).some((l) => [SECRETS_DIR, `${SECRETS_DIR}/`, `/${SECRETS_DIR}`, `/${SECRETS_DIR}/`].includes(l.trim()));
  if (covered) return false;
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  fs.writeFileSync(file, `${text}${separator}# filled bootstrap secrets (clusterforge fill-secrets)\n${SECRETS_DIR}/\n`);
  return true;
}

/** `clusterforge fill-secrets`. */
export const FILL_SECRETS_COMMAND: CliCommand = {
  name: 'fill-secrets',
  usage: '<cluster> [--generate] [--ca-cert ca.crt] [--ca-key ca.key] [--etcd-pki dir] [--out dir]',
  summary: `Copy dist/<cluster>/bootstrap/ to ${SECRETS_DIR}/<cluster>/ with the secret placeholders filled.`,
  description: [
    'Values come from CLUSTERFORGE_BOOTSTRAP_TOKEN, CLUSTERFORGE_CERTIFICATE_KEY and',
    'CLUSTERFORGE_CA_CERT_HASH, and the encryption-at-rest keys from CLUSTERFORGE_ENCRYPTION_KEY',
    'and CLUSTERFORGE_PREVIOUS_ENCRYPTION_KEY; --generate makes a token, a certificate key and an',
    'encryption key that were not given, and --ca-cert computes the CA hash from the cluster CA',
    'certificate. Webhook bearer tokens come from CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN and',
    'CLUSTERFORGE_AUTHORIZATION_WEBHOOK_TOKEN.',
    `The copy is owner-only and replaces the previous one whole; ${SECRETS_DIR}/ is added`,
    'to .gitignore when no entry covers it. Nothing is written to Git-bound output.',
  ].join('\n'),
  options: {
    generate: { type: 'boolean', help: 'generate the bootstrap token, certificate key and encryption key that are not in the environment' },
    'ca-cert': { type: 'string', value: 'file', help: 'cluster CA certificate (PEM) to compute the discovery hash from' },
    'ca-key': { type: 'string', value: 'file', help: 'key of a provided cluster CA (ClusterCa.provided), for the first control-plane node' },
    'etcd-pki': { type: 'string', value: 'dir', help: 'folder etcd/pki.sh wrote: the etcd CA and the API server client pair of external etcd' },
    out: { type: 'string', value: 'dir', help: 'folder holding <cluster>/ (default $CDK8S_OUTDIR or dist)' },
  },
  run: async (args, io: CliIo) => {
    if (args.positionals.length !== 1) throw new UsageError('fill-secrets takes exactly one cluster name\nusage: clusterforge fill-secrets <cluster> [--generate] [--ca-cert ca.crt]');
    const cluster = args.positionals[0];
    if (!CLUSTER_NAME.test(cluster) || cluster.includes('..')) {
      throw new UsageError(`cluster name ${JSON.stringify(cluster)} is not a plain folder name (no path separators or '..'); expected the name of a folder in dist/`);
    }
    const outdir = stringOption(args, 'out', io.env.CDK8S_OUTDIR || 'dist');
    const source = path.resolve(io.cwd, outdir, cluster, 'bootstrap');
    if (!fs.existsSync(source)) throw new UsageError(`${path.join(outdir, cluster, 'bootstrap')} does not exist: run clusterforge synth first (only clusters with a controlPlane have bootstrap files)`);
    const caFile = stringOption(args, 'ca-cert');
    let caHash = io.env.CLUSTERFORGE_CA_CERT_HASH;
    if (caFile !== undefined) {
      try {
        caHash = caCertHash(fs.readFileSync(path.resolve(io.cwd, caFile), 'utf8'));
      } catch (e) {
        throw new UsageError(`--ca-cert ${caFile}: not a readable PEM certificate (${(e as Error).message})`);
      }
    }
    const base64Of = (option: string, file: string | undefined): string | undefined => {
      if (file === undefined) return undefined;
      try {
        return fs.readFileSync(path.resolve(io.cwd, file)).toString('base64');
      } catch (e) {
        throw new UsageError(`--${option}: cannot read ${file} (${(e as Error).message})`);
      }
    };
    const etcdPki = stringOption(args, 'etcd-pki');
    const generated = args.values.generate === true ? generateBootstrapSecrets() : undefined;
    const secrets: BootstrapSecrets = {
      bootstrapToken: io.env.CLUSTERFORGE_BOOTSTRAP_TOKEN ?? generated?.bootstrapToken,
      certificateKey: io.env.CLUSTERFORGE_CERTIFICATE_KEY ?? generated?.certificateKey,
      caCertHash: caHash,
      encryptionKey: io.env.CLUSTERFORGE_ENCRYPTION_KEY ?? generated?.encryptionKey,
      previousEncryptionKey: io.env.CLUSTERFORGE_PREVIOUS_ENCRYPTION_KEY,
      authenticationWebhookToken: io.env.CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN,
      authorizationWebhookToken: io.env.CLUSTERFORGE_AUTHORIZATION_WEBHOOK_TOKEN,
      caKey: base64Of('ca-key', stringOption(args, 'ca-key')),
      etcdCaCert: base64Of('etcd-pki', etcdPki && path.join(etcdPki, 'ca.crt')),
      etcdClientCert: base64Of('etcd-pki', etcdPki && path.join(etcdPki, 'apiserver-etcd-client.crt')),
      etcdClientKey: base64Of('etcd-pki', etcdPki && path.join(etcdPki, 'apiserver-etcd-client.key')),
    };
    let filled;
    try {
      filled = fillBootstrapFiles(source, secrets);
    } catch (e) {
      throw new UsageError(`a secret in the environment is malformed: ${(e as Error).message}`);
    }
    if (ensureIgnored(io.cwd)) io.out(`added ${SECRETS_DIR}/ to .gitignore`);
    const target = path.join(SECRETS_DIR, cluster);
    writeTreeAtomically(path.resolve(io.cwd, target), filled.files, { fileMode: 0o600 });
    io.out(`wrote ${target}/ (${filled.files.size} files, owner-only; keep it out of Git)`);
    if (generated) {
      io.out('generated the secrets not given (bootstrap token, certificate key, encryption key); they are only in those files');
      io.out('keep the encryption key: the Secrets in etcd cannot be read without it');
    }
    for (const f of filled.unfilled) io.err(`  ${f} still holds placeholders`);
    return ExitCode.OK;
  },
};
