import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackupCredentials, BackupTarget, EtcdSnapshotTarget, Provisioner, VeleroPlugin } from '../../constructs';
import { ClusterValidationError, formatProblem, synthesizeToDirectory } from '../../lib';
import { synthErrors, synthWarnings } from '../support/synth';
import { EXTERNAL, STACKED, backupCluster, minio } from './fixtures';

function gcs(): BackupTarget {
  return BackupTarget.gcs({ bucket: 'backups-gcs', credentials: BackupCredentials.fromSecret('gcs-credentials') });
}

const PVC_TARGET = { target: EtcdSnapshotTarget.persistentVolumeClaim('etcd-snapshots') };

describe('ClusterBackup errors', () => {
  test("the issue's bad inputs at once: each a located error, nothing written, previous dist/ untouched", () => {
    // GIVEN a previous good synthesis
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-backup-errors-'));
    const good = backupCluster(STACKED);
    good.backup.velero.addBackupStorageLocation('default', { target: minio() });
    synthesizeToDirectory(good.cluster, outdir);
    const listing = () => fs.readdirSync(outdir, { recursive: true }).map(String).sort();
    const before = listing();

    // AND a definition with an invalid cron, inline credentials, two default locations, a provider
    // without its plugin, external etcd snapshots without client certificates, a TTL that is not a
    // duration and a retention below 1
    const { cluster, backup } = backupCluster(EXTERNAL, {
      velero: { plugins: [VeleroPlugin.aws()] },
      etcdSnapshots: { target: EtcdSnapshotTarget.hostDirectory('/mnt/etcd'), schedule: '0 25 * * *', retention: 0 },
    });
    backup.velero.addBackupStorageLocation('primary', {
      target: BackupTarget.s3({ bucket: 'velero', region: 'eu-west-1', credentials: BackupCredentials.fromSecret('aws'), config: { aws_secret_access_key: 'hunter2' } }),
      default: true,
    });
    backup.velero.addBackupStorageLocation('secondary', { target: gcs(), default: true });
    backup.velero.addSchedule('daily', { schedule: '61 2 * * *', ttl: '30 days' });

    // WHEN
    let error: unknown;
    try {
      synthesizeToDirectory(cluster, outdir);
    } catch (e) {
      error = e;
    }

    // THEN one error lists them all, each with its construct path, field, value and expectation
    expect(error).toBeInstanceOf(ClusterValidationError);
    const errors = (error as ClusterValidationError).errors;
    expect(errors.map((e) => [e.path, e.field, e.rule])).toStrictEqual([
      ['test/Backup/Velero', 'storageLocations', 'backup/default-location'],
      ['test/Backup/Velero', 'plugins', 'backup/plugin'],
      ['test/Backup/Velero/StorageLocations/primary', 'target (aws).config', 'backup/inline-credentials'],
      ['test/Backup/Velero/Schedules/daily', 'schedule', 'backup/cron'],
      ['test/Backup/Velero/Schedules/daily', 'ttl', 'backup/ttl'],
      ['test/Backup/EtcdSnapshots', 'schedule', 'etcd-snapshot/cron'],
      ['test/Backup/EtcdSnapshots', 'retention', 'etcd-snapshot/retention'],
      ['test/Backup/EtcdSnapshots', 'clientCertFile, clientKeyFile', 'etcd-snapshot/client-certificates'],
    ]);
    expect(errors.map(formatProblem)).toStrictEqual([
      '[error] test/Backup/Velero (storageLocations): more than one BackupStorageLocation is marked default; Velero would pick one at random for backups that name none (received ["primary","secondary"]; expected exactly one location with default: true) [backup/default-location]',
      '[error] test/Backup/Velero (plugins): test/Backup/Velero/StorageLocations/secondary uses provider "gcp", but no plugin of the server serves it; Velero would mark the location unavailable (received ["velero-plugin-for-aws (aws)"]; expected a plugin for "gcp": VeleroPlugin.gcp()) [backup/plugin]',
      `[error] test/Backup/Velero/StorageLocations/primary (target (aws).config): credentials written into the location config would be committed to Git in clear and readable by anyone who can read the location (received ["aws_secret_access_key: <redacted>"]; expected credentials in a Secret, referenced with credentials: BackupCredentials.fromSecret('<secret>', '<key>')) [backup/inline-credentials]`,
      '[error] test/Backup/Velero/Schedules/daily (schedule): not a cron schedule Velero can run: minute "61" is outside 0-59 (received "61 2 * * *"; expected a 5-field cron expression "minute hour day-of-month month day-of-week" (e.g. "0 2 * * *"; ranges a-b, steps */n, lists a,b, month and weekday names) or a descriptor such as @daily) [backup/cron]',
      '[error] test/Backup/Velero/Schedules/daily (ttl): not a duration; Velero would refuse the Schedule and take no backups (received "30 days"; expected a Go duration such as "720h", "72h30m" or "90m" (units h, m, s, ms; no days)) [backup/ttl]',
      '[error] test/Backup/EtcdSnapshots (schedule): not a cron schedule: hour "25" is outside 0-23 (received "0 25 * * *"; expected a 5-field cron expression "minute hour day-of-month month day-of-week" (e.g. "0 2 * * *"; ranges a-b, steps */n, lists a,b, month and weekday names) or a descriptor such as @daily) [etcd-snapshot/cron]',
      '[error] test/Backup/EtcdSnapshots (retention): retention is the number of snapshots kept; below 1 every snapshot would be deleted right after it is copied (received 0; expected an integer of at least 1) [etcd-snapshot/retention]',
      '[error] test/Backup/EtcdSnapshots (clientCertFile, clientKeyFile): external etcd requires client certificates (client-cert-auth); without them etcdctl cannot take a snapshot (received {"clientCertFile":null,"clientKeyFile":null}; expected paths on every etcd host of a client certificate and key signed by the etcd CA, e.g. healthcheck-client.crt/.key from etcd/pki.sh copied to /etc/kubernetes/pki/etcd/) [etcd-snapshot/client-certificates]',
    ]);

    // AND the inline secret itself appears nowhere in the report
    expect((error as Error).message).not.toContain('hunter2');

    // AND nothing was written
    expect(listing()).toStrictEqual(before);
  });

  test.each([
    ['too few fields', '0 2 * *', 'has 4 field(s), not 5'],
    ['a range that runs backwards', '0 5-2 * * *', 'hour "5-2" is outside 0-23 or runs backwards'],
    ['an unknown month name', '0 2 1 FOO *', 'month "FOO" has a value that is neither a number nor a name'],
    ['a zero step', '*/0 * * * *', 'minute step "0" must be at least 1'],
    ['an unknown descriptor', '@fortnightly', 'has 1 field(s), not 5'],
  ])('cron with %s', (_name, schedule, problem) => {
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('daily', { schedule });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.received])).toStrictEqual([['backup/cron', schedule]]);
    expect(errors[0].message).toBe(`not a cron schedule Velero can run: ${problem}`);
  });

  test.each([['720'], ['-1h'], ['0s'], ['1d']])('TTL %p is not a positive Go duration', (ttl) => {
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('daily', { schedule: '@daily', ttl });
    expect(synthErrors(cluster).map((e) => [e.rule, e.received])).toStrictEqual([['backup/ttl', ttl]]);
  });

  test.each([[-1], [0.5], [Number.NaN]])('retention %p', (retention) => {
    const { cluster, backup } = backupCluster(STACKED, { etcdSnapshots: { ...PVC_TARGET, retention } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    expect(synthErrors(cluster).map((e) => e.rule)).toStrictEqual(['etcd-snapshot/retention']);
  });

  test('credentials given inline instead of a Secret reference', () => {
    // GIVEN a JavaScript caller passing the secret key itself
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('default', {
      target: BackupTarget.s3({ bucket: 'velero', region: 'minio', credentials: 'AKIA...:secret' as never }),
    });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.path, e.field, e.rule])).toStrictEqual([['test/Backup/Velero/StorageLocations/default', 'target (aws).credentials', 'backup/credentials']]);
  });

  test('several locations and none default; a schedule naming an unknown location; file-system backup without the node agent', () => {
    const { cluster, backup } = backupCluster(STACKED, { velero: { nodeAgent: false } });
    backup.velero.addBackupStorageLocation('a', { target: minio() });
    backup.velero.addBackupStorageLocation('b', { target: gcs() });
    backup.velero.addSchedule('daily', { schedule: '@daily', storageLocation: 'c', fileSystemBackup: true });
    expect(synthErrors(cluster).map((e) => [e.path, e.rule, e.received])).toStrictEqual([
      ['test/Backup/Velero', 'backup/default-location', ['a', 'b']],
      ['test/Backup/Velero/Schedules/daily', 'backup/schedule-location', 'c'],
      ['test/Backup/Velero/Schedules/daily', 'backup/node-agent', { fileSystemBackup: true, nodeAgent: false }],
    ]);
  });

  test('Velero without any storage location', () => {
    const { cluster } = backupCluster();
    expect(synthErrors(cluster).map((e) => [e.path, e.rule])).toStrictEqual([['test/Backup/Velero', 'backup/no-storage-location']]);
  });

  test('a bad bucket, prefix and endpoint', () => {
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('default', {
      target: BackupTarget.s3({ bucket: 'Velero_Backups', prefix: '/prod/', region: 'minio', endpoint: 'minio:9000', credentials: BackupCredentials.fromSecret('s') }),
    });
    expect(synthErrors(cluster).map((e) => [e.field, e.rule])).toStrictEqual([
      ['target (aws).bucket', 'backup/bucket'],
      ['target (aws).prefix', 'backup/prefix'],
      ['target (aws).endpoint', 'backup/endpoint'],
    ]);
  });

  test('a label selector with a bad key, operator and values', () => {
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('daily', {
      schedule: '@daily',
      includedNamespaces: ['a'],
      excludedNamespaces: ['a'],
      labelSelector: { matchLabels: { 'bad key': 'x' }, matchExpressions: [{ key: 'tier', operator: 'In' as never }, { key: 'app', operator: 'Near' as never }] },
    });
    expect(synthErrors(cluster).map((e) => [e.field, e.rule])).toStrictEqual([
      ['excludedNamespaces', 'backup/namespaces'],
      ['labelSelector.matchLabels.bad key', 'names/label'],
      ['labelSelector.matchExpressions[0].values', 'backup/label-selector'],
      ['labelSelector.matchExpressions[1].operator', 'backup/label-selector'],
    ]);
  });

  test('external etcd: a PersistentVolumeClaim target, and a schedule systemd cannot express', () => {
    const { cluster, backup } = backupCluster(EXTERNAL, {
      etcdSnapshots: { ...PVC_TARGET, schedule: '0 2 1 * MON', clientCertFile: '/etc/etcd/c.crt', clientKeyFile: '/etc/etcd/c.key' },
    });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    expect(synthErrors(cluster).map((e) => [e.field, e.rule])).toStrictEqual([
      ['target', 'etcd-snapshot/target'],
      ['schedule', 'etcd-snapshot/cron'],
    ]);
  });

  test('a relative target directory', () => {
    const { cluster, backup } = backupCluster(STACKED, { etcdSnapshots: { target: EtcdSnapshotTarget.hostDirectory('backups/etcd') } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    expect(synthErrors(cluster).map((e) => [e.field, e.rule, e.received])).toStrictEqual([['target', 'etcd-snapshot/target', 'backups/etcd']]);
  });

  test('duplicate ids throw; duplicate object names are the core duplicate-identity error', () => {
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    expect(() => backup.velero.addBackupStorageLocation('default', { target: gcs() })).toThrow(
      "Velero 'test/Backup/Velero' already has a storage location 'default'",
    );
    backup.velero.addSchedule('a', { schedule: '@daily', name: 'daily' });
    backup.velero.addSchedule('b', { schedule: '@hourly', name: 'daily' });
    expect(synthErrors(cluster).map((e) => [e.path, e.rule, e.received])).toStrictEqual([
      ['test/Backup/Velero/Schedules/b/Resource', 'objects/duplicate-identity', 'velero.io/v1|Schedule|velero|daily'],
    ]);
  });
});

