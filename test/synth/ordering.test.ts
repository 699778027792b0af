import { KubeObject, Stage } from '../../lib';
import { objectDependencies, planManifestFiles, stageOf } from '../../lib/synth/ordering';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string): KubeObject => ({
  apiVersion,
  kind,
  metadata: namespace ? { name, namespace } : { name },
});

describe('ordering model', () => {
  test.each([
    [obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'x.example.com'), Stage.CRDS],
    [obj('v1', 'Namespace', 'a'), Stage.NAMESPACES],
    [obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'r'), Stage.CLUSTER],
    [obj('storage.k8s.io/v1', 'StorageClass', 's'), Stage.CLUSTER],
    [obj('apps/v1', 'Deployment', 'd', 'a'), Stage.WORKLOADS],
    [obj('monitoring.coreos.com/v1', 'ServiceMonitor', 'm', 'a'), Stage.CUSTOM_RESOURCES],
    [obj('operator.tigera.io/v1', 'Installation', 'default'), Stage.CUSTOM_RESOURCES],
  ])('stage of %j is %s', (o, stage) => {
    expect(stageOf(o)).toBe(stage);
  });

  test('custom resources come after every workload file, per group', () => {
    const files = planManifestFiles(
      [
        { manifest: obj('monitoring.coreos.com/v1', 'ServiceMonitor', 'm', 'mon'), group: 'Monitoring', sourcePath: 'c/Monitoring/sm' },
        { manifest: obj('apps/v1', 'Deployment', 'op', 'mon'), group: 'Monitoring', sourcePath: 'c/Monitoring/op' },
        { manifest: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'servicemonitors.monitoring.coreos.com'), group: 'Monitoring', sourcePath: 'c/Monitoring/crd' },
        { manifest: obj('apps/v1', 'DaemonSet', 'agent', 'net'), group: 'Networking', sourcePath: 'c/Networking/ds' },
      ],
      ['Networking', 'Monitoring'],
    );
    expect(files.map((f) => [f.fileName, f.stage])).toStrictEqual([
      ['000-crds.yaml', Stage.CRDS],
      ['100-networking.yaml', Stage.WORKLOADS],
      ['101-monitoring.yaml', Stage.WORKLOADS],
      ['501-monitoring-custom-resources.yaml', Stage.CUSTOM_RESOURCES],
    ]);
  });

  describe('bindings depend on the roles they bind', () => {
    const RBAC = 'rbac.authorization.k8s.io/v1';
    const binding = (kind: string, name: string, roleKind: string, role: string, namespace?: string): KubeObject => ({
      ...obj(RBAC, kind, name, namespace),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
    });
    const place = (objects: KubeObject[]) => objects.map((manifest) => ({ manifest, group: 'G', sourcePath: `c/G/${manifest.metadata.name}` }));

    test('a RoleBinding on its Role and a ClusterRole, a ClusterRoleBinding on its ClusterRole', () => {
      // GIVEN roles placed before the bindings, as the YAML files apply them
      const objects = place([
        obj(RBAC, 'ClusterRole', 'reader'),
        binding('ClusterRoleBinding', 'auditors', 'ClusterRole', 'reader'),
        obj(RBAC, 'Role', 'deployer', 'pay'),
        obj(RBAC, 'Role', 'deployer', 'other'),
        binding('RoleBinding', 'deployer', 'Role', 'deployer', 'pay'),
        binding('RoleBinding', 'readers', 'ClusterRole', 'reader', 'pay'),
        binding('RoleBinding', 'admins', 'ClusterRole', 'admin', 'pay'),
      ]);

      // WHEN
      const deps = objectDependencies(objects, new Map());

      // THEN the Role of the binding's own namespace; no edge to a built-in role nobody declares
      expect(deps.get(`${RBAC}|ClusterRoleBinding||auditors`)).toStrictEqual([`${RBAC}|ClusterRole||reader`]);
      expect(deps.get(`${RBAC}|RoleBinding|pay|deployer`)).toStrictEqual([`${RBAC}|Role|pay|deployer`]);
      expect(deps.get(`${RBAC}|RoleBinding|pay|readers`)).toStrictEqual([`${RBAC}|ClusterRole||reader`]);
      expect(deps.get(`${RBAC}|RoleBinding|pay|admins`)).toStrictEqual([]);
    });

    test('no edge points forward: a role applied after its binding gets none', () => {
      const objects = place([binding('ClusterRoleBinding', 'auditors', 'ClusterRole', 'reader'), obj(RBAC, 'ClusterRole', 'reader')]);
      expect(objectDependencies(objects, new Map()).get(`${RBAC}|ClusterRoleBinding||auditors`)).toStrictEqual([]);
    });
  });
});
