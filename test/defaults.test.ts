import { CLUSTER_DEFAULTS, KubernetesVersion, Namespace, PodSecurityLevel } from '../lib';
import { newCluster } from './support/synth';

describe('cluster defaults', () => {
  test('each default is applied when the prop is omitted', () => {
    // GIVEN a cluster with no props
    const cluster = newCluster({}, 'defaults');

    // THEN every default is the documented one
    expect(cluster.clusterName).toBe('defaults');
    expect(cluster.kubernetesVersion).toBe(KubernetesVersion.V1_35);
    expect(cluster.kubernetesVersion.kubeadmVersion).toBe('v1.35.7');
    expect(cluster.networking).toStrictEqual({
      podSubnet: '10.244.0.0/16',
      serviceSubnet: '10.96.0.0/12',
      nodeSubnets: [],
      dnsDomain: 'cluster.local',
    });
    expect(CLUSTER_DEFAULTS.dnsDomain).toBe('cluster.local');
  });

  test('given props win over defaults', () => {
    // GIVEN explicit props
    const cluster = newCluster(
      {
        name: 'prod',
        kubernetesVersion: KubernetesVersion.of('v1.34.2'),
        networking: { podSubnet: '10.32.0.0/16', serviceSubnet: '10.33.0.0/16', nodeSubnets: ['192.168.10.0/24'], dnsDomain: 'prod.local' },
      },
      'ignored',
    );

    // THEN they are kept as given
    expect(cluster.clusterName).toBe('prod');
    expect(cluster.kubernetesVersion.text).toBe('v1.34.2');
    expect(cluster.networking).toStrictEqual({
      podSubnet: '10.32.0.0/16',
      serviceSubnet: '10.33.0.0/16',
      nodeSubnets: ['192.168.10.0/24'],
      dnsDomain: 'prod.local',
    });
  });

  test('a namespace defaults to restricted Pod Security pinned to the cluster minor version', () => {
    // GIVEN a namespace with no props
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'apps');

    // THEN
    expect(ns.name).toBe('apps');
    expect(ns.podSecurity).toStrictEqual({
      enforce: PodSecurityLevel.RESTRICTED,
      audit: PodSecurityLevel.RESTRICTED,
      warn: PodSecurityLevel.RESTRICTED,
      version: 'v1.35',
    });
  });
});
