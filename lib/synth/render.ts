import { ClusterSynthesis } from './synthesize';
import { toYaml, toYamlStream } from './yaml';

/** Where upstream CRD URLs are listed, for `kubectl apply -k` or a GitOps tool. */
export const CRD_KUSTOMIZATION_PATH = 'manifests/000-crds/kustomization.yaml';

/**
 * The files of `dist/<cluster>/`, relative paths to content, in a stable order:
 * `manifests/NNN-*.yaml` and `bootstrap/*`.
 */
export function renderClusterFiles(synthesis: ClusterSynthesis): Map<string, string> {
  const files = new Map<string, string>();
  if (synthesis.crdUrls.length > 0) {
    files.set(
      CRD_KUSTOMIZATION_PATH,
      toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: synthesis.crdUrls }),
    );
  }
  for (const f of synthesis.manifestFiles) {
    files.set(`manifests/${f.fileName}`, toYamlStream(f.objects.map((o) => o.manifest)));
  }
  files.set('GATES.md', synthesis.gatesReport);
  for (const b of synthesis.bootstrapFiles) {
    files.set(`bootstrap/${b.path}`, b.content);
  }
  return files;
}
