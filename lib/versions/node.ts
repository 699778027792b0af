/**
 * What every node runs beside the Kubernetes components: the container runtime and
 * the pause image. One place, so the cloud-init, the README and the checks agree.
 */

/**
 * @internal
 * containerd the nodes are expected to run: the newest v2 release in the reference data
 * (containerd/containerd@v2.3.4, ../shared/upstream/containerd/v2.3.4/PROVENANCE.txt).
 * Its config layout is version 3; containerd 1.6/1.7 read version 2, which 2.x still
 * accepts and converts (containerd@v2.3.4:docs/cri/config.md "Config versions").
 */
export const CONTAINERD_VERSION = 'v2.3.4';

/**
 * @internal
 * The sandbox (pause) image kubeadm v1.35 pre-pulls and expects. containerd 2.3.4 defaults
 * to pause 3.10.2, so without pinning it a node would hold two pause tags
 * (../shared/upstream/containerd/v2.3.4/PROVENANCE.txt).
 */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10.1';

/** @internal CRI endpoints kubeadm and the kubelet dial, per runtime (kubeadm's known sockets on Linux). */
export const CRI_SOCKETS = {
  containerd: 'unix:///var/run/containerd/containerd.sock',
  crio: 'unix:///var/run/crio/crio.sock',
} as const;

/**
 * @internal
 * Package repositories of the Kubernetes project (pkgs.k8s.io, one repository per minor
 * release) and of CRI-O (cri-o/packaging@b111fe9:README.md: one repository per CRI-O minor,
 * which follows the Kubernetes minor, on download.opensuse.org since CRI-O left
 * pkgs.k8s.io/addons:/cri-o; the key is the repository's `Release.key`).
 */
export const PACKAGE_REPOSITORIES = {
  /** The pkgs.k8s.io Debian repository of one Kubernetes minor release (`v1.35`). */
  kubernetesDeb: (minor: string) => `https://pkgs.k8s.io/core:/stable:/${minor}/deb/`,
  /** The CRI-O project's Debian repository of the CRI-O minor release matching Kubernetes' (`v1.35`). */
  crioDeb: (minor: string) => `https://download.opensuse.org/repositories/isv:/cri-o:/stable:/${minor}/deb/`,
  /** The revision pkgs.k8s.io gives every package build of a patch release. */
  kubernetesDebRevision: '1.1',
} as const;
