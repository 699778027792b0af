import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IModelValidator, ValidationContext } from '../../lib';
import { checkLabelMap, isLabelValue, isQualifiedName, QUALIFIED_NAME_EXPECTED } from '../../lib/validation/labels';
import { BACKUP_DEFAULTS } from './backup-target';
import { CRON_EXPECTED, DURATION_EXPECTED, isPositiveDuration, parseCron } from './schedule-expressions';

/** Operators of a label selector requirement. */
export enum LabelSelectorOperator {
  IN = 'In',
  NOT_IN = 'NotIn',
  EXISTS = 'Exists',
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One requirement of a label selector: a key, an operator and values. */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: LabelSelectorOperator;
  /**
   * Values for In and NotIn; none for Exists and DoesNotExist.
   * @default - none
   */
  readonly values?: readonly string[] | undefined;
}

/** Which objects a backup takes, by label. */
export interface BackupLabelSelector {
  /** @default - none */
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  /** @default - none */
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | undefined;
}

/** Configures a Velero Schedule (`Velero.addSchedule`): when it runs, what it backs up and how long backups are kept. */
export interface BackupScheduleProps {
  /** When backups run: a 5-field cron expression (UTC) or a descriptor such as `@daily`. */
  readonly schedule: string;
  /**
   * Namespaces to back up.
   * @default - every namespace
   */
  readonly includedNamespaces?: readonly string[] | undefined;
  /**
   * Namespaces to leave out.
   * @default - none
   */
  readonly excludedNamespaces?: readonly string[] | undefined;
  /**
   * Only objects with these labels.
   * @default - every object
   */
  readonly labelSelector?: BackupLabelSelector | undefined;
  /**
   * How long each backup is kept, as a Go duration.
   * @default '720h' (Velero's 30 days)
   */
  readonly ttl?: string | undefined;
  /**
   * Back up pod volumes with the node agent (kopia) rather than volume snapshots.
   * Needs the node agent.
   * @default false
   */
  readonly fileSystemBackup?: boolean | undefined;
  /**
   * Take volume snapshots (CSI or a VolumeSnapshotLocation's provider).
   * @default - Velero's choice: snapshots when a snapshot location or CSI snapshot class exists
   */
  readonly snapshotVolumes?: boolean | undefined;
  /**
   * Name of the storage location backups go to.
   * @default - the default location
   */
  readonly storageLocation?: string | undefined;
  /**
   * Object name.
   * @default - the construct id
   */
  readonly name?: string | undefined;
}

/** A `velero.io/v1` Schedule: a cron schedule and the backup it creates. */
export class BackupSchedule extends Construct implements IModelValidator {
  public readonly name: string;
  public readonly fileSystemBackup: boolean;
  public readonly ttl: string;

  constructor(scope: Construct, id: string, namespace: string, public readonly props: BackupScheduleProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.fileSystemBackup = props.fileSystemBackup ?? false;
    this.ttl = props.ttl ?? BACKUP_DEFAULTS.ttl;
    const selector = props.labelSelector;
    new ApiObject(this, 'Resource', {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: this.name, namespace },
      spec: {
        schedule: props.schedule,
        // Backups stay when the Schedule is deleted or re-applied by a GitOps tool.
        useOwnerReferencesInBackup: false,
        template: {
          includedNamespaces: [...(props.includedNamespaces ?? ['*'])],
          ...(props.excludedNamespaces?.length ? { excludedNamespaces: [...props.excludedNamespaces] } : {}),
          ...(selector
            ? {
                labelSelector: {
                  ...(selector.matchLabels ? { matchLabels: { ...selector.matchLabels } } : {}),
                  ...(selector.matchExpressions
                    ? { matchExpressions: selector.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values ? { values: [...e.values] } : {}) })) }
                    : {}),
                },
              }
            : {}),
          ttl: this.ttl,
          defaultVolumesToFsBackup: this.fileSystemBackup,
          ...(props.snapshotVolumes !== undefined ? { snapshotVolumes: props.snapshotVolumes } : {}),
          ...(props.storageLocation !== undefined ? { storageLocation: props.storageLocation } : {}),
        },
      },
    });
  }

  /** Namespaces the schedule names explicitly (not `*`). */
  public get namedNamespaces(): string[] {
    return [...(this.props.includedNamespaces ?? []), ...(this.props.excludedNamespaces ?? [])].filter((n) => n !== '*');
  }

  public validateModel(context: ValidationContext): void {
    const cron = parseCron(this.props.schedule);
    if (!cron.ok) {
      context.error(this, {
        rule: 'backup/cron',
        field: 'schedule',
        message: `not a cron schedule Velero can run: ${cron.problems.join('; ')}`,
        received: this.props.schedule,
        expected: CRON_EXPECTED,
      });
    }
    if (!isPositiveDuration(this.ttl)) {
      context.error(this, {
        rule: 'backup/ttl',
        field: 'ttl',
        message: 'not a duration; Velero would refuse the Schedule and take no backups',
        received: this.ttl,
        expected: DURATION_EXPECTED,
      });
    }
    const included = new Set(this.props.includedNamespaces ?? []);
    const both = (this.props.excludedNamespaces ?? []).filter((n) => included.has(n));
    if (both.length > 0) {
      context.error(this, {
        rule: 'backup/namespaces',
        field: 'excludedNamespaces',
        message: 'namespaces both included and excluded; Velero fails such a backup validation',
        received: both,
        expected: 'each namespace in at most one of includedNamespaces and excludedNamespaces',
      });
    }
    const selector = this.props.labelSelector;
    checkLabelMap(context, this, 'labelSelector.matchLabels', selector?.matchLabels);
    (selector?.matchExpressions ?? []).forEach((e, i) => {
      const field = `labelSelector.matchExpressions[${i}]`;
      const setOp = e.operator === LabelSelectorOperator.IN || e.operator === LabelSelectorOperator.NOT_IN;
      if (!isQualifiedName(e.key)) {
        context.error(this, { rule: 'backup/label-selector', field: `${field}.key`, message: 'key is not a qualified name', received: e.key, expected: QUALIFIED_NAME_EXPECTED });
      }
      if (!Object.values(LabelSelectorOperator).includes(e.operator)) {
        context.error(this, { rule: 'backup/label-selector', field: `${field}.operator`, message: 'not a selector operator', received: e.operator, expected: Object.values(LabelSelectorOperator).join(', ') });
      } else if (setOp ? !e.values?.length || !e.values.every(isLabelValue) : e.values?.length) {
        context.error(this, {
          rule: 'backup/label-selector',
          field: `${field}.values`,
          message: setOp ? `${e.operator} needs at least one valid label value` : `${e.operator} takes no values`,
          received: e.values,
          expected: setOp ? 'one or more label values' : 'no values',
        });
      }
    });
  }
}
