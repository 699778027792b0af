import { ReclaimPolicy, VolumeBindingMode, addStorageClass, configureStorage } from '../../lib/storage-class';
import { EbsVolumeType, Provisioner } from '../../constructs/storage';
import { newCluster, synthErrors, synthWarnings } from '../support/synth';

describe('StorageClass errors', () => {
  test('two defaults are an error that names both classes', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true });
    addStorageClass(cluster, 'local', { provisioner: Provisioner.localPath(), default: true });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received, e.expected])).toStrictEqual([
      ['storage/two-defaults', 'test/Storage', 'default', ['fast', 'local'], 'exactly one StorageClass with default: true'],
    ]);
    expect(errors[0].message).toContain('2 StorageClasses are marked default');
  });

  test('no default is a warning that class-less claims stay Pending', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs() });

    // WHEN
    const warnings = synthWarnings(cluster);

    // THEN
    expect(warnings.map((w) => [w.rule, w.received])).toStrictEqual([['storage/no-default', ['fast']]]);
    expect(warnings[0].message).toBe(
      'no StorageClass is marked default: PersistentVolumeClaims without a storageClassName will stay Pending',
    );
  });

  test('Recycle is refused with an explanation', () => {
    // GIVEN (untyped input: ReclaimPolicy has no RECYCLE member)
    const cluster = newCluster();
    addStorageClass(cluster, 'old', {
      provisioner: Provisioner.nfs({ server: 'nfs.internal', path: '/exports' }),
      default: true,
      reclaimPolicy: 'Recycle' as ReclaimPolicy,
    });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors.map((e) => [e.rule, e.field, e.received, e.expected])).toStrictEqual([
      ['storage/reclaim-policy', 'reclaimPolicy', 'Recycle', 'Delete or Retain'],
    ]);
    expect(errors[0].message).toMatch(/^Recycle is deprecated .* Use Delete, or Retain and clean volumes up yourself$/);
  });

  test('other unknown reclaim policies and binding modes are refused', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'odd', {
      provisioner: Provisioner.ebs(),
      default: true,
      reclaimPolicy: 'Keep' as ReclaimPolicy,
      volumeBindingMode: 'Later' as VolumeBindingMode,
    });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.message, e.received])).toStrictEqual([
      ['storage/reclaim-policy', 'not a reclaim policy a StorageClass accepts', 'Keep'],
      ['storage/volume-binding-mode', 'not a volume binding mode the API server accepts', 'Later'],
    ]);
  });

  test.each([
    ['NFS', Provisioner.nfs({ server: 'nfs.internal', path: '/exports' }), 'nfs.csi.k8s.io'],
    ['local-path', Provisioner.localPath(), 'rancher.io/local-path'],
    ['Ceph RBD', Provisioner.cephRbd({ pool: 'replicapool' }), 'rook-ceph.rbd.csi.ceph.com'],
    ['Longhorn', Provisioner.longhorn(), 'driver.longhorn.io'],
  ])('zones on %s, which has no zone topology, are an error', (_name, provisioner, driver) => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'zoned', { provisioner, default: true, zones: ['zone-a'] });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors.map((e) => [e.rule, e.field, e.received])).toStrictEqual([['storage/zones-unsupported', 'zones', ['zone-a']]]);
    expect(errors[0].message).toBe(
      `provisioner ${driver} reports no zone topology; allowedTopologies on it would match no node and volumes would never be provisioned`,
    );
  });

  test('zone names must be label values', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, zones: ['eu-west-1a', '', 'bad zone'] });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.received])).toStrictEqual([['storage/zone-value', ['', 'bad zone']]]);
  });

  test('invalid and duplicate class names are errors', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'a', { name: 'Fast_SSD', provisioner: Provisioner.ebs(), default: true });
    addStorageClass(cluster, 'b', { name: 'same', provisioner: Provisioner.ebs() });
    addStorageClass(cluster, 'c', { name: 'same', provisioner: Provisioner.ebs() });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.received])).toStrictEqual([
      ['storage/class-name', 'test/Storage/a', 'Fast_SSD'],
      ['objects/duplicate-identity', 'test/Storage/c/Resource', 'storage.k8s.io/v1|StorageClass||same'],
    ]);
  });

  test('a duplicate id is a located problem, reported at synthesis', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs() });

    // WHEN
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.localPath() });

    // THEN
    expect(synthErrors(cluster).filter((e) => e.rule === 'ids/duplicate').map((e) => [e.path, e.field, e.message])).toStrictEqual([
      ['test/Storage', 'addStorageClass(id)', "a second storage class with id 'fast': test/Storage/fast has it already"],
    ]);
  });

  test('storage options must be set before the first class', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs() });

    // THEN
    expect(() => configureStorage(cluster, {})).toThrow(
      "Cluster 'test' already has its storage configured; configure it before adding storage classes",
    );
  });

  test('expansion, mount options and snapshots a driver does not support are errors', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'local', {
      provisioner: Provisioner.localPath(),
      default: true,
      allowVolumeExpansion: true,
      mountOptions: ['noatime'],
      snapshotClass: {},
    });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.field, e.message])).toStrictEqual([
      [
        'storage/volume-expansion-unsupported',
        'allowVolumeExpansion',
        'provisioner rancher.io/local-path cannot resize volumes; claims would be accepted and never grow',
      ],
      [
        'storage/mount-options-unsupported',
        'mountOptions',
        'volumes of provisioner rancher.io/local-path take no mount options; the API server would refuse their PersistentVolumes',
      ],
      [
        'storage/snapshots-unsupported',
        'snapshotClass',
        'provisioner rancher.io/local-path does not take CSI snapshots; a VolumeSnapshotClass for it would never produce one',
      ],
    ]);
  });

  test('a class without a provisioner is an error, not a crash', () => {
    // GIVEN (untyped input)
    const cluster = newCluster();
    addStorageClass(cluster, 'none', { default: true } as never);

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.field])).toStrictEqual([['storage/provisioner', 'provisioner']]);
  });

  test('all problems of a cluster are reported together', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'a', { provisioner: Provisioner.ebs({ type: EbsVolumeType.GP3, iops: 100 }), default: true });
    addStorageClass(cluster, 'b', { provisioner: Provisioner.nfs({ server: '', path: '/x' }), default: true, zones: ['z'] });

    // THEN
    expect(synthErrors(cluster).map((e) => e.rule)).toStrictEqual([
      'storage/two-defaults',
      'storage/ebs-iops',
      'storage/zones-unsupported',
      'storage/nfs-server',
    ]);
  });
});

// Bugs found by the property test in test/fuzz; each names the bug it pins.
describe('StorageClass: fuzz regressions', () => {
  test('StorageClass labels the API server refuses are errors, not objects kubectl apply rejects', () => {
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, labels: { tier: 'a'.repeat(64) } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message])).toStrictEqual([['names/label', 'test/Storage/fast', 'labels.tier', 'not a valid label value']]);
  });

  test("a provisioner parameter named 'constructor' is an error, not a cdk8s rendering crash", () => {
    const cluster = newCluster();
    addStorageClass(cluster, 'custom', { provisioner: Provisioner.custom('csi.example.com', { constructor: 'x' }), default: true });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.field])).toStrictEqual([['storage/provisioner-parameters', 'test/Storage/custom', 'provisioner.parameters.constructor']]);
  });
});

