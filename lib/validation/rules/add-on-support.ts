import type { Cluster } from '../../cluster';
import type { PlacedObject } from '../../synth/ordering';
import { ADD_ON_KUBERNETES_SUPPORT, AddOnKubernetesSupport } from '../../versions/upgrade';
import { ValidationContext } from '../context';
import { objectIndex } from '../object-index';
import { JsonObject, podTemplateOf } from '../pod-security';

/** The image references of a workload's pod template (or a Pod's): containers and init containers. */
export function podImages(manifest: unknown): string[] {
  const spec = podTemplateOf(manifest)?.spec;
  return spec ? templateImages(spec) : [];
}

/** The image references of a pod spec: containers, then init containers. */
function templateImages(spec: JsonObject): string[] {
  const images: string[] = [];
  addImages(spec.containers, images);
  addImages(spec.initContainers, images);
  return images;
}

/** Adds the string images of a container list to `images`; one array per pod, not four. */
function addImages(list: unknown, images: string[]): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue; // a hole, which flatMap skipped
    const image = (list[i] as { image?: unknown }).image;
    if (typeof image === 'string') images.push(image);
  }
}

/** `quay.io/cilium/cilium` of `quay.io/cilium/cilium:v1.18.9@sha256:…`. */
export function imageRepository(image: string): string {
  return image.replace(/@sha256:.*$/, '').replace(/:[^:/]+$/, '');
}

/** The supported range as written in messages: `1.30–1.33`, `1.18–latest`. */
export function supportedRange(entry: AddOnKubernetesSupport): string {
  return `${entry.minMinor !== undefined ? `1.${entry.minMinor}` : 'any'}–${entry.maxMinor !== undefined ? `1.${entry.maxMinor}` : 'latest'}`;
}

/**
 * An add-on release (found by its images) whose declared Kubernetes range leaves out the
 * cluster's own release is a warning at synthesis, not only when an upgrade is planned:
 * the cluster would run a combination upstream does not test.
 */
export function validateAddOnKubernetesSupport(cluster: Cluster, objects: readonly PlacedObject[], context: ValidationContext): void {
  const minor = cluster.kubernetesVersion.parts?.minor;
  if (minor === undefined) return;
  const outside = ADD_ON_KUBERNETES_SUPPORT.filter((e) => (e.minMinor !== undefined && minor < e.minMinor) || (e.maxMinor !== undefined && minor > e.maxMinor));
  if (outside.length === 0) return;
  const byRepository = new Map(outside.flatMap((e) => e.images.map((r) => [r, e] as const)));
  const reported = new Set<AddOnKubernetesSupport>();
  // Thousands of pods run a few images: each image's repository is worked out once.
  const repositories = new Map<string, string>();
  for (const { object: o, template } of objectIndex(objects).templated) {
    for (const image of templateImages(template.spec)) {
      let repository = repositories.get(image);
      if (repository === undefined) repositories.set(image, (repository = imageRepository(image)));
      const entry = byRepository.get(repository);
      if (!entry || reported.has(entry)) continue;
      reported.add(entry);
      const newer = entry.newerRelease && entry.newerRelease.maxMinor >= minor ? `; ${entry.component} ${entry.newerRelease.release} supports up to 1.${entry.newerRelease.maxMinor}` : '';
      context.warn(o.sourcePath, {
        rule: 'versions/add-on-kubernetes-support',
        message: `${entry.component} ${entry.release} declares support for Kubernetes ${supportedRange(entry)} (${entry.source}), and this cluster runs ${cluster.kubernetesVersion.kubeadmVersion}${newer}`,
        received: `${entry.component} ${entry.release} on Kubernetes 1.${minor}`,
        expected: `a ${entry.component} release that supports Kubernetes 1.${minor}`,
      });
    }
  }
}
