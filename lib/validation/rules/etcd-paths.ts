import type { Cluster } from '../../cluster';
import { EtcdTopology } from '../../control-plane/etcd';
import { ValidationContext } from '../context';

/** An absolute path that a systemd unit and a kubeadm file can hold unquoted. */
const ABSOLUTE_PATH = /^(\/[^/\s\0]+)+$/;

/**
 * etcd's files and folders: kubeadm resolves its TLS files as absolute paths on the
 * control-plane nodes (an empty one sends no client certificate, which etcd refuses),
 * and the systemd units of external members take paths as they are written.
 */
export function validateEtcdPaths(cluster: Cluster, context: ValidationContext): void {
  const etcd = cluster.etcd;
  const scope = cluster.controlPlane ?? cluster;
  const paths: [string, unknown, string][] = [];
  if (etcd.topology === EtcdTopology.STACKED) {
    const dataDir = etcd.stackedOptions?.dataDir;
    if (dataDir !== undefined) paths.push(['etcd.dataDir', dataDir, '/var/lib/etcd']);
  } else {
    const o = etcd.externalOptions!;
    paths.push(
      ['etcd.caFile', o.caFile, '/etc/kubernetes/pki/etcd/ca.crt'],
      ['etcd.certFile', o.certFile, '/etc/kubernetes/pki/apiserver-etcd-client.crt'],
      ['etcd.keyFile', o.keyFile, '/etc/kubernetes/pki/apiserver-etcd-client.key'],
    );
    if (o.dataDir !== undefined) paths.push(['etcd.dataDir', o.dataDir, '/var/lib/etcd']);
    if (o.pkiDir !== undefined) paths.push(['etcd.pkiDir', o.pkiDir, '/etc/kubernetes/pki/etcd']);
    if (o.binaryPath !== undefined) paths.push(['etcd.binaryPath', o.binaryPath, '/usr/local/bin/etcd']);
    (o.members ?? []).forEach((m, i) => {
      if (m?.dataDir !== undefined) paths.push([`etcd.members[${i}].dataDir`, m.dataDir, '/var/lib/etcd']);
    });
  }
  for (const [field, value, example] of paths) {
    if (typeof value === 'string' && ABSOLUTE_PATH.test(value)) continue;
    context.error(scope, {
      rule: 'etcd/path',
      field,
      message: value === '' || value === undefined ? 'the path is empty' : 'not an absolute path',
      received: value,
      expected: `an absolute path without spaces or a trailing "/", e.g. ${example}`,
    });
  }
}
