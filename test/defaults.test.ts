import { ClusterCaKind, ContainerRuntimeKind, EndpointLoadBalancerKind, Etcd, EtcdTopology, KubeProxyMode, KubernetesVersion, Namespace, NodePrerequisites, NodePrerequisitesKind, PodSecurityLevel } from '../lib';
import { CONTROL_PLANE_DEFAULTS } from '../lib/control-plane/control-plane';
import { CLUSTER_DEFAULTS } from '../lib/defaults';
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
    expect(cluster.kubeProxy.mode).toBe(KubeProxyMode.IPTABLES);
    expect(cluster.etcd.topology).toBe(EtcdTopology.STACKED);
    expect(cluster.etcd.dataDir).toBe('/var/lib/etcd');
    expect(cluster.controlPlane).toBeUndefined();
    expect(cluster.nodeCount).toBe(0);
  });

  test('control-plane defaults', () => {
    // GIVEN a control plane with only its node
    const cluster = newCluster({ controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] } });
    cluster.addNodePool('w', { nodes: [{ name: 'w-1', address: '10.0.0.21' }] });
    const cp = cluster.controlPlane!;

    // THEN
    expect(cp.endpoint).toStrictEqual({ host: '10.0.0.11', port: 6443, address: '10.0.0.11:6443' });
    expect(cp.loadBalancer.kind).toBe(EndpointLoadBalancerKind.EXTERNAL);
    expect(cp.certificateValidityPeriod).toBe(CONTROL_PLANE_DEFAULTS.certificateValidityPeriod);
    expect(cp.certificateValidityPeriod).toBe('8760h');
    expect(cp.caCertificateValidityPeriod).toBe('87600h');
    expect(cp.encryptionAlgorithm).toBeUndefined();
    expect(cp.certSANs).toStrictEqual(['10.0.0.11', 'cp-1']);
    expect(cluster.nodeCount).toBe(2);
    expect([cp.containerRuntime.kind, cp.containerRuntime.majorVersion, cp.containerRuntime.pauseImage]).toStrictEqual([
      ContainerRuntimeKind.CONTAINERD,
      2,
      'registry.k8s.io/pause:3.10.1',
    ]);
    expect(cp.nodePrerequisites.kind).toBe(NodePrerequisitesKind.PREINSTALLED);
    expect(NodePrerequisites.aptPackages().containerdPackage).toBe('containerd');
    expect(cp.ca.kind).toBe(ClusterCaKind.GENERATED);
    // Unset: schedulable only when no worker node exists.
    expect(cp.schedulableControlPlane).toBeUndefined();
    expect([cp.isSchedulable(1), cp.isSchedulable(0)]).toStrictEqual([false, true]);
  });

  test('external etcd member defaults', () => {
    const etcd = Etcd.external({ members: [{ name: 'e1', address: '10.0.1.1' }], caFile: 'ca', certFile: 'c', keyFile: 'k' });
    expect(etcd.members).toStrictEqual([
      { name: 'e1', address: '10.0.1.1', clientPort: 2379, peerPort: 2380, metricsPort: 2381, scheme: 'https', dataDir: '/var/lib/etcd' },
    ]);
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
