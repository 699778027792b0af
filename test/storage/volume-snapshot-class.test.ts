import { CrdSource } from '../../lib';
import { VOLUME_SNAPSHOT_CLASS_CRD_URL } from '../../lib/versions/storage';
import {
  SnapshotDeletionPolicy,
  STORAGE_DEFAULTS,
  addStorageClass,
  configureStorage,
  snapshotClassForDriver,
  snapshotClassesByDriver,
} from '../../lib/storage-class';
import { EbsVolumeType, Provisioner } from '../../constructs/storage';
import { findObject, newCluster, synth } from '../support/synth';
import { storageCluster } from './fixtures';

describe('VolumeSnapshotClass', () => {
  test('a snapshot class for the same driver, default as the only one of its driver', () => {
    // GIVEN
    const cluster = storageCluster();

    // WHEN
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });

    // THEN (synth validates it against the external-snapshotter v8.6.0 CRD)
    const synthesis = synth(cluster);
    expect(findObject(synthesis, 'VolumeSnapshotClass', 'fast')).toStrictEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'fast', annotations: { 'snapshot.storage.k8s.io/is-default-class': 'true' } },
      driver: 'ebs.csi.aws.com',
      deletionPolicy: 'Delete',
    });
    expect(findObject(synthesis, 'CustomResourceDefinition', 'volumesnapshotclasses.snapshot.storage.k8s.io')).toBeDefined();
    expect(STORAGE_DEFAULTS.snapshotDeletionPolicy).toBe(SnapshotDeletionPolicy.DELETE);
  });

  test('the driver snapshot parameters, a chosen name and Retain', () => {
    // GIVEN
    const cluster = storageCluster();

    // WHEN
    addStorageClass(cluster, 'ceph', {
      provisioner: Provisioner.cephRbd({ pool: 'replicapool' }),
      default: true,
      snapshotClass: { name: 'ceph-block-snapshots', deletionPolicy: SnapshotDeletionPolicy.RETAIN },
    });

    // THEN (rook/rook deploy/examples/csi/rbd/snapshotclass.yaml)
    expect(findObject(synth(cluster), 'VolumeSnapshotClass', 'ceph-block-snapshots')).toStrictEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'ceph-block-snapshots', annotations: { 'snapshot.storage.k8s.io/is-default-class': 'true' } },
      driver: 'rook-ceph.rbd.csi.ceph.com',
      deletionPolicy: 'Retain',
      parameters: {
        clusterID: 'rook-ceph',
        'csi.storage.k8s.io/snapshotter-secret-name': 'rook-csi-rbd-provisioner',
        'csi.storage.k8s.io/snapshotter-secret-namespace': 'rook-ceph',
      },
    });
  });

  test('with several classes of one driver, the one marked default is the driver snapshot class', () => {
    // GIVEN
    const cluster = storageCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: { default: true } });
    addStorageClass(cluster, 'bulk', { provisioner: Provisioner.ebs({ type: EbsVolumeType.ST1 }), snapshotClass: {} });
    addStorageClass(cluster, 'shared', { provisioner: Provisioner.nfs({ server: 'nfs.internal', path: '/exports' }), snapshotClass: {} });

    // WHEN
    const synthesis = synth(cluster);

    // THEN
    expect(findObject(synthesis, 'VolumeSnapshotClass', 'fast').metadata.annotations).toStrictEqual({
      'snapshot.storage.k8s.io/is-default-class': 'true',
    });
    expect(findObject(synthesis, 'VolumeSnapshotClass', 'bulk').metadata.annotations).toBeUndefined();
    expect(snapshotClassForDriver(cluster, 'ebs.csi.aws.com')?.className).toBe('fast');
    expect(snapshotClassForDriver(cluster, 'nfs.csi.k8s.io')?.className).toBe('shared');
    expect(snapshotClassForDriver(cluster, 'pd.csi.storage.gke.io')).toBeUndefined();
    expect([...snapshotClassesByDriver(cluster)].map(([driver, s]) => [driver, s.className])).toStrictEqual([
      ['ebs.csi.aws.com', 'fast'],
      ['nfs.csi.k8s.io', 'shared'],
    ]);
  });

  test('two unmarked classes of one driver: neither is default, and no driver class is chosen', () => {
    // GIVEN
    const cluster = storageCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });
    addStorageClass(cluster, 'bulk', { provisioner: Provisioner.ebs({ type: EbsVolumeType.ST1 }), snapshotClass: {} });

    // THEN
    const synthesis = synth(cluster);
    expect(findObject(synthesis, 'VolumeSnapshotClass', 'fast').metadata.annotations).toBeUndefined();
    expect(snapshotClassForDriver(cluster, 'ebs.csi.aws.com')).toBeUndefined();
  });

  test('by default the three snapshot CRDs are referenced by their pinned external-snapshotter v8.6.0 URLs', () => {
    // GIVEN
    const cluster = newCluster();

    // WHEN
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });
    const synthesis = synth(cluster);

    // THEN
    expect(VOLUME_SNAPSHOT_CLASS_CRD_URL).toBe(
      'https://raw.githubusercontent.com/kubernetes-csi/external-snapshotter/v8.6.0/client/config/crd/snapshot.storage.k8s.io_volumesnapshotclasses.yaml',
    );
    expect(synthesis.crdUrls).toStrictEqual([
      VOLUME_SNAPSHOT_CLASS_CRD_URL,
      'https://raw.githubusercontent.com/kubernetes-csi/external-snapshotter/v8.6.0/client/config/crd/snapshot.storage.k8s.io_volumesnapshotcontents.yaml',
      'https://raw.githubusercontent.com/kubernetes-csi/external-snapshotter/v8.6.0/client/config/crd/snapshot.storage.k8s.io_volumesnapshots.yaml',
    ]);
  });

  test('no snapshot class, no CRD source', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true });

    // THEN
    expect(synth(cluster).crdUrls).toStrictEqual([]);
  });

  test('CRDs installed by someone else', () => {
    // GIVEN
    const cluster = newCluster();
    configureStorage(cluster, { snapshotCrds: CrdSource.none() });

    // WHEN
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });

    // THEN
    const synthesis = synth(cluster);
    expect(synthesis.crdUrls).toStrictEqual([]);
    expect(findObject(synthesis, 'VolumeSnapshotClass', 'fast').driver).toBe('ebs.csi.aws.com');
  });
});
