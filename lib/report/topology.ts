import type { Cluster } from '../cluster';
import { EtcdTopology } from '../control-plane/etcd';
import { WORKLOAD_KINDS } from '../synth/kube-object';
import type { ClusterSynthesis } from '../synth/synthesize';

/** What a node of the topology stands for; it picks the diagram icon. */
export enum TopologyNodeKind {
  ENDPOINT = 'endpoint',
  LOAD_BALANCER = 'load-balancer',
  CONTROL_PLANE = 'control-plane',
  ETCD = 'etcd',
  NODE_POOL = 'node-pool',
  WORKLOAD = 'workload',
  TENANT = 'tenant',
}

/** A box of the topology diagram. */
export interface TopologyNode {
  /** Identifier, unique in the diagram: letters, digits and underscores. */
  readonly id: string;
  readonly label: string;
  readonly kind: TopologyNodeKind;
  /** The group it is drawn in. */
  readonly group?: string | undefined;
}

/** A frame around nodes: the control plane, etcd, workers, a namespace, tenants. */
export interface TopologyGroup {
  readonly id: string;
  readonly label: string;
}

/** A line between two nodes. */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
}

/** The topology of a cluster, the one input of both the Mermaid diagram and the SVG. */
export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly groups: readonly TopologyGroup[];
  readonly edges: readonly TopologyEdge[];
}

/** `kube-system` -> `kube_system`, so any name is a valid diagram id. */
export function diagramId(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
}

/**
 * The topology of a cluster: endpoint and load balancer, control-plane nodes, stacked or
 * external etcd, worker pools, the workloads of the output grouped by namespace, tenants.
 */
export function clusterTopology(cluster: Cluster, synthesis: ClusterSynthesis): Topology {
  const nodes: TopologyNode[] = [];
  const groups: TopologyGroup[] = [];
  const edges: TopologyEdge[] = [];
  const cp = cluster.controlPlane;
  if (!cp) {
    // An existing cluster whose control plane clusterforge does not manage.
    nodes.push({ id: 'endpoint', label: `existing cluster ${cluster.clusterName}`, kind: TopologyNodeKind.ENDPOINT });
  } else {
    groups.push({ id: 'control_plane', label: 'control plane' });
    nodes.push({ id: 'endpoint', label: `API endpoint ${cp.endpoint.address}`, kind: TopologyNodeKind.ENDPOINT });
    nodes.push({ id: 'load_balancer', label: `load balancer ${cp.loadBalancer.kind}`, kind: TopologyNodeKind.LOAD_BALANCER });
    edges.push({ from: 'endpoint', to: 'load_balancer' });
    const stacked = cluster.etcd.topology === EtcdTopology.STACKED;
    for (const n of cp.nodes) {
      const id = diagramId('cp', n.name);
      nodes.push({ id, label: `${n.name} ${n.address}${stacked ? ' with etcd' : ''}`, kind: TopologyNodeKind.CONTROL_PLANE, group: 'control_plane' });
      edges.push({ from: 'load_balancer', to: id });
    }
    if (!stacked) {
      groups.push({ id: 'etcd', label: 'external etcd' });
      for (const m of cluster.etcd.members) {
        const id = diagramId('etcd', m.name);
        nodes.push({ id, label: `${m.name} ${m.address}`, kind: TopologyNodeKind.ETCD, group: 'etcd' });
      }
      // One edge per member from the first control-plane node keeps the diagram readable.
      const first = cp.nodes[0];
      if (first) for (const m of cluster.etcd.members) edges.push({ from: diagramId('cp', first.name), to: diagramId('etcd', m.name) });
    }
  }
  if (cluster.nodePools.length > 0) {
    groups.push({ id: 'workers', label: 'worker pools' });
    for (const pool of cluster.nodePools) {
      const id = diagramId('pool', pool.node.id);
      nodes.push({ id, label: `${pool.node.id} ${pool.nodes.length} node${pool.nodes.length === 1 ? '' : 's'}`, kind: TopologyNodeKind.NODE_POOL, group: 'workers' });
      if (cp) edges.push({ from: id, to: 'endpoint' });
    }
  }
  const namespaces = new Set<string>();
  for (const { manifest, group } of synthesis.objects) {
    if (!WORKLOAD_KINDS.has(manifest.kind) || !manifest.metadata.namespace) continue;
    const ns = manifest.metadata.namespace;
    if (!namespaces.has(ns)) {
      namespaces.add(ns);
      groups.push({ id: diagramId('ns', ns), label: `namespace ${ns}` });
    }
    nodes.push({ id: diagramId('w', ns, manifest.kind, manifest.metadata.name), label: `${manifest.kind} ${manifest.metadata.name} (${group})`, kind: TopologyNodeKind.WORKLOAD, group: diagramId('ns', ns) });
  }
  if (cluster.tenants.length > 0) {
    groups.push({ id: 'tenants', label: 'tenants' });
    for (const t of cluster.tenants) {
      nodes.push({ id: diagramId('tenant', t.tenantName), label: `${t.tenantName} (${t.namespaces.join(', ')})`, kind: TopologyNodeKind.TENANT, group: 'tenants' });
    }
  }
  return { nodes, groups, edges };
}
