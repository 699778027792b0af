import { BACKUP, BackupAccessMode, BackupCredentials, BackupTarget, ClusterBackup, VeleroPlugin, VeleroProvider } from '../../constructs';
import { VELERO_CRD_KINDS } from '../../constructs/backup/velero';
import { KubeObject, PodSecurityLevel } from '../../lib';
import { evaluatePodSecurity, podTemplateOf } from '../../lib/validation/pod-security';
import { VELERO_CRD_URLS } from '../../lib/versions/backup';
import { findObject, manifests, newCluster, synth } from '../support/synth';
import { backupCluster, minio } from './fixtures';

type Json = Record<string, any>;
const json = (o: KubeObject) => o as unknown as Json;

function gcs(): BackupTarget {
  return BackupTarget.gcs({ bucket: 'backups-gcs', prefix: 'clusters/prod', credentials: BackupCredentials.fromSecret('gcs-credentials', 'service-account.json') });
}

function azure(): BackupTarget {
  return BackupTarget.azure({
    bucket: 'velero',
    resourceGroup: 'backups',
    storageAccount: 'clusterbackups',
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    credentials: BackupCredentials.fromSecret('azure-credentials'),
  });
}

describe('Velero', () => {
  test('the add-on fills the backup slot and depends on the cluster network', () => {
    const { cluster, backup } = backupCluster();
    expect(cluster.addOn(BACKUP)).toBe(backup);
    expect(backup.dependencies.map((k) => k.name)).toStrictEqual(['cni']);
  });

  test('the node agent runs kopia with the upstream host mounts and the credentials file', () => {
    // GIVEN
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('default', { target: minio() });

    // WHEN
    const ds = json(findObject(synth(cluster), 'DaemonSet', 'node-agent', 'velero'));
    const pod = ds.spec.template.spec;
    const [agent] = pod.containers;

    // THEN the kubelet's pod and plugin directories are mounted with HostToContainer propagation, as upstream does
    expect(agent.volumeMounts).toStrictEqual([
      { name: 'cloud-credentials', mountPath: '/credentials' },
      { name: 'host-pods', mountPath: '/host_pods', mountPropagation: 'HostToContainer' },
      { name: 'host-plugins', mountPath: '/host_plugins', mountPropagation: 'HostToContainer' },
      { name: 'scratch', mountPath: '/scratch' },
    ]);
    expect(pod.volumes).toStrictEqual([
      { name: 'cloud-credentials', secret: { secretName: 'velero-credentials', items: [{ key: 'cloud', path: 'cloud' }], defaultMode: 0o444 } },
      { name: 'host-pods', hostPath: { path: '/var/lib/kubelet/pods' } },
      { name: 'host-plugins', hostPath: { path: '/var/lib/kubelet/plugins' } },
      { name: 'scratch', emptyDir: {} },
    ]);
    expect(agent.args).toStrictEqual(['node-agent', 'server']);
    expect(agent.image).toBe('docker.io/velero/velero:v1.18.1');
    expect(pod.securityContext).toStrictEqual({ runAsUser: 0 });
    expect(agent.env.find((e: Json) => e.name === 'AWS_SHARED_CREDENTIALS_FILE')).toStrictEqual({ name: 'AWS_SHARED_CREDENTIALS_FILE', value: '/credentials/cloud' });
  });

  test('the server runs kopia with one plugin init container per provider the locations use', () => {
    // GIVEN locations on S3, GCS and Azure and an EBS-style snapshot location
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('minio', { target: minio(), default: true });
    backup.velero.addBackupStorageLocation('gcs', { target: gcs(), accessMode: BackupAccessMode.READ_ONLY });
    backup.velero.addBackupStorageLocation('azure', { target: azure() });
    backup.velero.addVolumeSnapshotLocation('ebs', { provider: VeleroProvider.AWS, config: { region: 'eu-west-1' } });

    // WHEN
    const pod = json(findObject(synth(cluster), 'Deployment', 'velero', 'velero')).spec.template.spec;

    // THEN each plugin copies its binary into /plugins before the server starts
    expect(pod.initContainers.map((c: Json) => [c.name, c.image, c.volumeMounts])).toStrictEqual([
      ['velero-plugin-for-aws', 'docker.io/velero/velero-plugin-for-aws:v1.14.2', [{ name: 'plugins', mountPath: '/target' }]],
      ['velero-plugin-for-gcp', 'docker.io/velero/velero-plugin-for-gcp:v1.14.2', [{ name: 'plugins', mountPath: '/target' }]],
      ['velero-plugin-for-microsoft-azure', 'docker.io/velero/velero-plugin-for-microsoft-azure:v1.14.0', [{ name: 'plugins', mountPath: '/target' }]],
    ]);
    const [server] = pod.containers;
    expect(server.args).toStrictEqual(['server', '--uploader-type=kopia', '--repo-maintenance-job-configmap=velero-repo-maintenance']);
    expect(server.volumeMounts.map((m: Json) => m.mountPath)).toStrictEqual(['/plugins', '/credentials', '/scratch']);
    // AND the server mounts the default location's credentials
    expect(pod.volumes[0].secret.secretName).toBe('velero-credentials');
  });

  test('explicit plugins replace the default list', () => {
    const { cluster, backup } = backupCluster(undefined, {
      velero: { plugins: [VeleroPlugin.custom('velero-plugin-for-minio', { repository: 'registry.example.com/velero-minio', tag: 'v1.0.0' }, ['aws'])] },
    });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    const pod = json(findObject(synth(cluster), 'Deployment', 'velero', 'velero')).spec.template.spec;
    expect(pod.initContainers.map((c: Json) => c.image)).toStrictEqual(['registry.example.com/velero-minio:v1.0.0']);
  });

  test('locations reference their credentials Secret and carry the provider config; no Secret is written', () => {
    // GIVEN
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('minio', { target: minio(), default: true });
    backup.velero.addBackupStorageLocation('gcs', { target: gcs(), accessMode: BackupAccessMode.READ_ONLY });
    backup.velero.addBackupStorageLocation('azure', { target: azure() });

    // WHEN
    const objects = manifests(synth(cluster));

    // THEN
    const specs = objects.filter((o) => o.kind === 'BackupStorageLocation').map((o) => [o.metadata.name, json(o).spec]);
    expect(specs).toStrictEqual([
      [
        'azure',
        {
          provider: 'azure',
          default: false,
          accessMode: 'ReadWrite',
          objectStorage: { bucket: 'velero' },
          config: { resourceGroup: 'backups', storageAccount: 'clusterbackups', subscriptionId: '00000000-0000-0000-0000-000000000000' },
          credential: { name: 'azure-credentials', key: 'cloud' },
        },
      ],
      [
        'gcs',
        {
          provider: 'gcp',
          default: false,
          accessMode: 'ReadOnly',
          objectStorage: { bucket: 'backups-gcs', prefix: 'clusters/prod' },
          credential: { name: 'gcs-credentials', key: 'service-account.json' },
        },
      ],
      [
        'minio',
        {
          provider: 'aws',
          default: true,
          accessMode: 'ReadWrite',
          objectStorage: { bucket: 'velero' },
          config: { region: 'minio', s3ForcePathStyle: 'true', s3Url: 'http://minio.velero.svc:9000' },
          credential: { name: 'velero-credentials', key: 'cloud' },
        },
      ],
    ]);
    expect(objects.filter((o) => o.kind === 'Secret')).toStrictEqual([]);
  });

  test('schedules: cron, label selector, namespaces, TTL and file-system backup', () => {
    const { cluster, backup } = backupCluster();
    cluster.addTenant('shop', { namespaces: ['shop', 'shop-batch'] });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('shop-hourly', {
      schedule: '15 */1 * * MON-FRI',
      includedNamespaces: ['shop', 'shop-batch'],
      excludedNamespaces: [],
      labelSelector: { matchLabels: { 'backup.example.com/tier': 'gold' }, matchExpressions: [{ key: 'app', operator: 'NotIn' as never, values: ['cache'] }] },
      ttl: '168h',
      fileSystemBackup: true,
      snapshotVolumes: false,
      storageLocation: 'default',
    });
    const schedule = json(findObject(synth(cluster), 'Schedule', 'shop-hourly', 'velero'));
    expect(schedule.spec).toStrictEqual({
      schedule: '15 */1 * * MON-FRI',
      useOwnerReferencesInBackup: false,
      template: {
        includedNamespaces: ['shop', 'shop-batch'],
        labelSelector: { matchLabels: { 'backup.example.com/tier': 'gold' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['cache'] }] },
        ttl: '168h',
        defaultVolumesToFsBackup: true,
        snapshotVolumes: false,
        storageLocation: 'default',
      },
    });
  });

  test('defaults: namespace velero labelled privileged for the node agent, CRDs by pinned URL, 30-day TTL', () => {
    // GIVEN the add-on with no Velero props
    const cluster = newCluster();
    const backup = new ClusterBackup(cluster, 'Backup');
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    backup.velero.addSchedule('daily', { schedule: '@daily' });

    // WHEN
    const synthesis = synth(cluster);

    // THEN
    expect(backup.dependencies).toStrictEqual([]);
    expect(findObject(synthesis, 'Namespace', 'velero').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged' });
    expect(synthesis.crdUrls).toStrictEqual([...VELERO_CRD_URLS].sort());
    expect(VELERO_CRD_URLS).toHaveLength(VELERO_CRD_KINDS.length);
    expect(json(findObject(synthesis, 'Schedule', 'daily', 'velero')).spec.template.ttl).toBe('720h');
    // AND without the CNI add-on the API server's location is unknown: egress to 443/6443 anywhere
    const api = json(findObject(synthesis, 'NetworkPolicy', 'allow-api-server-egress', 'velero'));
    expect(api.spec.egress).toStrictEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }]);
  });

  test('without the node agent the namespace is baseline and the server passes it', () => {
    const { cluster, backup } = backupCluster(undefined, { velero: { nodeAgent: false } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    const synthesis = synth(cluster);
    expect(findObject(synthesis, 'Namespace', 'velero').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline' });
    expect(manifests(synthesis).filter((o) => o.kind === 'DaemonSet' && o.metadata.namespace === 'velero')).toStrictEqual([]);
    const deployment = findObject(synthesis, 'Deployment', 'velero', 'velero');
    expect(evaluatePodSecurity(podTemplateOf(deployment)!, PodSecurityLevel.BASELINE)).toStrictEqual([]);
  });

  test('NetworkPolicies: default-deny, then DNS, the API server and each object store', () => {
    // GIVEN an in-cluster MinIO, a store at an IP address and GCS
    const { cluster, backup } = backupCluster();
    backup.velero.addBackupStorageLocation('minio', { target: minio(), default: true });
    backup.velero.addBackupStorageLocation('nas', {
      target: BackupTarget.s3({ bucket: 'velero', region: 'nas', endpoint: 'https://192.168.5.20:9000', credentials: BackupCredentials.fromSecret('nas') }),
    });
    backup.velero.addBackupStorageLocation('gcs', { target: gcs() });

    // WHEN
    const policies = manifests(synth(cluster)).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'velero');

    // THEN
    const byName = Object.fromEntries(policies.map((p) => [p.metadata.name, json(p).spec]));
    expect(Object.keys(byName).sort()).toStrictEqual(['allow-api-server-egress', 'allow-dns-egress', 'allow-object-store-egress', 'default-deny-all']);
    expect(byName['default-deny-all']).toStrictEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(byName['allow-api-server-egress'].egress).toStrictEqual([
      {
        to: ['10.0.0.10', '10.0.0.11', '10.0.0.12', '10.0.0.13'].map((a) => ({ ipBlock: { cidr: `${a}/32` } })),
        ports: [{ protocol: 'TCP', port: 6443 }],
      },
    ]);
    expect(byName['allow-object-store-egress'].egress).toStrictEqual([
      { to: [{ ipBlock: { cidr: '192.168.5.20/32' } }], ports: [{ protocol: 'TCP', port: 9000 }] },
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'velero' } } }], ports: [{ protocol: 'TCP', port: 9000 }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
  });

  test('NetworkPolicies can be left out', () => {
    const { cluster, backup } = backupCluster(undefined, { velero: { networkPolicies: false } });
    backup.velero.addBackupStorageLocation('default', { target: minio() });
    expect(manifests(synth(cluster)).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'velero')).toStrictEqual([]);
  });

  test('the same definition synthesises byte-identically', () => {
    const render = () => {
      const { cluster, backup } = backupCluster();
      backup.velero.addBackupStorageLocation('default', { target: minio() });
      backup.velero.addSchedule('daily', { schedule: '0 2 * * *' });
      return JSON.stringify(manifests(synth(cluster)));
    };
    expect(render()).toBe(render());
  });
});
