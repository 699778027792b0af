import { BOOTSTRAP_PLACEHOLDERS } from '../bootstrap/secrets';

/** Encryption providers of kube-apiserver's EncryptionConfiguration. */
export enum EncryptionProviderType {
  AESCBC = 'aescbc',
  AESGCM = 'aesgcm',
  SECRETBOX = 'secretbox',
  KMS_V2 = 'kms',
}

/** A local encryption provider (aescbc, aesgcm, secretbox): the key is named here and filled in at deploy time, never written into Git. */
export interface LocalKeyOptions {
  /**
   * Name of the key that encrypts new writes. Its value is never in the definition: the
   * `@@CLUSTERFORGE_ENCRYPTION_KEY_BASE64@@` placeholder is filled by `npx clusterforge fill-secrets`
   * (CLUSTERFORGE_ENCRYPTION_KEY) or the Pulumi stack's `encryptionKeys` secret.
   * @default 'key1'
   */
  readonly keyName?: string | undefined;
  /**
   * Name of the previous key during a rotation: kept to read what it encrypted, filled from
   * CLUSTERFORGE_PREVIOUS_ENCRYPTION_KEY. Remove it once every Secret is rewritten.
   * @default - no rotation in progress
   */
  readonly previousKeyName?: string | undefined;
}

/** A KMS v2 provider: the plugin kube-apiserver reaches on its Unix socket. */
export interface KmsV2Options {
  /** Name of the KMS plugin; part of every stored object's prefix, so never rename it. */
  readonly name: string;
  /** The plugin's gRPC socket, `unix:///<path>`; its directory is mounted into kube-apiserver. */
  readonly endpoint: string;
  /**
   * Timeout of gRPC calls to the plugin (Go duration).
   * @default '3s'
   */
  readonly timeout?: string | undefined;
}

/** How Secrets (and the other chosen resources) are encrypted in etcd. */
export class EncryptionProvider {
  /** AES-CBC with PKCS#7 padding and a 32-byte key: the upstream recommendation for local keys. */
  public static aescbc(options: LocalKeyOptions = {}): EncryptionProvider {
    return new EncryptionProvider(EncryptionProviderType.AESCBC, options);
  }

  /** AES-GCM with a random nonce; upstream advises rotating its key every 200,000 writes. */
  public static aesgcm(options: LocalKeyOptions = {}): EncryptionProvider {
    return new EncryptionProvider(EncryptionProviderType.AESGCM, options);
  }

  /** XSalsa20 and Poly1305 with a 32-byte key. */
  public static secretbox(options: LocalKeyOptions = {}): EncryptionProvider {
    return new EncryptionProvider(EncryptionProviderType.SECRETBOX, options);
  }

  /** Envelope encryption through a KMS v2 plugin: the key never sits on the node. */
  public static kmsV2(options: KmsV2Options): EncryptionProvider {
    return new EncryptionProvider(EncryptionProviderType.KMS_V2, undefined, options);
  }

  private constructor(
    public readonly type: EncryptionProviderType,
    public readonly localKey: LocalKeyOptions | undefined,
    public readonly kms?: KmsV2Options | undefined,
  ) {}

  /** The key names in config order: the write key first, then the previous one. */
  public get keyNames(): string[] {
    if (!this.localKey) return [];
    return [this.localKey.keyName ?? 'key1', ...(this.localKey.previousKeyName !== undefined ? [this.localKey.previousKeyName] : [])];
  }
}

/** Encryption at rest of chosen resources (Secrets by default) in etcd, through an EncryptionConfiguration. */
export interface EncryptionAtRestProps {
  /** The provider that encrypts new writes. */
  readonly provider: EncryptionProvider;
  /**
   * Resources to encrypt (`secrets`, `configmaps`, `<resource>.<group>` of custom resources).
   * @default ['secrets']
   */
  readonly resources?: readonly string[] | undefined;
  /**
   * Keep `identity` as the last, read-only provider, so objects written before encryption
   * was turned on still read; remove it after rewriting them (see the README).
   * @default false
   */
  readonly identityFallback?: boolean | undefined;
}

/** @internal Encryption-at-rest defaults, resolved in one place: Secrets only, no identity read fallback, a 3 s KMS timeout. */
export const ENCRYPTION_AT_REST_DEFAULTS = { resources: ['secrets'] as readonly string[], identityFallback: false, kmsTimeout: '3s' };

/** @internal The EncryptionConfiguration kube-apiserver reads with `--encryption-provider-config`; keys are placeholders. */
export function encryptionConfiguration(props: EncryptionAtRestProps): Record<string, unknown> {
  const p = props.provider;
  const values = [BOOTSTRAP_PLACEHOLDERS.encryptionKey, BOOTSTRAP_PLACEHOLDERS.previousEncryptionKey];
  const provider =
    p.type === EncryptionProviderType.KMS_V2
      ? { kms: { apiVersion: 'v2', name: p.kms!.name, endpoint: p.kms!.endpoint, timeout: p.kms!.timeout ?? ENCRYPTION_AT_REST_DEFAULTS.kmsTimeout } }
      : { [p.type]: { keys: p.keyNames.map((name, i) => ({ name, secret: values[i] })) } };
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: [
      {
        resources: [...(props.resources ?? ENCRYPTION_AT_REST_DEFAULTS.resources)],
        providers: [provider, ...((props.identityFallback ?? ENCRYPTION_AT_REST_DEFAULTS.identityFallback) ? [{ identity: {} }] : [])],
      },
    ],
  };
}

/** @internal The host directory of a KMS plugin's unix socket, which kube-apiserver must mount. */
export function kmsSocketDirectory(provider: EncryptionProvider): string | undefined {
  const endpoint = provider.kms?.endpoint;
  if (!endpoint?.startsWith('unix:///')) return undefined;
  const path = endpoint.slice('unix://'.length);
  return path.slice(0, path.lastIndexOf('/')) || undefined;
}
