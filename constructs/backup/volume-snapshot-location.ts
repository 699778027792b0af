import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IModelValidator, ValidationContext } from '../../lib';
import { BackupCredentials } from './backup-target';
import { sortedRecord } from './backup-storage-location';

/** Configures a Velero VolumeSnapshotLocation (`Velero.addVolumeSnapshotLocation`): where a provider plugin takes volume snapshots. */
export interface VolumeSnapshotLocationProps {
  /** The provider whose plugin takes the snapshots, e.g. `VeleroProvider.AWS` for EBS. */
  readonly provider: string;
  /**
   * Provider config, e.g. `{ region: 'eu-west-1' }`.
   * @default - none
   */
  readonly config?: Readonly<Record<string, string>> | undefined;
  /**
   * Credentials, when they differ from the server's default ones.
   * @default - the credentials of the default storage location
   */
  readonly credentials?: BackupCredentials | undefined;
  /**
   * Object name.
   * @default - the construct id
   */
  readonly name?: string | undefined;
}

/**
 * A `velero.io/v1` VolumeSnapshotLocation: where the provider plugin snapshots volumes
 * (EBS, persistent disks, managed disks). CSI volumes are snapshotted through the
 * cluster's VolumeSnapshotClasses instead and need no location.
 */
export class VolumeSnapshotLocation extends Construct implements IModelValidator {
  public readonly name: string;
  public readonly provider: string;

  constructor(scope: Construct, id: string, namespace: string, private readonly props: VolumeSnapshotLocationProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.provider = props.provider;
    new ApiObject(this, 'Resource', {
      apiVersion: 'velero.io/v1',
      kind: 'VolumeSnapshotLocation',
      metadata: { name: this.name, namespace },
      spec: {
        provider: props.provider,
        ...(props.config && Object.keys(props.config).length > 0 ? { config: sortedRecord(props.config) } : {}),
        ...(props.credentials ? { credential: { name: props.credentials.secretName, key: props.credentials.key } } : {}),
      },
    });
  }

  public validateModel(context: ValidationContext): void {
    if (typeof this.provider !== 'string' || this.provider === '') {
      context.error(this, {
        rule: 'backup/snapshot-provider',
        field: 'provider',
        message: 'a snapshot location needs the provider whose plugin takes the snapshots',
        received: this.provider,
        expected: 'VeleroProvider.AWS, VeleroProvider.GCP, VeleroProvider.AZURE or a custom plugin provider name',
      });
    }
    if (this.props.credentials !== undefined && !(this.props.credentials instanceof BackupCredentials)) {
      context.error(this, {
        rule: 'backup/credentials',
        field: 'credentials',
        message: 'credentials must come from a Secret, never from the definition',
        received: '<redacted>',
        expected: "BackupCredentials.fromSecret('<secret>', '<key>')",
      });
    }
  }
}
