/** How the nodes get kubeadm, the kubelet, kubectl and the container runtime. */
export enum NodePrerequisitesKind {
  /** The machine image carries them already. */
  PREINSTALLED = 'preinstalled',
  /** cloud-init installs them with apt from the official package repositories. */
  APT_PACKAGES = 'apt-packages',
}

/** Options of `NodePrerequisites.aptPackages`: nodes install the runtime and the Kubernetes packages with apt. */
export interface AptPackagesOptions {
  /**
   * The Debian package of containerd, installed from the distribution's own repositories
   * (pkgs.k8s.io does not carry containerd). Ignored with CRI-O, which comes from the
   * CRI-O project's repository of the same minor release as Kubernetes.
   * @default 'containerd'
   */
  readonly containerdPackage?: string | undefined;
}

/**
 * What a node must have before kubeadm runs. Either way `bootstrap/README.md` lists it,
 * with versions.
 */
export class NodePrerequisites {
  /** The image already has kubeadm, the kubelet, kubectl and the runtime at the right versions. */
  public static preinstalled(): NodePrerequisites {
    return new NodePrerequisites(NodePrerequisitesKind.PREINSTALLED);
  }

  /**
   * cloud-init adds the Kubernetes project's apt repository (pkgs.k8s.io) of the cluster's
   * minor release, installs kubelet, kubeadm and kubectl at the cluster's exact patch
   * version and holds them, and installs the container runtime. Debian and Ubuntu only.
   */
  public static aptPackages(options: AptPackagesOptions = {}): NodePrerequisites {
    return new NodePrerequisites(NodePrerequisitesKind.APT_PACKAGES, options.containerdPackage ?? 'containerd');
  }

  private constructor(
    public readonly kind: NodePrerequisitesKind,
    /** The containerd package to install, for APT_PACKAGES. */
    public readonly containerdPackage?: string,
  ) {}
}
