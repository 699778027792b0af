import { FileSystemType, IProvisioner, VolumeBindingMode, addStorageClass } from '../../lib/storage-class';
import { AzureDiskCachingMode, AzureDiskNetworkAccessPolicy, AzureDiskSku, CephFsMounter, EbsVolumeType, GcePdReplicationType, GcePdType, LonghornDataLocality, LonghornSnapshotType, NfsOnDelete, Provisioner, RbdImageFeature } from '../../constructs/storage';
import { PROVISIONER_DEFAULTS } from '../../constructs/storage/defaults';
import { findObject, synth } from '../support/synth';
import { storageCluster } from './fixtures';

/** Synthesises one class (with a snapshot class when the driver takes snapshots) and returns its objects. */
function render(provisioner: IProvisioner, zones?: string[]) {
  const cluster = storageCluster();
  addStorageClass(cluster, 'sc', { provisioner, default: true, zones, snapshotClass: provisioner.supportsSnapshots ? {} : undefined });
  const synthesis = synth(cluster);
  const sc = findObject(synthesis, 'StorageClass', 'sc');
  const snapshot = provisioner.supportsSnapshots ? findObject(synthesis, 'VolumeSnapshotClass', 'sc') : undefined;
  return { sc, snapshot };
}

describe('Provisioner catalogue', () => {
  test('defaults', () => {
    expect(PROVISIONER_DEFAULTS).toStrictEqual({
      localPathNodePaths: ['/opt/local-path-provisioner'],
      localPathNamespace: 'local-path-storage',
      localPathProvisionerName: 'rancher.io/local-path',
      nfsNamespace: 'csi-nfs',
      nfsDriverName: 'nfs.csi.k8s.io',
      rookClusterId: 'rook-ceph',
      rookOperatorNamespace: 'rook-ceph',
      cephRbdFileSystem: FileSystemType.EXT4,
      ebsVolumeType: EbsVolumeType.GP3,
      gcePdType: GcePdType.PD_BALANCED,
      gcePdReplicationType: GcePdReplicationType.NONE,
      azureDiskSku: AzureDiskSku.STANDARD_SSD_LRS,
      vsphereZoneCategory: 'k8s-zone',
      longhornReplicas: 3,
      longhornStaleReplicaTimeoutMinutes: 2880,
      longhornSnapshotType: LonghornSnapshotType.SNAPSHOT,
    });
  });

  test('what each driver can do', () => {
    const catalogue: IProvisioner[] = [
      Provisioner.localPath(),
      Provisioner.nfs({ server: 's', path: '/p' }),
      Provisioner.cephRbd({ pool: 'p' }),
      Provisioner.cephFs({ fsName: 'f' }),
      Provisioner.ebs(),
      Provisioner.gcePd(),
      Provisioner.azureDisk(),
      Provisioner.cinder(),
      Provisioner.vsphere(),
      Provisioner.longhorn(),
      Provisioner.custom('csi.example.com'),
    ];
    const rows = catalogue.map((p) => [p.name, p.topologyKey, p.supportsSnapshots, p.supportsVolumeExpansion, p.defaultVolumeBindingMode]);
    const I = VolumeBindingMode.IMMEDIATE;
    const W = VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;
    expect(rows).toStrictEqual([
      ['rancher.io/local-path', undefined, false, false, W],
      ['nfs.csi.k8s.io', undefined, true, true, I],
      ['rook-ceph.rbd.csi.ceph.com', undefined, true, true, I],
      ['rook-ceph.cephfs.csi.ceph.com', undefined, true, true, I],
      ['ebs.csi.aws.com', 'topology.ebs.csi.aws.com/zone', true, true, W],
      ['pd.csi.storage.gke.io', 'topology.gke.io/zone', true, true, W],
      ['disk.csi.azure.com', 'topology.disk.csi.azure.com/zone', true, true, W],
      ['cinder.csi.openstack.org', 'topology.cinder.csi.openstack.org/zone', true, true, W],
      ['csi.vsphere.vmware.com', 'topology.csi.vmware.com/k8s-zone', true, true, W],
      ['driver.longhorn.io', undefined, true, true, I],
      ['csi.example.com', undefined, false, undefined, W],
    ]);
  });

  test('local-path: nodePath and pathPattern', () => {
    const { sc } = render(Provisioner.localPath({ nodePath: '/opt/local-path-provisioner', pathPattern: '{{ .PVC.Namespace }}/{{ .PVC.Name }}/{{ .PVName }}' }));
    expect([sc.provisioner, sc.parameters, sc.volumeBindingMode]).toStrictEqual([
      'rancher.io/local-path',
      { nodePath: '/opt/local-path-provisioner', pathPattern: '{{ .PVC.Namespace }}/{{ .PVC.Name }}/{{ .PVName }}' },
      'WaitForFirstConsumer',
    ]);
  });

  test('NFS: server and path become server and share (csi-driver-nfs docs/driver-parameters.md)', () => {
    const { sc, snapshot } = render(
      Provisioner.nfs({ server: 'nfs.internal', path: '/exports/k8s', subDir: '${pvc.metadata.namespace}', mountPermissions: '0775', onDelete: NfsOnDelete.ARCHIVE }),
    );
    expect([sc.provisioner, sc.parameters]).toStrictEqual([
      'nfs.csi.k8s.io',
      { server: 'nfs.internal', share: '/exports/k8s', subDir: '${pvc.metadata.namespace}', mountPermissions: '0775', onDelete: 'archive' },
    ]);
    expect(snapshot?.driver).toBe('nfs.csi.k8s.io');
  });

  test('Ceph RBD: Rook clusterID, pool and secret references, never secret values', () => {
    const { sc } = render(Provisioner.cephRbd({ pool: 'replicapool' }));
    // upstream: rook/rook deploy/examples/csi/rbd/storageclass.yaml
    expect([sc.provisioner, sc.parameters]).toStrictEqual([
      'rook-ceph.rbd.csi.ceph.com',
      {
        clusterID: 'rook-ceph',
        pool: 'replicapool',
        imageFormat: '2',
        imageFeatures: 'layering',
        'csi.storage.k8s.io/provisioner-secret-name': 'rook-csi-rbd-provisioner',
        'csi.storage.k8s.io/provisioner-secret-namespace': 'rook-ceph',
        'csi.storage.k8s.io/controller-expand-secret-name': 'rook-csi-rbd-provisioner',
        'csi.storage.k8s.io/controller-expand-secret-namespace': 'rook-ceph',
        'csi.storage.k8s.io/node-stage-secret-name': 'rook-csi-rbd-node',
        'csi.storage.k8s.io/node-stage-secret-namespace': 'rook-ceph',
        'csi.storage.k8s.io/fstype': 'ext4',
      },
    ]);
  });

  test('Ceph RBD: another Rook install, erasure coding, features, encryption', () => {
    const { sc } = render(
      Provisioner.cephRbd({
        clusterId: 'ceph-prod',
        operatorNamespace: 'rook-system',
        pool: 'meta',
        dataPool: 'ec-data',
        imageFeatures: [RbdImageFeature.LAYERING, RbdImageFeature.EXCLUSIVE_LOCK],
        encrypted: true,
        encryptionKmsId: 'vault',
        provisionerSecret: { name: 'prov', namespace: 'ceph-prod' },
        nodeSecret: { name: 'node', namespace: 'ceph-prod' },
        fsType: FileSystemType.XFS,
      }),
    );
    expect(sc.provisioner).toBe('rook-system.rbd.csi.ceph.com');
    expect(sc.parameters).toMatchObject({
      clusterID: 'ceph-prod',
      pool: 'meta',
      dataPool: 'ec-data',
      imageFeatures: 'layering,exclusive-lock',
      encrypted: 'true',
      encryptionKMSID: 'vault',
      'csi.storage.k8s.io/provisioner-secret-name': 'prov',
      'csi.storage.k8s.io/node-stage-secret-name': 'node',
      'csi.storage.k8s.io/fstype': 'xfs',
    });
  });

  test('CephFS: clusterID, fsName, pool and secret references', () => {
    const { sc, snapshot } = render(Provisioner.cephFs({ fsName: 'myfs', pool: 'myfs-replicated', mounter: CephFsMounter.KERNEL }));
    // upstream: rook/rook deploy/examples/csi/cephfs/storageclass.yaml
    expect([sc.provisioner, sc.parameters]).toStrictEqual([
      'rook-ceph.cephfs.csi.ceph.com',
      {
        clusterID: 'rook-ceph',
        fsName: 'myfs',
        pool: 'myfs-replicated',
        mounter: 'kernel',
        'csi.storage.k8s.io/provisioner-secret-name': 'rook-csi-cephfs-provisioner',
        'csi.storage.k8s.io/provisioner-secret-namespace': 'rook-ceph',
        'csi.storage.k8s.io/controller-expand-secret-name': 'rook-csi-cephfs-provisioner',
        'csi.storage.k8s.io/controller-expand-secret-namespace': 'rook-ceph',
        'csi.storage.k8s.io/node-stage-secret-name': 'rook-csi-cephfs-node',
        'csi.storage.k8s.io/node-stage-secret-namespace': 'rook-ceph',
      },
    ]);
    expect(snapshot?.parameters).toStrictEqual({
      clusterID: 'rook-ceph',
      'csi.storage.k8s.io/snapshotter-secret-name': 'rook-csi-cephfs-provisioner',
      'csi.storage.k8s.io/snapshotter-secret-namespace': 'rook-ceph',
    });
  });

  test('EBS: the driver parameter names (aws-ebs-csi-driver docs/parameters.md)', () => {
    const { sc } = render(
      Provisioner.ebs({
        type: EbsVolumeType.GP3,
        iops: 6000,
        throughput: 500,
        encrypted: true,
        kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234',
        fsType: FileSystemType.XFS,
        tags: { team: 'data', env: 'prod' },
      }),
      ['eu-west-1a'],
    );
    expect(sc.parameters).toStrictEqual({
      type: 'gp3',
      iops: '6000',
      throughput: '500',
      encrypted: 'true',
      kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234',
      'csi.storage.k8s.io/fstype': 'xfs',
      tagSpecification_1: 'team=data',
      tagSpecification_2: 'env=prod',
    });
    expect(sc.allowedTopologies).toStrictEqual([{ matchLabelExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', values: ['eu-west-1a'] }] }]);
  });

  test('EBS: io2 by IOPS per GiB', () => {
    const { sc } = render(Provisioner.ebs({ type: EbsVolumeType.IO2, iopsPerGb: 50, allowAutoIopsPerGbIncrease: true }));
    expect(sc.parameters).toStrictEqual({ type: 'io2', iopsPerGB: '50', allowAutoIOPSPerGBIncrease: 'true' });
  });

  test('GCE PD', () => {
    const { sc } = render(
      Provisioner.gcePd({
        type: GcePdType.HYPERDISK_BALANCED,
        provisionedIopsOnCreate: 7000,
        provisionedThroughputOnCreate: 250,
        diskEncryptionKmsKey: 'projects/p/locations/l/keyRings/r/cryptoKeys/k',
        labels: { team: 'data' },
        fsType: FileSystemType.EXT4,
      }),
      ['europe-west1-b'],
    );
    expect([sc.provisioner, sc.parameters]).toStrictEqual([
      'pd.csi.storage.gke.io',
      {
        type: 'hyperdisk-balanced',
        'replication-type': 'none',
        'disk-encryption-kms-key': 'projects/p/locations/l/keyRings/r/cryptoKeys/k',
        labels: 'team=data',
        'provisioned-iops-on-create': '7000',
        'provisioned-throughput-on-create': '250Mi',
        'csi.storage.k8s.io/fstype': 'ext4',
      },
    ]);
    expect(sc.allowedTopologies).toStrictEqual([{ matchLabelExpressions: [{ key: 'topology.gke.io/zone', values: ['europe-west1-b'] }] }]);
  });

  test('Azure Disk (azuredisk-csi-driver docs/driver-parameters.md)', () => {
    const { sc, snapshot } = render(
      Provisioner.azureDisk({
        skuName: AzureDiskSku.ULTRA_SSD_LRS,
        cachingMode: AzureDiskCachingMode.NONE,
        diskIopsReadWrite: 2000,
        diskMbpsReadWrite: 320,
        networkAccessPolicy: AzureDiskNetworkAccessPolicy.DENY_ALL,
        diskEncryptionSetId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/diskEncryptionSets/d',
        resourceGroup: 'disks',
        tags: { team: 'data' },
        fsType: FileSystemType.XFS,
      }),
      ['westeurope-1'],
    );
    expect([sc.provisioner, sc.parameters]).toStrictEqual([
      'disk.csi.azure.com',
      {
        skuName: 'UltraSSD_LRS',
        cachingMode: 'None',
        DiskIOPSReadWrite: '2000',
        DiskMBpsReadWrite: '320',
        diskEncryptionSetID: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/diskEncryptionSets/d',
        networkAccessPolicy: 'DenyAll',
        resourceGroup: 'disks',
        tags: 'team=data',
        fsType: 'xfs',
      },
    ]);
    expect(sc.allowedTopologies).toStrictEqual([
      { matchLabelExpressions: [{ key: 'topology.disk.csi.azure.com/zone', values: ['westeurope-1'] }] },
    ]);
    expect(snapshot?.parameters).toStrictEqual({ incremental: 'true' });
  });

  test('Cinder (cloud-provider-openstack docs/cinder-csi-plugin)', () => {
    const { sc, snapshot } = render(Provisioner.cinder({ type: 'ssd', availability: 'nova', forceCreateSnapshots: true }), ['nova']);
    expect([sc.provisioner, sc.parameters]).toStrictEqual(['cinder.csi.openstack.org', { type: 'ssd', availability: 'nova' }]);
    expect(sc.allowedTopologies).toStrictEqual([{ matchLabelExpressions: [{ key: 'topology.cinder.csi.openstack.org/zone', values: ['nova'] }] }]);
    expect(snapshot?.parameters).toStrictEqual({ 'force-create': 'true' });
  });

  test('vSphere', () => {
    const { sc } = render(Provisioner.vsphere({ storagePolicyName: 'gold', datastoreUrl: 'ds:///vmfs/volumes/vsan:52/', fsType: FileSystemType.EXT4 }), ['zone-a']);
    expect([sc.provisioner, sc.parameters]).toStrictEqual([
      'csi.vsphere.vmware.com',
      { storagepolicyname: 'gold', datastoreurl: 'ds:///vmfs/volumes/vsan:52/', 'csi.storage.k8s.io/fstype': 'ext4' },
    ]);
    expect(sc.allowedTopologies).toStrictEqual([{ matchLabelExpressions: [{ key: 'topology.csi.vmware.com/k8s-zone', values: ['zone-a'] }] }]);
    expect(Provisioner.vsphere({ zoneCategory: 'rack' }).topologyKey).toBe('topology.csi.vmware.com/rack');
  });

  test('Longhorn (longhorn examples/storageclass.yaml)', () => {
    const defaults = render(Provisioner.longhorn());
    expect([defaults.sc.provisioner, defaults.sc.parameters, defaults.snapshot?.parameters]).toStrictEqual([
      'driver.longhorn.io',
      { numberOfReplicas: '3', staleReplicaTimeout: '2880' },
      { type: 'snap' },
    ]);
    const chosen = render(
      Provisioner.longhorn({
        numberOfReplicas: 2,
        staleReplicaTimeout: 30,
        dataLocality: LonghornDataLocality.BEST_EFFORT,
        diskSelector: ['ssd', 'fast'],
        nodeSelector: ['storage'],
        fsType: FileSystemType.EXT4,
        snapshotType: LonghornSnapshotType.BACKUP,
      }),
    );
    expect([chosen.sc.parameters, chosen.snapshot?.parameters]).toStrictEqual([
      { numberOfReplicas: '2', staleReplicaTimeout: '30', dataLocality: 'best-effort', diskSelector: 'ssd,fast', nodeSelector: 'storage', fsType: 'ext4' },
      { type: 'bak' },
    ]);
  });

  test('custom: any driver and parameters, with declared capabilities', () => {
    const p = Provisioner.custom('csi.example.com', { tier: 'gold' }, { topologyKey: 'topology.example.com/zone', supportsSnapshots: true });
    const { sc, snapshot } = render(p, ['z1']);
    expect([sc.provisioner, sc.parameters, sc.allowedTopologies]).toStrictEqual([
      'csi.example.com',
      { tier: 'gold' },
      [{ matchLabelExpressions: [{ key: 'topology.example.com/zone', values: ['z1'] }] }],
    ]);
    expect(snapshot?.driver).toBe('csi.example.com');
  });
});
