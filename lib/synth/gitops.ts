import { KubeObject } from './kube-object';
import { ManifestFile, Stage } from './ordering';
import { toYaml } from './yaml';

/** @internal Folder (inside `manifests/`) of the kustomization listing pinned upstream CRD URLs. */
export const CRD_URL_FOLDER = '000-crds';

/** @internal Argo CD's annotations (argo-cd docs: user-guide/sync-waves, user-guide/sync-options). */
export const ARGOCD_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** @internal @see ARGOCD_SYNC_WAVE */
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/** Where a Flux `Kustomization` finds the Git (or OCI, or bucket) source of the output. */
export interface FluxSourceRef {
  /**
   * Kind of the Flux source.
   * @default 'GitRepository'
   */
  readonly kind?: 'GitRepository' | 'OCIRepository' | 'Bucket' | undefined;
  /** Name of the source object. */
  readonly name: string;
  /**
   * Namespace of the source object.
   * @default - the namespace of the Kustomizations
   */
  readonly namespace?: string | undefined;
}

/** Options of the Flux `Kustomization` objects written to `flux/`. */
export interface FluxOptions {
  /** The source that holds the committed output. */
  readonly sourceRef: FluxSourceRef;
  /**
   * Path of `dist/<cluster>` inside that source, as Flux expects it (`./dist/prod`).
   * @default './dist/<cluster name>'
   */
  readonly path?: string | undefined;
  /**
   * Namespace of the Kustomization objects.
   * @default 'flux-system'
   */
  readonly namespace?: string | undefined;
  /**
   * Reconciliation interval.
   * @default '10m'
   */
  readonly interval?: string | undefined;
}

/** GitOps extras of the YAML output; none of them changes the objects the Pulumi backend registers. */
export interface GitOpsOptions {
  /**
   * Annotate every object with an Argo CD sync wave: the index of its file in apply
   * order, so Argo CD applies (and waits for) the files in the same order as `kubectl`.
   * Custom resources also get `SkipDryRunOnMissingResource=true` (their CRD exists
   * only after an earlier wave) and CRDs `ServerSideApply=true` (some exceed the
   * client-side apply annotation limit).
   * @default false
   */
  readonly argoCdSyncWaves?: boolean | undefined;
  /**
   * Write `flux/`: one kustomize folder per stage and a Flux `Kustomization` per stage
   * whose `dependsOn` chain follows the stage order.
   * @default - no Flux objects
   */
  readonly flux?: FluxOptions | undefined;
}

/** @internal Stages in apply order: the order of the Stage enum, which is the order of the files. */
export const STAGE_ORDER: readonly Stage[] = [Stage.CRDS, Stage.NAMESPACES, Stage.CLUSTER, Stage.WORKLOADS, Stage.CUSTOM_RESOURCES];

/** @internal The entries of `manifests/kustomization.yaml` in apply order: the CRD URL folder first, then every file. */
export function kustomizationResources(files: readonly ManifestFile[], hasCrdUrls: boolean): string[] {
  return [...(hasCrdUrls ? [CRD_URL_FOLDER] : []), ...files.map((f) => f.fileName)];
}

function kustomization(resources: readonly string[], extra: Record<string, unknown> = {}): string {
  return toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...extra, resources });
}

/** @internal `manifests/kustomization.yaml`: every manifest in apply order, CRDs first. */
export function renderRootKustomization(files: readonly ManifestFile[], hasCrdUrls: boolean): string {
  return kustomization(kustomizationResources(files, hasCrdUrls));
}

/**
 * @internal
 * `manifests/000-crds/kustomization.yaml`: the pinned CRD URLs. With sync waves, the
 * annotations reach the downloaded CRDs through `commonAnnotations`.
 */
export function renderCrdUrlKustomization(urls: readonly string[], argoCdSyncWaves: boolean): string {
  const annotations = argoCdSyncWaves ? { commonAnnotations: { [ARGOCD_SYNC_WAVE]: '0', [ARGOCD_SYNC_OPTIONS]: 'ServerSideApply=true' } } : {};
  return kustomization(urls, annotations);
}

/** @internal A copy of `o` carrying the Argo CD annotations of the given wave. */
export function withSyncWave(o: KubeObject, wave: number, stage: Stage): KubeObject {
  const options = stage === Stage.CRDS ? 'ServerSideApply=true' : stage === Stage.CUSTOM_RESOURCES ? 'SkipDryRunOnMissingResource=true' : undefined;
  return {
    ...o,
    metadata: {
      ...o.metadata,
      annotations: { ...(o.metadata.annotations ?? {}), [ARGOCD_SYNC_WAVE]: String(wave), ...(options ? { [ARGOCD_SYNC_OPTIONS]: options } : {}) },
    },
  };
}

/** @internal Name of the `flux/` folder of a stage; the number keeps folders in apply order. */
export function fluxStageFolder(stage: Stage): string {
  return `${String(STAGE_ORDER.indexOf(stage)).padStart(2, '0')}-${stage}`;
}

/**
 * @internal
 * The files of `flux/`: per stage a kustomize folder listing that stage's manifests
 * (and the CRD URL folder for the CRD stage), and `flux/kustomizations.yaml` with one
 * Flux `Kustomization` per stage, each depending on the previous one.
 *
 * The stage folders refer to `../../manifests/…`: Flux's kustomize-controller loads
 * files anywhere inside the source (fluxcd/pkg kustomize secure FS); to build one
 * locally use `kubectl kustomize --load-restrictor LoadRestrictionsNone`.
 */
export function renderFluxFiles(clusterName: string, files: readonly ManifestFile[], hasCrdUrls: boolean, options: FluxOptions): Map<string, string> {
  const out = new Map<string, string>();
  const namespace = options.namespace ?? 'flux-system';
  const base = (options.path ?? `./dist/${clusterName}`).replace(/\/+$/, '');
  const objects: KubeObject[] = [];
  let previous: string | undefined;
  for (const stage of STAGE_ORDER) {
    const resources = [
      ...(stage === Stage.CRDS && hasCrdUrls ? [`../../manifests/${CRD_URL_FOLDER}`] : []),
      ...files.filter((f) => f.stage === stage).map((f) => `../../manifests/${f.fileName}`),
    ];
    if (resources.length === 0) continue;
    const folder = fluxStageFolder(stage);
    out.set(`flux/${folder}/kustomization.yaml`, kustomization(resources));
    const name = `${clusterName}-${stage}`;
    objects.push({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace },
      spec: {
        interval: options.interval ?? '10m',
        path: `${base}/flux/${folder}`,
        prune: true,
        // Wait for readiness, so the next stage starts on established CRDs and running workloads.
        wait: true,
        sourceRef: { kind: options.sourceRef.kind ?? 'GitRepository', name: options.sourceRef.name, ...(options.sourceRef.namespace ? { namespace: options.sourceRef.namespace } : {}) },
        ...(previous ? { dependsOn: [{ name: previous }] } : {}),
      },
    });
    previous = name;
  }
  // A cluster without objects needs no Flux objects.
  if (objects.length > 0) out.set('flux/kustomizations.yaml', objects.map((o) => toYaml(o)).join('---\n'));
  return out;
}
