interface ParsedVersion {
  readonly parts: { readonly major: number; readonly minor: number; readonly patch: number } | undefined;
  readonly minor: string;
}

// `parts` and `minorVersion`, parsed on first use (every namespace reads its version), kept
// outside the instance so that reading a version never changes how it compares or serialises.
const PARSED = new WeakMap<KubernetesVersion, ParsedVersion>();

/**
 * A Kubernetes release, as kubeadm's `kubernetesVersion` spells it (`v1.35.7`).
 * Build one with the constants or `KubernetesVersion.of()`; validation checks the range.
 */
export class KubernetesVersion {
  /**
   * Kubernetes 1.35, the API schema clusterforge is tested against. The patch is the
   * newest 1.35 tag recorded in the reference data's provenance (kubernetes-1.35.7).
   */
  public static readonly V1_35 = new KubernetesVersion('v1.35.7');

  /** Oldest minor release supported: kubeadm v1beta4 and the APIs we emit need it. */
  public static readonly MIN_SUPPORTED_MINOR = 33;
  /** Newest minor release supported: the schema we validate against. */
  public static readonly MAX_SUPPORTED_MINOR = 35;

  /** Any release, e.g. `v1.34.2` or `1.34.2`. Checked at validation, never here. */
  public static of(version: string): KubernetesVersion {
    return new KubernetesVersion(version);
  }

  private constructor(private readonly raw: string) {}

  /** The version as given. */
  public get text(): string {
    return this.raw;
  }

  /** Parsed parts, or undefined when the text is not `v?MAJOR.MINOR.PATCH`. */
  public get parts(): { readonly major: number; readonly minor: number; readonly patch: number } | undefined {
    return this.parse().parts;
  }

  /** `v1.35.7`, the form kubeadm and image tags use. */
  public get kubeadmVersion(): string {
    const p = this.parts;
    return p ? `v${p.major}.${p.minor}.${p.patch}` : this.raw;
  }

  /** `v1.35`, the form Pod Security labels use. */
  public get minorVersion(): string {
    return this.parse().minor;
  }

  public get isSupported(): boolean {
    const p = this.parts;
    return (
      p !== undefined &&
      p.major === 1 &&
      p.minor >= KubernetesVersion.MIN_SUPPORTED_MINOR &&
      p.minor <= KubernetesVersion.MAX_SUPPORTED_MINOR
    );
  }

  private parse(): ParsedVersion {
    let parsed = PARSED.get(this);
    if (parsed === undefined) {
      const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(this.raw);
      const parts = m ? Object.freeze({ major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) }) : undefined;
      parsed = { parts, minor: parts ? `v${parts.major}.${parts.minor}` : this.raw };
      PARSED.set(this, parsed);
    }
    return parsed;
  }

  /** The version as written, e.g. `v1.35.7`. */
  public toString(): string {
    return this.raw;
  }
}
