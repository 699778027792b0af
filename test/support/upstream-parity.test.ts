import { Construct } from 'constructs';
import { KubeObject, UpstreamDeviation } from '../../lib';
import { allows, configKeyDifferences, coversAll, effectiveGrants, expectUpstreamParity, loadUpstream, roleGrants, upstreamDifferences } from './upstream-parity';

type Json = Record<string, any>;

const FLANNEL = 'flannel/v0.28.9/kube-flannel.yml';
const DS = { kind: 'DaemonSet', name: 'kube-flannel-ds', namespace: 'kube-flannel' };
const W = 'DaemonSet/kube-flannel/kube-flannel-ds';
const SA = { 'kube-flannel/flannel': 'kube-flannel/flannel' };

/** Upstream flannel, and a copy of it to mutate as "ours". */
function upstreamAndCopy(): { upstream: KubeObject[]; ours: Json[] } {
  const upstream = loadUpstream(FLANNEL);
  return { upstream, ours: JSON.parse(JSON.stringify(upstream)) };
}

function find(objects: Json[], kind: string, name: string): Json {
  return objects.find((o) => o.kind === kind && o.metadata.name === name)!;
}

function daemon(ours: Json[], container = 'kube-flannel'): Json {
  const spec = find(ours, 'DaemonSet', 'kube-flannel-ds').spec.template.spec;
  return [...spec.initContainers, ...spec.containers].find((c: Json) => c.name === container);
}

function differences(upstream: KubeObject[], ours: Json[]): string[] {
  return upstreamDifferences({ upstream, ours: ours as KubeObject[], workloads: [{ upstream: DS, ours: DS }], serviceAccounts: SA }).map(
    (d) => d.item,
  );
}

describe('upstream parity helper', () => {
  test('reads an upstream release file into its API objects', () => {
    // WHEN
    const objects = loadUpstream(FLANNEL);

    // THEN
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toStrictEqual([
      'Namespace/kube-flannel',
      'ClusterRole/flannel',
      'ClusterRoleBinding/flannel',
      'ServiceAccount/flannel',
      'ConfigMap/kube-flannel-cfg',
      'DaemonSet/kube-flannel-ds',
    ]);
  });

  test('an identical copy has no differences', () => {
    const { upstream, ours } = upstreamAndCopy();
    expect(differences(upstream, ours)).toStrictEqual([]);
  });

  test('a dropped RBAC grant is named by service account, scope, resource and verb', () => {
    // GIVEN ours without `list` on nodes
    const { upstream, ours } = upstreamAndCopy();
    const role = find(ours, 'ClusterRole', 'flannel');
    const nodes = role.rules.find((r: Json) => r.resources.includes('nodes'));
    nodes.verbs = nodes.verbs.filter((v: string) => v !== 'list');

    // THEN
    expect(differences(upstream, ours)).toStrictEqual(['rbac kube-flannel/flannel cluster core/nodes list']);
  });

  test('a broader grant is reported as rbac+, and a wildcard covers what upstream needs', () => {
    // GIVEN ours granting every verb on nodes
    const { upstream, ours } = upstreamAndCopy();
    const role = find(ours, 'ClusterRole', 'flannel');
    role.rules.find((r: Json) => r.resources.includes('nodes')).verbs = ['*'];

    // THEN nothing upstream grants is missing; the wildcard is the one extra
    expect(differences(upstream, ours)).toStrictEqual(['rbac+ kube-flannel/flannel cluster core/nodes *']);
  });

  test('a grant through a RoleBinding in another namespace does not cover a cluster-wide need', () => {
    // GIVEN the ClusterRole bound only in one namespace
    const { upstream, ours } = upstreamAndCopy();
    const binding = find(ours, 'ClusterRoleBinding', 'flannel');
    binding.kind = 'RoleBinding';
    binding.metadata.namespace = 'kube-flannel';

    // THEN every cluster-wide grant is missing; the namespaced ones are narrower, not extra
    expect(differences(upstream, ours)).toStrictEqual([
      'rbac kube-flannel/flannel cluster core/nodes get',
      'rbac kube-flannel/flannel cluster core/nodes list',
      'rbac kube-flannel/flannel cluster core/nodes watch',
      'rbac kube-flannel/flannel cluster core/nodes/status patch',
      'rbac kube-flannel/flannel cluster core/pods get',
    ]);
  });

  test('mounts, args, env, ports, probes, image and securityContext are compared item by item', () => {
    // GIVEN ours with one change of each kind
    const { upstream, ours } = upstreamAndCopy();
    const c = daemon(ours);
    c.volumeMounts = c.volumeMounts.filter((m: Json) => m.mountPath !== '/run/xtables.lock');
    c.args = c.args.filter((a: string) => a !== '--ip-masq').concat('--healthz-port=9090');
    c.env = c.env.filter((e: Json) => e.name !== 'EVENT_QUEUE_DEPTH');
    c.ports = [];
    c.livenessProbe.failureThreshold = 7;
    c.securityContext.capabilities.add = [...c.securityContext.capabilities.add, 'SYS_ADMIN'];
    daemon(ours, 'install-cni-plugin').image = 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel2';

    // THEN
    expect(differences(upstream, ours)).toStrictEqual([
      `${W} container install-cni-plugin image`,
      `${W} container kube-flannel arg --healthz-port`,
      `${W} container kube-flannel arg --ip-masq`,
      `${W} container kube-flannel env EVENT_QUEUE_DEPTH`,
      `${W} container kube-flannel port 8081/TCP`,
      `${W} container kube-flannel mount /run/xtables.lock`,
      `${W} container kube-flannel probe liveness`,
      `${W} container kube-flannel securityContext.capabilities.add SYS_ADMIN`,
    ]);
  });

  test('a volume mounted from another host path is a difference; defaults of probes are not', () => {
    // GIVEN ours mounting /run/flannel from elsewhere, and spelling out a probe default
    const { upstream, ours } = upstreamAndCopy();
    const spec = find(ours, 'DaemonSet', 'kube-flannel-ds').spec.template.spec;
    spec.volumes.find((v: Json) => v.name === 'run').hostPath.path = '/var/run/flannel';
    daemon(ours).livenessProbe.timeoutSeconds = 1;

    // THEN
    const found = upstreamDifferences({ upstream, ours: ours as KubeObject[], workloads: [{ upstream: DS, ours: DS }] });
    expect(found).toStrictEqual([
      {
        item: `${W} container kube-flannel mount /run/flannel`,
        upstream: { source: { hostPath: '/run/flannel', type: '' }, readOnly: false, subPath: undefined, mountPropagation: undefined },
        ours: { source: { hostPath: '/var/run/flannel', type: '' }, readOnly: false, subPath: undefined, mountPropagation: undefined },
      },
    ]);
  });

  test('pod-level fields, tolerations and the mapped service account are compared', () => {
    // GIVEN ours in another namespace, without the toleration and priority class
    const { upstream, ours } = upstreamAndCopy();
    const ds = find(ours, 'DaemonSet', 'kube-flannel-ds');
    ds.metadata.namespace = 'net';
    delete ds.spec.template.spec.priorityClassName;
    ds.spec.template.spec.tolerations = [];

    // WHEN the namespace move is mapped
    const found = upstreamDifferences({
      upstream,
      ours: ours as KubeObject[],
      workloads: [{ upstream: DS, ours: { ...DS, namespace: 'net' } }],
      namespaces: { 'kube-flannel': 'net' },
    });

    // THEN the service account follows the namespace; the rest is reported
    expect(found.map((d) => d.item)).toStrictEqual([`${W} pod priorityClassName`, `${W} pod tolerations`]);
  });

  test('expectUpstreamParity passes with exactly the declared deviations, and fails on undeclared or stale ones', () => {
    // GIVEN one difference
    const { upstream, ours } = upstreamAndCopy();
    daemon(ours).args = ['--kube-subnet-mgr', '--ip-masq'];
    daemon(ours, 'install-cni-plugin').image = 'example.org/other:v1';
    const scope = new Construct(undefined as any, 'Root');
    const options = { upstream, ours: ours as KubeObject[], workloads: [{ upstream: DS, ours: DS }] };
    const declare = (item: string): UpstreamDeviation =>
      UpstreamDeviation.declare(new Construct(scope, item), { component: 'flannel v0.28.9', item, ours: 'x', why: 'y' });

    // THEN undeclared fails, naming both values
    expect(() => expectUpstreamParity({ ...options, deviations: [] })).toThrow(
      `undeclared: ${W} container kube-flannel arg --healthz-port\n    upstream: "8081"\n    ours:     (absent)`,
    );
    // AND declared passes
    const image = declare(`${W} container install-cni-plugin image`);
    const healthz = declare(`${W} container kube-flannel arg --healthz-port`);
    expect(() => expectUpstreamParity({ ...options, deviations: [image, healthz] })).not.toThrow();
    // AND a declaration matching nothing is stale
    const stale = declare(`${W} container kube-flannel arg --ip-masq`);
    expect(() => expectUpstreamParity({ ...options, deviations: [image, healthz, stale] })).toThrow(
      `stale deviation (matches no difference): ${W} container kube-flannel arg --ip-masq [flannel v0.28.9]`,
    );
  });

  test('configKeyDifferences names keys present on one side only', () => {
    expect(
      configKeyDifferences('net-conf.json', { Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } }, { Network: '10.1.0.0/16', EnableNFTables: false }),
    ).toStrictEqual([
      { item: 'net-conf.json key Backend.Type', upstream: 'vxlan', ours: undefined },
      { item: 'net-conf.json key EnableNFTables', upstream: undefined, ours: false },
    ]);
  });
});

