import { execFileSync } from 'child_process';
import { EtcdSnapshotTarget } from '../../constructs';
import { RESTORE_RUNBOOK_PATH } from '../../constructs/backup/restore-runbook';
import { onCalendar, parseCron } from '../../constructs/backup/schedule-expressions';
import { KubeObject, PodSecurityLevel } from '../../lib';
import { evaluatePodSecurity, podTemplateOf } from '../../lib/validation/pod-security';
import { ETCD_VERSION } from '../../lib/versions/control-plane';
import { which } from '../support/real-etcd';
import { findObject, synth } from '../support/synth';
import { EXTERNAL, STACKED, backupCluster, minio } from './fixtures';

type Json = Record<string, any>;

function withSnapshots(clusterProps = STACKED, etcdSnapshots: Json = { target: EtcdSnapshotTarget.persistentVolumeClaim('etcd-snapshots') }) {
  const { cluster, backup } = backupCluster(clusterProps, { etcdSnapshots: etcdSnapshots as never });
  backup.velero.addBackupStorageLocation('default', { target: minio() });
  return synth(cluster);
}

const EXTERNAL_SNAPSHOTS = {
  target: EtcdSnapshotTarget.hostDirectory('/mnt/backup/etcd'),
  clientCertFile: '/etc/kubernetes/pki/etcd/healthcheck-client.crt',
  clientKeyFile: '/etc/kubernetes/pki/etcd/healthcheck-client.key',
  schedule: '30 1,13 * * *',
  retention: 14,
};

