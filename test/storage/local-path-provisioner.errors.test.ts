import { addStorageClass } from '../../lib/storage-class';
import { LocalPathProvisioner, Provisioner } from '../../constructs/storage';
import { newCluster, synthErrors } from '../support/synth';

describe('LocalPathProvisioner errors', () => {
  test.each([
    [[], 'the provisioner needs at least one node path; with none it refuses every claim'],
    [['relative/dir'], 'node paths must be absolute, not the root directory, and listed once; the provisioner refuses such a config'],
    [['/'], 'node paths must be absolute, not the root directory, and listed once; the provisioner refuses such a config'],
    [['/data', '/data'], 'node paths must be absolute, not the root directory, and listed once; the provisioner refuses such a config'],
  ])('node paths %j are refused', (nodePaths, message) => {
    // GIVEN
    const cluster = newCluster();
    new LocalPathProvisioner(cluster, 'LocalPathProvisioner', { nodePaths });
    addStorageClass(cluster, 'local', { provisioner: Provisioner.localPath(), default: true });

    // THEN
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.message, e.received])).toStrictEqual([
      ['storage/local-path-node-paths', 'test/LocalPathProvisioner', 'nodePaths', message, nodePaths],
    ]);
  });

  test('adding the provisioner after a local-path class took the slot is a located problem', () => {
    // GIVEN
    const cluster = newCluster();
    addStorageClass(cluster, 'local', { provisioner: Provisioner.localPath(), default: true });

    // WHEN
    new LocalPathProvisioner(cluster, 'MyLocalPath');

    // THEN
    expect(synthErrors(cluster).filter((e) => e.rule === 'add-ons/duplicate-key').map((e) => [e.path, e.field, e.message])).toStrictEqual([
      ['test', 'MyLocalPath', "a second 'local-path-provisioner' add-on: test/LocalPathProvisioner fills that slot already, and a cluster has one add-on per key"],
    ]);
  });

  test.each(['{{ .PVC.Namespace }}/{{ .PVC.Name }}', '{{ .PVC.Name }}', '{{ .PVName }}_{{ .PVC.Namespace }}/{{ .PVC.Name }}/x'])(
    'pathPattern %j is refused: local-path-provisioner v0.0.36 wants "<namespace>/<claim>/" first',
    (pathPattern) => {
      // GIVEN
      const cluster = newCluster();
      addStorageClass(cluster, 'local', { provisioner: Provisioner.localPath({ pathPattern }), default: true });

      // THEN
      expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.received, e.expected])).toStrictEqual([
        [
          'storage/local-path-path-pattern',
          'test/Storage/local',
          'provisioner.pathPattern',
          pathPattern,
          'a pattern starting with {{ .PVC.Namespace }}/{{ .PVC.Name }}/, e.g. {{ .PVC.Namespace }}/{{ .PVC.Name }}/{{ .PVName }}',
        ],
      ]);
    },
  );
});
