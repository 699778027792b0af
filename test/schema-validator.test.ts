import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import {
  assertAllValid,
  assertConfigValid,
  knownKinds,
  validateConfigDocument,
  validateK8sObject,
  type SchemaProblem,
} from './support/schema-validator';

const SHARED = path.resolve(__dirname, '../../shared');

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

function deployment(name = 'web'): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'apps', labels: { 'app.kubernetes.io/name': name } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': name } },
        spec: {
          containers: [
            {
              name,
              image: 'nginx:1.27',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: 256 } },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
            },
          ],
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        },
      },
    },
  };
}

function service(name = 'web'): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'apps' },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': name },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

function serviceMonitor(): Record<string, any> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'web', namespace: 'monitoring', labels: { release: 'prometheus' } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      namespaceSelector: { matchNames: ['apps'] },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' }],
    },
  };
}

function prometheusRule(partialResponseStrategy: string): Record<string, any> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'rules', namespace: 'monitoring' },
    spec: {
      groups: [
        {
          name: 'web',
          partial_response_strategy: partialResponseStrategy,
          rules: [{ alert: 'WebDown', expr: 'up{job="web"} == 0', for: '5m', labels: { severity: 'critical' } }],
        },
      ],
    },
  };
}

/** Reads one field's schema from an upstream CRD (the same file the validator uses). */
function crdFieldSchema(file: string, version: string, fieldPath: string[]): Record<string, any> {
  const crd = parseYaml(fs.readFileSync(path.join(SHARED, 'crds', file), 'utf8'));
  let s = crd.spec.versions.find((v: { name: string }) => v.name === version).schema.openAPIV3Schema;
  for (const seg of fieldPath) s = seg === '[]' ? s.items : s.properties[seg];
  return s;
}

const messages = (problems: readonly SchemaProblem[]): string[] => problems.map((p) => `${p.path}: ${p.message}`);

// ---------------------------------------------------------------------------------------
// Built-in kinds
// ---------------------------------------------------------------------------------------

describe('validateK8sObject: valid built-in objects', () => {
  const valid: Array<[string, Record<string, any>]> = [
    ['Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }],
    ['Deployment', deployment()],
    ['Service', service()],
    [
      'ClusterRole',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'pod-reader' },
        rules: [
          { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
          { nonResourceURLs: ['/metrics'], verbs: ['get'] },
        ],
      },
    ],
    [
      'NetworkPolicy',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny', namespace: 'apps' },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 'http' }, { port: 9090, endPort: 9099 }] }],
          egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
        },
      },
    ],
    [
      'StorageClass',
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
        provisioner: 'rancher.io/local-path',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
        parameters: { fsType: 'ext4' },
      },
    ],
    [
      'ResourceQuota',
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'compute', namespace: 'apps' },
        spec: { hard: { 'requests.cpu': '4', 'limits.memory': '8Gi', pods: 20 }, scopes: ['NotBestEffort'] },
      },
    ],
  ];

  test.each(valid)('GIVEN a valid %s WHEN validated THEN there are no problems', (_kind, obj) => {
    // GIVEN obj (above)
    // WHEN
    const problems = validateK8sObject(obj);
    // THEN
    expect(problems).toStrictEqual([]);
  });

  test('GIVEN valid objects WHEN assertAllValid is called THEN it does not throw', () => {
    expect(() => assertAllValid(valid.map(([, o]) => o))).not.toThrow();
  });
});

