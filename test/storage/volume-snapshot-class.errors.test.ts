import { CrdSource } from '../../lib';
import { SnapshotDeletionPolicy, addStorageClass, configureStorage } from '../../lib/storage-class';
import { EbsVolumeType, Provisioner } from '../../constructs/storage';
import { newCluster, synthErrors } from '../support/synth';
import { SNAPSHOT_CRD_FILES } from './fixtures';

describe('VolumeSnapshotClass errors', () => {
  test('two default snapshot classes of one driver', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: { default: true } });
    addStorageClass(cluster, 'bulk', { provisioner: Provisioner.ebs({ type: EbsVolumeType.ST1 }), snapshotClass: { default: true } });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.message, e.received])).toStrictEqual([
      [
        'storage/two-default-snapshot-classes',
        'test/Storage',
        '2 VolumeSnapshotClasses of driver ebs.csi.aws.com are marked default; snapshots without a class would be refused',
        ['fast', 'bulk'],
      ],
    ]);
  });

  test('an unknown deletion policy and an invalid name', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', {
      provisioner: Provisioner.ebs(),
      default: true,
      snapshotClass: { name: 'Snap!', deletionPolicy: 'Keep' as SnapshotDeletionPolicy },
    });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['storage/snapshot-class-name', 'snapshotClass.name', 'Snap!'],
      ['storage/snapshot-deletion-policy', 'snapshotClass.deletionPolicy', 'Keep'],
    ]);
  });

  test('a CRD file without the VolumeSnapshotClass CRD', () => {
    // GIVEN
    const cluster = newCluster();
    configureStorage(cluster, { snapshotCrds: CrdSource.file('/nonexistent/crds.yaml') });
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });

    // THEN the source problem, and the class that would then have no CRD
    expect(synthErrors(cluster).map((e) => [e.rule, e.path])).toStrictEqual([
      ['crds/source', 'test/Storage/SnapshotCrds'],
      ['crds/missing', 'test/Storage/fast/SnapshotClass/Resource'],
    ]);
  });
});

describe('snapshot prerequisites', () => {
  test('a CRD file with only the VolumeSnapshotClass CRD: the snapshot-controller would wait forever for the other two', () => {
    // GIVEN
    const cluster = newCluster();
    configureStorage(cluster, { snapshotCrds: CrdSource.file(SNAPSHOT_CRD_FILES[0]) });
    addStorageClass(cluster, 'ceph', { provisioner: Provisioner.cephRbd({ pool: 'replicapool' }), default: true, snapshotClass: {} });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.message])).toStrictEqual([
      [
        'crds/source',
        'test/Storage/SnapshotCrds',
        'the CRD file lacks CustomResourceDefinitions for snapshot.storage.k8s.io/VolumeSnapshotContent, snapshot.storage.k8s.io/VolumeSnapshot',
      ],
    ]);
  });

  test('CRD files that together lack one snapshot CRD name every file read', () => {
    // GIVEN the class and content CRDs, not the VolumeSnapshot one
    const cluster = newCluster();
    const files = SNAPSHOT_CRD_FILES.slice(0, 2) as [string, string];
    configureStorage(cluster, { snapshotCrds: CrdSource.file(...files) });
    addStorageClass(cluster, 'ceph', { provisioner: Provisioner.cephRbd({ pool: 'replicapool' }), default: true, snapshotClass: {} });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.message, e.received])).toStrictEqual([
      ['crds/source', 'the CRD files lack CustomResourceDefinitions for snapshot.storage.k8s.io/VolumeSnapshot', files],
    ]);
  });
});
