import {
  ReclaimPolicy,
  STORAGE_DEFAULTS,
  StorageClass,
  VolumeBindingMode,
  addStorageClass,
  defaultStorageClass,
  findStorageClass,
  storageClassNames,
  storageOf,
} from '../../lib/storage-class';
import { EbsVolumeType, Provisioner } from '../../constructs/storage';
import { findObject, newCluster, synth, synthWarnings } from '../support/synth';

describe('StorageClass', () => {
  test('the issue example: a gp3 encrypted EBS default class', () => {
    // GIVEN
    const cluster = newCluster();

    // WHEN
    addStorageClass(cluster, 'fast', {
      provisioner: Provisioner.ebs({ type: EbsVolumeType.GP3, encrypted: true }),
      default: true,
    });

    // THEN
    const sc = findObject(synth(cluster), 'StorageClass', 'fast');
    expect(sc).toStrictEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  });

  test('every option reaches the object; zones use the driver topology key', () => {
    // GIVEN
    const cluster = newCluster();

    // WHEN
    addStorageClass(cluster, 'archive', {
      name: 'archive-retain',
      provisioner: Provisioner.ebs({ type: EbsVolumeType.ST1 }),
      default: true,
      reclaimPolicy: ReclaimPolicy.RETAIN,
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      allowVolumeExpansion: false,
      mountOptions: ['noatime'],
      zones: ['eu-west-1a', 'eu-west-1b'],
      labels: { tier: 'archive' },
    });

    // THEN
    const sc = findObject(synth(cluster), 'StorageClass', 'archive-retain');
    expect(sc).toStrictEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'archive-retain',
        labels: { tier: 'archive' },
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'st1' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: false,
      mountOptions: ['noatime'],
      allowedTopologies: [
        { matchLabelExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', values: ['eu-west-1a', 'eu-west-1b'] }] },
      ],
    });
  });

  test('defaults: Delete, the provisioner binding mode and expansion, name from id, not default', () => {
    // GIVEN
    const cluster = newCluster();

    // WHEN
    const nfs = addStorageClass(cluster, 'shared', { provisioner: Provisioner.nfs({ server: 'nfs.internal', path: '/exports' }) });
    const local = addStorageClass(cluster, 'local', { provisioner: Provisioner.localPath(), default: true });
    const custom = addStorageClass(cluster, 'other', { provisioner: Provisioner.custom('csi.example.com') });

    // THEN
    expect(STORAGE_DEFAULTS.reclaimPolicy).toBe(ReclaimPolicy.DELETE);
    expect([nfs.className, nfs.isDefault, nfs.reclaimPolicy, nfs.volumeBindingMode, nfs.allowVolumeExpansion]).toStrictEqual([
      'shared',
      false,
      ReclaimPolicy.DELETE,
      VolumeBindingMode.IMMEDIATE,
      true,
    ]);
    expect([local.volumeBindingMode, local.allowVolumeExpansion]).toStrictEqual([VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER, false]);
    // An unknown driver gets no expansion unless asked for.
    expect([custom.volumeBindingMode, custom.allowVolumeExpansion]).toStrictEqual([VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER, false]);
    const sc = findObject(synth(cluster), 'StorageClass', 'shared');
    expect(sc.metadata).toStrictEqual({ name: 'shared' });
  });

  test("classes live under the cluster's single 'Storage' construct", () => {
    // GIVEN
    const cluster = newCluster();

    // WHEN
    const a = addStorageClass(cluster, 'a', { provisioner: Provisioner.localPath(), default: true });
    const b = addStorageClass(cluster, 'b', { provisioner: Provisioner.localPath() });

    // THEN
    const storage = cluster.node.tryFindChild('Storage');
    expect(storage).toBe(storageOf(cluster));
    expect(a.node.scope).toBe(storage);
    expect(b.node.scope).toBe(storage);
    expect(storageOf(cluster)!.storageClasses).toStrictEqual([a, b]);
  });

  test('class names are exposed for per-class quotas', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true });
    addStorageClass(cluster, 'slow', { name: 'cold', provisioner: Provisioner.ebs({ type: EbsVolumeType.SC1 }) });

    // THEN
    expect(storageClassNames(cluster)).toStrictEqual(['fast', 'cold']);
    expect(findStorageClass(cluster, 'cold')).toBeInstanceOf(StorageClass);
    expect(findStorageClass(cluster, 'slow')).toBeUndefined();
    expect(defaultStorageClass(cluster)?.className).toBe('fast');
    expect(findStorageClass(cluster, 'cold')!.quotaResources).toStrictEqual({
      requestsStorage: 'cold.storageclass.storage.k8s.io/requests.storage',
      persistentVolumeClaims: 'cold.storageclass.storage.k8s.io/persistentvolumeclaims',
    });
  });

  test('a cluster without storage classes has none and no storage warnings', () => {
    // GIVEN
    const cluster = newCluster();

    // THEN
    expect(storageClassNames(cluster)).toStrictEqual([]);
    expect(findStorageClass(cluster, 'x')).toBeUndefined();
    expect(defaultStorageClass(cluster)).toBeUndefined();
    expect(synthWarnings(cluster).filter((w) => w.rule.startsWith('storage/'))).toStrictEqual([]);
  });

  test('StorageClasses go to the cluster-scoped manifest file', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true });

    // WHEN
    const files = synth(cluster).manifestFiles;

    // THEN
    const file = files.find((f) => f.objects.some((o) => o.manifest.kind === 'StorageClass'));
    expect(file?.fileName).toBe('020-cluster.yaml');
  });
});
