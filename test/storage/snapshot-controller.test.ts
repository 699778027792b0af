import { ClusterSynthesis, PodSecurityLevel } from '../../lib';
import { evaluatePodSecurity, podTemplateOf } from '../../lib/validation/pod-security';
import { addStorageClass } from '../../lib/storage-class';
import { Provisioner, SNAPSHOT_CONTROLLER, SnapshotController } from '../../constructs/storage';
import { SNAPSHOT_CONTROLLER_DEFAULTS } from '../../constructs/storage/snapshot-controller';
import { findObject, manifests, newCluster, synth } from '../support/synth';
import { allowsConnection } from '../support/network-policy';
import { container, storageCluster } from './fixtures';

function controllerOf(synthesis: ClusterSynthesis): Record<string, any> {
  return findObject(synthesis, 'Deployment', 'snapshot-controller', 'kube-system') as Record<string, any>;
}

// upstream: kubernetes-csi/external-snapshotter@v8.6.0:deploy/kubernetes/snapshot-controller/
describe('SnapshotController', () => {
  test('the first snapshot class deploys the controller and the three snapshot CRDs, once', () => {
    // GIVEN
    const cluster = storageCluster();

    // WHEN two drivers get snapshot classes
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });
    addStorageClass(cluster, 'shared', { provisioner: Provisioner.nfs({ server: 'nfs.internal', path: '/exports' }), snapshotClass: {} });
    const synthesis = synth(cluster);

    // THEN
    expect(cluster.addOn(SNAPSHOT_CONTROLLER)).toBeInstanceOf(SnapshotController);
    expect(cluster.addOns.filter((a) => a instanceof SnapshotController)).toHaveLength(1);
    expect(manifests(synthesis).filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name)).toStrictEqual([
      'volumesnapshotclasses.snapshot.storage.k8s.io',
      'volumesnapshotcontents.snapshot.storage.k8s.io',
      'volumesnapshots.snapshot.storage.k8s.io',
    ]);
    expect(controllerOf(synthesis).spec.replicas).toBe(2);
  });

  test('no snapshot class, no controller', () => {
    // GIVEN
    const cluster = newCluster();

    // WHEN
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true });

    // THEN
    expect(cluster.addOn(SNAPSHOT_CONTROLLER)).toBeUndefined();
    expect(manifests(synth(cluster)).filter((o) => o.metadata.name === 'snapshot-controller')).toStrictEqual([]);
  });

  test('added first, it keeps its replicas and is not added twice', () => {
    // GIVEN
    const cluster = storageCluster();
    new SnapshotController(cluster, 'Snapshots', { replicas: 3 });

    // WHEN
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });

    // THEN
    expect(cluster.addOns.filter((a) => a instanceof SnapshotController).map((a) => a.node.id)).toStrictEqual(['Snapshots']);
    expect(controllerOf(synth(cluster)).spec.replicas).toBe(3);
  });

  test('it runs as a non-root restricted pod with the pinned image and upstream args', () => {
    // GIVEN
    const cluster = storageCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });
    const synthesis = synth(cluster);

    // THEN
    const deployment = controllerOf(synthesis);
    const c = container(deployment, 'snapshot-controller');
    expect([c.image, c.args]).toStrictEqual(['registry.k8s.io/sig-storage/snapshot-controller:v8.6.0', ['--v=5', '--leader-election=true']]);
    expect(c.resources).toStrictEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } });
    expect(deployment.spec.template.spec.securityContext).toStrictEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    // kube-system is privileged, yet the controller needs nothing beyond restricted.
    expect(evaluatePodSecurity(podTemplateOf(deployment)!, PodSecurityLevel.RESTRICTED)).toStrictEqual([]);
  });

  test('its NetworkPolicy lets it reach the API server and nothing reach it', () => {
    // GIVEN
    const cluster = storageCluster();
    addStorageClass(cluster, 'fast', { provisioner: Provisioner.ebs(), default: true, snapshotClass: {} });
    const objects = manifests(synth(cluster));
    const controller = { namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'snapshot-controller' } };
    const apiServer = { ip: '10.0.0.11' };
    const coreDns = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

    // THEN
    expect(allowsConnection(objects, { from: controller, to: apiServer, port: 6443 })).toBe(true);
    expect(allowsConnection(objects, { from: controller, to: { ip: '203.0.113.7' }, port: 443 })).toBe(false);
    expect(allowsConnection(objects, { from: coreDns, to: controller, port: 8080 })).toBe(false);
    // the rest of kube-system is untouched
    expect(allowsConnection(objects, { from: { namespace: 'default', labels: {} }, to: coreDns, port: 53, protocol: 'UDP' })).toBe(true);
  });

  test('defaults', () => {
    expect(SNAPSHOT_CONTROLLER_DEFAULTS).toStrictEqual({ replicas: 2 });
  });
});
