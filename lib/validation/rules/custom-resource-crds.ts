import type { Cluster } from '../../cluster';
import { UpstreamCrds } from '../../crd-source';
import { apiGroupOf, describeObject } from '../../synth/kube-object';
import { PlacedObject, Stage, stageOf } from '../../synth/ordering';
import { ValidationContext } from '../context';
import { instancesUnder } from '../construct-scan';
import { objectIndex } from '../object-index';

/** Every custom resource has its CRD in the model or from a declared CRD source. */
export function validateCustomResourceCrds(cluster: Cluster, objects: readonly PlacedObject[], context: ValidationContext): void {
  const index = objectIndex(objects);
  // Most clusters have no custom resources, nor need the CRDs and sources indexed.
  let inModel: Set<string> | undefined;
  let sources: readonly UpstreamCrds[] | undefined;
  for (const o of index.customResourceCandidates) {
    if (stageOf(o.manifest) !== Stage.CUSTOM_RESOURCES) continue;
    inModel ??= crdsInModel(index.crds);
    sources ??= instancesUnder(cluster, UpstreamCrds);
    const group = apiGroupOf(o.manifest.apiVersion);
    const kind = o.manifest.kind;
    if (inModel.has(`${group}|${kind}`) || sources.some((s) => s.providesExternally(group, kind))) continue;
    context.error(o.sourcePath, {
      rule: 'crds/missing',
      message: `${describeObject(o.manifest)} (${o.manifest.apiVersion}) has no CustomResourceDefinition: the API server would reject it`,
      received: `${group}/${kind}`,
      expected: 'an UpstreamCrds source (CrdSource.url, .file or .none) providing that kind',
    });
  }
}

/** `group|kind` of each CRD of the model. */
function crdsInModel(crds: readonly PlacedObject[]): Set<string> {
  const inModel = new Set<string>();
  for (const { manifest } of crds) {
    const spec = manifest.spec as { group?: string; names?: { kind?: string } } | undefined;
    inModel.add(`${spec?.group}|${spec?.names?.kind}`);
  }
  return inModel;
}
