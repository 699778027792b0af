import { CALICO_PINS, CANAL_PINS, CILIUM_PINS } from './networking';
import { VELERO_PINS } from './backup';

// What the upgrade planner (lib/upgrade) needs to know about releases: the etcd kubeadm
// installs per Kubernetes minor, and which Kubernetes minors each pinned add-on release supports.

/** The etcd release kubeadm of one Kubernetes minor installs for stacked etcd, and where that was read. */
export interface KubeadmEtcdPin {
  /** Image tag of registry.k8s.io/etcd, as kubeadm's SupportedEtcdVersion spells it (`3.6.6-0`). */
  readonly image: string;
  readonly source: string;
}

/**
 * kubeadm's `SupportedEtcdVersion` (cmd/kubeadm/app/constants/constants.go) for the minors
 * clusterforge supports, as their newest patch releases carry it. The v1.33–v1.35 tags could not
 * be read byte for byte here (the kubernetes/kubernetes mirror is over the size limit, see
 * ../shared/upstream/kubeadm/v1.35/PROVENANCE.txt); each entry cites the merged change that set it.
 */
export const KUBEADM_ETCD_VERSIONS: Readonly<Record<number, KubeadmEtcdPin>> = {
  33: { image: '3.5.24-0', source: 'kubernetes/kubernetes#135018 (release-1.33: "updated the supported etcd version to v3.5.24")' },
  // Not read at a v1.34 tag: 3.6.5-0 is what master held for the current minor just before #135271, and v1.34
  // shipped etcd 3.6 (PR #132865 review: 3.6 only for 33/34+); re-read when a v1.34.x constants.go is available.
  34: { image: '3.6.5-0', source: 'kubernetes/kubernetes#135271 (the value it replaced; not verified at a v1.34.x tag)' },
  35: { image: '3.6.6-0', source: 'kubernetes/kubernetes#135271 ("etcd: Update etcd to v3.6.6", SupportedEtcdVersion for v1.35); matches ETCD_VERSION' },
};

/**
 * The Kubernetes minors a pinned add-on release is known to support. Either bound may be open
 * when upstream states none ("1.18-latest"). Entries are matched to a cluster's add-ons by the
 * images the add-on runs, so the range always belongs to the release that is deployed.
 */
export interface AddOnKubernetesSupport {
  /** What the user knows it as: `Cilium`. */
  readonly component: string;
  /** The pinned release: `v1.18.9`. */
  readonly release: string;
  /** Image repositories that identify the release in the rendered objects. */
  readonly images: readonly string[];
  /** Oldest Kubernetes minor (the `33` of 1.33) supported. @default - no lower bound stated */
  readonly minMinor?: number | undefined;
  /** Newest Kubernetes minor supported. @default - no upper bound stated */
  readonly maxMinor?: number | undefined;
  /** Where upstream states the range: `repo@tag:path` or a documentation page. */
  readonly source: string;
  /** A release that supports newer minors, when upstream names one: what "upgrade add-on X first" points to. */
  readonly newerRelease?: { readonly release: string; readonly maxMinor: number; readonly source: string } | undefined;
}

/**
 * Declared Kubernetes ranges of the pinned add-on releases. Add-ons not listed have no declared
 * range: the planner says so rather than guessing.
 */
export const ADD_ON_KUBERNETES_SUPPORT: readonly AddOnKubernetesSupport[] = [
  {
    component: 'Cilium',
    release: CILIUM_PINS.version,
    images: [CILIUM_PINS.agent.repository, CILIUM_PINS.operator.repository],
    // "All Kubernetes versions listed are e2e tested": 1.30, 1.31, 1.32, 1.33 for the 1.18 branch.
    minMinor: 30,
    maxMinor: 33,
    source: 'cilium/cilium@v1.18.14:Documentation/network/kubernetes/compatibility.rst',
  },
  {
    component: 'Calico',
    release: CALICO_PINS.calicoVersion,
    images: [CALICO_PINS.operator.repository, CANAL_PINS.calicoNode.repository],
    // v1.35 was added to the Calico requirements page once the floating e2e (stable, stable-1, stable-2) passed on it.
    maxMinor: 35,
    source: 'docs.tigera.io/calico/latest/getting-started/kubernetes/requirements (projectcalico discussion #11717: v1.35 added)',
  },
  {
    component: 'Velero',
    release: VELERO_PINS.version,
    images: [VELERO_PINS.velero.repository],
    // The compatibility matrix of the README: "Expected Kubernetes version compatibility: 1.18-latest".
    minMinor: 18,
    source: 'vmware-tanzu/velero README.md "Velero compatibility matrix"',
  },
];
