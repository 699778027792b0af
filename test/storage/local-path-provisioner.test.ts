import { parse } from 'yaml';
import { PodSecurityLevel } from '../../lib';
import { evaluatePodSecurity } from '../../lib/validation/pod-security';
import { addStorageClass } from '../../lib/storage-class';
import { LOCAL_PATH_PROVISIONER, LocalPathProvisioner, Provisioner } from '../../constructs/storage';
import { helperPodTemplate } from '../../constructs/storage/local-path-provisioner';
import { findObject, newCluster, synth } from '../support/synth';
import { container, podSecurityViolations } from './fixtures';

/** A cluster whose default class is local-path, which deploys the provisioner. */
function localPathCluster() {
  const cluster = newCluster();
  addStorageClass(cluster, 'local-path', { provisioner: Provisioner.localPath(), default: true });
  return cluster;
}

// upstream: rancher/local-path-provisioner deploy/local-path-storage.yaml @ v0.0.36
describe('LocalPathProvisioner', () => {
  test('the first local-path class deploys the provisioner once, as an add-on', () => {
    // GIVEN
    const cluster = localPathCluster();

    // WHEN another class uses it too
    addStorageClass(cluster, 'local-fast', { provisioner: Provisioner.localPath({ pathPattern: '{{ .PVC.Namespace }}/{{ .PVC.Name }}/fast' }) });

    // THEN
    const addOn = cluster.addOn(LOCAL_PATH_PROVISIONER);
    expect(addOn).toBeInstanceOf(LocalPathProvisioner);
    expect(cluster.addOns.filter((a) => a instanceof LocalPathProvisioner)).toHaveLength(1);
    // Its own manifest file, after the core groups (Storage among them).
    expect(synth(cluster).manifestFiles.map((f) => f.fileName).filter((f) => f.includes('local-path'))).toStrictEqual([
      '101-local-path-provisioner.yaml',
    ]);
  });

  test('a privileged namespace: helper pods mount the node directory as hostPath', () => {
    // GIVEN
    const synthesis = synth(localPathCluster());

    // THEN
    expect(findObject(synthesis, 'Namespace', 'local-path-storage').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/warn': 'privileged',
    });
    // The helper pod, as the provisioner completes it, would be refused at baseline.
    const helper = helperPodTemplate() as { spec: Record<string, unknown> };
    const completed = {
      ...helper,
      spec: { ...helper.spec, volumes: [{ name: 'data', hostPath: { path: '/opt/local-path-provisioner', type: 'DirectoryOrCreate' } }] },
    };
    expect(evaluatePodSecurity(completed, PodSecurityLevel.BASELINE).map((v) => v.check)).toStrictEqual(['hostPathVolumes']);
  });

  test('RBAC: pods in its namespace, claims, volumes and classes cluster-wide', () => {
    // GIVEN
    const synthesis = synth(localPathCluster());

    // THEN
    expect(findObject(synthesis, 'ServiceAccount', 'local-path-provisioner-service-account', 'local-path-storage')).toBeDefined();
    expect(findObject(synthesis, 'Role', 'local-path-provisioner-role', 'local-path-storage').rules).toStrictEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
    ]);
    expect(findObject(synthesis, 'ClusterRole', 'local-path-provisioner-role').rules).toStrictEqual([
      { apiGroups: [''], resources: ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['update'] },
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
    ]);
    const subjects = [{ kind: 'ServiceAccount', name: 'local-path-provisioner-service-account', namespace: 'local-path-storage' }];
    expect(findObject(synthesis, 'RoleBinding', 'local-path-provisioner-bind', 'local-path-storage')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'local-path-provisioner-role' },
      subjects,
    });
    expect(findObject(synthesis, 'ClusterRoleBinding', 'local-path-provisioner-bind')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'local-path-provisioner-role' },
      subjects,
    });
  });

  test('config.json, scripts and the helper pod template', () => {
    // GIVEN
    const data = findObject(synth(localPathCluster()), 'ConfigMap', 'local-path-config', 'local-path-storage').data as Record<string, string>;

    // THEN
    expect(JSON.parse(data['config.json'])).toStrictEqual({
      nodePathMap: [{ node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: ['/opt/local-path-provisioner'] }],
    });
    expect(data.setup).toBe('#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"');
    expect(data.teardown).toBe('#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"');
    const helper = parse(data['helperPod.yaml']);
    expect(helper).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'helper-pod' },
      spec: {
        priorityClassName: 'system-node-critical',
        tolerations: [{ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [
          {
            name: 'helper-pod',
            image: 'docker.io/library/busybox:1.37.0',
            imagePullPolicy: 'IfNotPresent',
            resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
          },
        ],
      },
    });
  });

  test('the helper template passes the template validation of v0.0.36 (util.go validateHelperPodTemplate)', () => {
    const spec = (helperPodTemplate() as { spec: Record<string, any> }).spec;
    expect(spec.containers).toHaveLength(1);
    const c = spec.containers[0];
    for (const field of ['volumes', 'initContainers', 'ephemeralContainers', 'hostNetwork', 'hostPID', 'hostIPC', 'nodeName', 'serviceAccountName']) {
      expect(spec[field]).toBeUndefined();
    }
    for (const field of ['volumeMounts', 'envFrom', 'env', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
      expect(c[field]).toBeUndefined();
    }
    // The provisioner sets the helper's security context itself (privileged).
    expect(c.securityContext).toBeUndefined();
    expect(spec.securityContext).toBeUndefined();
  });

  test('the Deployment: command, config mount, env, pinned image, restricted security', () => {
    // GIVEN
    const synthesis = synth(localPathCluster());
    const deployment = findObject(synthesis, 'Deployment', 'local-path-provisioner', 'local-path-storage');
    const c = container(deployment, 'local-path-provisioner');

    // THEN
    expect((deployment.spec as any).replicas).toBe(1);
    expect((deployment.spec as any).template.spec.serviceAccountName).toBe('local-path-provisioner-service-account');
    expect((deployment.spec as any).template.spec.volumes).toStrictEqual([{ name: 'config-volume', configMap: { name: 'local-path-config' } }]);
    expect(c.image).toBe('docker.io/rancher/local-path-provisioner:v0.0.36');
    expect(c.command).toStrictEqual(['local-path-provisioner', '--debug', 'start', '--config', '/etc/config/config.json']);
    expect(c.volumeMounts).toStrictEqual([{ name: 'config-volume', mountPath: '/etc/config/', readOnly: true }]);
    expect(c.env).toStrictEqual([
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
    ]);
    expect(c.resources).toStrictEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } });
    // Upstream has no probes at v0.0.36.
    expect([c.livenessProbe, c.readinessProbe]).toStrictEqual([undefined, undefined]);
    // The provisioner itself needs no privilege: it would pass restricted.
    expect(evaluatePodSecurity((deployment.spec as any).template, PodSecurityLevel.RESTRICTED)).toStrictEqual([]);
    expect(podSecurityViolations(synthesis)).toStrictEqual([]);
  });

  test('chosen node paths and namespace', () => {
    // GIVEN
    const cluster = newCluster();
    new LocalPathProvisioner(cluster, 'LocalPathProvisioner', { nodePaths: ['/data/ssd', '/data/hdd'], namespace: 'local-storage' });
    addStorageClass(cluster, 'ssd', { provisioner: Provisioner.localPath({ nodePath: '/data/ssd' }), default: true });

    // WHEN
    const synthesis = synth(cluster);

    // THEN
    const data = findObject(synthesis, 'ConfigMap', 'local-path-config', 'local-storage').data as Record<string, string>;
    expect(JSON.parse(data['config.json']).nodePathMap).toStrictEqual([{ node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: ['/data/ssd', '/data/hdd'] }]);
    expect(findObject(synthesis, 'StorageClass', 'ssd').parameters).toStrictEqual({ nodePath: '/data/ssd' });
  });
});
