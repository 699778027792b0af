import { ClusterNetwork, Cni, CniPlugin } from '../../constructs/networking';
import { Cluster, ClusterProps, KubeObject, KubernetesVersion, NodePoolProps, planUpgrade, ServedApis, UpgradeFrom, UpgradePlan, UpgradePlanOptions } from '../../lib';
import { createSchemaValidator } from '../../lib/schema';
import { SHARED_OPENAPI_DIR } from '../support/schema-validator';
import { newCluster, synth } from '../support/synth';

/** What Kubernetes v1.35 serves, from ../shared/k8s-openapi/v1.35. */
export const SERVED_V1_35: ServedApis = { release: 'v1.35', kinds: createSchemaValidator({ openApiDir: SHARED_OPENAPI_DIR }).knownKinds() };

/** Three stacked control-plane nodes behind 10.0.0.10. */
export const CONTROL_PLANE: ClusterProps['controlPlane'] = {
  nodes: [
    { name: 'cp-1', address: '10.0.0.11' },
    { name: 'cp-2', address: '10.0.0.12' },
    { name: 'cp-3', address: '10.0.0.13' },
  ],
  endpoint: { host: '10.0.0.10', port: 6443 },
};

/** Three workers in pool `general`. */
export const GENERAL: NodePoolProps = {
  nodes: [
    { name: 'w-1', address: '10.0.4.1' },
    { name: 'w-2', address: '10.0.4.2' },
    { name: 'w-3', address: '10.0.4.3' },
  ],
};

/** A cluster at `version` with the HA control plane, pool `general` and a CNI. */
export function clusterAt(version: string, options: { cni?: CniPlugin; pool?: Partial<NodePoolProps>; props?: ClusterProps } = {}): Cluster {
  const cluster = newCluster({ kubernetesVersion: KubernetesVersion.of(version), controlPlane: CONTROL_PLANE, ...options.props });
  cluster.addNodePool('general', { ...GENERAL, ...options.pool });
  new ClusterNetwork(cluster, 'Networking', { cni: options.cni ?? Cni.flannel() });
  return cluster;
}

/** The upgrade plan of `cluster` from `from`, its output synthesised and validated strictly first. */
export function planFrom(cluster: Cluster, from: string | UpgradeFrom, options: UpgradePlanOptions = {}): UpgradePlan {
  const source: UpgradeFrom = typeof from === 'string' ? { version: KubernetesVersion.of(from), source: `--from ${from}` } : from;
  return planUpgrade(cluster, synth(cluster), source, options);
}

/** A deployed object as `--from` reads it. */
export function deployed(apiVersion: string, kind: string, name: string, namespace?: string): { location: string; object: KubeObject } {
  return { location: `manifests/100-apps.yaml: ${kind} ${namespace ? `${namespace}/` : ''}${name}`, object: { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } } as KubeObject };
}

/** Rule and path of each refusal. */
export const reasons = (plan: UpgradePlan) => plan.refusals.map((r) => [r.rule, r.path]);
