import type { Cluster } from '../../cluster';
import { KubernetesVersion } from '../../kubernetes-version';
import { ValidationContext } from '../context';
import { DNS1123_LABEL_EXPECTED, isDns1123Label, toDns1123Label } from '../formats';

/** The cluster name becomes kubeadm's clusterName and a folder name. */
export function validateClusterIdentity(cluster: Cluster, context: ValidationContext): void {
  const id = cluster.node.id;
  if (!cluster.nameGiven) {
    if (cluster.clusterName === '') {
      context.error(cluster, {
        rule: 'names/dns1123-label',
        field: 'name',
        message: 'no name is given and the construct id holds no letter or digit to derive one from',
        received: id,
        expected: `name: ${DNS1123_LABEL_EXPECTED}`,
      });
    } else if (cluster.clusterName !== id) {
      context.warn(cluster, {
        rule: 'names/derived-cluster-name',
        field: 'name',
        message: `no name is given and the construct id is not a DNS-1123 label, so the cluster is named '${cluster.clusterName}' (kubeadm's clusterName and dist/${cluster.clusterName}/)`,
        received: id,
        expected: `name: '${cluster.clusterName}' to make it explicit, or another DNS-1123 label`,
      });
    }
  } else if (!isDns1123Label(cluster.clusterName)) {
    const suggestion = typeof cluster.clusterName === 'string' ? toDns1123Label(cluster.clusterName) : '';
    context.error(cluster, {
      rule: 'names/dns1123-label',
      field: 'name',
      message: 'cluster name is not a valid DNS-1123 label',
      received: cluster.clusterName,
      expected: suggestion === '' ? DNS1123_LABEL_EXPECTED : `${DNS1123_LABEL_EXPECTED}, e.g. '${suggestion}'`,
    });
  }
  const version = cluster.kubernetesVersion;
  const supported = `a Kubernetes release from v1.${KubernetesVersion.MIN_SUPPORTED_MINOR}.0 to v1.${KubernetesVersion.MAX_SUPPORTED_MINOR}.x, written vMAJOR.MINOR.PATCH`;
  if (version.parts === undefined) {
    context.error(cluster, {
      rule: 'versions/syntax',
      field: 'kubernetesVersion',
      message: 'Kubernetes version is not a release version',
      received: version.text,
      expected: supported,
    });
  } else if (!version.isSupported) {
    context.error(cluster, {
      rule: 'versions/supported-range',
      field: 'kubernetesVersion',
      message: 'Kubernetes version is outside the range clusterforge supports',
      received: version.text,
      expected: supported,
    });
  }
}
