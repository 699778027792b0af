import * as pulumi from '@pulumi/pulumi';
import { objectIdentity } from '../../lib/synth/kube-object';
import { canonicalize } from '../../lib/synth/yaml';
import { ClusterStack } from '../../lib/pulumi';
import { CLUSTER_STACK_TYPE } from '../../lib/pulumi/cluster-stack';
import { allRegistered, installPulumiMocks, registered, valueOf } from '../support/pulumi-mocks';
import { manifests, synth } from '../support/synth';
import { backupCluster, minio } from './fixtures';
import { EtcdSnapshotTarget } from '../../constructs';

installPulumiMocks();

beforeEach(() => {
  registered.length = 0;
});

function definition() {
  const { cluster, backup } = backupCluster(undefined, { etcdSnapshots: { target: EtcdSnapshotTarget.persistentVolumeClaim('etcd-snapshots') } });
  backup.velero.addBackupStorageLocation('default', { target: minio() });
  backup.velero.addSchedule('daily', { schedule: '0 2 * * *', fileSystemBackup: true });
  return cluster;
}

const CREDENTIALS = '[default]\naws_access_key_id = minio\naws_secret_access_key = minio-secret\n';

describe('backup on the Pulumi backend', () => {
  test('registers exactly the YAML objects, plus the credentials Secret as a Pulumi secret that YAML never has', async () => {
    // GIVEN the YAML backend's objects
    const yaml = manifests(synth(definition()));

    // WHEN the same definition is deployed with the credentials as a Pulumi secret
    const stack = new ClusterStack('prod', { cluster: definition(), secrets: { 'velero/velero-credentials': { cloud: pulumi.secret(CREDENTIALS) } } });
    await allRegistered(stack.resources.values());
    await valueOf(stack.urn);

    // THEN every YAML object is registered with the same body
    const objects = registered.filter((r) => ![CLUSTER_STACK_TYPE, 'kubernetes:core/v1:Secret', 'kubernetes:yaml/v2:ConfigFile'].includes(r.type));
    const byIdentity = (list: object[]) => new Map(list.map((o) => [objectIdentity(o as never), JSON.stringify(canonicalize(o))]));
    expect(byIdentity(objects.map((r) => r.inputs))).toStrictEqual(byIdentity(yaml));

    // AND the Secret exists on the Pulumi side only, as a secret output, waiting for its namespace
    const secrets = registered.filter((r) => r.type === 'kubernetes:core/v1:Secret');
    expect(secrets.map((s) => [s.name, s.inputs.metadata])).toStrictEqual([['prod:Secret:velero/velero-credentials', { name: 'velero-credentials', namespace: 'velero' }]]);
    const secret = stack.resources.get('prod:Secret:velero/velero-credentials') as pulumi.CustomResource & { stringData: pulumi.Output<unknown> };
    expect(await pulumi.isSecret(secret.stringData)).toBe(true);
    expect(yaml.filter((o) => o.kind === 'Secret')).toStrictEqual([]);
    expect(JSON.stringify(yaml)).not.toContain('minio-secret');
  });

  test('a Secret for a namespace the cluster does not have is refused before anything is registered', () => {
    expect(() => new ClusterStack('prod', { cluster: definition(), secrets: { 'veleroo/velero-credentials': { cloud: 'x' } } })).toThrow(
      '[error] prod (secrets): a Secret must go to a namespace of the cluster, or nothing would mount it (received "veleroo/velero-credentials"; expected',
    );
    expect(registered).toStrictEqual([]);
  });
});
