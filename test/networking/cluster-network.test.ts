import { CNI, Cni, ClusterNetwork } from '../../constructs';
import { synth, synthWarnings } from '../support/synth';
import { addDefaultDenyTenant, clusterWith } from './helpers';

describe('ClusterNetwork', () => {
  test('each CNI declares whether it enforces NetworkPolicies and which IP families it runs', () => {
    const table = [Cni.flannel(), Cni.calico(), Cni.canal(), Cni.cilium(), Cni.weave()].map((c) => [
      c.name,
      c.enforcesNetworkPolicies,
      c.supportsIpv6,
      c.supportsDualStack,
    ]);
    expect(table).toStrictEqual([
      ['flannel', false, true, true],
      ['calico', true, true, true],
      ['canal', true, false, false],
      ['cilium', true, true, true],
      ['weave', true, false, false],
    ]);
  });

  test('the add-on is found by its key', () => {
    const cluster = clusterWith(Cni.cilium());
    expect(cluster.addOn(CNI)).toBeInstanceOf(ClusterNetwork);
    expect(CNI.name).toBe('cni');
  });

  test('a tenant default-deny policy with an enforcing CNI is fine', () => {
    const cluster = clusterWith(Cni.cilium());
    addDefaultDenyTenant(cluster);
    // (Cilium's release range is reported on its own: test/validation/add-on-support.test.ts)
    expect(synth(cluster).warnings.filter((w) => w.rule !== 'versions/add-on-kubernetes-support')).toStrictEqual([]);
  });

  test('the documented opt-out turns unenforced NetworkPolicies into a warning', () => {
    // GIVEN flannel, a tenant's default-deny policy, and the opt-out
    const cluster = clusterWith(Cni.flannel(), {}, { allowUnenforcedNetworkPolicies: true });
    addDefaultDenyTenant(cluster);

    // WHEN
    const warnings = synthWarnings(cluster);

    // THEN synthesis succeeds and says what will not be enforced
    expect(warnings.map((w) => [w.rule, w.received])).toStrictEqual([['networking/network-policy-unenforced', ['tenant-a/default-deny']]]);
  });
});
