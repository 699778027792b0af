import { PinnedImage } from './image';

// Storage: in-cluster provisioners and the snapshot API.

/**
 * @internal
 * rancher/local-path-provisioner v0.0.36
 * (rancher/local-path-provisioner@v0.0.36:deploy/local-path-storage.yaml); it carries the
 * helper pod template validation (GHSA-7fxv-8wr2-mfc4 / CVE-2026-44543). v0.0.37 exists
 * (adds health probes); the pin moves when its manifest is in the reference data.
 */
export const LOCAL_PATH_PROVISIONER_IMAGE: PinnedImage = {
  repository: 'docker.io/rancher/local-path-provisioner',
  tag: 'v0.0.36',
};

/** @internal The helper pod image; upstream ships an unpinned `busybox`. */
export const LOCAL_PATH_HELPER_IMAGE: PinnedImage = {
  repository: 'docker.io/library/busybox',
  tag: '1.37.0',
};

/**
 * @internal
 * kubernetes-csi/csi-driver-nfs v4.13.4, the newest release
 * (kubernetes-csi/csi-driver-nfs@v4.13.4:deploy/v4.13.4/). There is no v4.13.5: no tag, and
 * no deploy/v4.13.5 on any branch.
 */
export const CSI_DRIVER_NFS_VERSION = 'v4.13.4';

// The sidecars exactly as csi-driver-nfs@v4.13.4:deploy/v4.13.4/csi-nfs-{controller,node}.yaml pins them.
/** @internal Image of the csi-driver-nfs plugin, as csi-driver-nfs {@link CSI_DRIVER_NFS_VERSION} deploys it. */
export const NFS_PLUGIN_IMAGE: PinnedImage = { repository: 'registry.k8s.io/sig-storage/nfsplugin', tag: CSI_DRIVER_NFS_VERSION };
/** @internal Image of the CSI external-provisioner sidecar, as csi-driver-nfs {@link CSI_DRIVER_NFS_VERSION} deploys it. */
export const CSI_PROVISIONER_IMAGE: PinnedImage = { repository: 'registry.k8s.io/sig-storage/csi-provisioner', tag: 'v6.3.0' };
/** @internal Image of the CSI external-resizer sidecar, as csi-driver-nfs {@link CSI_DRIVER_NFS_VERSION} deploys it. */
export const CSI_RESIZER_IMAGE: PinnedImage = { repository: 'registry.k8s.io/sig-storage/csi-resizer', tag: 'v2.2.0' };
/** @internal Image of the CSI external-snapshotter sidecar, as csi-driver-nfs {@link CSI_DRIVER_NFS_VERSION} deploys it. */
export const CSI_SNAPSHOTTER_IMAGE: PinnedImage = { repository: 'registry.k8s.io/sig-storage/csi-snapshotter', tag: 'v8.6.0' };
/** @internal Image of the CSI livenessprobe sidecar, as csi-driver-nfs {@link CSI_DRIVER_NFS_VERSION} deploys it. */
export const CSI_LIVENESS_PROBE_IMAGE: PinnedImage = { repository: 'registry.k8s.io/sig-storage/livenessprobe', tag: 'v2.19.0' };
/** @internal Image of the CSI node-driver-registrar sidecar, as csi-driver-nfs {@link CSI_DRIVER_NFS_VERSION} deploys it. */
export const CSI_NODE_DRIVER_REGISTRAR_IMAGE: PinnedImage = {
  repository: 'registry.k8s.io/sig-storage/csi-node-driver-registrar',
  tag: 'v2.17.0',
};

/**
 * @internal
 * kubernetes-csi/external-snapshotter v8.6.0: the snapshot.storage.k8s.io/v1 CRDs
 * (external-snapshotter@v8.6.0:client/config/crd/) and the snapshot-controller
 * (external-snapshotter@v8.6.0:deploy/kubernetes/snapshot-controller/).
 */
export const EXTERNAL_SNAPSHOTTER_VERSION = 'v8.6.0';

/**
 * @internal
 * The snapshot-controller of the same release. At the v8.6.0 tag the deploy manifest still
 * names v8.5.0; upstream bumps it after each release (master 1d996efb "deploy: update sidecar
 * image versions" sets v8.6.0), so the controller matches the CRDs and the csi-snapshotter
 * sidecar (v8.6.0) that csi-driver-nfs ships.
 */
export const SNAPSHOT_CONTROLLER_IMAGE: PinnedImage = {
  repository: 'registry.k8s.io/sig-storage/snapshot-controller',
  tag: EXTERNAL_SNAPSHOTTER_VERSION,
};

const SNAPSHOT_CRD_BASE =
  `https://raw.githubusercontent.com/kubernetes-csi/external-snapshotter/${EXTERNAL_SNAPSHOTTER_VERSION}/client/config/crd/`;

/** @internal The VolumeSnapshotClass CRD of the pinned external-snapshotter release. */
export const VOLUME_SNAPSHOT_CLASS_CRD_URL = `${SNAPSHOT_CRD_BASE}snapshot.storage.k8s.io_volumesnapshotclasses.yaml`;
/** @internal The VolumeSnapshotContent CRD of the pinned external-snapshotter release. */
export const VOLUME_SNAPSHOT_CONTENT_CRD_URL = `${SNAPSHOT_CRD_BASE}snapshot.storage.k8s.io_volumesnapshotcontents.yaml`;
/** @internal The VolumeSnapshot CRD of the pinned external-snapshotter release. */
export const VOLUME_SNAPSHOT_CRD_URL = `${SNAPSHOT_CRD_BASE}snapshot.storage.k8s.io_volumesnapshots.yaml`;
