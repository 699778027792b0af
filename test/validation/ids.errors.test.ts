import { ClusterNetwork, Cni } from '../../constructs/networking';
import { AddOnKey, Subject } from '../../lib';
import { newCluster, synth, synthErrors } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';
import { TestAddOn } from '../support/test-add-on';

describe('ids: any string an add* method receives is held or refused with a located problem', () => {
  test('a tenant named constructor is valid, and named so', () => {
    // GIVEN a tenant whose id is a member of Object.prototype, and a valid namespace name
    const cluster = newCluster();
    const tenant = cluster.addTenant('constructor');

    // WHEN
    const synthesis = synth(cluster);

    // THEN its namespace carries the name as written
    expect(tenant.tenantName).toBe('constructor');
    expect(synthesis.objects.filter((o) => o.manifest.kind === 'Namespace').map((o) => o.manifest.metadata.name)).toStrictEqual(['constructor']);
  });

  test.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', '__defineGetter__'])('a node pool with id %s is valid', (id) => {
    const cluster = newCluster();
    const pool = cluster.addNodePool(id, { nodes: [{ name: 'w1', address: '192.168.56.21' }] });
    expect(cluster.nodePools).toStrictEqual([pool]);
    expect(() => synth(cluster)).not.toThrow();
  });

  test('__proto__ as a tenant is refused as a namespace name, at the tenant, never thrown; nothing is written', () => {
    const cluster = newCluster();
    cluster.addTenant('__proto__');
    expect(refusedWithoutWriting(cluster)[0]).toBe(
      '[error] test/Tenants/__proto___ (namespaces): namespace name is not a valid DNS-1123 label (received "__proto__"; expected a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit) [names/dns1123-label]',
    );
    expect(synthErrors(cluster)[0]).toStrictEqual({
      severity: 'error',
      rule: 'names/dns1123-label',
      path: 'test/Tenants/__proto___',
      field: 'namespaces',
      message: 'namespace name is not a valid DNS-1123 label',
      received: '__proto__',
      expected: 'a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit',
    });
  });

  test('duplicate and empty ids are collected with every other problem, and nothing is written', () => {
    // GIVEN a cluster with two tenants 'a', an empty tenant id, two pools 'constructor',
    // two add-ons for one key, a duplicate role and service account, and an unknown role
    const cluster = newCluster({ name: 'Bad_Name' });
    cluster.addTenant('a');
    cluster.addTenant('a', { namespaces: ['a2'] });
    cluster.addTenant('');
    cluster.addNodePool('constructor', { nodes: [{ name: 'w1', address: '192.168.56.21' }] });
    cluster.addNodePool('constructor', { nodes: [] });
    cluster.addPriorityClass('batch', { value: 10 });
    cluster.addPriorityClass('batch', { value: 20 });
    cluster.addClusterRole('reader', { rules: [] });
    cluster.addClusterRole('reader', { rules: [] });
    const key = new AddOnKey('cni');
    new TestAddOn(cluster, 'Flannel', { key });
    new TestAddOn(cluster, 'Calico', { key });
    const b = cluster.addTenant('b');
    b.addRole('deployer', { rules: [] });
    b.addRole('deployer', { rules: [] });
    b.grantRole('ghost', Subject.user('jane'));
    b.addServiceAccount('ci');
    b.addServiceAccount('ci');

    // WHEN / THEN all are reported at once, located, and the previous output stays
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      `[error] test/Tenants (addTenant(id)): a second tenant with id 'a': test/Tenants/a has it already (received "a"; expected a tenant id that is not empty and not used by another tenant of the cluster) [ids/duplicate]`,
      `[error] test/Tenants (addTenant(id)): a tenant needs a non-empty id; construct ids name its path and its objects (received ""; expected a tenant id that is not empty and not used by another tenant of the cluster) [ids/empty]`,
      `[error] test/NodePools (addNodePool(id)): a second node pool with id 'constructor': test/NodePools/constructor_ has it already (received "constructor"; expected a node pool id that is not empty and not used by another node pool of the cluster) [ids/duplicate]`,
      `[error] test/PriorityClasses (addPriorityClass(id)): a second priority class with id 'batch': test/PriorityClasses/batch has it already (received "batch"; expected a priority class id that is not empty and not used by another priority class of the cluster) [ids/duplicate]`,
      `[error] test/Rbac (addClusterRole(id)): a second cluster role with id 'reader': test/Rbac/reader has it already (received "reader"; expected a cluster role id that is not empty and not used by another cluster role of the cluster) [ids/duplicate]`,
      `[error] test (Calico): a second 'cni' add-on: test/Flannel fills that slot already, and a cluster has one add-on per key (received "test/Calico"; expected one 'cni' add-on) [add-ons/duplicate-key]`,
      `[error] test/Tenants/b (addRole(id)): a second role with id 'deployer'; the tenant has one already (received "deployer"; expected a role id not used by another role of the tenant) [ids/duplicate]`,
      `[error] test/Tenants/b (grantRole(id)): the tenant has no role with that id (received "ghost"; expected one of 'deployer') [rbac/unknown-role]`,
      `[error] test/Tenants/b (addServiceAccount(name)): service account b/ci is added twice (received "ci"; expected a service account name not used yet in that namespace) [ids/duplicate]`,
      `[error] test (name): cluster name is not a valid DNS-1123 label (received "Bad_Name"; expected a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit, e.g. 'bad-name') [names/dns1123-label]`,
    ]);
  });

  test("a refused duplicate keeps working for chained calls, and its own problems are not reported twice", () => {
    const cluster = newCluster();
    cluster.addTenant('a');
    const duplicate = cluster.addTenant('a', { namespaces: ['a2'] });
    duplicate.addRole('r', { rules: [] });
    duplicate.addRole('r', { rules: [] });
    duplicate.grantView(Subject.user('jane'));
    expect(synthErrors(cluster).map((e) => [e.rule, e.path])).toStrictEqual([['ids/duplicate', 'test/Tenants']]);
  });

  test('a 10,000-character id yields a short report: long values and path segments are cut, with their length', () => {
    const cluster = newCluster();
    cluster.addTenant('x'.repeat(10_000));
    const lines = refusedWithoutWriting(cluster);
    const cut = `${'x'.repeat(80)}… (10000 characters)`;
    expect(lines[0]).toBe(
      `[error] test/Tenants/${cut} (namespaces): namespace name is not a valid DNS-1123 label (received "${cut}"; expected a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit) [names/dns1123-label]`,
    );
    expect(lines.join('\n').length).toBeLessThan(2_000);
  });
});

describe('two CNIs', () => {
  test('a second ClusterNetwork is one located problem, not dozens of duplicate objects', () => {
    const cluster = newCluster({ controlPlane: { nodes: [{ name: 'cp-1', address: '192.168.56.11' }] } });
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico() });
    new ClusterNetwork(cluster, 'Flannel', { cni: Cni.flannel() });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      `[error] test (Flannel): a second 'cni' add-on: test/Networking fills that slot already, and a cluster has one add-on per key (received "test/Flannel"; expected one 'cni' add-on) [add-ons/duplicate-key]`,
    ]);
  });
});
