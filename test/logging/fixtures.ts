import { ClusterLogging, ClusterLoggingProps, LOGGING, LogStorage } from '../../constructs/logging';
import { Provisioner } from '../../constructs/storage';
import { Cluster, ClusterProps, KubeObject, UpstreamDeviation } from '../../lib';
import { manifests, newCluster, synth } from '../support/synth';
import { ParityOptions, expectUpstreamParity, loadUpstream } from '../support/upstream-parity';

type Json = Record<string, any>;

/** A cluster of one control-plane node and three workers, with a default StorageClass. */
export function loggingCluster(props: Partial<ClusterLoggingProps> = {}, clusterProps: ClusterProps = {}): Cluster {
  const cluster = newCluster({
    controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.10' }] },
    networking: { nodeSubnets: ['10.0.0.0/16'] },
    ...clusterProps,
  });
  cluster.addNodePool('workers', { nodes: [1, 2, 3].map((i) => ({ name: `w-${i}`, address: `10.0.1.${i}` })) });
  cluster.addStorageClass('local', { provisioner: Provisioner.localPath(), default: true });
  new ClusterLogging(cluster, 'Logging', { storage: LogStorage.elasticsearch(), ...props });
  return cluster;
}

/** The one object of that kind and name among `objects`. */
export function objectNamed(objects: readonly KubeObject[], kind: string, name: string): Json {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`${found.length} ${kind} named ${name}`);
  return found[0] as Json;
}

/** Synthesises `cluster` and runs the upstream parity check of one component of its logging add-on. */
export function expectLoggingParity(
  cluster: Cluster,
  child: string,
  upstreamFile: string,
  options: Omit<ParityOptions, 'upstream' | 'ours'>,
): void {
  const logging = cluster.addOn(LOGGING)!;
  expectUpstreamParity({
    ...options,
    upstream: loadUpstream(upstreamFile),
    ours: manifests(synth(cluster)),
    deviations: UpstreamDeviation.of(logging.node.findChild(child)),
  });
}
