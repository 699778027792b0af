import { IConstruct } from 'constructs';
import { PinnedImage, ValidationContext } from '../../lib';
import { VELERO_PINS } from '../../lib/versions/backup';
import { imageRef } from '../../lib/versions/image';

/** Object-store providers Velero has a maintained plugin for. */
export enum VeleroProvider {
  /** Amazon S3 and S3-compatible stores (MinIO, Ceph RGW, ...). */
  AWS = 'aws',
  /** Google Cloud Storage. */
  GCP = 'gcp',
  /** Azure Blob Storage. */
  AZURE = 'azure',
}

/**
 * A Velero plugin, run as an init container that copies its binary into the server's
 * `/plugins` volume (upstream: vmware-tanzu/velero@v1.18.1:pkg/builder ForPluginContainer).
 */
export class VeleroPlugin {
  /** velero-plugin-for-aws: S3 and S3-compatible object stores, EBS snapshots. */
  public static aws(image: PinnedImage = VELERO_PINS.pluginAws): VeleroPlugin {
    return new VeleroPlugin('velero-plugin-for-aws', image, [VeleroProvider.AWS]);
  }

  /** velero-plugin-for-gcp: Cloud Storage, persistent disk snapshots. */
  public static gcp(image: PinnedImage = VELERO_PINS.pluginGcp): VeleroPlugin {
    return new VeleroPlugin('velero-plugin-for-gcp', image, [VeleroProvider.GCP]);
  }

  /** velero-plugin-for-microsoft-azure: Blob Storage, managed disk snapshots. */
  public static azure(image: PinnedImage = VELERO_PINS.pluginAzure): VeleroPlugin {
    return new VeleroPlugin('velero-plugin-for-microsoft-azure', image, [VeleroProvider.AZURE]);
  }

  /** Another plugin, by the init container name, image and the providers it serves. */
  public static custom(name: string, image: PinnedImage, providers: readonly string[]): VeleroPlugin {
    return new VeleroPlugin(name, image, providers);
  }

  /** The plugin Velero's docs name for `provider`, if it is one of the maintained ones. */
  public static forProvider(provider: string): VeleroPlugin | undefined {
    switch (provider) {
      case VeleroProvider.AWS:
        return VeleroPlugin.aws();
      case VeleroProvider.GCP:
        return VeleroPlugin.gcp();
      case VeleroProvider.AZURE:
        return VeleroPlugin.azure();
      default:
        return undefined;
    }
  }

  private constructor(
    /** Init container name. */
    public readonly name: string,
    public readonly image: PinnedImage,
    /** Providers (`spec.provider` of locations) the plugin serves. */
    public readonly providers: readonly string[],
  ) {}

  /** The image reference of the init container. */
  public get imageRef(): string {
    return imageRef(this.image);
  }
}

/**
 * The credentials Velero reads for a location: a key of a Secret in Velero's namespace
 * that someone else creates (the Pulumi backend, a sealed secret, an external-secrets
 * operator). Credentials are never written into the manifests.
 */
export class BackupCredentials {
  /**
   * A key of an existing Secret in Velero's namespace, in the provider's credentials-file
   * format (an AWS shared credentials file, a GCP service-account JSON, an Azure env file).
   */
  public static fromSecret(secretName: string, key: string = BACKUP_DEFAULTS.credentialsKey): BackupCredentials {
    return new BackupCredentials(secretName, key);
  }

  private constructor(
    public readonly secretName: string,
    public readonly key: string,
  ) {}
}

/** @internal Defaults of the backup props, resolved here only. */
export const BACKUP_DEFAULTS = {
  /** The key `velero install --secret-file` and the Helm chart use. */
  credentialsKey: 'cloud',
  /** Velero's default backup TTL (30 days). */
  ttl: '720h',
} as const;

interface CommonTargetOptions {
  /** Bucket (or Azure container) the backups are written to. */
  readonly bucket: string;
  /**
   * Folder inside the bucket, so that several clusters can share one bucket.
   * @default - the bucket root
   */
  readonly prefix?: string | undefined;
  /** Where Velero reads the credentials of the store from. */
  readonly credentials: BackupCredentials;
  /**
   * Further provider config keys (`spec.config`), e.g. `{ serverSideEncryption: 'AES256' }`.
   * Credentials are refused here: they belong in the Secret.
   * @default - none
   */
  readonly config?: Readonly<Record<string, string>> | undefined;
}

/** Options of `BackupTarget.s3`: an S3 bucket or an S3-compatible store. */
export interface S3TargetOptions extends CommonTargetOptions {
  /** Region of the bucket; S3-compatible stores accept any name (MinIO: `minio`). */
  readonly region: string;
  /**
   * URL of an S3-compatible store (MinIO, Ceph RGW), e.g. `https://minio.example.com:9000`.
   * @default - AWS S3
   */
  readonly endpoint?: string | undefined;
  /**
   * Path-style addressing (`<endpoint>/<bucket>`), which most S3-compatible stores need.
   * @default - true with an endpoint, false for AWS S3
   */
  readonly forcePathStyle?: boolean | undefined;
}

/** Options of `BackupTarget.gcs`: a Google Cloud Storage bucket. */
export interface GcsTargetOptions extends CommonTargetOptions {}

