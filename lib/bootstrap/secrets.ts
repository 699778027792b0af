import { createHash, randomBytes, X509Certificate } from 'crypto';

/**
 * @internal
 * Placeholders for the secrets of kubeadm bootstrap files. Files meant for Git carry
 * these instead of values; `clusterforge fill-secrets` (or the Pulumi backend, from Pulumi
 * secrets) replaces them in a copy that never goes to Git.
 */
export const BOOTSTRAP_PLACEHOLDERS = {
  bootstrapToken: '@@CLUSTERFORGE_BOOTSTRAP_TOKEN@@',
  certificateKey: '@@CLUSTERFORGE_CERTIFICATE_KEY@@',
  caCertHash: '@@CLUSTERFORGE_CA_CERT_HASH@@',
  /** base64 of the cluster CA key (ClusterCa.provided), for cloud-init's `encoding: b64`. */
  caKey: '@@CLUSTERFORGE_CA_KEY_BASE64@@',
  /** base64 of the external etcd CA certificate. */
  etcdCaCert: '@@CLUSTERFORGE_ETCD_CA_CERT_BASE64@@',
  /** base64 of the API server's etcd client certificate (`apiserver-etcd-client.crt`). */
  etcdClientCert: '@@CLUSTERFORGE_ETCD_CLIENT_CERT_BASE64@@',
  /** base64 of that certificate's key. */
  etcdClientKey: '@@CLUSTERFORGE_ETCD_CLIENT_KEY_BASE64@@',
  /** base64 of the 32-byte key that encrypts Secrets at rest (`head -c 32 /dev/urandom | base64`). */
  encryptionKey: '@@CLUSTERFORGE_ENCRYPTION_KEY_BASE64@@',
  /** base64 of the previous encryption key, during a rotation. */
  previousEncryptionKey: '@@CLUSTERFORGE_PREVIOUS_ENCRYPTION_KEY_BASE64@@',
  /** Bearer token kube-apiserver presents to the token-authentication webhook. */
  authenticationWebhookToken: '@@CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN@@',
  /** Bearer token kube-apiserver presents to the authorization webhook. */
  authorizationWebhookToken: '@@CLUSTERFORGE_AUTHORIZATION_WEBHOOK_TOKEN@@',
} as const;

/** Secret values to fill into the bootstrap placeholders; a missing one stays a placeholder. */
export interface BootstrapSecrets {
  /** `[a-z0-9]{6}.[a-z0-9]{16}`, as `kubeadm token generate` prints. */
  readonly bootstrapToken?: string | undefined;
  /** 64 hex characters, as `kubeadm certs certificate-key` prints. */
  readonly certificateKey?: string | undefined;
  /** `sha256:<hex>` of the cluster CA's public key. */
  readonly caCertHash?: string | undefined;
  /** base64 of the cluster CA key PEM. */
  readonly caKey?: string | undefined;
  /** base64 of the etcd CA certificate PEM. */
  readonly etcdCaCert?: string | undefined;
  /** base64 of the etcd client certificate PEM. */
  readonly etcdClientCert?: string | undefined;
  /** base64 of the etcd client key PEM. */
  readonly etcdClientKey?: string | undefined;
  /** base64 of a 32-byte encryption-at-rest key. */
  readonly encryptionKey?: string | undefined;
  /** base64 of the previous 32-byte encryption-at-rest key. */
  readonly previousEncryptionKey?: string | undefined;
  /** Bearer token for the token-authentication webhook (printable, no spaces). */
  readonly authenticationWebhookToken?: string | undefined;
  /** Bearer token for the authorization webhook (printable, no spaces). */
  readonly authorizationWebhookToken?: string | undefined;
}

/** @internal Format of a bootstrap token (`kubeadm token generate`). */
export const BOOTSTRAP_TOKEN_FORMAT = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
/** @internal Format of a certificate key (`kubeadm certs certificate-key`). */
export const CERTIFICATE_KEY_FORMAT = /^[a-f0-9]{64}$/;
/** @internal Format of `--discovery-token-ca-cert-hash`. */
export const CA_CERT_HASH_FORMAT = /^sha256:[a-f0-9]{64}$/;
/** @internal One line of standard base64, as `base64 -w0` prints it. */
export const BASE64_FORMAT = /^[A-Za-z0-9+/]+={0,2}$/;
/** @internal base64 of exactly 32 bytes: the key length aescbc, aesgcm and secretbox all accept. */
export const ENCRYPTION_KEY_FORMAT = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
/** An HTTP bearer token (RFC 6750 b64token): printable, no spaces or quotes that would break the YAML. */
export const BEARER_TOKEN_FORMAT = /^[A-Za-z0-9._~+/-]+=*$/;

/** @internal Whether a file holds any placeholder. */
export function hasBootstrapPlaceholders(content: string): boolean {
  return Object.values(BOOTSTRAP_PLACEHOLDERS).some((p) => content.includes(p));
}

/** @internal Replaces the placeholders whose value is given; throws on malformed values. */
export function fillBootstrapSecrets(content: string, secrets: BootstrapSecrets): string {
  const checks: [keyof BootstrapSecrets, RegExp][] = [
    ['bootstrapToken', BOOTSTRAP_TOKEN_FORMAT],
    ['certificateKey', CERTIFICATE_KEY_FORMAT],
    ['caCertHash', CA_CERT_HASH_FORMAT],
    ['caKey', BASE64_FORMAT],
    ['etcdCaCert', BASE64_FORMAT],
    ['etcdClientCert', BASE64_FORMAT],
    ['etcdClientKey', BASE64_FORMAT],
    ['encryptionKey', ENCRYPTION_KEY_FORMAT],
    ['previousEncryptionKey', ENCRYPTION_KEY_FORMAT],
    ['authenticationWebhookToken', BEARER_TOKEN_FORMAT],
    ['authorizationWebhookToken', BEARER_TOKEN_FORMAT],
  ];
  let out = content;
  for (const [key, format] of checks) {
    const value = secrets[key];
    if (value === undefined) continue;
    if (!format.test(value)) throw new Error(`${key} does not match ${format}`);
    out = out.split(BOOTSTRAP_PLACEHOLDERS[key]).join(value);
  }
  return out;
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  // Rejection sampling keeps every character equally likely.
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 252 && out.length < length) out += TOKEN_ALPHABET[b % 36];
    }
  }
  return out;
}

/** @internal Fresh secrets, for when the user explicitly asks clusterforge to generate them. */
export function generateBootstrapSecrets(): Required<Pick<BootstrapSecrets, 'bootstrapToken' | 'certificateKey' | 'encryptionKey'>> {
  return { bootstrapToken: `${randomToken(6)}.${randomToken(16)}`, certificateKey: randomBytes(32).toString('hex'), encryptionKey: randomBytes(32).toString('base64') };
}

/** kubeadm's `--discovery-token-ca-cert-hash` of a CA certificate (SHA-256 of its SubjectPublicKeyInfo). */
export function caCertHash(caCertificatePem: string): string {
  const spki = new X509Certificate(caCertificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}
