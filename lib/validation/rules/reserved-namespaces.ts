import { ApiObject } from 'cdk8s';
import type { Cluster } from '../../cluster';

/** Namespaces Kubernetes itself owns: `default` and every `kube-*`. */
export function isBuiltInNamespace(name: string): boolean {
  return name === 'default' || name.startsWith('kube-');
}

/**
 * Namespaces the cluster's add-ons own (declare, or put objects in), with the path of
 * the add-on that owns each first.
 */
export function addOnNamespaces(cluster: Cluster): ReadonlyMap<string, string> {
  const owned = new Map<string, string>();
  for (const addOn of cluster.addOns) {
    for (const c of addOn.node.findAll()) {
      if (!(c instanceof ApiObject)) continue;
      const name = c.kind === 'Namespace' && c.apiVersion === 'v1' ? c.metadata.name : c.metadata.namespace;
      if (typeof name === 'string' && name !== '' && !owned.has(name)) owned.set(name, addOn.node.path);
    }
  }
  return owned;
}