describe('validateK8sObject: strictness', () => {
  test('GIVEN an unknown field at the top of spec WHEN validated THEN it fails and names the field', () => {
    // GIVEN
    const obj = deployment();
    obj.spec.replica = 3;
    // WHEN
    const problems = validateK8sObject(obj);
    // THEN
    expect(problems).toStrictEqual([{ path: 'spec.replica', message: 'unknown field "replica"' }]);
  });

  test('GIVEN a misspelled field deep inside a container WHEN validated THEN it fails and names the field', () => {
    // GIVEN
    const obj = deployment();
    obj.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    // WHEN
    const problems = validateK8sObject(obj);
    // THEN
    expect(problems).toStrictEqual([
      { path: 'spec.template.spec.containers[0].imagePullPolicyy', message: 'unknown field "imagePullPolicyy"' },
    ]);
  });

  test('GIVEN an unknown top-level field WHEN validated THEN it fails', () => {
    const obj = { ...service(), extra: true };
    expect(validateK8sObject(obj)).toStrictEqual([{ path: 'extra', message: 'unknown field "extra"' }]);
  });

  test('GIVEN replicas as a string WHEN validated THEN it is a type error', () => {
    // GIVEN
    const obj = deployment();
    obj.spec.replicas = '3';
    // WHEN
    const problems = validateK8sObject(obj);
    // THEN
    expect(problems).toStrictEqual([{ path: 'spec.replicas', message: 'must be integer, got "3"' }]);
  });

  test('GIVEN a container without a name WHEN validated THEN the missing required field is reported', () => {
    // GIVEN
    const obj = deployment();
    delete obj.spec.template.spec.containers[0].name;
    // WHEN
    const problems = validateK8sObject(obj);
    // THEN
    expect(problems).toStrictEqual([{ path: 'spec.template.spec.containers[0].name', message: 'missing required field "name"' }]);
  });

  test('GIVEN a Deployment without spec.selector WHEN validated THEN it fails', () => {
    const obj = deployment();
    delete obj.spec.selector;
    expect(messages(validateK8sObject(obj))).toStrictEqual(['spec.selector: missing required field "selector"']);
  });

  test('GIVEN an int32 field out of range WHEN validated THEN it fails; the boundary passes', () => {
    // GIVEN
    const tooBig = deployment();
    tooBig.spec.template.spec.containers[0].ports[0].containerPort = 2 ** 31;
    const boundary = deployment();
    boundary.spec.replicas = 2 ** 31 - 1;
    // WHEN / THEN
    expect(validateK8sObject(tooBig)).toStrictEqual([
      { path: 'spec.template.spec.containers[0].ports[0].containerPort', message: 'must match format "int32", got 2147483648' },
    ]);
    expect(validateK8sObject(boundary)).toStrictEqual([]);
  });

  test('GIVEN int-or-string targetPort WHEN it is 80 or "http" THEN it passes, WHEN it is true THEN it fails', () => {
    // GIVEN
    const withPort = (targetPort: unknown) => {
      const s = service();
      s.spec.ports[0].targetPort = targetPort;
      return s;
    };
    // WHEN / THEN
    expect(validateK8sObject(withPort(80))).toStrictEqual([]);
    expect(validateK8sObject(withPort('http'))).toStrictEqual([]);
    expect(validateK8sObject(withPort(true))).toStrictEqual([
      { path: 'spec.ports[0].targetPort', message: 'must be integer or string, got true' },
    ]);
  });

  // The v1.35 built-in OpenAPI documents carry no `enum` keywords (the allowed values only appear
  // in prose), so enum checks come from CRDs and the config schemas; see those tests below.
  test('GIVEN an enum violation in a CRD field WHEN validated THEN it fails with the allowed values', () => {
    const sm = serviceMonitor();
    sm.spec.endpoints[0].scheme = 'ftp';
    expect(validateK8sObject(sm)).toStrictEqual([
      { path: 'spec.endpoints[0].scheme', message: 'must be one of ["http","https","HTTP","HTTPS"], got "ftp"' },
    ]);
  });

  test('GIVEN a bad quantity type and a bad date-time WHEN validated THEN both are reported', () => {
    const obj = deployment();
    obj.spec.template.spec.containers[0].resources.limits.cpu = true;
    obj.metadata.creationTimestamp = 'yesterday';
    expect(messages(validateK8sObject(obj)).sort()).toStrictEqual([
      'metadata.creationTimestamp: must match format "date-time", got "yesterday"',
      'spec.template.spec.containers[0].resources.limits.cpu: must be string or number, got true',
    ]);
  });

  test('GIVEN several mistakes WHEN validated THEN every one is reported', () => {
    const obj = deployment();
    obj.spec.replicas = '3';
    obj.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    obj.spec.template.spec.containers.push({ image: 'busybox' });
    expect(messages(validateK8sObject(obj)).sort()).toStrictEqual([
      'spec.replicas: must be integer, got "3"',
      'spec.template.spec.containers[0].imagePullPolicyy: unknown field "imagePullPolicyy"',
      'spec.template.spec.containers[1].name: missing required field "name"',
    ]);
  });

  test('GIVEN a label key with dots and slashes WHEN its value has the wrong type THEN the path quotes the key', () => {
    const obj = deployment();
    obj.metadata.labels['app.kubernetes.io/version'] = 2;
    expect(validateK8sObject(obj)).toStrictEqual([
      { path: 'metadata.labels["app.kubernetes.io/version"]', message: 'must be string, got 2' },
    ]);
  });

  test('GIVEN an object without metadata.name WHEN validated THEN it fails (kubectl apply needs a name)', () => {
    const obj = deployment();
    delete obj.metadata.name;
    expect(validateK8sObject(obj)).toStrictEqual([{ path: 'metadata.name', message: 'missing required field "name"' }]);
  });
});

