import { addStorageClass } from '../../lib/storage-class';
import { Provisioner, SnapshotController } from '../../constructs/storage';
import { synthErrors } from '../support/synth';
import { storageCluster } from './fixtures';

describe('SnapshotController errors', () => {
  test('no replicas', () => {
    // GIVEN
    const cluster = storageCluster();
    new SnapshotController(cluster, 'Snapshots', { replicas: 0 });
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([
      ['storage/snapshot-controller-replicas', 'test/Snapshots', 'replicas', 0],
    ]);
  });
});
