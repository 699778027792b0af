import * as path from 'path';
import { Cluster, ClusterSynthesis, CrdSource, PodSecurityLevel } from '../../lib';
import { evaluatePodSecurity, podTemplateOf } from '../../lib/validation/pod-security';
import { configureStorage } from '../../lib/storage-class';
import { findObject, manifests, newCluster } from '../support/synth';

/** The external-snapshotter v8.6.0 snapshot CRDs from the shared reference data. */
export const SNAPSHOT_CRD_FILES = ['volumesnapshotclasses', 'volumesnapshotcontents', 'volumesnapshots'].map((plural) =>
  path.resolve(__dirname, `../../../shared/crds/external-snapshotter/snapshot.storage.k8s.io_${plural}.yaml`),
) as [string, ...string[]];

/** A cluster whose snapshot CRDs come from the shared reference files (synth validates against them). */
export function storageCluster(): Cluster {
  const cluster = newCluster();
  configureStorage(cluster, { snapshotCrds: CrdSource.file(...SNAPSHOT_CRD_FILES) });
  return cluster;
}

/** Every workload's pod template against the Pod Security level of its namespace, as PSA would. */
export function podSecurityViolations(synthesis: ClusterSynthesis): unknown[] {
  const violations: unknown[] = [];
  for (const o of manifests(synthesis)) {
    const pod = podTemplateOf(o);
    if (!pod || !o.metadata.namespace) continue;
    const ns = findObject(synthesis, 'Namespace', o.metadata.namespace);
    const level = ns.metadata.labels?.['pod-security.kubernetes.io/enforce'] as PodSecurityLevel;
    expect(level).toBeDefined();
    violations.push(...evaluatePodSecurity(pod, level).map((v) => ({ object: `${o.kind}/${o.metadata.name}`, ...v })));
  }
  return violations;
}

/** The container named `name` of a workload's pod template. */
export function container(workload: unknown, name: string): Record<string, any> {
  const pod = podTemplateOf(workload);
  const found = (pod?.spec.containers as Record<string, any>[] | undefined)?.find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}