describe('validateK8sObject: apiVersion and kind', () => {
  test.each([
    ['an unknown group', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }],
    ['an unknown kind in a built-in group', { apiVersion: 'apps/v1', kind: 'Deploymentt', metadata: { name: 'w' } }],
    ['a kind in the wrong group', { apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'w' } }],
    ['a malformed apiVersion', { apiVersion: 'monitoring.coreos.com/v1/x', kind: 'ServiceMonitor', metadata: { name: 'w' } }],
    ['a version that is not built in', { apiVersion: 'apps/v1beta1', kind: 'Deployment', metadata: { name: 'w' } }],
    ['a List kind (not a resource)', { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { name: 'w' } }],
    ['a CRD version that is not served', { apiVersion: 'snapshot.storage.k8s.io/v1beta1', kind: 'VolumeSnapshot', metadata: { name: 'w' } }],
  ])('GIVEN %s WHEN validated THEN it is a problem', (_what, obj) => {
    // WHEN
    const problems = validateK8sObject(obj);
    // THEN
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('');
    expect(problems[0].message).toContain(`unknown apiVersion/kind "${obj.apiVersion}" "${obj.kind}"`);
  });

  test('GIVEN an object without apiVersion and kind WHEN validated THEN both are reported', () => {
    expect(validateK8sObject({ metadata: { name: 'x' } })).toStrictEqual([
      { path: 'apiVersion', message: 'missing required field "apiVersion"' },
      { path: 'kind', message: 'missing required field "kind"' },
    ]);
  });

  test('GIVEN something that is not an object WHEN validated THEN it is a problem', () => {
    expect(validateK8sObject(null)).toStrictEqual([{ path: '', message: 'must be an object, got null' }]);
  });
});

// ---------------------------------------------------------------------------------------
// Custom resources
// ---------------------------------------------------------------------------------------

