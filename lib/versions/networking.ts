import { PinnedImage } from './image';

// Pins of the cluster network: the CNI plugins and CoreDNS. Each entry names the upstream
// file and tag its facts were taken from; constructs/networking/ cites the same files.

/**
 * @internal
 * Flannel. upstream: flannel-io/flannel@v0.28.9:Documentation/kube-flannel.yml (tag commit 5cd0d52); the
 * chart's chart/kube-flannel/values.yaml at the tag agrees (flannel v0.28.9, flannel_cni v1.9.1-flannel3).
 */
export const FLANNEL_PINS = {
  version: 'v0.28.9',
  flannel: { repository: 'ghcr.io/flannel-io/flannel', tag: 'v0.28.9' } as PinnedImage,
  cniPlugin: { repository: 'ghcr.io/flannel-io/flannel-cni-plugin', tag: 'v1.9.1-flannel3' } as PinnedImage,
} as const;

/**
 * @internal
 * Calico through the Tigera operator, as Calico v3.32.0 ships it: its
 * projectcalico/calico@v3.32.0:manifests/tigera-operator.yaml runs quay.io/tigera/operator:v1.42.0
 * (tigera/operator@v1.42.0 is the operator built for Calico v3.32.0, its config/calico_versions.yml
 * names v3.32.0). v1.43.0 is the operator release for Calico Enterprise and is not what the Calico
 * release was tested with; see ../shared/upstream/calico/v3.32.0/PROVENANCE.txt.
 */
export const CALICO_PINS = {
  calicoVersion: 'v3.32.0',
  operatorVersion: 'v1.42.0',
  operator: { repository: 'quay.io/tigera/operator', tag: 'v1.42.0' } as PinnedImage,
  /** The operator.tigera.io CRDs of the release, as the install docs apply them (projectcalico/calico@v3.32.0:manifests/operator-crds.yaml). */
  operatorCrdsUrl: 'https://raw.githubusercontent.com/projectcalico/calico/v3.32.0/manifests/operator-crds.yaml',
} as const;

/**
 * @internal
 * Canal: projectcalico/calico@v3.32.0:manifests/canal.yaml (rendered from charts/calico; its
 * values.yaml pins flannel docker.io/flannel/flannel:v0.24.4).
 */
export const CANAL_PINS = {
  calicoVersion: 'v3.32.0',
  calicoNode: { repository: 'quay.io/calico/node', tag: 'v3.32.0' } as PinnedImage,
  calicoCni: { repository: 'quay.io/calico/cni', tag: 'v3.32.0' } as PinnedImage,
  kubeControllers: { repository: 'quay.io/calico/kube-controllers', tag: 'v3.32.0' } as PinnedImage,
  flannel: { repository: 'docker.io/flannel/flannel', tag: 'v0.24.4' } as PinnedImage,
  /** The crd.projectcalico.org and ClusterNetworkPolicy CRDs of the release (projectcalico/calico@v3.32.0:manifests/crds.yaml). */
  crdsUrl: 'https://raw.githubusercontent.com/projectcalico/calico/v3.32.0/manifests/crds.yaml',
} as const;

/**
 * @internal
 * Cilium. Digests from the v1.18.9 release notes ("Docker Manifests"); the same references as the
 * cilium 1.18.9 chart's values.yaml (cilium/charts cilium-1.18.9.tgz, rendered in ../shared/upstream/cilium/1.18.9).
 */
export const CILIUM_PINS = {
  version: 'v1.18.9',
  agent: {
    repository: 'quay.io/cilium/cilium',
    tag: 'v1.18.9',
    digest: 'sha256:c9140c2ebcc636ba346a4152fb28d616a4a51586c22c72dcd6f273bed41053c0',
  } as PinnedImage,
  operator: {
    repository: 'quay.io/cilium/operator-generic',
    tag: 'v1.18.9',
    digest: 'sha256:9094fe19965c558bc9361aa4f0d19fcc48f7377f835dc70f138bf4dc1db48ca4',
  } as PinnedImage,
} as const;

/**
 * @internal
 * Weave Net, archived upstream (Weaveworks closed in 2024; 2.8.1 of January 2021 is the last release).
 * upstream: weaveworks/weave@v2.8.1:prog/weave-kube/weave-daemonset-k8s-1.11.yaml with bin/release's
 * `s/:latest/:2.8.1/` (the release asset); images on Docker Hub.
 */
export const WEAVE_PINS = {
  version: '2.8.1',
  weave: { repository: 'docker.io/weaveworks/weave-kube', tag: '2.8.1' } as PinnedImage,
  npc: { repository: 'docker.io/weaveworks/weave-npc', tag: '2.8.1' } as PinnedImage,
} as const;

/**
 * @internal
 * CoreDNS as kubeadm v1.35 deploys it: kubernetes/kubernetes cmd/kubeadm/app/constants CoreDNSVersion
 * = v1.13.1 for v1.35.x (kubernetes#133968; corroborated by `kubeadm config images list` of v1.35.0 and
 * v1.35.4, see ../shared/upstream/kubeadm-coredns/v1.35/PROVENANCE.txt).
 */
export const COREDNS_PINS = {
  coredns: { repository: 'registry.k8s.io/coredns/coredns', tag: 'v1.13.1' } as PinnedImage,
} as const;
