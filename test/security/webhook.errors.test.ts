import { AuthorizationWebhookFailurePolicy, WebhookCredentials } from '../../lib';
import { refusedWithoutWriting } from '../support/refused';
import { newCluster } from '../support/synth';

const node = { name: 'cp-1', address: '10.0.0.11' };

describe('webhooks, authenticating proxy and authorization webhook: bad input', () => {
  test('a plain-http token webhook, a PEM key in the definition, a bad TTL and an empty proxy are reported at once, and nothing is written', () => {
    const cluster = newCluster({
      controlPlane: {
        nodes: [node],
        security: {
          authentication: {
            tokenWebhook: {
              server: 'http://authn.example.com/authenticate',
              cacheTtl: '2 minutes',
              credentials: WebhookCredentials.clientCertificate({ certificateFile: '/home/me/client.crt', keyFile: '-----BEGIN PRIVATE KEY-----\nMII...' }),
            },
            authenticatingProxy: { allowedNames: [], usernameHeaders: ['X Forwarded User'] },
          },
        },
      },
    });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (security.authentication.tokenWebhook.server): kube-apiserver sends tokens and user identities to the webhook, so it must be https, without credentials or fragment in the URL (received "http://authn.example.com/authenticate"; expected https://<host>[:port]/<path>, e.g. https://authn.example.com/authenticate) [security/webhook-server]',
      '[error] test/ControlPlane (security.authentication.tokenWebhook.credentials.certificateFile): kube-apiserver reads client certificates only where its static pod mounts them: kubeadm mounts /etc/kubernetes/pki read-only (received "/home/me/client.crt"; expected an absolute path under /etc/kubernetes/pki/) [security/webhook-credentials]',
      '[error] test/ControlPlane (security.authentication.tokenWebhook.credentials.keyFile): this is PEM content; a definition is committed to Git, so certificates and keys are referenced by their path on the control-plane nodes (received "<redacted>"; expected a path under /etc/kubernetes/pki/, e.g. /etc/kubernetes/pki/webhook-client.key) [security/webhook-credentials]',
      '[error] test/ControlPlane (security.authentication.tokenWebhook.cacheTtl): not a duration kube-apiserver parses (received "2 minutes"; expected a Go duration such as \'30s\', \'2m0s\' or \'1h\') [security/token-webhook]',
      '[error] test/ControlPlane (security.authentication.authenticatingProxy.allowedNames): the proxy needs the common name of its client certificate; without one, kube-apiserver would trust only the aggregation layer (received []; expected the CN of the proxy\'s client certificate, signed by the front-proxy CA, e.g. [\'auth-proxy\']) [security/authenticating-proxy]',
      '[error] test/ControlPlane (security.authentication.authenticatingProxy.usernameHeaders[0]): not an HTTP header name (received "X Forwarded User"; expected letters, digits and !#$%&\'*+.^_`|~- , e.g. X-Forwarded-User) [security/authenticating-proxy]',
    ]);
  });

  test('an authorization webhook with a taken name, a timeout over 30s, an unknown failure policy and an empty condition is refused', () => {
    const cluster = newCluster({
      controlPlane: {
        nodes: [node],
        security: {
          authorization: {
            webhook: {
              name: 'rbac',
              server: 'https://authz.example.com/authorize',
              certificateAuthority: 'not a certificate',
              timeout: '1m',
              failurePolicy: 'Allow' as AuthorizationWebhookFailurePolicy,
              matchConditions: [''],
            },
          },
        },
      },
    });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (security.authorization.webhook.certificateAuthority): not a PEM certificate bundle (received "not a certificate"; expected PEM text starting with -----BEGIN CERTIFICATE-----) [security/webhook-ca]',
      '[error] test/ControlPlane (security.authorization.webhook.name): kube-apiserver needs a unique DNS-1123 name for each authorizer; node and rbac are taken (received "rbac"; expected a lowercase DNS name such as \'policy-webhook\') [security/authorization-webhook]',
      '[error] test/ControlPlane (security.authorization.webhook.timeout): kube-apiserver allows a webhook timeout above 0 and at most 30s (received "1m"; expected a duration from \'1s\' to \'30s\') [security/authorization-webhook]',
      '[error] test/ControlPlane (security.authorization.webhook.failurePolicy): not a failure policy kube-apiserver knows (received "Allow"; expected Deny or NoOpinion) [security/authorization-webhook]',
      '[error] test/ControlPlane (security.authorization.webhook.matchConditions[0]): a match condition is a CEL expression (received ""; expected e.g. has(request.resourceAttributes) && request.resourceAttributes.namespace == \'team-a\') [security/authorization-webhook]',
    ]);
  });

  test('the webhook, request-header and authorization flags through extra args name the typed option', () => {
    const cluster = newCluster({
      controlPlane: {
        nodes: [node],
        apiServerExtraArgs: [
          { name: 'authentication-token-webhook-config-file', value: '/etc/authn.kubeconfig' },
          { name: 'requestheader-username-headers', value: 'X-Remote-User' },
          { name: 'authorization-webhook-config-file', value: '/etc/authz.kubeconfig' },
          { name: 'authorization-mode', value: 'Node,RBAC,Webhook' },
        ],
      },
    });
    const errors = refusedWithoutWriting(cluster);
    expect(errors.map((e) => e.replace(/^.*?expected no --[a-z-]+ extra arg: (set [A-Za-z.]+ instead).*$/, '$1'))).toStrictEqual([
      'set ControlPlaneProps.security.authentication.tokenWebhook instead',
      'set ControlPlaneProps.security.authentication.authenticatingProxy instead',
      'set ControlPlaneProps.security.authorization.webhook instead',
      'set ControlPlaneProps.security.authorization.webhook instead',
    ]);
  });
});
