/** Where the cluster CA comes from. */
export enum ClusterCaKind {
  /** `kubeadm init` creates it on the first control-plane node. */
  GENERATED = 'generated',
  /** The user brings a CA; its key reaches the first node through a placeholder. */
  PROVIDED = 'provided',
}

/** Options of `ClusterCa.provided`: a cluster CA made outside clusterforge, of which only the public certificate enters the definition. */
export interface ProvidedCaOptions {
  /**
   * The CA certificate, PEM (public: it may be committed). clusterforge writes it to
   * `/etc/kubernetes/pki/ca.crt` on the first control-plane node and pins its hash in
   * every join file. Its key never enters the definition: `npx clusterforge fill-secrets
   * <cluster> --ca-key <ca.key>` fills it into the git-ignored copy.
   */
  readonly certificate: string;
}

/**
 * The cluster CA (kubeadm's `/etc/kubernetes/pki/ca.{crt,key}`), from which the
 * `--discovery-token-ca-cert-hash` of the join files derives.
 */
export class ClusterCa {
  /** kubeadm creates the CA during `kubeadm init`; the hash is filled in afterwards. */
  public static generated(): ClusterCa {
    return new ClusterCa(ClusterCaKind.GENERATED);
  }

  /** An existing CA: the join files get its hash at synthesis time. */
  public static provided(options: ProvidedCaOptions): ClusterCa {
    return new ClusterCa(ClusterCaKind.PROVIDED, options.certificate);
  }

  private constructor(
    public readonly kind: ClusterCaKind,
    /** The CA certificate PEM, when provided. */
    public readonly certificate?: string,
  ) {}
}
