import { ClusterNetwork, Cni, CoreDnsAntiAffinity, CoreDnsProps } from '../../constructs';
import { ClusterProps } from '../../lib';
import { newCluster, synthErrors, synthWarnings } from '../support/synth';
import { addWorkers, clusterWith } from './helpers';

function errorsOf(coreDns: CoreDnsProps, clusterProps: ClusterProps = {}) {
  return synthErrors(clusterWith(Cni.flannel(), clusterProps, { coreDns }));
}

describe('CoreDns errors', () => {
  test('a DNS Service IP outside the service subnet', () => {
    const errors = errorsOf({ serviceIp: '10.244.0.10' });
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received, e.expected])).toStrictEqual([
      ['dns/service-ip', 'test/Networking/CoreDns', 'serviceIp', '10.244.0.10', 'an address inside 10.96.0.0/12'],
    ]);
    expect(errors[0].message).toBe('the DNS Service IP must lie inside the service subnet, or the API server refuses the Service');
  });

  test('the kubernetes Service address cannot be the DNS address', () => {
    const errors = errorsOf({ serviceIp: '10.96.0.1' });
    expect(errors.map((e) => [e.rule, e.message])).toStrictEqual([
      ['dns/service-ip', 'the first address of the service subnet belongs to the `kubernetes` API Service'],
    ]);
  });

  test('a service subnet without room for the DNS address', () => {
    // GIVEN a /29: eight addresses, no index 10
    const errors = errorsOf({}, { networking: { serviceSubnet: '10.96.0.0/29' } });
    expect(errors.map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['dns/service-subnet-too-small', 'networking.serviceSubnet', '10.96.0.0/29'],
    ]);
  });

  test('required anti-affinity with more replicas than nodes', () => {
    const cluster = clusterWith(Cni.flannel(), {}, { coreDns: { replicas: 3, antiAffinity: CoreDnsAntiAffinity.REQUIRED } });
    addWorkers(cluster, 2);
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.message])).toStrictEqual([
      ['dns/replicas-unschedulable', 'required anti-affinity puts each CoreDNS replica on its own node; 1 of 3 replicas would stay Pending on 2 node(s)'],
    ]);
  });

  test('bad forwarders, stub domains, replicas and cache TTL are reported together', () => {
    const errors = errorsOf({
      replicas: 0,
      forwarders: ['dns.google'],
      stubDomains: [{ domain: 'Bad_Domain', servers: [] }],
      cacheTtl: 0,
    });
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([
      ['dns/replicas', 'replicas'],
      ['dns/forwarder', 'forwarders'],
      ['dns/stub-domain', 'stubDomains[0].domain'],
      ['dns/stub-domain', 'stubDomains[0].servers'],
      ['dns/cache-ttl', 'cacheTtl'],
    ]);
  });

  test('a PodDisruptionBudget that allows evicting every replica is warned about', () => {
    const warnings = synthWarnings(clusterWith(Cni.flannel(), {}, { coreDns: { replicas: 1 } }));
    expect(warnings.map((w) => w.rule)).toStrictEqual(['dns/disruption-budget']);
  });
});

describe('CoreDNS service IP with a kubeadm-managed control plane', () => {
  test('a non-default DNS IP is refused: kubeadm already created kube-dns at the 10th address', () => {
    // GIVEN a cluster bootstrapped by clusterforge's kubeadm files
    const cluster = newCluster({ controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] } });
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico(), coreDns: { serviceIp: '10.96.0.53' } });

    // WHEN / THEN
    const errors = synthErrors(cluster).filter((e) => e.rule === 'dns/service-ip-kubeadm');
    expect(errors.map((e) => [e.path, e.field, e.received, e.expected])).toStrictEqual([
      ['test/Networking/CoreDns', 'serviceIp', '10.96.0.53', "10.96.0.10 (or leave serviceIp unset) on a cluster bootstrapped by clusterforge's kubeadm files"],
    ]);
  });
});

describe('CoreDns: fuzz regressions', () => {
  test('replicas beyond int32 are an error, not a Deployment the API server refuses', () => {
    const errors = errorsOf({ replicas: 1e10, maxUnavailable: 2 ** 31 });
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message, e.expected])).toStrictEqual([
      ['dns/replicas', 'test/Networking/CoreDns', 'replicas', 'replicas is an int32 field of the Deployment', 'an integer from 1 to 2147483647'],
      ['dns/disruption-budget', 'test/Networking/CoreDns', 'maxUnavailable', 'maxUnavailable must be a non-negative int32', 'an integer from 0 to 2147483647'],
    ]);
  });

  test('an unknown anti-affinity is an error, not silently preferred', () => {
    const errors = errorsOf({ antiAffinity: 'REQUIRED' as CoreDnsAntiAffinity });
    expect(errors.map((e) => [e.rule, e.path, e.field, e.received])).toStrictEqual([['dns/anti-affinity', 'test/Networking/CoreDns', 'antiAffinity', 'REQUIRED']]);
  });
});

