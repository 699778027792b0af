import * as path from 'path';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { ClusterNetwork, ClusterNetworkProps, CniPlugin } from '../../constructs';
import { Cluster, ClusterProps, ClusterSynthesis, KubeObject, Namespace, PodSecurityLevel, UpstreamDeviation } from '../../lib';
import { PodSecurityViolation, evaluatePodSecurity, podTemplateOf } from '../../lib/validation/pod-security';
import { manifests, newCluster, synth } from '../support/synth';

/** The Installation CRD of tigera/operator v1.43.0, vendored as test reference data. */
export const CALICO_INSTALLATION_CRD = path.resolve(__dirname, '../../../shared/crds/calico-operator/operator.tigera.io_installations.yaml');

/** A cluster with a ClusterNetwork add-on named `Networking`. */
export function clusterWith(cni: CniPlugin, clusterProps: ClusterProps = {}, networkProps: Omit<ClusterNetworkProps, 'cni'> = {}): Cluster {
  const cluster = newCluster(clusterProps);
  new ClusterNetwork(cluster, 'Networking', { cni, ...networkProps });
  return cluster;
}

/** Adds a worker pool of `count` nodes, so the cluster has that many nodes. */
export function addWorkers(cluster: Cluster, count: number): void {
  cluster.addNodePool('workers', {
    nodes: Array.from({ length: count }, (_, i) => ({ name: `worker-${i + 1}`, address: `192.168.10.${i + 10}` })),
  });
}

/** A tenant namespace with a default-deny NetworkPolicy, as tenant add-ons create them. */
export function addDefaultDenyTenant(cluster: Cluster, name = 'tenant-a'): void {
  const tenant = new Construct(cluster, 'Tenant');
  new Namespace(tenant, 'Namespace', { name });
  new k8s.KubeNetworkPolicy(tenant, 'DefaultDeny', {
    metadata: { name: 'default-deny', namespace: name },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}

type Json = Record<string, any>;

/** An object as loose JSON, to reach into kind-specific fields. */
export function json(o: KubeObject): Json {
  return o as unknown as Json;
}

/** The `data` of a ConfigMap. */
export function configData(o: KubeObject): Record<string, string> {
  return json(o).data;
}

/** The pod spec of a workload object. */
export function podSpec(o: Json): Json {
  return o.spec.template.spec;
}

/** A container (or init container) of a workload, by name. */
export function container(o: Json, name: string): Json {
  const spec = podSpec(o);
  const found = [...(spec.initContainers ?? []), ...spec.containers].find((c: Json) => c.name === name);
  if (!found) throw new Error(`no container ${name} in ${String(o.kind)} ${String(o.metadata?.name)}`);
  return found;
}

/** hostPath of the volume a container mounts at `mountPath`. */
export function hostPathMountedAt(o: Json, containerName: string, mountPath: string): string | undefined {
  const mount = (container(o, containerName).volumeMounts as Json[]).find((m) => m.mountPath === mountPath);
  if (!mount) return undefined;
  const volume = (podSpec(o).volumes as Json[]).find((v) => v.name === mount.name);
  return volume?.hostPath?.path;
}

/** Verbs a ClusterRole/Role grants on `resource` of `apiGroup`, merged over its rules. */
export function verbsOn(role: Json, apiGroup: string, resource: string): string[] {
  const verbs = ((role as Json).rules as Json[])
    .filter((r) => r.apiGroups.includes(apiGroup) && r.resources.includes(resource) && r.resourceNames === undefined)
    .flatMap((r) => r.verbs as string[]);
  return [...new Set(verbs)].sort();
}

/**
 * Pod Security of every workload at its namespace's enforce level. Namespaces the cluster
 * does not declare (kube-system) carry no labels, which the API server treats as privileged.
 */
export function podSecurityFindings(synthesis: ClusterSynthesis): { object: string; level: PodSecurityLevel; violations: PodSecurityViolation[] }[] {
  const objects = manifests(synthesis);
  const levels = new Map(
    objects
      .filter((o) => o.kind === 'Namespace')
      .map((o) => [o.metadata.name, (o.metadata.labels?.['pod-security.kubernetes.io/enforce'] ?? 'privileged') as PodSecurityLevel]),
  );
  return objects.flatMap((o) => {
    const pod = podTemplateOf(o);
    if (!pod) return [];
    const level = levels.get(o.metadata.namespace ?? '') ?? PodSecurityLevel.PRIVILEGED;
    return [{ object: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, level, violations: evaluatePodSecurity(pod, level) }];
  });
}

/** Asserts that GATES.md has a section for `component` listing every deviation it declares (and that there is one). */
export function expectDeviationsInGates(cluster: Cluster, component: string): void {
  const report = synth(cluster).gatesReport;
  const declared = UpstreamDeviation.of(cluster).filter((d) => d.component === component);
  expect(declared.length).toBeGreaterThan(0);
  expect(report).toContain(`### ${component}`);
  for (const d of declared) expect(report).toContain(`\`${d.item}\``);
}