describe('validateK8sObject: custom resources', () => {
  test('GIVEN a valid ServiceMonitor WHEN validated THEN there are no problems', () => {
    expect(validateK8sObject(serviceMonitor())).toStrictEqual([]);
  });

  test('GIVEN a ServiceMonitor with an unknown spec field WHEN validated THEN it fails and names the field', () => {
    // GIVEN
    const sm = serviceMonitor();
    sm.spec.endpoint = [{ port: 'http' }];
    // WHEN
    const problems = validateK8sObject(sm);
    // THEN
    expect(problems).toStrictEqual([{ path: 'spec.endpoint', message: 'unknown field "endpoint"' }]);
  });

  test('GIVEN a ServiceMonitor with CRD-level mistakes WHEN validated THEN pattern, enum and required are checked', () => {
    const sm = serviceMonitor();
    sm.spec.endpoints[0].interval = '30 seconds';
    sm.spec.endpoints[0].scheme = 'ftp';
    delete sm.spec.selector;
    expect(messages(validateK8sObject(sm)).sort()).toStrictEqual([
      'spec.endpoints[0].interval: must match pattern "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$", got "30 seconds"',
      'spec.endpoints[0].scheme: must be one of ["http","https","HTTP","HTTPS"], got "ftp"',
      'spec.selector: missing required field "selector"',
    ]);
  });

  test('GIVEN an x-kubernetes-int-or-string CRD field WHEN it is a number, a string or a boolean THEN only the boolean fails', () => {
    const withTargetPort = (targetPort: unknown) => {
      const sm = serviceMonitor();
      sm.spec.endpoints[0] = { targetPort };
      return sm;
    };
    expect(validateK8sObject(withTargetPort(8080))).toStrictEqual([]);
    expect(validateK8sObject(withTargetPort('metrics'))).toStrictEqual([]);
    expect(validateK8sObject(withTargetPort(false))).toStrictEqual([
      { path: 'spec.endpoints[0].targetPort', message: 'must be integer or string, got false' },
    ]);
  });

  test('GIVEN custom-resource metadata with an unknown field WHEN validated THEN ObjectMeta is enforced', () => {
    const sm = serviceMonitor();
    sm.metadata.label = { a: 'b' };
    expect(validateK8sObject(sm)).toStrictEqual([{ path: 'metadata.label', message: 'unknown field "label"' }]);
  });

  test('GIVEN a CRD pattern in Go RE2 syntax ((?i)) WHEN validating against it THEN it compiles and matches case-insensitively', () => {
    // GIVEN: the upstream pattern really is RE2-only (JavaScript's RegExp rejects it)
    const schema = crdFieldSchema('prometheus-operator/monitoring.coreos.com_prometheusrules.yaml', 'v1', [
      'spec', 'groups', '[]', 'partial_response_strategy',
    ]);
    expect(schema.pattern).toBe('^(?i)(abort|warn)?$');
    expect(() => new RegExp(schema.pattern)).toThrow();
    // WHEN
    const upper = validateK8sObject(prometheusRule('ABORT'));
    const lower = validateK8sObject(prometheusRule('warn'));
    const wrong = validateK8sObject(prometheusRule('ignore'));
    // THEN
    expect(upper).toStrictEqual([]);
    expect(lower).toStrictEqual([]);
    expect(wrong).toStrictEqual([
      { path: 'spec.groups[0].partial_response_strategy', message: 'must match pattern "^(?i)(abort|warn)?$", got "ignore"' },
    ]);
  });

  test('GIVEN RE2-only month/weekday patterns in AlertmanagerConfig WHEN validating THEN they are enforced', () => {
    const amc = (months: string[], weekdays: string[]) => ({
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'AlertmanagerConfig',
      metadata: { name: 'quiet', namespace: 'monitoring' },
      spec: { muteTimeIntervals: [{ name: 'weekend', timeIntervals: [{ months, weekdays }] }] },
    });
    expect(validateK8sObject(amc(['JANUARY:march', '12'], ['Saturday:sunday']))).toStrictEqual([]);
    expect(validateK8sObject(amc(['Smarch'], ['funday'])).map((p) => p.path)).toStrictEqual([
      'spec.muteTimeIntervals[0].timeIntervals[0].months[0]',
      'spec.muteTimeIntervals[0].timeIntervals[0].weekdays[0]',
    ]);
  });

  test('GIVEN a nullable CRD field WHEN it is null THEN it passes, and a non-nullable null fails', () => {
    // GIVEN velero's Backup: spec.defaultVolumesToFsBackup is nullable, spec.storageLocation is not
    expect(crdFieldSchema('velero/velero.io_backups.yaml', 'v1', ['spec', 'defaultVolumesToFsBackup']).nullable).toBe(true);
    const backup = (spec: Record<string, unknown>) => ({ apiVersion: 'velero.io/v1', kind: 'Backup', metadata: { name: 'b', namespace: 'velero' }, spec });
    // WHEN / THEN
    expect(validateK8sObject(backup({ defaultVolumesToFsBackup: null, includedNamespaces: ['apps'] }))).toStrictEqual([]);
    expect(validateK8sObject(backup({ storageLocation: null }))).toStrictEqual([
      { path: 'spec.storageLocation', message: 'must be string, got null' },
    ]);
  });

  test('GIVEN CRDs of every vendor WHEN valid minimal objects are validated THEN they pass', () => {
    const objects = [
      { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'pool', namespace: 'metallb-system' }, spec: { addresses: ['192.168.10.0/24'] } },
      { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'l2', namespace: 'metallb-system' }, spec: { ipAddressPools: ['pool'] } },
      { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'csi' }, driver: 'hostpath.csi.k8s.io', deletionPolicy: 'Delete' },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'gc' }, spec: { controllerName: 'example.com/gateway-controller' } },
      { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'daily', namespace: 'velero' }, spec: { schedule: '0 3 * * *', template: { ttl: '720h0m0s' } } },
      { apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' }, spec: { calicoNetwork: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }] } } },
    ];
    expect(objects.map((o) => [o.kind, validateK8sObject(o)])).toStrictEqual(objects.map((o) => [o.kind, []]));
  });
});