/** Options of `BackupTarget.azure`: an Azure Blob Storage container. */
export interface AzureTargetOptions extends CommonTargetOptions {
  /** Resource group of the storage account. */
  readonly resourceGroup: string;
  /** Storage account holding the container (`bucket`). */
  readonly storageAccount: string;
  /**
   * Subscription of the storage account.
   * @default - the subscription of the credentials
   */
  readonly subscriptionId?: string | undefined;
}

/** Where a network endpoint lives, for the egress NetworkPolicy. */
export interface TargetEndpoint {
  readonly host: string;
  readonly port: number;
}

// Keys that carry secrets in the providers' config maps or credential files.
const CREDENTIAL_KEY = /^(aws_?)?(access_?key(_?id)?|secret(_?access)?_?key|session_?token)$|password|client_?secret|storage_?account_?key$|^credentials?(_?json)?$|private_?key/i;
const CREDENTIAL_VALUE = /aws_secret_access_key|"private_key"|AZURE_CLIENT_SECRET|-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * An object store Velero backs up to: S3 (and S3-compatible), GCS or Azure Blob, each
 * with its provider's config and plugin.
 */
export class BackupTarget {
  /** Amazon S3 or an S3-compatible store such as MinIO. */
  public static s3(options: S3TargetOptions): BackupTarget {
    const pathStyle = options.forcePathStyle ?? options.endpoint !== undefined;
    return new BackupTarget(VeleroProvider.AWS, options, {
      region: options.region,
      ...(pathStyle ? { s3ForcePathStyle: 'true' } : {}),
      ...(options.endpoint !== undefined ? { s3Url: options.endpoint } : {}),
    }, options.endpoint);
  }

  /** Google Cloud Storage. */
  public static gcs(options: GcsTargetOptions): BackupTarget {
    return new BackupTarget(VeleroProvider.GCP, options, {}, undefined);
  }

  /** Azure Blob Storage; `bucket` is the blob container. */
  public static azure(options: AzureTargetOptions): BackupTarget {
    return new BackupTarget(VeleroProvider.AZURE, options, {
      resourceGroup: options.resourceGroup,
      storageAccount: options.storageAccount,
      ...(options.subscriptionId !== undefined ? { subscriptionId: options.subscriptionId } : {}),
    }, undefined);
  }

  public readonly bucket: string;
  public readonly prefix?: string;
  public readonly credentials: BackupCredentials;
  /** `spec.config` of the location. */
  public readonly config: Readonly<Record<string, string>>;

  private constructor(
    /** `spec.provider`. */
    public readonly provider: VeleroProvider,
    private readonly options: CommonTargetOptions,
    providerConfig: Record<string, string>,
    /** The store's URL, when it is not the provider's public service. */
    public readonly url: string | undefined,
  ) {
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.credentials = options.credentials;
    this.config = { ...(options.config ?? {}), ...providerConfig };
  }

  /** Host and port Velero connects to: the endpoint URL's, or the provider's HTTPS service. */
  public get endpoint(): TargetEndpoint | undefined {
    if (this.url === undefined) return undefined;
    try {
      const u = new URL(this.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
      return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : u.protocol === 'http:' ? 80 : 443 };
    } catch {
      return undefined;
    }
  }

  /** @internal Reports bad options; never throws. */
  public validate(scope: IConstruct, context: ValidationContext): void {
    const where = `target (${this.provider})`;
    if (typeof this.options.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(this.options.bucket)) {
      context.error(scope, {
        rule: 'backup/bucket',
        field: `${where}.bucket`,
        message: 'not a bucket name the object stores accept',
        received: this.options.bucket,
        expected: '3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
      });
    }
    if (this.prefix !== undefined && (this.prefix === '' || this.prefix.startsWith('/') || this.prefix.endsWith('/'))) {
      context.error(scope, {
        rule: 'backup/prefix',
        field: `${where}.prefix`,
        message: 'Velero joins the prefix to object names with "/"; a leading or trailing slash makes an empty path segment',
        received: this.prefix,
        expected: 'a folder name without leading or trailing "/", e.g. "clusters/prod"',
      });
    }
    if (!(this.options.credentials instanceof BackupCredentials)) {
      context.error(scope, {
        rule: 'backup/credentials',
        field: `${where}.credentials`,
        message: 'a location needs credentials, and they must come from a Secret: Velero would otherwise fail every backup with an auth error',
        received: this.options.credentials,
        expected: "BackupCredentials.fromSecret('<secret in the velero namespace>', 'cloud')",
      });
    }
    const inline = Object.entries(this.options.config ?? {}).filter(([k, v]) => CREDENTIAL_KEY.test(k) || CREDENTIAL_VALUE.test(String(v)));
    if (inline.length > 0) {
      context.error(scope, {
        rule: 'backup/inline-credentials',
        field: `${where}.config`,
        message: 'credentials written into the location config would be committed to Git in clear and readable by anyone who can read the location',
        received: inline.map(([k]) => `${k}: <redacted>`),
        expected: "credentials in a Secret, referenced with credentials: BackupCredentials.fromSecret('<secret>', '<key>')",
      });
    }
    if (this.url !== undefined && this.endpoint === undefined) {
      context.error(scope, {
        rule: 'backup/endpoint',
        field: `${where}.endpoint`,
        message: 'not an absolute URL; Velero could not reach the store',
        received: this.url,
        expected: 'an http(s) URL such as https://minio.example.com:9000',
      });
    }
  }
}
