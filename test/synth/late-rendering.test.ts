import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { ClusterMonitoring } from '../../constructs/monitoring';
import { ClusterNetwork, Cni } from '../../constructs/networking';
import { Provisioner } from '../../constructs/storage';
import { AddOnKey, Cluster, IPreparable, Subject } from '../../lib';
import { LateRenderingMemo, renderLate } from '../../lib/synth/late-rendering';
import { manifests, newCluster, synth } from '../support/synth';
import { TestAddOn } from '../support/test-add-on';
import { EXAMPLES } from '../../examples';

/** Records the order constructs are prepared in. */
const prepared: string[] = [];

/** Adds a ConfigMap and a preparable child under itself, and a ConfigMap under `elsewhere` when given. */
class LateConfig extends Construct implements IPreparable {
  constructor(
    scope: Construct,
    id: string,
    private readonly elsewhere?: Construct,
    private readonly nested = true,
  ) {
    super(scope, id);
  }

  public prepareForSynthesis(): void {
    prepared.push(this.node.path);
    if (this.node.tryFindChild('Own')) return;
    new k8s.KubeConfigMap(this, 'Own', { metadata: { name: `own-${this.node.path.replace(/\//g, '-').toLowerCase()}`, namespace: 'default' } });
    if (this.nested) new LateConfig(this, 'Nested', undefined, false);
    if (this.elsewhere) new k8s.KubeConfigMap(this.elsewhere, 'Added', { metadata: { name: 'added-elsewhere', namespace: 'default' } });
  }
}

function paths(constructs: readonly IConstruct[]): string[] {
  return constructs.map((c) => c.node.path);
}

describe('late rendering', () => {
  beforeEach(() => {
    prepared.length = 0;
  });

  test('lists the tree as it stands after every preparation, in tree order', () => {
    // GIVEN a preparation that adds under itself, and one that adds under a construct the walk passed already
    const cluster = newCluster();
    const early = new Construct(cluster, 'Early');
    new LateConfig(cluster, 'Local');
    new LateConfig(cluster, 'Reaching', early);

    // WHEN
    const all = renderLate(cluster);

    // THEN the list is the tree's, the construct added behind the walk included
    expect(paths(all)).toStrictEqual(paths(cluster.node.findAll()));
    expect(paths(all)).toContain('test/Early/Added');
    // every construct that was there is prepared once, parents first; those added under a construct are prepared as the walk reaches them
    expect(prepared).toStrictEqual(['test/Local', 'test/Local/Nested', 'test/Reaching', 'test/Reaching/Nested']);
  });

  test('objects a preparation adds elsewhere are synthesised', () => {
    // GIVEN
    const cluster = newCluster();
    const early = new Construct(cluster, 'Early');
    new LateConfig(cluster, 'Reaching', early);

    // WHEN
    const names = manifests(synth(cluster)).map((o) => o.metadata.name);

    // THEN
    expect(names).toEqual(expect.arrayContaining(['added-elsewhere', 'own-test-reaching', 'own-test-reaching-nested']));
  });

  test('a tenant declared before the monitoring add-on still gets its scrape policy', () => {
    // GIVEN the tenant first: the walk passes it before monitoring adds the policy under it
    const cluster = newCluster({
      controlPlane: { nodes: [1, 2, 3].map((i) => ({ name: `cp-${i}`, address: `10.0.0.1${i}` })), endpoint: { host: '10.0.0.10' } },
      networking: { nodeSubnets: ['10.0.0.0/16'] },
    });
    cluster.addTenant('payments');
    cluster.addNodePool('workers', { nodes: [1, 2, 3].map((i) => ({ name: `w-${i}`, address: `10.0.1.${i}` })) });
    cluster.addStorageClass('local', { provisioner: Provisioner.localPath(), default: true });
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico() });
    new ClusterMonitoring(cluster, 'Monitoring', { grafana: { adminCredentials: { secretName: 'grafana-admin' } } });

    // WHEN
    const objects = manifests(synth(cluster));

    // THEN
    expect(objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'payments').map((o) => o.metadata.name)).toStrictEqual([
      'allow-dns-egress',
      'allow-prometheus-scrape',
      'allow-same-namespace',
      'default-deny-all',
    ]);
  });

  test('a namespace removed by its tenant is neither listed nor prepared', () => {
    // GIVEN a tenant whose namespace an add-on declared after it owns
    const cluster = newCluster();
    const tenant = cluster.addTenant('team', { namespaces: ['shared', 'team'] });
    tenant.grantView(Subject.user('alice'));
    new TestAddOn(cluster, 'Shared', { key: new AddOnKey('shared'), namespace: 'shared' });

    // WHEN
    const all = renderLate(cluster);

    // THEN the list is the final tree; the tenant's own namespace alone has its binding
    expect(paths(all)).toStrictEqual(paths(cluster.node.findAll()));
    expect(paths(all).filter((p) => p.startsWith('test/Tenants/team/shared'))).toStrictEqual([]);
    expect(paths(all).filter((p) => p.endsWith('/Binding-view/Resource'))).toStrictEqual(['test/Tenants/team/team/Binding-view/Resource']);
  });

  test('synthesising twice renders the late objects once', () => {
    // GIVEN
    const cluster: Cluster = newCluster();
    const tenant = cluster.addTenant('team');
    tenant.addRole('reader', { rules: [], subjects: [Subject.user('bob')] });
    synth(cluster);

    // WHEN a grant is added between two syntheses
    tenant.grantEdit(Subject.user('carol'));
    const objects = manifests(synth(cluster));

    // THEN
    const bindings = objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.name);
    expect(bindings).toStrictEqual(['reader', 'tenant-edit']);
  });
});

