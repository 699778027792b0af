import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { AddOnKey, Cluster, ClusterValidationError, CrdSource, KubeObject, UpstreamCrds } from '../../lib';
import { BOOTSTRAP_PLACEHOLDERS } from '../../lib/bootstrap/secrets';
import { objectIdentity } from '../../lib/synth/kube-object';
import { canonicalize } from '../../lib/synth/yaml';
import { ClusterStack } from '../../lib/pulumi';
import { CLUSTER_STACK_TYPE } from '../../lib/pulumi/cluster-stack';
import { planRegistration } from '../../lib/pulumi/registration-plan';
import { EXAMPLES } from '../../examples';
import { allRegistered, installPulumiMocks, registered, valueOf } from '../support/pulumi-mocks';
import { PULUMI_PROJECT, pulumiProgram } from '../support/pulumi-program';
import { newCluster, synth } from '../support/synth';
import { TestAddOn } from '../support/test-add-on';
import { ApiObject } from 'cdk8s';
import { Subject, Verb } from '../../lib';

installPulumiMocks();

beforeEach(() => {
  registered.length = 0;
});

/** Registers `cluster` and returns the stack once every child is registered. */
async function deploy(cluster: Cluster, opts: pulumi.ComponentResourceOptions = {}, args: object = {}): Promise<ClusterStack> {
  const stack = new ClusterStack('prod', { cluster, ...args }, opts);
  await allRegistered(stack.resources.values());
  await valueOf(stack.urn);
  return stack;
}

