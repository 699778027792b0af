import { EncryptionProvider } from '../../lib';
import { newCluster } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const node = { name: 'cp-1', address: '10.0.0.11' };

describe('encryption at rest: bad input', () => {
  test('a literal key (redacted even where it doubles as a duplicate name) and an empty resource list are reported at once, and nothing is written', () => {
    const literal = Buffer.alloc(32, 7).toString('base64');
    const cluster = newCluster({
      controlPlane: { nodes: [node], security: { encryptionAtRest: { provider: EncryptionProvider.aescbc({ keyName: literal, previousKeyName: literal }), resources: [] } } },
    });
    const errors = refusedWithoutWriting(cluster);
    expect(errors).toStrictEqual([
      '[error] test/ControlPlane (security.encryptionAtRest.provider.keyName): this looks like key material; a definition is committed to Git, so keys never go in it (received "<redacted>"; expected a key name such as \'key-2026-12\'; the key itself goes to CLUSTERFORGE_ENCRYPTION_KEY for npx clusterforge fill-secrets, or to the Pulumi stack\'s encryptionKeys secret) [security/encryption-key-literal]',
      '[error] test/ControlPlane (security.encryptionAtRest.provider.previousKeyName): this looks like key material; a definition is committed to Git, so keys never go in it (received "<redacted>"; expected a key name such as \'key-2026-12\'; the key itself goes to CLUSTERFORGE_ENCRYPTION_KEY for npx clusterforge fill-secrets, or to the Pulumi stack\'s encryptionKeys secret) [security/encryption-key-literal]',
      '[error] test/ControlPlane (security.encryptionAtRest.resources): nothing to encrypt (received []; expected [\'secrets\'] and optionally configmaps or \'<resource>.<group>\' of custom resources) [security/encryption-at-rest]',
    ]);
    expect(errors.join('\n')).not.toContain(literal);
  });

  test('encryption with no provider, and a KMS endpoint that is not a unix socket', () => {
    const noProvider = newCluster({ controlPlane: { nodes: [node], security: { encryptionAtRest: {} as never } } });
    expect(refusedWithoutWriting(noProvider)).toStrictEqual([
      '[error] test/ControlPlane (security.encryptionAtRest.provider): encryption at rest needs a provider with a key (expected EncryptionProvider.aescbc(), aesgcm(), secretbox() or kmsV2({ name, endpoint })) [security/encryption-at-rest]',
    ]);
    const tcp = newCluster({ controlPlane: { nodes: [node], security: { encryptionAtRest: { provider: EncryptionProvider.kmsV2({ name: 'vault', endpoint: 'tcp://10.0.0.5:8200' }) } } } });
    expect(refusedWithoutWriting(tcp)).toStrictEqual([
      '[error] test/ControlPlane (security.encryptionAtRest.provider.endpoint): kube-apiserver reaches a KMS v2 plugin over a unix socket (received "tcp://10.0.0.5:8200"; expected unix:///var/run/kms-plugin/socket.sock) [security/kms]',
    ]);
  });
});
