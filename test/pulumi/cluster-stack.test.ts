import * as pulumi from '@pulumi/pulumi';
import { AddOnKey, Cluster, ClusterValidationError, CrdSource, canonicalize, objectIdentity, UpstreamCrds } from '../../lib';
import { CLUSTER_STACK_TYPE, ClusterStack } from '../../lib/pulumi';
import { EXAMPLES } from '../../examples';
import { allRegistered, installPulumiMocks, registered, valueOf } from '../support/pulumi-mocks';
import { newCluster, synth } from '../support/synth';
import { TestAddOn } from '../support/test-add-on';
import { ApiObject } from 'cdk8s';

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

describe('ClusterStack (Pulumi backend)', () => {
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
      'prod:crds-0',
    ]);
    expect([...closure('prod:example.io/Widget:w')]).toStrictEqual(['prod:crds-0']);
    expect(registered.find((r) => r.name === 'prod:example.io/Widget:w')?.type).toBe('kubernetes:example.io/v1:Widget');
    expect(registered.find((r) => r.name === 'prod:crds-0')).toStrictEqual({
      type: 'kubernetes:yaml/v2:ConfigFile',
      name: 'prod:crds-0',
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
  test('runs under mocks and registers the provider, the component and its objects', async () => {
    // WHEN the program of Pulumi.yaml is loaded, as `pulumi up` would
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
    expect(Object.keys(await valueOf(program.bootstrapFiles))).toContain('kubeadm/cp-1.yaml');
    expect(await valueOf(program.controlPlaneEndpoint)).toBe('10.20.0.10:8443');
  });
});