function withCustomResources(): Cluster {
  const cluster = newCluster({}, 'crs');
  const monitoring = new TestAddOn(cluster, 'Monitoring', { key: new AddOnKey('monitoring') });
  new UpstreamCrds(monitoring, 'Crds', {
    source: CrdSource.file(`${__dirname}/../../../shared/crds/prometheus-operator/monitoring.coreos.com_servicemonitors.yaml`),
    group: 'monitoring.coreos.com',
    kinds: ['ServiceMonitor'],
  });
  new ApiObject(monitoring, 'Monitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'agent', namespace: 'monitoring' },
    spec: { selector: { matchLabels: { app: 'agent' } }, endpoints: [{ port: 'metrics' }] },
  } as never);
  const networking = new TestAddOn(cluster, 'Networking', { key: new AddOnKey('cni') });
  new UpstreamCrds(networking, 'Crds', {
    source: CrdSource.url('https://example.invalid/releases/download/v1.0.0/crds.yaml'),
    group: 'example.io',
    kinds: ['Widget'],
  });
  new ApiObject(networking, 'Widget', { apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w' } } as never);
  return cluster;
}

const CRD_FILE = 'prod:crds:example.invalid/releases/download/v1.0.0/crds.yaml';

/** Records the options each child of a ClusterStack is registered with. */
function recordOptions(): { transformation: pulumi.ResourceTransformation; opts: Map<string, pulumi.ResourceOptions> } {
  const opts = new Map<string, pulumi.ResourceOptions>();
  return {
    opts,
    transformation: (a) => {
      opts.set(a.name, a.opts);
      return undefined;
    },
  };
}

/**
 * What an object refers to and needs in place first, read from the object bodies alone
 * (not from the ordering model under test): its Namespace, the CRD of its kind, the Role
 * or ClusterRole it binds, and the ServiceAccount, ConfigMaps, Secrets and claims its pods use.
 */
function references(o: KubeObject): string[] {
  const refs: string[] = [];
  const ns = o.metadata.namespace;
  if (ns) refs.push(`v1|Namespace||${ns}`);
  const body = o as unknown as Record<string, any>;
  if ((o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && o.apiVersion === 'rbac.authorization.k8s.io/v1') {
    const ref = body.roleRef as { kind: string; name: string };
    refs.push(`rbac.authorization.k8s.io/v1|${ref.kind}|${ref.kind === 'Role' ? ns : ''}|${ref.name}`);
  }
  const pod = o.kind === 'Pod' ? body.spec : o.kind === 'CronJob' ? body.spec?.jobTemplate?.spec?.template?.spec : body.spec?.template?.spec;
  if (pod && ['Pod', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob'].includes(o.kind)) {
    if (pod.serviceAccountName) refs.push(`v1|ServiceAccount|${ns}|${pod.serviceAccountName}`);
    for (const v of pod.volumes ?? []) {
      if (v.configMap?.name) refs.push(`v1|ConfigMap|${ns}|${v.configMap.name}`);
      if (v.secret?.secretName) refs.push(`v1|Secret|${ns}|${v.secret.secretName}`);
      if (v.persistentVolumeClaim?.claimName) refs.push(`v1|PersistentVolumeClaim|${ns}|${v.persistentVolumeClaim.claimName}`);
    }
  }
  return refs;
}

function identityKey(o: KubeObject): string {
  return `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
}

describe('ClusterStack (Pulumi backend)', () => {
  test.each(Object.keys(EXAMPLES))('parity: in example %s every reference the YAML order satisfies is a dependsOn path', async (name) => {
    // GIVEN the objects of the example, keyed by apiVersion, kind, namespace and name
    const recorder = recordOptions();
    const stack = await deploy(EXAMPLES[name](), { transformations: [recorder.transformation] });
    const byKey = new Map(stack.plan.objects.map((p) => [identityKey(p.object), p]));
    const resourceNames = new Map([...stack.resources].map(([n, r]) => [r, n]));
    const dependsOnOf = (n: string) => ((recorder.opts.get(n)?.dependsOn ?? []) as pulumi.Resource[]).map((r) => resourceNames.get(r)!);
    const reaches = (from: string, to: string): boolean => {
      const seen = new Set<string>();
      const stackOfNames = [from];
      while (stackOfNames.length > 0) {
        for (const d of dependsOnOf(stackOfNames.pop()!)) {
          if (d === to) return true;
          if (!seen.has(d)) stackOfNames.push(d), seen.add(d);
        }
      }
      return false;
    };

    // WHEN every reference to a declared object is checked against the registered edges
    const missing: string[] = [];
    let checked = 0;
    for (const p of stack.plan.objects) {
      for (const ref of references(p.object)) {
        const target = byKey.get(ref);
        if (!target) continue;
        checked++;
        if (!reaches(p.name, target.name)) missing.push(`${p.name} -> ${target.name}`);
      }
    }

    // THEN each one is a dependsOn path, as the YAML file order applies it
    expect(checked).toBeGreaterThan(0);
    expect(missing).toStrictEqual([]);
  });

  test('a RoleBinding depends on its Role and a ClusterRoleBinding on its ClusterRole', async () => {
    // GIVEN a tenant with a custom role, and a cluster-wide grant
    const cluster = newCluster({}, 'rbac');
    const tenant = cluster.addTenant('payments', {});
    tenant.addRole('deployer', { rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: [Verb.GET] }], subjects: [Subject.group('ci')] });
    cluster.grantClusterReader(Subject.group('auditors'));

    // WHEN
    const stack = await deploy(cluster);

    // THEN every binding whose role is declared lists it among its direct dependencies
    const bindings = stack.plan.objects.filter((p) => p.object.kind === 'RoleBinding' || p.object.kind === 'ClusterRoleBinding');
    expect(bindings.length).toBeGreaterThan(0);
    let bound = 0;
    for (const b of bindings) {
      const ref = (b.object as unknown as { roleRef: { kind: string; name: string } }).roleRef;
      const role = stack.plan.objects.find(
        (p) => p.object.kind === ref.kind && p.object.metadata.name === ref.name &&
          (ref.kind === 'ClusterRole' || p.object.metadata.namespace === b.object.metadata.namespace),
      );
      if (role) {
        bound++;
        expect(b.dependsOn).toContain(role.name);
      }
    }
    expect(bound).toBeGreaterThanOrEqual(2);
  });

  test('CRD files are named from their URL, so adding a URL renames none, and alias their 0.1 names', async () => {
    // GIVEN a cluster with one CRD URL, and the same cluster with a URL that sorts before it
    const withUrls = (urls: string[]) => {
      const cluster = newCluster({}, 'crd-names');
      urls.forEach((url, i) => {
        const addOn = new TestAddOn(cluster, `AddOn${i}`, { key: new AddOnKey(`addon-${i}`) });
        new UpstreamCrds(addOn, 'Crds', { source: CrdSource.url(url), group: `g${i}.example.io`, kinds: ['Thing'] });
      });
      return cluster;
    };
    const later = 'https://example.invalid/z/v1.0.0/crds.yaml';
    const earlier = 'https://example.invalid/a/v1.0.0/crds.yaml';

    // WHEN both are planned, and the second is deployed
    const before = planRegistration('prod', withUrls([later])).crdFiles;
    const after = planRegistration('prod', withUrls([later, earlier])).crdFiles;
    const recorder = recordOptions();
    await deploy(withUrls([later, earlier]), { transformations: [recorder.transformation] });

    // THEN the existing file keeps its name, and each file aliases its old positional name
    expect(before.map((f) => f.name)).toStrictEqual(['prod:crds:example.invalid/z/v1.0.0/crds.yaml']);
    expect(after.find((f) => f.url === later)?.name).toBe(before[0].name);
    expect(after.map((f) => [f.url, f.aliases])).toStrictEqual([
      [earlier, ['prod:crds-0']],
      [later, ['prod:crds-1']],
    ]);
    expect(recorder.opts.get(before[0].name)?.aliases).toStrictEqual([{ name: 'prod:crds-1' }]);
  });

  test.each(Object.keys(EXAMPLES))('no placeholder is left in any bootstrap file of example %s given every secret', async (name) => {
    // GIVEN every secret the bootstrap files take, as Pulumi secrets
    const secrets = {
      bootstrapToken: pulumi.secret('abcdef.0123456789abcdef'),
      certificateKey: pulumi.secret('a'.repeat(64)),
      caCertHash: pulumi.secret(`sha256:${'b'.repeat(64)}`),
      // External etcd's client PKI and a provided CA's key, for cp-1's cloud-init.
      pkiFiles: pulumi.secret({ caKey: 'Q0FLRVk=', etcdCaCert: 'Q0E=', etcdClientCert: 'Q0VSVA==', etcdClientKey: 'S0VZ' }),
      // The encryption-at-rest key of the platform example.
      encryptionKeys: pulumi.secret({ encryptionKey: Buffer.alloc(32, 1).toString('base64') }),
    };

    // WHEN
    const stack = await deploy(EXAMPLES[name](), {}, secrets);

    // THEN
    const files = await valueOf(stack.bootstrapFiles);
    const left = Object.entries(files).filter(([, content]) => Object.values(BOOTSTRAP_PLACEHOLDERS).some((p) => content.includes(p)));
    expect(left.map(([path]) => path)).toStrictEqual([]);
    expect(await pulumi.isSecret(stack.bootstrapFiles)).toBe(true);
  });

  test.each(Object.keys(EXAMPLES))('parity: example %s registers exactly the objects the YAML backend writes', async (name) => {
    // GIVEN the YAML backend's objects for the example
    const yamlObjects = synth(EXAMPLES[name]()).objects.map((o) => o.manifest);

    // WHEN the same definition is deployed with Pulumi
    await deploy(EXAMPLES[name]());

    // THEN the component and one typed resource per object are registered, with the same bodies
    const objects = registered.filter((r) => r.type !== CLUSTER_STACK_TYPE && r.type !== 'kubernetes:yaml/v2:ConfigFile');
    const byIdentity = (list: object[]) =>
      new Map(list.map((o) => [objectIdentity(o as never), JSON.stringify(canonicalize(o))]));
    expect(byIdentity(objects.map((r) => r.inputs))).toStrictEqual(byIdentity(yamlObjects));
    expect(registered.filter((r) => r.type === CLUSTER_STACK_TYPE).map((r) => r.name)).toStrictEqual(['prod']);
    expect(objects.find((r) => r.inputs.kind === 'Namespace')?.type).toBe('kubernetes:core/v1:Namespace');
  });

  test('custom resources are CustomResources and depend on their CRD; namespaced objects on their namespace', async () => {
    // GIVEN a recorder of the options every child is registered with
    const dependsOn = new Map<string, unknown>();
    const record: pulumi.ResourceTransformation = (a) => {
      dependsOn.set(a.name, a.opts.dependsOn);
      return undefined;
    };

    // WHEN
    const stack = await deploy(withCustomResources(), { transformations: [record] });

    // THEN every planned edge is a dependsOn edge on the registered resource
    for (const p of stack.plan.objects) {
      expect(dependsOn.get(p.name)).toStrictEqual(p.dependsOn.map((d) => stack.resources.get(d)));
    }
    const closure = (name: string, seen = new Set<string>()): Set<string> => {
      for (const d of stack.plan.objects.find((o) => o.name === name)?.dependsOn ?? []) {
        if (!seen.has(d)) closure(d, seen.add(d));
      }
      return seen;
    };
    expect([...closure('prod:monitoring.coreos.com/ServiceMonitor:monitoring/agent')].sort()).toStrictEqual([
      'prod:Namespace:monitoring',
      'prod:apiextensions.k8s.io/CustomResourceDefinition:servicemonitors.monitoring.coreos.com',
      CRD_FILE,
    ]);
    expect([...closure('prod:example.io/Widget:w')]).toStrictEqual([CRD_FILE]);
    expect(registered.find((r) => r.name === 'prod:example.io/Widget:w')?.type).toBe('kubernetes:example.io/v1:Widget');
    expect(registered.find((r) => r.name === CRD_FILE)).toStrictEqual({
      type: 'kubernetes:yaml/v2:ConfigFile',
      name: CRD_FILE,
      inputs: { file: 'https://example.invalid/releases/download/v1.0.0/crds.yaml' },
    });
    for (const p of stack.plan.objects) {
      const ns = p.object.metadata.namespace;
      if (ns) expect(closure(p.name)).toContain(`prod:Namespace:${ns}`);
    }
  });

  test('a bad definition registers nothing, not even the component', () => {
    // GIVEN an invalid cluster
    const cluster = newCluster({ name: 'Bad_Name' });

    // WHEN / THEN
    expect(() => new ClusterStack('prod', { cluster })).toThrow(ClusterValidationError);
    expect(registered).toStrictEqual([]);
  });

  test('bootstrap secrets are Pulumi secrets, filled into the files', async () => {
    // GIVEN a cluster with a bootstrap file that carries placeholders
    const cluster = newCluster({}, 'sec');
    cluster.addBootstrapFile('join.yaml', { render: () => 'token: @@CLUSTERFORGE_BOOTSTRAP_TOKEN@@\n', sensitive: true });

    // WHEN deployed with a token passed as a Pulumi secret
    const stack = await deploy(cluster, {}, { bootstrapToken: pulumi.secret('abcdef.0123456789abcdef') });

    // THEN the output is a secret holding the filled file
    expect(await pulumi.isSecret(stack.bootstrapFiles)).toBe(true);
    expect(await valueOf(stack.bootstrapFiles)).toStrictEqual({ 'join.yaml': 'token: abcdef.0123456789abcdef\n' });
  });

  test('PKI files for the first node (a provided CA key, external etcd client pair) fill from Pulumi secrets too', async () => {
    // GIVEN a file with the etcd client key placeholder
    const cluster = newCluster({}, 'pki');
    cluster.addBootstrapFile('cp-1.yaml', { render: () => 'content: @@CLUSTERFORGE_ETCD_CLIENT_KEY_BASE64@@\n', sensitive: true });

    // WHEN deployed with the base64 key as a Pulumi secret
    const stack = await deploy(cluster, {}, { pkiFiles: pulumi.secret({ etcdClientKey: 'S0VZ' }) });

    // THEN
    expect(await pulumi.isSecret(stack.bootstrapFiles)).toBe(true);
    expect(await valueOf(stack.bootstrapFiles)).toStrictEqual({ 'cp-1.yaml': 'content: S0VZ\n' });
  });

  test('encryption-at-rest keys fill from Pulumi secrets, the output staying secret', async () => {
    // GIVEN a file with both encryption key placeholders
    const cluster = newCluster({}, 'encryption');
    cluster.addBootstrapFile('encryption.yaml', { render: () => 'new: @@CLUSTERFORGE_ENCRYPTION_KEY_BASE64@@\nold: @@CLUSTERFORGE_PREVIOUS_ENCRYPTION_KEY_BASE64@@\n', sensitive: true });
    const [key, previous] = [Buffer.alloc(32, 1).toString('base64'), Buffer.alloc(32, 2).toString('base64')];

    // WHEN
    const stack = await deploy(cluster, {}, { encryptionKeys: pulumi.secret({ encryptionKey: key, previousEncryptionKey: previous }) });

    // THEN
    expect(await pulumi.isSecret(stack.bootstrapFiles)).toBe(true);
    expect(await valueOf(stack.bootstrapFiles)).toStrictEqual({ 'encryption.yaml': `new: ${key}\nold: ${previous}\n` });
  });

  test('webhook bearer tokens fill from Pulumi secrets, the output staying secret', async () => {
    // GIVEN a file with both webhook token placeholders
    const cluster = newCluster({}, 'webhooks');
    cluster.addBootstrapFile('tokens.yaml', { render: () => 'authn: @@CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN@@\nauthz: @@CLUSTERFORGE_AUTHORIZATION_WEBHOOK_TOKEN@@\n', sensitive: true });

    // WHEN
    const stack = await deploy(cluster, {}, { webhookTokens: pulumi.secret({ authenticationWebhookToken: 'authn-token', authorizationWebhookToken: 'authz-token' }) });

    // THEN
    expect(await pulumi.isSecret(stack.bootstrapFiles)).toBe(true);
    expect(await valueOf(stack.bootstrapFiles)).toStrictEqual({ 'tokens.yaml': 'authn: authn-token\nauthz: authz-token\n' });
  });

  test('outputs name each component’s namespaces and services', async () => {
    const stack = await deploy(withCustomResources());
    expect(await valueOf(stack.components)).toStrictEqual({
      Monitoring: { namespaces: ['monitoring'], services: [] },
      Networking: { namespaces: ['networking'], services: [] },
    });
    expect(await valueOf(stack.controlPlaneEndpoint)).toBeUndefined();
  });
});

describe('the Pulumi example program', () => {
  test("examples/package.json has every package the program loads at run time in its dependencies", () => {
    // GIVEN the program of examples/Pulumi.yaml and the files it imports
    const program = pulumiProgram();
    const manifest = JSON.parse(fs.readFileSync(path.join(PULUMI_PROJECT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

    // THEN it stays inside its package, so Node resolves every import from the package's node_modules ...
    expect(program.sources).toStrictEqual(['platform.ts', 'pulumi/index.ts']);
    expect(program.escapes).toStrictEqual([]);
    // ... and Pulumi compiles it with the package's TypeScript (not its bundled 3.8, which fails on `??=`)
    expect(program.typescript).toBe(true);
    expect(program.packages).toStrictEqual(['@pulumi/kubernetes', '@pulumi/pulumi', '@types/node', 'cdk8s', 'clusterforge', 'constructs', 'typescript']);
    expect(program.packages.filter((p) => manifest.dependencies[p] === undefined)).toStrictEqual([]);
  });

  test('examples/package.json installs the packed library and the versions the library is tested with', () => {
    // GIVEN
    const root = JSON.parse(fs.readFileSync(path.join(PULUMI_PROJECT, '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      devDependencies: Record<string, string>;
    };
    const { dependencies } = JSON.parse(fs.readFileSync(path.join(PULUMI_PROJECT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

    // THEN the tarball `npm pack` writes at the repository root, and the ranges of the library's own build
    const { [root.name]: library, ...others } = dependencies;
    expect(library).toBe(`file:../${root.name}-${root.version}.tgz`);
    expect(others).toStrictEqual(Object.fromEntries(Object.keys(others).map((name) => [name, root.devDependencies[name]])));
  });

  test('runs under mocks and registers the provider, the component and its objects', async () => {
    // GIVEN the stack's config, every secret the program reads set as a Pulumi secret
    const { project } = pulumiProgram();
    const secrets = {
      bootstrapToken: 'abcdef.0123456789abcdef',
      certificateKey: 'a'.repeat(64),
      caCertHash: `sha256:${'b'.repeat(64)}`,
      encryptionKey: Buffer.alloc(32, 1).toString('base64'),
    };
    pulumi.runtime.setAllConfig(
      { [`${project}:context`]: 'kind-test', ...Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`${project}:${k}`, v])) },
      Object.keys(secrets).map((k) => `${project}:${k}`),
    );

    // WHEN the program of examples/Pulumi.yaml is loaded, as `pulumi up` would (clusterforge
    // mapped to the source by jest.config.js; test/package/consumer.test.ts runs it installed)
    registered.length = 0;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require('../../examples/pulumi/index') as typeof import('../../examples/pulumi/index');
    await valueOf(program.components);
    // Registrations reach the mock engine asynchronously; wait for the objects to arrive.
    for (let i = 0; i < 100 && !registered.some((r) => r.type === 'kubernetes:core/v1:Namespace'); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }

    // THEN
    const types = registered.map((r) => r.type);
    expect(types).toContain('pulumi:providers:kubernetes');
    expect(types).toContain(CLUSTER_STACK_TYPE);
    expect(types).toContain('kubernetes:core/v1:Namespace');
    expect(types).toContain('kubernetes:operator.tigera.io/v1:Installation');
    // platform's kubeadm files hold secret placeholders, so the whole output is a secret.
    expect(await pulumi.isSecret(program.bootstrapFiles)).toBe(true);
    const files = await valueOf(program.bootstrapFiles);
    expect(Object.keys(files)).toContain('kubeadm/cp-1.yaml');
    const left = Object.entries(files).filter(([, content]) => Object.values(BOOTSTRAP_PLACEHOLDERS).some((p) => content.includes(p)));
    expect(left.map(([file]) => file)).toStrictEqual([]);
    expect(await valueOf(program.controlPlaneEndpoint)).toBe('10.20.0.10:8443');
  });
});
