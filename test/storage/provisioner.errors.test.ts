import { FileSystemType, IProvisioner, VolumeBindingMode, addStorageClass } from '../../lib/storage-class';
import {
  AzureDiskCachingMode,
  AzureDiskNetworkAccessPolicy,
  AzureDiskSku,
  CephFsMounter,
  EbsVolumeType,
  GcePdReplicationType,
  GcePdType,
  LocalPathProvisioner,
  LonghornDataLocality,
  LonghornSnapshotType,
  NfsProvisionerOptions,
  Provisioner,
  RbdImageFeature,
} from '../../constructs/storage';
import { newCluster, synth, synthErrors } from '../support/synth';

/** The errors of a cluster with one default class using `provisioner`. */
function errorsOf(provisioner: IProvisioner, volumeBindingMode?: VolumeBindingMode) {
  const cluster = newCluster();
  addStorageClass(cluster, 'sc', { provisioner, default: true, volumeBindingMode });
  return synthErrors(cluster);
}

describe('EBS errors', () => {
  // upstream: kubernetes-sigs/aws-ebs-csi-driver docs/parameters.md (min/max total IOPS per type)
  test.each([
    [EbsVolumeType.GP3, 2999, 3000, 80000],
    [EbsVolumeType.IO1, 99, 100, 64000],
    [EbsVolumeType.IO2, 50, 100, 256000],
  ])('%s with %d IOPS is below its minimum', (type, iops, min, max) => {
    const errors = errorsOf(Provisioner.ebs({ type, iops }));
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received, e.expected])).toStrictEqual([
      ['storage/ebs-iops', 'test/Storage/sc', 'provisioner.iops', iops, `an integer from ${min} to ${max}`],
    ]);
    expect(errors[0].message).toBe(
      `${type} volumes take ${min} to ${max} IOPS; EC2 would refuse any other value and claims would stay Pending`,
    );
  });

  test.each([
    [EbsVolumeType.GP3, 80001],
    [EbsVolumeType.IO1, 64001],
    [EbsVolumeType.IO2, 256001],
  ])('%s with %d IOPS is above its maximum', (type, iops) => {
    expect(errorsOf(Provisioner.ebs({ type, iops, throughput: undefined })).map((e) => e.rule)).toStrictEqual(['storage/ebs-iops']);
  });

  test.each([EbsVolumeType.GP2, EbsVolumeType.SC1, EbsVolumeType.ST1, EbsVolumeType.STANDARD])('%s takes neither iops nor iopsPerGb', (type) => {
    const errors = errorsOf(Provisioner.ebs({ type, iops: 3000, iopsPerGb: 10 }));
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([
      ['storage/ebs-iops', 'provisioner.iops'],
      ['storage/ebs-iops', 'provisioner.iops'],
      ['storage/ebs-iops-per-gb', 'provisioner.iopsPerGb'],
    ]);
    expect(errors.map((e) => e.message)).toStrictEqual([
      'iops and iopsPerGb are exclusive; the driver refuses a class that sets both',
      `${type} volumes have no provisioned IOPS; iops applies to io1, io2 and gp3 only`,
      `${type} volumes have no provisioned IOPS; iopsPerGb applies to io1, io2 and gp3 only`,
    ]);
  });

  test.each([EbsVolumeType.GP2, EbsVolumeType.IO1, EbsVolumeType.IO2, EbsVolumeType.ST1])('throughput on %s, which does not take it', (type) => {
    const errors = errorsOf(Provisioner.ebs({ type, throughput: 250 }));
    expect(errors.map((e) => [e.rule, e.field, e.message, e.expected])).toStrictEqual([
      ['storage/ebs-throughput', 'provisioner.throughput', `${type} volumes take no throughput setting; only gp3 does`, 'no throughput, or type gp3'],
    ]);
  });

  test('gp3 throughput range and the 0.25 MiB/s per IOPS ratio', () => {
    expect(errorsOf(Provisioner.ebs({ throughput: 100 })).map((e) => [e.rule, e.expected])).toStrictEqual([
      ['storage/ebs-throughput', 'an integer from 125 to 2000'],
    ]);
    const ratio = errorsOf(Provisioner.ebs({ throughput: 1000 }));
    expect(ratio.map((e) => [e.rule, e.message, e.received])).toStrictEqual([
      ['storage/ebs-throughput', 'gp3 allows at most 0.25 MiB/s per provisioned IOPS: 3000 IOPS allow 750 MiB/s', { throughput: 1000, iops: 3000 }],
    ]);
    const fine = newCluster();
    addStorageClass(fine, 'sc', { provisioner: Provisioner.ebs({ throughput: 1000, iops: 4000 }), default: true });
    expect(synth(fine).warnings).toStrictEqual([]);
  });

  test('a KMS key without encryption', () => {
    const errors = errorsOf(Provisioner.ebs({ kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/2' }));
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([['storage/ebs-kms-key', 'provisioner.kmsKeyId']]);
  });

  test('an unknown volume type from untyped input', () => {
    expect(errorsOf(Provisioner.ebs({ type: 'gp4' as EbsVolumeType })).map((e) => [e.rule, e.received])).toStrictEqual([
      ['storage/ebs-volume-type', 'gp4'],
    ]);
  });
});

describe('NFS errors', () => {
  test('NFS without a server', () => {
    const errors = errorsOf(Provisioner.nfs({ path: '/exports' } as NfsProvisionerOptions));
    expect(errors.map((e) => [e.rule, e.field, e.message, e.received])).toStrictEqual([
      [
        'storage/nfs-server',
        'provisioner.server',
        'an NFS class needs the server that exports its share; without one no volume can be created or mounted',
        undefined,
      ],
    ]);
    expect(errorsOf(Provisioner.nfs({ server: ' ', path: '/exports' })).map((e) => e.rule)).toStrictEqual(['storage/nfs-server']);
  });

  test('NFS without a path, with a relative path, with a bad mode', () => {
    expect(errorsOf(Provisioner.nfs({ server: 'nfs' } as NfsProvisionerOptions)).map((e) => e.rule)).toStrictEqual(['storage/nfs-path']);
    expect(errorsOf(Provisioner.nfs({ server: 'nfs', path: 'exports', mountPermissions: '777x' })).map((e) => [e.rule, e.message])).toStrictEqual([
      ['storage/nfs-path', 'an NFS export path is absolute'],
      ['storage/nfs-mount-permissions', 'mountPermissions is an octal file mode'],
    ]);
  });

  test('NFS options missing altogether', () => {
    expect(errorsOf(Provisioner.nfs(undefined as never)).map((e) => e.rule)).toStrictEqual(['storage/nfs-server', 'storage/nfs-path']);
  });
});

describe('GlusterFS', () => {
  test('asking for GlusterFS is an error that says it was removed and points to CSI', () => {
    const errors = errorsOf(Provisioner.glusterfs());
    expect(errors.map((e) => [e.rule, e.field, e.received, e.expected])).toStrictEqual([
      ['storage/glusterfs-removed', 'provisioner', 'kubernetes.io/glusterfs', 'a CSI driver'],
    ]);
    expect(errors[0].message).toContain('was removed in Kubernetes 1.26');
    expect(errors[0].message).toContain('Use a CSI driver instead');
  });

  test('the in-tree name through custom() is the same error', () => {
    expect(errorsOf(Provisioner.custom('kubernetes.io/glusterfs', { resturl: 'http://heketi:8080' })).map((e) => e.rule)).toStrictEqual([
      'storage/glusterfs-removed',
    ]);
  });
});

describe('other catalogue errors', () => {
  test('local-path with Immediate binding', () => {
    const errors = errorsOf(Provisioner.localPath(), VolumeBindingMode.IMMEDIATE);
    expect(errors.map((e) => [e.rule, e.field, e.expected])).toStrictEqual([
      ['storage/local-path-binding-mode', 'volumeBindingMode', 'VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER'],
    ]);
  });

  test("local-path nodePath outside the provisioner's node paths", () => {
    // GIVEN a provisioner with its own node paths
    const cluster = newCluster();
    new LocalPathProvisioner(cluster, 'LocalPathProvisioner', { nodePaths: ['/data/ssd', '/data/hdd'] });
    addStorageClass(cluster, 'ssd', { provisioner: Provisioner.localPath({ nodePath: '/data/ssd' }), default: true });
    addStorageClass(cluster, 'nvme', { provisioner: Provisioner.localPath({ nodePath: '/data/nvme' }) });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.received, e.expected])).toStrictEqual([
      ['storage/local-path-node-path', 'test/Storage/nvme', '/data/nvme', 'one of /data/ssd, /data/hdd (LocalPathProvisioner nodePaths)'],
    ]);
  });

  test('Ceph without pool or fsName, with bad secret references', () => {
    expect(errorsOf(Provisioner.cephRbd({ pool: '' })).map((e) => [e.rule, e.field])).toStrictEqual([['storage/ceph-pool', 'provisioner.pool']]);
    expect(
      errorsOf(Provisioner.cephFs({ fsName: undefined as never, provisionerSecret: { name: 'Bad Name', namespace: 'rook-ceph' } })).map((e) => [e.rule, e.field]),
    ).toStrictEqual([
      ['storage/ceph-fs-name', 'provisioner.fsName'],
      ['storage/ceph-secret', 'provisioner.provisionerSecret.name'],
    ]);
    expect(errorsOf(Provisioner.cephRbd({ pool: 'p', clusterId: 'Rook_Ceph', encryptionKmsId: 'vault' })).map((e) => e.rule)).toStrictEqual([
      'storage/ceph-namespace',
      'storage/ceph-encryption',
    ]);
  });

  test('Longhorn replica count and timeout', () => {
    expect(errorsOf(Provisioner.longhorn({ numberOfReplicas: 0, staleReplicaTimeout: 1.5 })).map((e) => [e.rule, e.received])).toStrictEqual([
      ['storage/longhorn-replicas', 0],
      ['storage/longhorn-stale-replica-timeout', 1.5],
    ]);
  });

  test('GCE PD provisioned performance on types without it', () => {
    expect(
      errorsOf(Provisioner.gcePd({ type: GcePdType.PD_SSD, provisionedIopsOnCreate: 5000, provisionedThroughputOnCreate: 200 })).map((e) => e.rule),
    ).toStrictEqual(['storage/gce-pd-iops', 'storage/gce-pd-throughput']);
  });

  test('Azure Disk provisioned performance and caching', () => {
    expect(errorsOf(Provisioner.azureDisk({ skuName: AzureDiskSku.PREMIUM_LRS, diskIopsReadWrite: 5000 })).map((e) => e.rule)).toStrictEqual([
      'storage/azure-disk-performance',
    ]);
    expect(
      errorsOf(Provisioner.azureDisk({ skuName: AzureDiskSku.PREMIUM_V2_LRS, cachingMode: AzureDiskCachingMode.READ_ONLY })).map((e) => e.rule),
    ).toStrictEqual(['storage/azure-disk-caching']);
  });

  test('custom: an invalid driver name, non-string parameters', () => {
    expect(errorsOf(Provisioner.custom('Not A Driver!', { replicas: 3 as never })).map((e) => [e.rule, e.received])).toStrictEqual([
      ['storage/provisioner-name', 'Not A Driver!'],
      ['storage/provisioner-parameters', { replicas: 3 }],
    ]);
  });
});

