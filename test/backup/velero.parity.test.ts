import { UpstreamDeviation } from '../../lib';
import { loadUpstream, expectUpstreamParity } from '../support/upstream-parity';
import { manifests, synth } from '../support/synth';
import { backupCluster, minio } from './fixtures';

// upstream: vmware-tanzu/helm-charts@velero-12.1.0 rendered for Velero 1.18.1 with S3/MinIO,
// the node agent and a daily schedule (../shared/upstream/velero/1.18.1/PROVENANCE.txt).
const UPSTREAM = loadUpstream('velero/1.18.1/helm-velero-12.1.0-aws-minio.yaml');

const WORKLOADS = [
  { upstream: { kind: 'Deployment', name: 'velero', namespace: 'velero' }, ours: { kind: 'Deployment', name: 'velero', namespace: 'velero' } },
  { upstream: { kind: 'DaemonSet', name: 'node-agent', namespace: 'velero' }, ours: { kind: 'DaemonSet', name: 'node-agent', namespace: 'velero' } },
];

describe('Velero upstream parity (chart velero-12.1.0, Velero 1.18.1)', () => {
  test('server, node agent and the server RBAC match upstream but for declared deviations', () => {
    // GIVEN the chart's variant: one MinIO location through the AWS plugin, the node agent, a daily schedule
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('daily', { schedule: '0 2 * * *', ttl: '720h' });

    // WHEN
    const synthesis = synth(cluster);
    const ours = manifests(synthesis);

    // THEN every image, arg, env var, port, probe, mount and grant matches, or is a declared deviation
    expectUpstreamParity({
      upstream: UPSTREAM,
      ours,
      workloads: WORKLOADS,
      serviceAccounts: { 'velero/velero-server': 'velero/velero-server' },
      deviations: UpstreamDeviation.of(backup),
    });
    // AND GATES.md lists each deviation with its reason
    expect(synthesis.gatesReport).toContain('velero v1.18.1');
    for (const d of UpstreamDeviation.of(backup)) expect(synthesis.gatesReport).toContain(d.item);
  });

  test('the locations and the schedule carry the chart values', () => {
    // GIVEN
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('velero-daily', { schedule: '0 2 * * *', ttl: '720h' });

    // WHEN
    const ours = manifests(synth(cluster));
    const spec = (objects: typeof ours, kind: string) => objects.find((o) => o.kind === kind)!.spec as Record<string, any>;

    // THEN what the chart sets is set the same; ours adds the default flag and the credential reference
    const upstreamBsl = spec(UPSTREAM, 'BackupStorageLocation');
    expect(spec(ours, 'BackupStorageLocation')).toStrictEqual({
      ...upstreamBsl,
      default: true,
      credential: { name: 'velero-credentials', key: 'cloud' },
    });
    const schedule = spec(ours, 'Schedule');
    expect(schedule.schedule).toBe(spec(UPSTREAM, 'Schedule').schedule);
    expect(schedule.template).toMatchObject(spec(UPSTREAM, 'Schedule').template);
  });
});