describe('effective RBAC', () => {
  const role = (name: string, labels: Json, body: Json): KubeObject =>
    ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels }, ...body }) as unknown as KubeObject;
  // outer aggregates middle, which aggregates leaf: the controller fills middle first, then outer.
  const objects: KubeObject[] = [
    role('outer', {}, { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'to-outer': 'true' } }] } }),
    role('middle', { 'to-outer': 'true' }, { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'to-middle': 'true' } }] } }),
    role('leaf', { 'to-middle': 'true' }, { rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'update'] }] }),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'team' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'outer' },
      subjects: [{ kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' }],
    } as unknown as KubeObject,
  ];

  test('follows nested aggregation and binds a group in the binding\'s namespace only', () => {
    // WHEN
    const grants = effectiveGrants(objects, { kind: 'Group', name: 'devs' });

    // THEN
    expect(allows(grants, { namespace: 'team', group: 'apps', resource: 'deployments', verb: 'update' })).toBe(true);
    expect(allows(grants, { namespace: 'other', group: 'apps', resource: 'deployments', verb: 'update' })).toBe(false);
    expect(allows(grants, { group: 'apps', resource: 'deployments', verb: 'get' })).toBe(false);
    expect(effectiveGrants(objects, { kind: 'User', name: 'devs' })).toStrictEqual([]);
  });

  test('coversAll: a holder may bind a role only when it holds every grant of it', () => {
    const grants = effectiveGrants(objects, { kind: 'Group', name: 'devs' });
    expect(coversAll(grants, roleGrants(objects, 'ClusterRole', 'leaf', 'team'))).toBe(true);
    expect(coversAll(grants, roleGrants(objects, 'ClusterRole', 'leaf'))).toBe(false);
  });
});
