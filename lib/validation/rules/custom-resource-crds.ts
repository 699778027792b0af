import type { Cluster } from '../../cluster';
import { UpstreamCrds } from '../../crd-source';
import { apiGroupOf, describeObject } from '../../synth/kube-object';
import { PlacedObject, Stage, stageOf } from '../../synth/ordering';
import { ValidationContext } from '../context';
import { findAllUnder } from '../construct-scan';

/** Every custom resource has its CRD in the model or from a declared CRD source. */
export function validateCustomResourceCrds(cluster: Cluster, objects: readonly PlacedObject[], context: ValidationContext): void {
  const inModel = new Set<string>();
  for (const { manifest } of objects) {
    if (stageOf(manifest) !== Stage.CRDS) continue;
    const spec = manifest.spec as { group?: string; names?: { kind?: string } } | undefined;
    inModel.add(`${spec?.group}|${spec?.names?.kind}`);
  }
  const sources = findAllUnder(cluster).filter((c): c is UpstreamCrds => c instanceof UpstreamCrds);
  for (const o of objects) {
    if (stageOf(o.manifest) !== Stage.CUSTOM_RESOURCES) continue;
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
