import { ClusterSynthesis, EncryptionAtRestProps, EncryptionProvider, renderClusterFiles } from '../../lib';
import { BOOTSTRAP_PLACEHOLDERS, fillBootstrapSecrets, generateBootstrapSecrets } from '../../lib/bootstrap/secrets';
import { newCluster, parseYamlDocuments, SAMPLE_SECRETS, synth } from '../support/synth';

const node = { name: 'cp-1', address: '10.0.0.11' };

function synthWith(encryptionAtRest: EncryptionAtRestProps): ClusterSynthesis {
  return synth(newCluster({ controlPlane: { nodes: [node], security: { encryptionAtRest } } }));
}

function config(s: ClusterSynthesis): any {
  return parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'security/encryption.yaml')!.content)[0];
}

function apiServer(s: ClusterSynthesis): any {
  return (parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'kubeadm/cp-1.yaml')!.content) as any[])[1].apiServer;
}

describe('encryption at rest', () => {
  test('aescbc encrypts Secrets with a placeholder key; kube-apiserver reads the file from the mounted directory', () => {
    // WHEN
    const s = synthWith({ provider: EncryptionProvider.aescbc() });

    // THEN
    expect(config(s)).toStrictEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: 'key1', secret: '@@CLUSTERFORGE_ENCRYPTION_KEY_BASE64@@' } ] } }] }],
    });
    expect(apiServer(s).extraArgs).toContainEqual({ name: 'encryption-provider-config', value: '/etc/kubernetes/clusterforge/security/encryption.yaml' });
    expect(s.bootstrapFiles.find((f) => f.path === 'security/encryption.yaml')!.sensitive).toBe(true);
    const cloudInit = s.bootstrapFiles.find((f) => f.path === 'cloud-init/cp-1.yaml')!.content;
    expect(cloudInit).toContain('/etc/kubernetes/clusterforge/security/encryption.yaml');
  });

  test('a rotation keeps the previous key after the new one; identity is only a read fallback, last', () => {
    const s = synthWith({ provider: EncryptionProvider.secretbox({ keyName: 'key-2026-12', previousKeyName: 'key-2026-06' }), resources: ['secrets', 'configmaps', 'widgets.example.com'], identityFallback: true });
    expect(config(s).resources).toStrictEqual([
      {
        resources: ['secrets', 'configmaps', 'widgets.example.com'],
        providers: [
          { secretbox: { keys: [{ name: 'key-2026-12', secret: BOOTSTRAP_PLACEHOLDERS.encryptionKey }, { name: 'key-2026-06', secret: BOOTSTRAP_PLACEHOLDERS.previousEncryptionKey }] } },
          { identity: {} },
        ],
      },
    ]);
  });

  test('aesgcm is written under its own provider key', () => {
    expect(config(synthWith({ provider: EncryptionProvider.aesgcm() })).resources[0].providers[0]).toStrictEqual({ aesgcm: { keys: [{ name: 'key1', secret: BOOTSTRAP_PLACEHOLDERS.encryptionKey }] } });
  });

  test('KMS v2 points at the plugin socket, whose directory kube-apiserver mounts; no key placeholder', () => {
    const s = synthWith({ provider: EncryptionProvider.kmsV2({ name: 'vault', endpoint: 'unix:///var/run/kms-plugin/socket.sock' }) });
    expect(config(s).resources[0].providers).toStrictEqual([{ kms: { apiVersion: 'v2', name: 'vault', endpoint: 'unix:///var/run/kms-plugin/socket.sock', timeout: '3s' } }]);
    expect(apiServer(s).extraVolumes).toContainEqual({ name: 'kms-plugin', hostPath: '/var/run/kms-plugin', mountPath: '/var/run/kms-plugin', readOnly: false, pathType: 'DirectoryOrCreate' });
    expect(s.bootstrapFiles.find((f) => f.path === 'security/encryption.yaml')!.content).not.toContain('@@');
  });

  test('no output holds key material: the placeholder is filled only in the git-ignored copy, and only with a 32-byte key', () => {
    // GIVEN
    const s = synthWith({ provider: EncryptionProvider.aescbc() });
    const key = generateBootstrapSecrets().encryptionKey;

    // THEN nothing synthesised holds the sample or a generated key
    for (const [, content] of renderClusterFiles(s)) {
      expect(content).not.toContain(SAMPLE_SECRETS.encryptionKey);
      expect(content).not.toContain(key);
    }
    // AND the fill step writes it, refusing a key of the wrong length
    const file = s.bootstrapFiles.find((f) => f.path === 'security/encryption.yaml')!.content;
    expect(parseYamlDocuments(fillBootstrapSecrets(file, { encryptionKey: key }))[0]).toMatchObject({ resources: [{ providers: [{ aescbc: { keys: [{ name: 'key1', secret: key }] } }] }] });
    expect(() => fillBootstrapSecrets(file, { encryptionKey: Buffer.alloc(16).toString('base64') })).toThrow(/encryptionKey does not match/);
  });
});
