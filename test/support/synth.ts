import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Cluster, ClusterProps, ClusterSynthesis, ClusterValidationError, KubeObject, ValidationProblem, renderClusterFiles, synthesizeCluster } from '../../lib';
import { fillBootstrapSecrets } from '../../lib/bootstrap/secrets';
import { isGitOpsFile } from '../../lib/synth/render';
import { assertAllValid, assertConfigValid } from './schema-validator';

const CONFIG_GROUPS = new Set([
  'kubeadm.k8s.io',
  'kubelet.config.k8s.io',
  'kubeproxy.config.k8s.io',
  'apiserver.config.k8s.io',
  'audit.k8s.io',
  'pod-security.admission.config.k8s.io',
]);

/** Well-formed stand-ins for the secrets `clusterforge fill-secrets` fills in. */
export const SAMPLE_SECRETS = {
  bootstrapToken: 'abcdef.0123456789abcdef',
  certificateKey: 'a'.repeat(64),
  caCertHash: `sha256:${'b'.repeat(64)}`,
  encryptionKey: Buffer.alloc(32, 1).toString('base64'),
  previousEncryptionKey: Buffer.alloc(32, 2).toString('base64'),
};

/** A fresh cluster in its own cdk8s App. */
export function newCluster(props: ClusterProps = {}, id = 'test'): Cluster {
  return new Cluster(new App(), id, props);
}

/** Parsed documents of a rendered YAML file, strictly (duplicate keys fail). */
export function parseYamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text, { uniqueKeys: true }).map((d) => {
    if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join('\n'));
    return d.toJS();
  });
}

/**
 * Synthesises in memory, then validates what would be written: every manifest,
 * parsed back from its YAML, against the Kubernetes OpenAPI schema or its CRD, and
 * every YAML bootstrap document against its config schema or the API schema.
 */
export function synth(cluster: Cluster): ClusterSynthesis {
  const synthesis = synthesizeCluster(cluster);
  const files = renderClusterFiles(synthesis);
  const apiObjects: unknown[] = [];
  const configDocs: unknown[] = [];
  for (const [path, raw] of files) {
    if (!/\.ya?ml$/.test(path) || isGitOpsFile(path)) continue;
    // Validate bootstrap files as the documented fill step leaves them.
    const text = path.startsWith('bootstrap/') ? fillBootstrapSecrets(raw, SAMPLE_SECRETS) : raw;
    for (const doc of parseYamlDocuments(text)) {
      const apiVersion = (doc as { apiVersion?: string } | null)?.apiVersion;
      if (typeof apiVersion !== 'string') {
        if (path.startsWith('manifests/')) throw new Error(`${path}: document without apiVersion`);
        continue;
      }
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
      (CONFIG_GROUPS.has(group) ? configDocs : apiObjects).push(doc);
    }
  }
  assertAllValid(apiObjects);
  assertConfigValid(configDocs);
  return synthesis;
}

export function manifests(synthesis: ClusterSynthesis): KubeObject[] {
  return synthesis.objects.map((o) => o.manifest);
}

/** The one object with that kind and name (and namespace); fails when absent. */
export function findObject(synthesis: ClusterSynthesis, kind: string, name: string, namespace?: string): KubeObject {
  const found = manifests(synthesis).filter(
    (o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? ''}/${name}, found ${found.length}`);
  return found[0];
}

/** The errors synthesis refuses `cluster` with; fails when it does not refuse. */
export function synthErrors(cluster: Cluster): readonly ValidationProblem[] {
  try {
    synthesizeCluster(cluster);
  } catch (e) {
    if (e instanceof ClusterValidationError) return e.errors;
    throw e;
  }
  throw new Error('expected synthesis to fail with ClusterValidationError');
}

/** The warnings of a successful synthesis. */
export function synthWarnings(cluster: Cluster): readonly ValidationProblem[] {
  return synth(cluster).warnings;
}
