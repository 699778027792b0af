import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IModelValidator, ValidationContext } from '../../lib';
import { BackupTarget } from './backup-target';

/** Whether Velero may write to a location. */
export enum BackupAccessMode {
  READ_WRITE = 'ReadWrite',
  /** For restoring from another cluster's backups without touching them. */
  READ_ONLY = 'ReadOnly',
}

/** Configures a Velero BackupStorageLocation (`Velero.addBackupStorageLocation`): an object store backups are written to. */
export interface BackupStorageLocationProps {
  /** The object store. */
  readonly target: BackupTarget;
  /**
   * Whether backups that name no location go here. A single location is the default
   * without saying so; with several, exactly one must say so.
   * @default - true when it is the only location
   */
  readonly default?: boolean | undefined;
  /**
   * Object name of the location.
   * @default - the construct id
   */
  readonly name?: string | undefined;
  /**
   * Access mode.
   * @default BackupAccessMode.READ_WRITE
   */
  readonly accessMode?: BackupAccessMode | undefined;
}

/** A `velero.io/v1` BackupStorageLocation: an object store and the Secret to reach it with. */
export class BackupStorageLocation extends Construct implements IModelValidator {
  public readonly name: string;
  public readonly target: BackupTarget;
  public readonly accessMode: BackupAccessMode;
  /** Whether the user marked it default (resolved by Velero construct for a single location). */
  public readonly declaredDefault?: boolean;
  private isDefault = false;

  constructor(scope: Construct, id: string, private readonly namespace: string, props: BackupStorageLocationProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.target = props.target;
    this.accessMode = props.accessMode ?? BackupAccessMode.READ_WRITE;
    this.declaredDefault = props.default;
  }

  /** Whether backups without a location go here. */
  public get default(): boolean {
    return this.isDefault;
  }

  /** @internal Renders the object once the default location is known. */
  public render(isDefault: boolean): void {
    this.isDefault = isDefault;
    if (this.node.tryFindChild('Resource')) return;
    const t = this.target;
    const credentials = t?.credentials;
    new ApiObject(this, 'Resource', {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        provider: t?.provider,
        default: isDefault,
        accessMode: this.accessMode,
        objectStorage: { bucket: t?.bucket, ...(t?.prefix !== undefined ? { prefix: t.prefix } : {}) },
        ...(t && Object.keys(t.config).length > 0 ? { config: sortedRecord(t.config) } : {}),
        ...(credentials?.secretName ? { credential: { name: credentials.secretName, key: credentials.key } } : {}),
      },
    });
  }

  public validateModel(context: ValidationContext): void {
    if (!(this.target instanceof BackupTarget)) {
      context.error(this, {
        rule: 'backup/target',
        field: 'target',
        message: 'a storage location needs an object store',
        received: this.target,
        expected: 'BackupTarget.s3({...}), BackupTarget.gcs({...}) or BackupTarget.azure({...})',
      });
      return;
    }
    this.target.validate(this, context);
    if (!Object.values(BackupAccessMode).includes(this.accessMode)) {
      context.error(this, {
        rule: 'backup/access-mode',
        field: 'accessMode',
        message: 'not an access mode Velero knows',
        received: this.accessMode,
        expected: Object.values(BackupAccessMode).join(', '),
      });
    }
  }
}

/** @internal Keys sorted, so output does not depend on the order props were written in. */
export function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
