import * as path from 'path';
import { BackupCredentials, BackupTarget, ClusterBackup, ClusterBackupProps, ClusterNetwork, Cni } from '../../constructs';
import { Cluster, ClusterProps, CrdSource, Etcd } from '../../lib';
import { newCluster } from '../support/synth';

/** The Velero 1.18.1 reference files. */
export const VELERO_UPSTREAM = path.resolve(__dirname, '../../../shared/upstream/velero/1.18.1');

/** The 13 velero.io CRDs of v1.18.1, as one vendored file. */
export const VELERO_CRDS_FILE = path.join(VELERO_UPSTREAM, 'crds.yaml');

/** The chart's MinIO store, with its credentials in a Secret. */
export function minio(): BackupTarget {
  return BackupTarget.s3({
    bucket: 'velero',
    region: 'minio',
    endpoint: 'http://minio.velero.svc:9000',
    credentials: BackupCredentials.fromSecret('velero-credentials'),
  });
}

/** Three stacked control-plane nodes. */
export const STACKED: ClusterProps = {
  controlPlane: {
    nodes: [
      { name: 'cp-1', address: '10.0.0.11' },
      { name: 'cp-2', address: '10.0.0.12' },
      { name: 'cp-3', address: '10.0.0.13' },
    ],
    endpoint: { host: '10.0.0.10', port: 6443 },
  },
  etcd: Etcd.stacked(),
};

/** A control plane with three external etcd members. */
export const EXTERNAL: ClusterProps = {
  controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] },
  etcd: Etcd.external({
    members: [
      { name: 'etcd-a', address: '10.0.1.1' },
      { name: 'etcd-b', address: '10.0.1.2' },
      { name: 'etcd-c', address: '10.0.1.3' },
    ],
    caFile: '/etc/kubernetes/pki/etcd/ca.crt',
    certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
    keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
  }),
};

/** A cluster with Calico and the backup add-on `Backup`, CRDs from the vendored file. */
export function backupCluster(clusterProps: ClusterProps = STACKED, props: ClusterBackupProps = {}): { cluster: Cluster; backup: ClusterBackup } {
  const cluster = newCluster(clusterProps);
  new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico() });
  const backup = new ClusterBackup(cluster, 'Backup', { ...props, velero: { crds: CrdSource.file(VELERO_CRDS_FILE), ...props.velero } });
  return { cluster, backup };
}
