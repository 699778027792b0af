import { GitOpsOptions, CRD_URL_FOLDER, kustomizationResources, renderCrdUrlKustomization, renderFluxFiles, renderRootKustomization, withSyncWave } from './gitops';
import { GATES_FILE } from '../validation/gates-file';
import { ClusterSynthesis } from './synthesize';
import { toYamlChunks } from './yaml';

/** @internal Where upstream CRD URLs are listed, for `kubectl apply -k` or a GitOps tool. */
export const CRD_KUSTOMIZATION_PATH = `manifests/${CRD_URL_FOLDER}/kustomization.yaml`;

/** @internal The kustomization listing every manifest in apply order (`kubectl apply --server-side -k manifests/`). */
export const ROOT_KUSTOMIZATION_PATH = 'manifests/kustomization.yaml';

/** Options of the files synthesis writes, beyond the objects themselves. */
export interface RenderOptions {
  /**
   * Argo CD sync waves and Flux Kustomizations.
   * @default - neither
   */
  readonly gitOps?: GitOpsOptions | undefined;
}

/** @internal Whether a rendered path is kustomize or Flux plumbing rather than a manifest of the cluster. */
export function isGitOpsFile(path: string): boolean {
  return path === ROOT_KUSTOMIZATION_PATH || path === CRD_KUSTOMIZATION_PATH || path.startsWith('flux/');
}

/**
 * The files of `dist/<cluster>/`, relative paths to content, in a stable order:
 * `manifests/kustomization.yaml`, `manifests/NNN-*.yaml`, `GATES.md`, `gates.json`, `bootstrap/*`
 * and, when asked for, `flux/*`.
 */
export function renderClusterFiles(synthesis: ClusterSynthesis, options: RenderOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const [p, content] of clusterFileEntries(synthesis, options)) files.set(p, typeof content === 'string' ? content : [...content].join(''));
  return files;
}

/**
 * @internal
 * The files of renderClusterFiles, in the same order, rendered as they are read: a
 * manifest file comes as its YAML documents one by one, so that a writer can stream it
 * and no more than one object's YAML need be held at a time.
 */
export function* clusterFileEntries(synthesis: ClusterSynthesis, options: RenderOptions = {}): Generator<[string, string | Iterable<string>]> {
  const hasCrdUrls = synthesis.crdUrls.length > 0;
  const waves = options.gitOps?.argoCdSyncWaves ?? false;
  yield [ROOT_KUSTOMIZATION_PATH, renderRootKustomization(synthesis.manifestFiles, hasCrdUrls)];
  if (hasCrdUrls) yield [CRD_KUSTOMIZATION_PATH, renderCrdUrlKustomization(synthesis.crdUrls, waves)];
  const resources = kustomizationResources(synthesis.manifestFiles, hasCrdUrls);
  for (const f of synthesis.manifestFiles) {
    const wave = resources.indexOf(f.fileName);
    const objects = f.objects.map((o) => (waves ? withSyncWave(o.manifest, wave, f.stage) : o.manifest));
    yield [`manifests/${f.fileName}`, toYamlChunks(objects)];
  }
  yield ['GATES.md', synthesis.gatesReport];
  yield [GATES_FILE, synthesis.gatesFile];
  for (const b of synthesis.bootstrapFiles) {
    yield [`bootstrap/${b.path}`, b.content];
  }
  if (options.gitOps?.flux) {
    for (const [p, content] of renderFluxFiles(synthesis.clusterName, synthesis.manifestFiles, hasCrdUrls, options.gitOps.flux)) yield [p, content];
  }
}
