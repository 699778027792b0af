import { PinnedImage } from './image';
import { ETCD_VERSION } from './control-plane';

// Backup and restore: Velero, its object-store plugins, and the etcd snapshot job.

/**
 * @internal
 * Velero 1.18.1. upstream: vmware-tanzu/helm-charts@velero-12.1.0:charts/velero (appVersion 1.18.1)
 * and vmware-tanzu/velero@v1.18.1:pkg/install (the project now lives at github.com/velero-io).
 */
export const VELERO_PINS = {
  version: 'v1.18.1',
  velero: { repository: 'docker.io/velero/velero', tag: 'v1.18.1' } as PinnedImage,
  /** velero-io/velero-plugin-for-aws@v1.14.2:README.md, "Compatibility": plugin v1.14.x for Velero v1.18.x. */
  pluginAws: { repository: 'docker.io/velero/velero-plugin-for-aws', tag: 'v1.14.2' } as PinnedImage,
  /** velero-io/velero-plugin-for-gcp@v1.14.2:README.md, "Compatibility": plugin v1.14.x for Velero v1.18.x. */
  pluginGcp: { repository: 'docker.io/velero/velero-plugin-for-gcp', tag: 'v1.14.2' } as PinnedImage,
  /**
   * The Azure plugin of the same release line (v1.14.x for Velero 1.18.x, as for AWS and GCP).
   * vmware-tanzu/velero-plugin-for-microsoft-azure@v1.14.0-rc.1 is the newest tag we could read.
   */
  pluginAzure: { repository: 'docker.io/velero/velero-plugin-for-microsoft-azure', tag: 'v1.14.0' } as PinnedImage,
} as const;

/**
 * @internal
 * The etcd image kubeadm runs for the pinned etcd (registry.k8s.io/etcd:<version>-0), so the
 * snapshot job's etcdctl and etcdutl match the server they talk to.
 */
export const ETCD_IMAGE: PinnedImage = { repository: 'registry.k8s.io/etcd', tag: `${ETCD_VERSION.replace(/^v/, '')}-0` };

/** @internal A shell for the step that copies an etcd snapshot off the node and prunes old ones (the etcd image has none). */
export const ETCD_SNAPSHOT_COPY_IMAGE: PinnedImage = { repository: 'docker.io/library/busybox', tag: '1.37.0' };

/** @internal The `velero.io` CRDs of the pinned release, one file each (velero-io/velero@v1.18.1:config/crd). */
export const VELERO_CRD_URLS: readonly string[] = [
  ...['backuprepositories', 'backups', 'backupstoragelocations', 'deletebackuprequests', 'downloadrequests', 'podvolumebackups', 'podvolumerestores', 'restores', 'schedules', 'serverstatusrequests', 'volumesnapshotlocations'].map(
    (plural) => `https://raw.githubusercontent.com/velero-io/velero/${VELERO_PINS.version}/config/crd/v1/bases/velero.io_${plural}.yaml`,
  ),
  ...['datadownloads', 'datauploads'].map(
    (plural) => `https://raw.githubusercontent.com/velero-io/velero/${VELERO_PINS.version}/config/crd/v2alpha1/bases/velero.io_${plural}.yaml`,
  ),
];