// Bugs found by the property test in test/fuzz (its enum oracle): values outside an enum,
// from untyped input, went into StorageClass parameters unchecked.
describe('provisioners: fuzz regressions', () => {
  function errorsOf(provisioner: IProvisioner) {
    const cluster = newCluster();
    addStorageClass(cluster, 'disks', { provisioner, default: true });
    return synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.received]);
  }
  const zfs = 'zfs' as FileSystemType;

  test.each<[string, IProvisioner]>([
    ['ebs', Provisioner.ebs({ fsType: zfs })],
    ['gcePd', Provisioner.gcePd({ fsType: zfs })],
    ['azureDisk', Provisioner.azureDisk({ fsType: zfs })],
    ['cinder', Provisioner.cinder({ fsType: zfs })],
    ['vsphere', Provisioner.vsphere({ fsType: zfs })],
    ['longhorn', Provisioner.longhorn({ fsType: zfs })],
    ['cephRbd', Provisioner.cephRbd({ pool: 'replicapool', fsType: zfs })],
  ])('an unknown file system for %s is an error, not a parameter the driver refuses', (_name, provisioner) => {
    expect(errorsOf(provisioner)).toStrictEqual([['storage/fs-type', 'test/Storage/disks', 'provisioner.fsType', 'zfs']]);
  });

  test('unknown driver options are errors: CephFS mounter, RBD feature, Longhorn locality and snapshot type, Azure caching and access, GCE replication', () => {
    expect(errorsOf(Provisioner.cephFs({ fsName: 'myfs', mounter: '' as CephFsMounter }))).toStrictEqual([['storage/cephfs-mounter', 'test/Storage/disks', 'provisioner.mounter', '']]);
    expect(errorsOf(Provisioner.cephRbd({ pool: 'replicapool', imageFeatures: [RbdImageFeature.LAYERING, 'bogus' as RbdImageFeature] }))).toStrictEqual([
      ['storage/ceph-image-features', 'test/Storage/disks', 'provisioner.imageFeatures', 'bogus'],
    ]);
    expect(errorsOf(Provisioner.longhorn({ dataLocality: '' as LonghornDataLocality, snapshotType: 'full' as LonghornSnapshotType }))).toStrictEqual([
      ['storage/longhorn-data-locality', 'test/Storage/disks', 'provisioner.dataLocality', ''],
      ['storage/longhorn-snapshot-type', 'test/Storage/disks', 'provisioner.snapshotType', 'full'],
    ]);
    expect(errorsOf(Provisioner.azureDisk({ cachingMode: '' as AzureDiskCachingMode, networkAccessPolicy: 'Open' as AzureDiskNetworkAccessPolicy }))).toStrictEqual([
      ['storage/azure-disk-caching', 'test/Storage/disks', 'provisioner.cachingMode', ''],
      ['storage/azure-disk-network-access-policy', 'test/Storage/disks', 'provisioner.networkAccessPolicy', 'Open'],
    ]);
    expect(errorsOf(Provisioner.gcePd({ replicationType: 'zonal' as GcePdReplicationType }))).toStrictEqual([
      ['storage/gce-pd-replication-type', 'test/Storage/disks', 'provisioner.replicationType', 'zonal'],
    ]);
  });

  test('a vSphere zone category that is not a label name is an error, not allowedTopologies the API server refuses', () => {
    const cluster = newCluster();
    addStorageClass(cluster, 'disks', { provisioner: Provisioner.vsphere({ zoneCategory: 'Bad Category!' }), default: true, zones: ['zone-a'] });
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([
      ['storage/vsphere-zone-category', 'test/Storage/disks', 'provisioner.zoneCategory', 'Bad Category!'],
    ]);
  });

  test('a custom topology key that is not a label key is an error, not allowedTopologies the API server refuses', () => {
    const cluster = newCluster();
    addStorageClass(cluster, 'disks', { provisioner: Provisioner.custom('csi.example.com', {}, { topologyKey: 'bad key!' }), default: true, zones: ['zone-a'] });
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([
      ['storage/provisioner-topology-key', 'test/Storage/disks', 'provisioner.topologyKey', 'bad key!'],
    ]);
  });
});

