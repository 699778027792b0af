import { addStorageClass } from '../../lib/storage-class';
import { NFS_CSI_DRIVER, NfsCsiDriver, Provisioner } from '../../constructs/storage';
import { findObject, newCluster, synth } from '../support/synth';
import { container, podSecurityViolations } from './fixtures';

function nfsCluster() {
  const cluster = newCluster();
  addStorageClass(cluster, 'shared', { provisioner: Provisioner.nfs({ server: 'nfs.internal', path: '/exports' }), default: true });
  return cluster;
}

const NS = 'csi-nfs';

// upstream: kubernetes-csi/csi-driver-nfs@v4.13.4:deploy/v4.13.4/
describe('NfsCsiDriver', () => {
  test('the first NFS class deploys the driver once, as an add-on', () => {
    // GIVEN
    const cluster = nfsCluster();

    // WHEN
    addStorageClass(cluster, 'other-server', { provisioner: Provisioner.nfs({ server: '10.0.0.5', path: '/srv/nfs' }) });

    // THEN one driver serves both servers
    expect(cluster.addOn(NFS_CSI_DRIVER)).toBeInstanceOf(NfsCsiDriver);
    expect(cluster.addOns.filter((a) => a instanceof NfsCsiDriver)).toHaveLength(1);
    expect(findObject(synth(cluster), 'CSIDriver', 'nfs.csi.k8s.io').spec).toStrictEqual({
      attachRequired: false,
      volumeLifecycleModes: ['Persistent'],
      fsGroupPolicy: 'File',
    });
  });

  test('a privileged namespace, and every pod fits it', () => {
    // GIVEN
    const synthesis = synth(nfsCluster());

    // THEN
    expect(findObject(synthesis, 'Namespace', NS).metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged' });
    expect(podSecurityViolations(synthesis)).toStrictEqual([]);
  });

  test('RBAC of the provisioner, snapshotter and resizer', () => {
    // GIVEN
    const synthesis = synth(nfsCluster());

    // THEN
    const leases = { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] };
    expect(findObject(synthesis, 'ClusterRole', 'nfs-external-provisioner-role').rules).toStrictEqual([
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses', 'volumesnapshots'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents/status'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
      { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      leases,
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
    ]);
    expect(findObject(synthesis, 'ClusterRole', 'nfs-external-resizer-role').rules).toStrictEqual([
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims/status'], verbs: ['update', 'patch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch', 'create', 'update', 'patch'] },
      leases,
    ]);
    for (const [binding, role] of [
      ['nfs-csi-provisioner-binding', 'nfs-external-provisioner-role'],
      ['nfs-csi-resizer-role', 'nfs-external-resizer-role'],
    ]) {
      expect(findObject(synthesis, 'ClusterRoleBinding', binding)).toMatchObject({
        subjects: [{ kind: 'ServiceAccount', name: 'csi-nfs-controller-sa', namespace: NS }],
        roleRef: { kind: 'ClusterRole', name: role, apiGroup: 'rbac.authorization.k8s.io' },
      });
    }
    expect(findObject(synthesis, 'ServiceAccount', 'csi-nfs-node-sa', NS)).toBeDefined();
  });

  test('the controller: host network, sidecars on a shared socket, privileged mounter with bidirectional kubelet mount', () => {
    // GIVEN
    const controller = findObject(synth(nfsCluster()), 'Deployment', 'csi-nfs-controller', NS);
    const pod = (controller.spec as any).template.spec;

    // THEN
    expect([pod.hostNetwork, pod.dnsPolicy, pod.serviceAccountName, pod.priorityClassName]).toStrictEqual([
      true,
      'ClusterFirstWithHostNet',
      'csi-nfs-controller-sa',
      'system-cluster-critical',
    ]);
    expect(pod.containers.map((c: any) => [c.name, c.image])).toStrictEqual([
      ['csi-provisioner', 'registry.k8s.io/sig-storage/csi-provisioner:v6.3.0'],
      ['csi-resizer', 'registry.k8s.io/sig-storage/csi-resizer:v2.2.0'],
      ['csi-snapshotter', 'registry.k8s.io/sig-storage/csi-snapshotter:v8.6.0'],
      ['liveness-probe', 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0'],
      ['nfs', 'registry.k8s.io/sig-storage/nfsplugin:v4.13.4'],
    ]);
    expect(pod.volumes).toStrictEqual([
      { name: 'pods-mount-dir', hostPath: { path: '/var/lib/kubelet/pods', type: 'Directory' } },
      { name: 'socket-dir', emptyDir: {} },
    ]);
    const nfs = container(controller, 'nfs');
    expect(nfs.securityContext).toStrictEqual({ privileged: true, capabilities: { add: ['SYS_ADMIN'], drop: ['ALL'] }, allowPrivilegeEscalation: true });
    expect(nfs.volumeMounts).toStrictEqual([
      { name: 'pods-mount-dir', mountPath: '/var/lib/kubelet/pods', mountPropagation: 'Bidirectional' },
      { name: 'socket-dir', mountPath: '/csi' },
    ]);
    expect(nfs.livenessProbe).toStrictEqual({
      httpGet: { host: 'localhost', path: '/healthz', port: 29652 },
      failureThreshold: 5,
      initialDelaySeconds: 30,
      timeoutSeconds: 10,
      periodSeconds: 30,
    });
    expect(container(controller, 'liveness-probe').args).toContain('--http-endpoint=localhost:29652');
    expect(container(controller, 'csi-provisioner').args).toContain('--leader-election-namespace=$(POD_NAMESPACE)');
  });

  test('the node plugin: registrar, host paths, tolerates everything', () => {
    // GIVEN
    const node = findObject(synth(nfsCluster()), 'DaemonSet', 'csi-nfs-node', NS);
    const pod = (node.spec as any).template.spec;

    // THEN
    expect([pod.hostNetwork, pod.priorityClassName, pod.tolerations]).toStrictEqual([true, 'system-node-critical', [{ operator: 'Exists' }]]);
    expect(pod.volumes).toStrictEqual([
      { name: 'socket-dir', hostPath: { path: '/var/lib/kubelet/plugins/csi-nfsplugin', type: 'DirectoryOrCreate' } },
      { name: 'pods-mount-dir', hostPath: { path: '/var/lib/kubelet/pods', type: 'Directory' } },
      { name: 'registration-dir', hostPath: { path: '/var/lib/kubelet/plugins_registry', type: 'Directory' } },
    ]);
    expect(container(node, 'node-driver-registrar').env).toStrictEqual([
      { name: 'DRIVER_REG_SOCK_PATH', value: '/var/lib/kubelet/plugins/csi-nfsplugin/csi.sock' },
      { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
    expect(container(node, 'nfs').livenessProbe.httpGet.port).toBe(29653);
    expect(container(node, 'nfs').volumeMounts).toContainEqual({
      name: 'pods-mount-dir',
      mountPath: '/var/lib/kubelet/pods',
      mountPropagation: 'Bidirectional',
    });
  });

  test('every container has requests, a memory limit and a pinned image', () => {
    // GIVEN
    const synthesis = synth(nfsCluster());

    // THEN
    for (const [kind, name] of [['Deployment', 'csi-nfs-controller'], ['DaemonSet', 'csi-nfs-node']]) {
      const containers = (findObject(synthesis, kind, name, NS).spec as any).template.spec.containers;
      for (const c of containers) {
        expect(c.resources.requests).toStrictEqual({ cpu: '10m', memory: '20Mi' });
        expect(c.resources.limits.memory).toMatch(/^\d+Mi$/);
        expect(c.image).toMatch(/^registry\.k8s\.io\/sig-storage\/[a-z-]+:v\d+\.\d+\.\d+$/);
        expect(c.securityContext.capabilities.drop).toStrictEqual(['ALL']);
      }
    }
  });
});
