import { ClusterMonitoring, PrometheusStorage } from '../../constructs/monitoring';
import { AuthenticationProps, ClusterSynthesis, KubernetesVersion } from '../../lib';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';

const node = { name: 'cp-1', address: '10.0.0.11' };

function synthWith(authentication?: AuthenticationProps): ClusterSynthesis {
  return synth(newCluster({ controlPlane: { nodes: [node], security: { authentication } } }));
}

function apiServerArgs(s: ClusterSynthesis): { name: string; value: string }[] {
  return (parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'kubeadm/cp-1.yaml')!.content) as any[])[1].apiServer.extraArgs;
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

describe('authenticating proxy', () => {
  test('by default kubeadm\'s front-proxy request-header settings are left alone', () => {
    expect(apiServerArgs(synthWith()).filter((a) => a.name.startsWith('requestheader-'))).toStrictEqual([]);
  });

  test('GIVEN a proxy THEN its names and headers join the aggregation layer\'s, which stay first', () => {
    const s = synthWith({
      authenticatingProxy: { allowedNames: ['auth-proxy'], usernameHeaders: ['X-Forwarded-User', 'x-remote-user'], groupHeaders: ['X-Forwarded-Groups'], uidHeaders: ['X-Forwarded-Uid'] },
    });
    expect(apiServerArgs(s).filter((a) => a.name.startsWith('requestheader-'))).toStrictEqual([
      { name: 'requestheader-allowed-names', value: 'front-proxy-client,auth-proxy' },
      { name: 'requestheader-username-headers', value: 'X-Remote-User,X-Forwarded-User' },
      { name: 'requestheader-group-headers', value: 'X-Remote-Group,X-Forwarded-Groups' },
      { name: 'requestheader-extra-headers-prefix', value: 'X-Remote-Extra-' },
      { name: 'requestheader-uid-headers', value: 'X-Remote-Uid,X-Forwarded-Uid' },
    ]);
    // The CA stays kubeadm's front-proxy CA: the model does not set it.
    expect(apiServerArgs(s).map((a) => a.name)).not.toContain('requestheader-client-ca-file');
    expect(s.bootstrapFiles.find((f) => f.path === 'security-report.md')!.content).toContain('| Authenticating proxy (request headers) | on | client certificates of the front-proxy CA with CN front-proxy-client,auth-proxy;');
  });

  test('metrics-server keeps working beside a proxy (the monitoring check accepts the typed settings)', () => {
    const cluster = newCluster({ controlPlane: { nodes: [node], security: { authentication: { authenticatingProxy: { allowedNames: ['auth-proxy'] } } } } });
    new ClusterMonitoring(cluster, 'Monitoring', { prometheus: { storage: PrometheusStorage.ephemeral() } });
    expect(() => synth(cluster)).not.toThrow();
  });
});