// ---------------------------------------------------------------------------------------
// knownKinds
// ---------------------------------------------------------------------------------------

describe('knownKinds', () => {
  test('GIVEN the reference data WHEN listing known kinds THEN built-in resources and served CRD versions are there, List kinds are not', () => {
    const kinds = knownKinds();
    for (const k of ['v1|Namespace', 'v1|ConfigMap', 'apps/v1|Deployment', 'rbac.authorization.k8s.io/v1|ClusterRole', 'storage.k8s.io/v1|StorageClass', 'monitoring.coreos.com/v1|ServiceMonitor', 'gateway.networking.k8s.io/v1beta1|HTTPRoute']) {
      expect(kinds.has(k)).toBe(true);
    }
    for (const k of ['v1|ConfigMapList', 'apps/v1|DeleteOptions', 'snapshot.storage.k8s.io/v1beta1|VolumeSnapshot']) {
      expect(kinds.has(k)).toBe(false);
    }
  });

  test('GIVEN every CRD file WHEN fully parsed THEN knownKinds lists exactly its served versions (the fast header scan is right)', () => {
    // GIVEN
    const expected = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.yaml')) {
          const crd = parseYaml(fs.readFileSync(p, 'utf8'));
          for (const v of crd.spec.versions) if (v.served) expected.add(`${crd.spec.group}/${v.name}|${crd.spec.names.kind}`);
        }
      }
    };
    walk(path.join(SHARED, 'crds'));
    // WHEN
    const fromValidator = [...knownKinds()].filter((k) => {
      const group = k.split('|')[0].split('/')[0];
      return [...expected].some((e) => e.startsWith(`${group}/`));
    });
    // THEN
    expect(new Set(fromValidator)).toStrictEqual(expected);
  });

  test('GIVEN every known kind WHEN an empty named object is validated THEN it is not reported as unknown', () => {
    // Compiles nothing new for kinds already cached; proves dispatch for all of them.
    const unknown = [...knownKinds()]
      .filter((k) => k.startsWith('v1|') || k.startsWith('apps/v1|') || k.startsWith('metallb.io/'))
      .filter((k) => {
        const [apiVersion, kind] = k.split('|');
        return validateK8sObject({ apiVersion, kind, metadata: { name: 'x' } }).some((p) => p.message.startsWith('unknown apiVersion/kind'));
      });
    expect(unknown).toStrictEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// assertAllValid
// ---------------------------------------------------------------------------------------

describe('assertAllValid', () => {
  test('GIVEN invalid objects among valid ones WHEN asserted THEN the error names each bad object and every problem', () => {
    // GIVEN
    const bad = deployment('api');
    bad.spec.replicas = '3';
    bad.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    // WHEN
    let error: Error | undefined;
    try {
      assertAllValid([service(), bad, unknown]);
    } catch (e) {
      error = e as Error;
    }
    // THEN
    expect(error).toBeInstanceOf(Error);
    const text = error!.message;
    expect(text).toContain('3 schema problem(s) in 2 of 3 object(s)');
    expect(text).toContain('#1 apps/v1 Deployment apps/api:');
    expect(text).toContain('  spec.replicas: must be integer, got "3"');
    expect(text).toContain('  spec.template.spec.containers[0].imagePullPolicyy: unknown field "imagePullPolicyy"');
    expect(text).toContain('#2 example.com/v1 Widget w:');
    expect(text).not.toContain('v1 Service');
  });
});

// ---------------------------------------------------------------------------------------
// Component-config documents
// ---------------------------------------------------------------------------------------

describe('validateConfigDocument', () => {
  const clusterConfiguration = (): Record<string, any> => ({
    apiVersion: 'kubeadm.k8s.io/v1beta4',
    kind: 'ClusterConfiguration',
    kubernetesVersion: 'v1.35.0',
    controlPlaneEndpoint: 'cp.example.internal:6443',
    networking: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', dnsDomain: 'cluster.local' },
    apiServer: { extraArgs: [{ name: 'audit-log-maxage', value: '30' }], certSANs: ['cp.example.internal'] },
    etcd: { local: { dataDir: '/var/lib/etcd' } },
  });

  const kubeletConfiguration = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    cgroupDriver: 'systemd',
    clusterDNS: ['10.96.0.10'],
    clusterDomain: 'cluster.local',
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true, cacheTTL: '2m0s' }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } },
    authorization: { mode: 'Webhook' },
    rotateCertificates: true,
    serverTLSBootstrap: true,
    evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%' },
    featureGates: { GracefulNodeShutdown: true },
    shutdownGracePeriod: '30s',
  };

  test('GIVEN a minimal valid kubeadm ClusterConfiguration WHEN validated THEN there are no problems', () => {
    expect(validateConfigDocument(clusterConfiguration())).toStrictEqual([]);
  });

  test('GIVEN networking.podSubnets (typo) WHEN validated THEN it fails and names the field', () => {
    // GIVEN
    const doc = clusterConfiguration();
    doc.networking.podSubnets = doc.networking.podSubnet;
    delete doc.networking.podSubnet;
    // WHEN
    const problems = validateConfigDocument(doc);
    // THEN
    expect(problems).toStrictEqual([{ path: 'networking.podSubnets', message: 'unknown field "podSubnets"' }]);
  });

  test('GIVEN a KubeletConfiguration WHEN validated THEN there are no problems', () => {
    expect(validateConfigDocument(kubeletConfiguration)).toStrictEqual([]);
  });

  test('GIVEN a KubeletConfiguration with a numeric duration and a bad enum WHEN validated THEN both fail', () => {
    const problems = validateConfigDocument({ ...kubeletConfiguration, shutdownGracePeriod: 30, topologyManagerPolicy: 'best' });
    expect(problems.map((p) => p.path).sort()).toStrictEqual(['shutdownGracePeriod', 'topologyManagerPolicy']);
  });

  test('GIVEN an unknown config kind WHEN validated THEN it is a problem', () => {
    const problems = validateConfigDocument({ apiVersion: 'kubeadm.k8s.io/v1beta3', kind: 'ClusterConfiguration' });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('unknown apiVersion/kind "kubeadm.k8s.io/v1beta3" "ClusterConfiguration"');
  });

  test('GIVEN valid and invalid docs WHEN assertConfigValid is called THEN only the invalid set throws', () => {
    const bad = clusterConfiguration();
    bad.networking.podSubnets = 'x';
    expect(() => assertConfigValid([clusterConfiguration(), kubeletConfiguration])).not.toThrow();
    expect(() => assertConfigValid([kubeletConfiguration, bad])).toThrow(/#1 kubeadm\.k8s\.io\/v1beta4 ClusterConfiguration <no name>:\n {2}networking\.podSubnets: unknown field "podSubnets"/);
  });
});