describe('ClusterBackup warnings', () => {
  test('a schedule naming a namespace nobody declared', () => {
    const { cluster, backup } = backupCluster(STACKED, { etcdSnapshots: PVC_TARGET });
    cluster.addTenant('shop', { namespaces: ['shop'] });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('daily', { schedule: '@daily', includedNamespaces: ['shop', 'shopp', 'kube-system'] });
    const warnings = synthWarnings(cluster).filter((w) => w.rule.startsWith('backup/'));
    expect(warnings.map((w) => [w.path, w.rule, w.received])).toStrictEqual([['test/Backup/Velero/Schedules/daily', 'backup/undeclared-namespace', ['shopp']]]);
  });

  test('tenants with storage quota but neither file-system backup nor snapshots; no schedule; no etcd snapshots', () => {
    const { cluster, backup } = backupCluster();
    cluster.addTenant('data', { namespaces: ['data'], quota: { requestsStorage: '100Gi' } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    const warnings = synthWarnings(cluster).filter((w) => w.rule.startsWith('backup/'));
    expect(warnings.map((w) => [w.path, w.rule, w.received])).toStrictEqual([
      ['test/Backup/Velero', 'backup/no-schedule', []],
      ['test/Backup', 'backup/no-etcd-snapshots', undefined],
      ['test/Backup', 'backup/unbacked-volumes', ['tenant data (storage quota: data)']],
    ]);
  });

  test('several VolumeSnapshotClasses of one driver and none default: Velero could not pick one', () => {
    const { cluster, backup } = backupCluster(STACKED, { etcdSnapshots: PVC_TARGET });
    cluster.addStorageClass('fast', { provisioner: Provisioner.cephRbd({ pool: 'fast' }), snapshotClass: { default: false } });
    cluster.addStorageClass('slow', { provisioner: Provisioner.cephRbd({ pool: 'slow' }), snapshotClass: { default: false } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('daily', { schedule: '@daily' });
    const warnings = synthWarnings(cluster).filter((w) => w.rule.startsWith('backup/'));
    expect(warnings.map((w) => [w.path, w.rule, w.received])).toStrictEqual([['test/Backup', 'backup/csi-snapshot-class', ['fast', 'slow']]]);
  });

  test('an in-cluster object store in a tenant namespace with default-deny must admit Velero', () => {
    // GIVEN MinIO in the tenant namespace "storage", whose default-deny admits nothing from velero
    const store = BackupTarget.s3({ bucket: 'velero', region: 'minio', endpoint: 'http://minio.storage.svc:9000', credentials: BackupCredentials.fromSecret('s') });
    const denied = backupCluster(STACKED, { etcdSnapshots: PVC_TARGET });
    denied.cluster.addTenant('storage', { namespaces: ['storage'] });
    denied.backup.velero.addBackupStorageLocation('default', { target: store });
    denied.backup.velero.addSchedule('daily', { schedule: '@daily' });
    const warnings = synthWarnings(denied.cluster).filter((w) => w.rule.startsWith('backup/'));
    expect(warnings.map((w) => [w.path, w.rule, w.received])).toStrictEqual([
      ['test/Backup/Velero/StorageLocations/default', 'backup/store-ingress-denied', ['storage/default-deny-all', 'storage/allow-same-namespace']],
    ]);

    // WHEN the tenant admits the velero namespace, THEN no warning
    const admitted = backupCluster(STACKED, { etcdSnapshots: PVC_TARGET });
    admitted.cluster.addTenant('storage', { namespaces: ['storage'], networkPolicy: { allowIngressFromNamespaces: ['velero'] } });
    admitted.backup.velero.addBackupStorageLocation('default', { target: store });
    admitted.backup.velero.addSchedule('daily', { schedule: '@daily' });
    expect(synthWarnings(admitted.cluster).filter((w) => w.rule.startsWith('backup/'))).toStrictEqual([]);
  });

  test('file-system backup on a schedule covers the volumes', () => {
    const { cluster, backup } = backupCluster(STACKED, { etcdSnapshots: PVC_TARGET });
    cluster.addTenant('data', { namespaces: ['data'], quota: { requestsStorage: '100Gi' } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('daily', { schedule: '@daily', fileSystemBackup: true });
    expect(synthWarnings(cluster).filter((w) => w.rule.startsWith('backup/'))).toStrictEqual([]);
  });
});

describe('EtcdSnapshotTarget.newClaim errors', () => {
  test('a size that is not a quantity', () => {
    const { cluster, backup } = backupCluster(STACKED, { etcdSnapshots: { target: EtcdSnapshotTarget.newClaim({ storageClassName: 'nfs', size: '20 GB' }) } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    expect(synthErrors(cluster).map((e) => [e.path, e.field, e.rule, e.received])).toStrictEqual([['test/Backup/EtcdSnapshots', 'target.size', 'etcd-snapshot/claim-size', '20 GB']]);
  });
});
