import { AuthenticationProps, ClusterSynthesis, KubernetesVersion } from '../../lib';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';

const node = { name: 'cp-1', address: '10.0.0.11' };

function synthWith(authentication?: AuthenticationProps): ClusterSynthesis {
  return synth(newCluster({ controlPlane: { nodes: [node], security: { authentication } } }));
}

function config(s: ClusterSynthesis): any {
  return parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'security/authentication.yaml')!.content)[0];
}

describe('authentication', () => {
  test('by default anonymous requests reach only the health endpoints kubeadm probes and the cluster-info kubeadm join discovers, through --authentication-config', () => {
    const s = synthWith();
    expect(config(s)).toStrictEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthenticationConfiguration',
      anonymous: {
        enabled: true,
        conditions: [{ path: '/livez' }, { path: '/readyz' }, { path: '/healthz' }, { path: '/api/v1/namespaces/kube-public/configmaps/cluster-info' }],
      },
    });
    const clusterConfig = (parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'kubeadm/cp-1.yaml')!.content) as any[])[1];
    expect(clusterConfig.apiServer.extraArgs).toContainEqual({ name: 'authentication-config', value: '/etc/kubernetes/clusterforge/security/authentication.yaml' });
    // --anonymous-auth and --authentication-config's anonymous section exclude each other
    expect(clusterConfig.apiServer.extraArgs.map((a: any) => a.name)).not.toContain('anonymous-auth');
  });

  test('OIDC becomes a JWT authenticator with prefixed username and groups claims', () => {
    const s = synthWith({ oidc: { issuerUrl: 'https://login.example.com', clientId: 'kubernetes', usernameClaim: 'email' } });
    expect(config(s).jwt).toStrictEqual([
      {
        issuer: { url: 'https://login.example.com', audiences: ['kubernetes'] },
        claimMappings: { username: { claim: 'email', prefix: 'oidc:' }, groups: { claim: 'groups', prefix: 'oidc:' } },
      },
    ]);
  });

  test('Kubernetes v1.33, before structured authentication is GA, gets the --oidc-* flags and no file', () => {
    const s = synth(
      newCluster({
        kubernetesVersion: KubernetesVersion.of('v1.33.5'),
        controlPlane: { nodes: [node], security: { authentication: { oidc: { issuerUrl: 'https://login.example.com', clientId: 'kubernetes' } } } },
      }),
    );
    expect(s.bootstrapFiles.map((f) => f.path)).not.toContain('security/authentication.yaml');
    const args = (parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'kubeadm/cp-1.yaml')!.content) as any[])[1].apiServer.extraArgs;
    expect(args.filter((a: any) => a.name.startsWith('oidc-') || a.name === 'authentication-config')).toStrictEqual([
      { name: 'oidc-issuer-url', value: 'https://login.example.com' },
      { name: 'oidc-client-id', value: 'kubernetes' },
      { name: 'oidc-username-claim', value: 'sub' },
      { name: 'oidc-username-prefix', value: 'oidc:' },
      { name: 'oidc-groups-claim', value: 'groups' },
      { name: 'oidc-groups-prefix', value: 'oidc:' },
    ]);
  });

  test('anonymous access everywhere is a loosening that warns', () => {
    const s = synthWith({ anonymousEverywhere: true });
    expect(config(s).anonymous).toStrictEqual({ enabled: true });
    expect(s.warnings.filter((w) => w.rule === 'security/loosened').map((w) => w.field)).toStrictEqual(['security.authentication.anonymousEverywhere']);
  });
});
