/** A container image pinned by tag, and by digest where we know it. */
export interface PinnedImage {
  /** e.g. `ghcr.io/flannel-io/flannel` */
  readonly repository: string;
  /** e.g. `v0.27.4`; never `latest` */
  readonly tag: string;
  /** `sha256:...`, when pinned by digest as well */
  readonly digest?: string | undefined;
}

/** @internal The image reference a pod spec uses: `repository:tag[@digest]`. */
export function imageRef(image: PinnedImage): string {
  return `${image.repository}:${image.tag}${image.digest ? `@${image.digest}` : ''}`;
}
