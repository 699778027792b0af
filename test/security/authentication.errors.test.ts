import { newCluster } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const node = { name: 'cp-1', address: '10.0.0.11' };

describe('authentication and authorization: bad input', () => {
  test('a non-https issuer, no client ID, static credential files and ABAC are reported at once, and nothing is written', () => {
    const cluster = newCluster({
      controlPlane: {
        nodes: [node],
        security: {
          authentication: { oidc: { issuerUrl: 'http://login.example.com', clientId: '' }, staticTokenFile: '/etc/kubernetes/tokens.csv', staticPasswordFile: '/etc/kubernetes/passwords.csv' },
          authorization: { abac: true },
        },
      },
    });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (security.authentication.staticTokenFile): static token files keep long-lived bearer tokens in clear on every control-plane node, and change only with a restart (received "/etc/kubernetes/tokens.csv"; expected security.authentication.oidc for people, service-account tokens (TokenRequest) for programs) [security/static-credentials]',
      '[error] test/ControlPlane (security.authentication.staticPasswordFile): static password files (--basic-auth-file) were removed in Kubernetes v1.19; kube-apiserver no longer has the flag (received "/etc/kubernetes/passwords.csv"; expected security.authentication.oidc) [security/static-credentials]',
      '[error] test/ControlPlane (security.authorization.abac): ABAC is refused: its policy file changes only with a restart of every API server and cannot be read or audited through the API (received true; expected RBAC (always on): Roles and bindings, e.g. tenants and ClusterProps access grants) [security/abac]',
      '[error] test/ControlPlane (security.authentication.oidc.issuerUrl): kube-apiserver only accepts an https issuer URL without query, fragment or user info (received "http://login.example.com"; expected https://<issuer>, exactly the iss claim of the tokens, e.g. https://accounts.example.com) [security/oidc-issuer]',
      '[error] test/ControlPlane (security.authentication.oidc.clientId): the client ID tokens are issued for is required (received ""; expected the OIDC client ID, e.g. kubernetes) [security/oidc-client-id]',
    ]);
  });

  test('OIDC with no issuer URL, and --oidc-* or --token-auth-file extra args, name the typed option', () => {
    const cluster = newCluster({
      controlPlane: {
        nodes: [node],
        apiServerExtraArgs: [{ name: 'oidc-issuer-url', value: 'https://x' }, { name: 'token-auth-file', value: '/t.csv' }],
        security: { authentication: { oidc: { issuerUrl: undefined as never, clientId: 'kubernetes' } } },
      },
    });
    const errors = refusedWithoutWriting(cluster);
    expect(errors[2]).toBe('[error] test/ControlPlane (security.authentication.oidc.issuerUrl): kube-apiserver only accepts an https issuer URL without query, fragment or user info (expected https://<issuer>, exactly the iss claim of the tokens, e.g. https://accounts.example.com) [security/oidc-issuer]');
    expect(errors.slice(0, 2).map((e) => e.replace(/ \(received.*/, ''))).toStrictEqual([
      '[error] test/ControlPlane (apiServerExtraArgs[0]): kube-apiserver --oidc-issuer-url is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition',
      '[error] test/ControlPlane (apiServerExtraArgs[1]): kube-apiserver --token-auth-file is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition',
    ]);
    expect(errors[0]).toContain('set ControlPlaneProps.security.authentication instead');
  });
});