describe('LateRenderingMemo', () => {
  test('computes once per late rendering, and on every call outside one', () => {
    // GIVEN
    const computed: string[] = [];
    const memo = new LateRenderingMemo((c: Construct) => {
      computed.push(c.node.path);
      return c.node.path.length;
    });
    const cluster = newCluster();
    class Asks extends Construct implements IPreparable {
      public prepareForSynthesis(): void {
        memo.get(cluster);
      }
    }
    new Asks(cluster, 'A');
    new Asks(cluster, 'B');

    // WHEN
    renderLate(cluster);
    renderLate(cluster);
    memo.get(cluster);
    memo.get(cluster);

    // THEN
    expect(computed).toStrictEqual(['test', 'test', 'test', 'test']);
  });

  test('lists what findAll lists after preparing, for every example and for tenants that grant and add roles beside monitoring', () => {
    // GIVEN every example, and a cluster whose tenants' preparations add role bindings and policies
    const clusters = Object.values(EXAMPLES).map((define) => define());
    for (const tenantsFirst of [false, true]) {
      const busy = newCluster();
      busy.addStorageClass('local', { provisioner: Provisioner.localPath(), default: true });
      new ClusterNetwork(busy, 'Networking', { cni: Cni.calico() });
      // Declared before the tenants, or after them: then monitoring adds policies where the walk has been
      if (!tenantsFirst) new ClusterMonitoring(busy, 'Monitoring');
      for (const name of ['10', '2', 'constructor', 'team-a']) {
        const tenant = busy.addTenant(name, { namespaces: [`ns-${name}`, `ns-${name}-b`] });
        tenant.grantView(Subject.group(`${name}-viewers`));
        tenant.addRole('reader', { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: [] }], subjects: [Subject.group(`${name}-readers`)] });
      }
      if (tenantsFirst) new ClusterMonitoring(busy, 'Monitoring');
      clusters.push(busy);
    }
    for (const cluster of clusters) {
      // WHEN late rendering runs THEN its list is the tree as it stands after, in findAll's order
      expect(paths(renderLate(cluster))).toStrictEqual(paths(cluster.node.findAll()));
    }
  });
});