describe('EtcdSnapshots, stacked etcd', () => {
  test('a CronJob pinned to the control-plane nodes runs etcdctl against the local member with kubeadm’s certificates', () => {
    // WHEN
    const cronJob = findObject(withSnapshots(), 'CronJob', 'etcd-snapshot', 'etcd-backup') as Json;

    // THEN the job lands on a control-plane node, on its network, and cannot run twice at once
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    expect(cronJob.spec).toMatchObject({ schedule: '0 */6 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    expect(pod.nodeSelector).toStrictEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(pod.tolerations).toStrictEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);

    // AND snapshot → verify → copy, with the etcd image of the cluster's etcd release
    expect(pod.initContainers.map((c: Json) => [c.name, c.image, c.command])).toStrictEqual([
      [
        'snapshot',
        `registry.k8s.io/etcd:${ETCD_VERSION.slice(1)}-0`,
        [
          'etcdctl',
          '--endpoints=https://127.0.0.1:2379',
          '--cacert=/etc/kubernetes/pki/etcd/ca.crt',
          '--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt',
          '--key=/etc/kubernetes/pki/etcd/healthcheck-client.key',
          '--command-timeout=300s',
          'snapshot',
          'save',
          '/snapshots/snapshot.db',
        ],
      ],
      ['verify', `registry.k8s.io/etcd:${ETCD_VERSION.slice(1)}-0`, ['etcdutl', 'snapshot', 'status', '/snapshots/snapshot.db', '--write-out=table']],
    ]);
    const [copy] = pod.containers;
    expect(copy.command.slice(3)).toStrictEqual(['etcd-snapshot', '/snapshots/snapshot.db', '/target', '$(NODE_NAME)', '28']);
    expect(pod.initContainers[0].volumeMounts).toStrictEqual([
      { name: 'etcd-certs', mountPath: '/etc/kubernetes/pki/etcd', readOnly: true },
      { name: 'snapshot', mountPath: '/snapshots' },
    ]);
    expect(pod.volumes).toStrictEqual([
      { name: 'etcd-certs', hostPath: { path: '/etc/kubernetes/pki/etcd', type: 'Directory' } },
      { name: 'snapshot', emptyDir: {} },
      { name: 'target', persistentVolumeClaim: { claimName: 'etcd-snapshots' } },
    ]);
  });

  test('the job namespace is privileged because the pod needs the host network and path; every container drops all capabilities', () => {
    const synthesis = withSnapshots(STACKED, { target: EtcdSnapshotTarget.hostDirectory('/mnt/nfs/etcd'), schedule: '@daily', retention: 3, namespace: 'backups' });
    const cronJob = findObject(synthesis, 'CronJob', 'etcd-snapshot', 'backups') as Json;
    expect(findObject(synthesis, 'Namespace', 'backups').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged' });
    const template = podTemplateOf(cronJob as KubeObject)!;
    expect(evaluatePodSecurity(template, PodSecurityLevel.BASELINE).map((v) => v.check).sort()).toStrictEqual(['hostNamespaces', 'hostPathVolumes', 'hostPathVolumes']);
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    for (const c of [...pod.initContainers, ...pod.containers]) expect(c.securityContext.capabilities).toStrictEqual({ drop: ['ALL'] });
    expect(pod.volumes[2]).toStrictEqual({ name: 'target', hostPath: { path: '/mnt/nfs/etcd', type: 'DirectoryOrCreate' } });
    expect(cronJob.spec.schedule).toBe('@daily');
  });

  test('the runbook restores every control-plane member with kubeadm’s names and peer URLs', () => {
    const runbook = withSnapshots().bootstrapFiles.find((f) => f.path === RESTORE_RUNBOOK_PATH)!.content;
    expect(runbook).toContain(
      [
        'sudo etcdutl snapshot restore /var/lib/etcd-restore/snapshot.db \\',
        '  --name=cp-2 \\',
        '  --initial-cluster=cp-1=https://10.0.0.11:2380,cp-2=https://10.0.0.12:2380,cp-3=https://10.0.0.13:2380 \\',
        '  --initial-cluster-token=etcd-cluster \\',
        '  --initial-advertise-peer-urls=https://10.0.0.12:2380 \\',
        '  --data-dir=/var/lib/etcd.restored',
        'sudo mv /var/lib/etcd /var/lib/etcd.before-restore',
        'sudo mv /var/lib/etcd.restored /var/lib/etcd',
      ].join('\n'),
    );
    expect(runbook).toContain('sudo mv /etc/kubernetes/manifests/kube-apiserver.yaml /etc/kubernetes/manifests/etcd.yaml /etc/kubernetes/manifests.restore-held/');
    expect(runbook).toContain(`https://github.com/etcd-io/etcd/releases/download/${ETCD_VERSION}/etcd-${ETCD_VERSION}-linux-amd64.tar.gz`);
    expect(runbook).toContain('velero --namespace velero restore create <namespace>-restore --from-backup <backup> --include-namespaces <namespace> --wait');
  });
});

describe('EtcdSnapshots, external etcd', () => {
  test('every etcd host gets a snapshot unit and timer; the unit runs etcdctl against its own member with the given client certificate', () => {
    // WHEN
    const synthesis = withSnapshots(EXTERNAL, EXTERNAL_SNAPSHOTS);
    const files = new Map(synthesis.bootstrapFiles.map((f) => [f.path, f.content]));

    // THEN
    expect([...files.keys()].filter((p) => p.includes('snapshot'))).toStrictEqual([
      'etcd/etcd-snapshot-copy.sh',
      'etcd/etcd-snapshot-etcd-a.service',
      'etcd/etcd-snapshot-etcd-a.timer',
      'etcd/etcd-snapshot-etcd-b.service',
      'etcd/etcd-snapshot-etcd-b.timer',
      'etcd/etcd-snapshot-etcd-c.service',
      'etcd/etcd-snapshot-etcd-c.timer',
    ]);
    const unit = files.get('etcd/etcd-snapshot-etcd-b.service')!;
    expect(unit.split('\n').filter((l) => l.startsWith('Exec'))).toStrictEqual([
      'ExecStartPre=/bin/mkdir -p /var/lib/etcd-snapshot',
      'ExecStart=/usr/local/bin/etcdctl --endpoints=https://10.0.1.2:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt ' +
        '--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key ' +
        '--command-timeout=300s snapshot save /var/lib/etcd-snapshot/etcd-b.db',
      'ExecStart=/usr/local/bin/etcdutl snapshot status /var/lib/etcd-snapshot/etcd-b.db --write-out=table',
      'ExecStart=/bin/sh /usr/local/sbin/etcd-snapshot-copy /var/lib/etcd-snapshot/etcd-b.db /mnt/backup/etcd etcd-b 14',
    ]);
    expect(unit).toContain('Type=oneshot');
    expect(unit).toContain('Requires=etcd-etcd-b.service');
    expect(files.get('etcd/etcd-snapshot-etcd-b.timer')).toContain('OnCalendar=*-*-* 01,13:30:00 UTC\n');
    // AND no CronJob: the etcd hosts run no kubelet
    expect(synthesis.objects.filter((o) => o.manifest.kind === 'CronJob')).toStrictEqual([]);
  });

  test('the runbook stops, restores and starts each member with the unit’s names, peer URLs and token', () => {
    const runbook = withSnapshots(EXTERNAL, EXTERNAL_SNAPSHOTS).bootstrapFiles.find((f) => f.path === RESTORE_RUNBOOK_PATH)!.content;
    expect(runbook).toContain('sudo systemctl stop etcd-etcd-a   # on 10.0.1.1');
    expect(runbook).toContain(
      [
        '#### etcd-c (10.0.1.3)',
        '',
        '```sh',
        'sudo etcdutl snapshot restore /var/lib/etcd-restore/snapshot.db \\',
        '  --name=etcd-c \\',
        '  --initial-cluster=etcd-a=https://10.0.1.1:2380,etcd-b=https://10.0.1.2:2380,etcd-c=https://10.0.1.3:2380 \\',
        '  --initial-cluster-token=test-etcd \\',
        '  --initial-advertise-peer-urls=https://10.0.1.3:2380 \\',
        '  --data-dir=/var/lib/etcd.restored',
      ].join('\n'),
    );
    expect(runbook).toContain('sudo systemctl start etcd-etcd-c   # on 10.0.1.3');
    expect(runbook).not.toContain('/etc/kubernetes/manifests/etcd.yaml');
  });
});

describe('cron schedules as systemd calendars', () => {
  const systemdAnalyze = which('systemd-analyze');
  if (!systemdAnalyze && process.env.CI) throw new Error('systemd-analyze must be installed in CI (.ci/run installs systemd)');

  test.each([
    ['0 */6 * * *', '*-*-* 00,06,12,18:00:00'],
    ['30 1,13 * * *', '*-*-* 01,13:30:00'],
    ['0 2 * * MON-FRI', 'Mon,Tue,Wed,Thu,Fri *-*-* 02:00:00'],
    ['0 3 1 JAN,JUL *', '*-01,07-01 03:00:00'],
    ['@weekly', 'Sun *-*-* 00:00:00'],
    ['15 4 * * 7', 'Sun *-*-* 04:15:00'],
  ])('%s → %s', (cron, calendar) => {
    const parsed = parseCron(cron);
    expect(parsed.ok).toBe(true);
    const converted = parsed.ok ? onCalendar(parsed.cron) : undefined;
    expect(converted).toBe(calendar);
    // systemd itself accepts the expression (when installed)
    if (systemdAnalyze) execFileSync(systemdAnalyze, ['calendar', `${converted} UTC`], { stdio: 'pipe' });
  });

  test('day-of-month and day-of-week together have no systemd equivalent', () => {
    const parsed = parseCron('0 2 1 * MON');
    expect(parsed.ok && onCalendar(parsed.cron)).toBeUndefined();
  });
});

describe('EtcdSnapshotTarget.newClaim', () => {
  test('creates the claim beside the CronJob, and warns about a StorageClass nobody declared', () => {
    // GIVEN
    const { cluster, backup } = backupCluster(STACKED, { etcdSnapshots: { target: EtcdSnapshotTarget.newClaim({ storageClassName: 'nfs', size: '20Gi' }) } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });

    // WHEN
    const synthesis = synth(cluster);

    // THEN
    expect((findObject(synthesis, 'PersistentVolumeClaim', 'etcd-snapshots', 'etcd-backup') as Json).spec).toStrictEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'nfs',
      resources: { requests: { storage: '20Gi' } },
    });
    expect(synthesis.warnings.filter((w) => w.rule === 'etcd-snapshot/claim-storage-class').map((w) => [w.path, w.received])).toStrictEqual([
      ['test/Backup/EtcdSnapshots', 'nfs'],
    ]);
  });
});
