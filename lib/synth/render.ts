import { GitOpsOptions, CRD_URL_FOLDER, kustomizationResources, renderCrdUrlKustomization, renderFluxFiles, renderRootKustomization, withSyncWave } from './gitops';
import { GATES_FILE } from '../validation/gates-file';
import { ClusterSynthesis } from './synthesize';
import { toYamlStream } from './yaml';

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
  const hasCrdUrls = synthesis.crdUrls.length > 0;
  const waves = options.gitOps?.argoCdSyncWaves ?? false;
  files.set(ROOT_KUSTOMIZATION_PATH, renderRootKustomization(synthesis.manifestFiles, hasCrdUrls));
  if (hasCrdUrls) files.set(CRD_KUSTOMIZATION_PATH, renderCrdUrlKustomization(synthesis.crdUrls, waves));
  const resources = kustomizationResources(synthesis.manifestFiles, hasCrdUrls);
  for (const f of synthesis.manifestFiles) {
    const wave = resources.indexOf(f.fileName);
    const objects = f.objects.map((o) => (waves ? withSyncWave(o.manifest, wave, f.stage) : o.manifest));
    files.set(`manifests/${f.fileName}`, toYamlStream(objects));
  }
  files.set('GATES.md', synthesis.gatesReport);
  files.set(GATES_FILE, synthesis.gatesFile);
  for (const b of synthesis.bootstrapFiles) {
    files.set(`bootstrap/${b.path}`, b.content);
  }
  if (options.gitOps?.flux) {
    for (const [p, content] of renderFluxFiles(synthesis.clusterName, synthesis.manifestFiles, hasCrdUrls, options.gitOps.flux)) files.set(p, content);
  }
  return files;
}
