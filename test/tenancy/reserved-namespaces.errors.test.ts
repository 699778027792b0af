import { ClusterNetwork, Cni } from '../../constructs/networking';
import { PodSecurityLevel } from '../../lib';
import { newCluster, synthErrors } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const reserved = (ns: string, detail: string) =>
  `[error] test/Tenants/platform (namespaces): namespace '${ns}' belongs to ${detail} (received "${ns}"; expected a namespace of the tenant's own: not default, not kube-*, and none an add-on uses) [tenancy/reserved-namespace]`;

describe('tenancy: reserved namespaces', () => {
  test('a restricted tenant claiming kube-system is refused at the tenant, not blamed on CoreDNS, and nothing is written', () => {
    // GIVEN a cluster with a CNI (whose CoreDNS runs in kube-system) and a restricted tenant claiming kube-system
    const cluster = newCluster();
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico() });
    cluster.addTenant('platform', { namespaces: ['kube-system', 'apps'], podSecurity: { enforce: PodSecurityLevel.RESTRICTED } });

    // THEN the one error is the claim itself
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      reserved(
        'kube-system',
        "Kubernetes itself: the tenant's default-deny, quota and grants would apply to what Kubernetes runs there (CoreDNS among it: DNS would stop for the whole cluster), and the tenant's admins would administer kube-system",
      ),
    ]);
  });

  test('default, every kube-* namespace and a namespace an add-on owns are refused, all at once', () => {
    const cluster = newCluster();
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico() });
    cluster.addTenant('platform', { namespaces: ['default', 'kube-public', 'kube-node-lease', 'kube-future', 'tigera-operator', 'apps'] });
    const kubernetes = (ns: string) => `Kubernetes itself: the tenant's default-deny, quota and grants would apply to what Kubernetes runs there, and the tenant's admins would administer ${ns}`;
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      reserved('default', kubernetes('default')),
      reserved('kube-public', kubernetes('kube-public')),
      reserved('kube-node-lease', kubernetes('kube-node-lease')),
      reserved('kube-future', kubernetes('kube-future')),
      reserved('tigera-operator', "the add-on test/Networking: the tenant's default-deny, quota and grants would apply to the add-on's own workloads"),
    ]);
  });

  test('an add-on added after the tenant still reserves its namespace', () => {
    const cluster = newCluster();
    cluster.addTenant('platform', { namespaces: ['kube-flannel'] });
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.flannel() });
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.received])).toStrictEqual([['tenancy/reserved-namespace', 'test/Tenants/platform', 'kube-flannel']]);
  });

  test('a second tenant claiming kube-system is told it is reserved, not that the first tenant owns it', () => {
    const cluster = newCluster();
    cluster.addTenant('a', { namespaces: ['kube-system'] });
    cluster.addTenant('b', { namespaces: ['kube-system'] });
    expect(synthErrors(cluster).map((e) => [e.rule, e.path])).toStrictEqual([
      ['tenancy/reserved-namespace', 'test/Tenants/a'],
      ['tenancy/reserved-namespace', 'test/Tenants/b'],
    ]);
  });
});
