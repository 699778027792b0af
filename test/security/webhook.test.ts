import {
  AuthenticationProps,
  AuthorizationProps,
  AuthorizationWebhookFailurePolicy,
  ClusterSynthesis,
  formatProblem,
  WebhookCredentials,
} from '../../lib';
import { BOOTSTRAP_PLACEHOLDERS, fillBootstrapSecrets } from '../../lib/bootstrap/secrets';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { which } from '../support/programs';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';

const kubectl = which('kubectl');
if (!kubectl && process.env.CI) throw new Error('kubectl must be installed in CI (.ci/run installs kubernetes-client)');
const testIfKubectl = kubectl ? test : test.skip;

const node = { name: 'cp-1', address: '10.0.0.11' };
const DIR = '/etc/kubernetes/clusterforge/security';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUexample\n-----END CERTIFICATE-----\n';

function synthWith(authentication?: AuthenticationProps, authorization?: AuthorizationProps): ClusterSynthesis {
  return synth(newCluster({ controlPlane: { nodes: [node], security: { authentication, authorization } } }));
}

function file(s: ClusterSynthesis, path: string) {
  return s.bootstrapFiles.find((f) => f.path === path);
}

function apiServerArgs(s: ClusterSynthesis): { name: string; value: string }[] {
  return (parseYamlDocuments(file(s, 'kubeadm/cp-1.yaml')!.content) as any[])[1].apiServer.extraArgs;
}

// Fields of client-go's clientcmd v1 Config (kubernetes/client-go@kubernetes-1.35.7:tools/clientcmd/api/v1/types.go).
// ../shared/config-schemas has no kubeconfig schema, so the kubeconfigs are checked against these.
const KUBECONFIG_FIELDS = {
  config: ['kind', 'apiVersion', 'preferences', 'clusters', 'users', 'contexts', 'current-context', 'extensions'],
  cluster: ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression', 'extensions'],
  user: ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups', 'as-user-extra', 'username', 'password', 'auth-provider', 'exec', 'extensions'],
  context: ['cluster', 'user', 'namespace', 'extensions'],
};

function expectKubeconfigShape(doc: any): void {
  const within = (o: object, allowed: string[]) => expect(Object.keys(o).filter((k) => !allowed.includes(k))).toStrictEqual([]);
  within(doc, KUBECONFIG_FIELDS.config);
  expect(doc).toMatchObject({ apiVersion: 'v1', kind: 'Config' });
  for (const c of doc.clusters) within(c.cluster, KUBECONFIG_FIELDS.cluster);
  for (const u of doc.users) within(u.user, KUBECONFIG_FIELDS.user);
  for (const c of doc.contexts) within(c.context, KUBECONFIG_FIELDS.context);
  expect(doc.contexts.map((c: any) => c.name)).toContain(doc['current-context']);
  // TLS verification is never skipped.
  expect(doc.clusters.every((c: any) => c.cluster['insecure-skip-tls-verify'] === undefined)).toBe(true);
}

describe('webhook token authentication', () => {
  test('GIVEN a token webhook WHEN synthesised THEN the kubeconfig is in security/ and the flags ask for TokenReview v1 with the default cache', () => {
    const s = synthWith({ tokenWebhook: { server: 'https://authn.example.com/authenticate', certificateAuthority: CA } });
    const kubeconfig = parseYamlDocuments(file(s, 'security/authentication-webhook.kubeconfig')!.content)[0] as any;
    expectKubeconfigShape(kubeconfig);
    expect(kubeconfig).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'authentication-webhook', cluster: { server: 'https://authn.example.com/authenticate', 'certificate-authority-data': Buffer.from(CA).toString('base64') } }],
      users: [{ name: 'kube-apiserver', user: {} }],
      contexts: [{ name: 'authentication-webhook', context: { cluster: 'authentication-webhook', user: 'kube-apiserver' } }],
      'current-context': 'authentication-webhook',
    });
    expect(file(s, 'security/authentication-webhook.kubeconfig')!.sensitive).toBe(false);
    expect(apiServerArgs(s).filter((a) => a.name.startsWith('authentication-token-webhook'))).toStrictEqual([
      { name: 'authentication-token-webhook-config-file', value: `${DIR}/authentication-webhook.kubeconfig` },
      { name: 'authentication-token-webhook-cache-ttl', value: '2m0s' },
      { name: 'authentication-token-webhook-version', value: 'v1' },
    ]);
    // Every control-plane node gets the file in the directory kube-apiserver mounts (kubeadm extraVolumes).
    const cloudInit = parseYamlDocuments(file(s, 'cloud-init/cp-1.yaml')!.content.replace(/^#cloud-config\n/, ''))[0] as any;
    expect(cloudInit.write_files.map((f: any) => f.path)).toContain(`${DIR}/authentication-webhook.kubeconfig`);
    const clusterConfig = (parseYamlDocuments(file(s, 'kubeadm/cp-1.yaml')!.content) as any[])[1];
    expect(clusterConfig.apiServer.extraVolumes).toContainEqual({ name: 'clusterforge-security', hostPath: DIR, mountPath: DIR, readOnly: true, pathType: 'Directory' });
  });

  test('GIVEN bearer-token credentials THEN the kubeconfig holds a placeholder, is sensitive, and fill-secrets fills it', () => {
    const s = synthWith({ tokenWebhook: { server: 'https://authn.example.com/authenticate', credentials: WebhookCredentials.bearerToken() } });
    const f = file(s, 'security/authentication-webhook.kubeconfig')!;
    expect(f.sensitive).toBe(true);
    expect((parseYamlDocuments(f.content)[0] as any).users[0].user).toStrictEqual({ token: BOOTSTRAP_PLACEHOLDERS.authenticationWebhookToken });
    const filled = parseYamlDocuments(fillBootstrapSecrets(f.content, { authenticationWebhookToken: 'abc.DEF-123_~+/=' }))[0] as any;
    expect(filled.users[0].user).toStrictEqual({ token: 'abc.DEF-123_~+/=' });
    expect(file(s, 'README.md')!.content).toContain('kube-apiserver presents bearer tokens to its webhooks: export `CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN` before filling.');
    expect(() => fillBootstrapSecrets(f.content, { authenticationWebhookToken: 'two words' })).toThrow('authenticationWebhookToken does not match');
  });

  test('GIVEN client-certificate credentials THEN the kubeconfig names the files under /etc/kubernetes/pki only', () => {
    const creds = WebhookCredentials.clientCertificate({ certificateFile: '/etc/kubernetes/pki/webhook-client.crt', keyFile: '/etc/kubernetes/pki/webhook-client.key' });
    const s = synthWith({ tokenWebhook: { server: 'https://authn.example.com/authenticate', credentials: creds } });
    const kubeconfig = parseYamlDocuments(file(s, 'security/authentication-webhook.kubeconfig')!.content)[0] as any;
    expect(kubeconfig.users[0].user).toStrictEqual({ 'client-certificate': '/etc/kubernetes/pki/webhook-client.crt', 'client-key': '/etc/kubernetes/pki/webhook-client.key' });
  });

  test('a cache TTL longer than the default is a loosening that warns', () => {
    const s = synthWith({ tokenWebhook: { server: 'https://authn.example.com/authenticate', cacheTtl: '10m' } });
    expect(s.warnings.filter((w) => w.rule === 'security/loosened').map(formatProblem)).toStrictEqual([
      '[warning] test/ControlPlane (security.authentication.tokenWebhook.cacheTtl): hardening turned off: kube-apiserver caches the webhook\'s token reviews longer than its 2m0s default, so a revoked token keeps working that long (received "10m"; expected at most 2m0s (leave the option unset)) [security/loosened]',
    ]);
    expect(file(s, 'security-report.md')!.content).toContain('| Webhook token authentication (TokenReview v1) | on, cache **loosened** — `security.authentication.tokenWebhook.cacheTtl` |');
  });

  test('the security report lists it', () => {
    expect(file(synthWith(), 'security-report.md')!.content).toContain('| Webhook token authentication (TokenReview v1) | not configured (`security.authentication.tokenWebhook`) | no token webhook |');
    expect(file(synthWith({ tokenWebhook: { server: 'https://authn.example.com/a' } }), 'security-report.md')!.content).toContain(
      '| Webhook token authentication (TokenReview v1) | on | --authentication-token-webhook-config-file (security/authentication-webhook.kubeconfig): https://authn.example.com/a, cache 2m0s, credentials none |',
    );
  });
});

describe('authorization webhook', () => {
  const webhook = { name: 'policy-webhook', server: 'https://authz.example.com/authorize', credentials: WebhookCredentials.bearerToken() };

  test('by default kubeadm writes --authorization-mode=Node,RBAC and there is no authorization file', () => {
    const s = synthWith();
    expect(s.bootstrapFiles.map((f) => f.path).filter((p) => p.startsWith('security/authorization'))).toStrictEqual([]);
    expect(apiServerArgs(s).map((a) => a.name).filter((n) => n.startsWith('authorization'))).toStrictEqual([]);
    expect(file(s, 'security-report.md')!.content).toContain('| Authorization webhook | not configured (`security.authorization.webhook`) | Node,RBAC only |');
  });

  test('GIVEN a webhook THEN a structured AuthorizationConfiguration lists Node, RBAC, then the webhook, with its kubeconfig', () => {
    const s = synthWith(undefined, { webhook: { ...webhook, matchConditions: ["has(request.resourceAttributes) && request.resourceAttributes.namespace == 'team-a'"] } });
    // synth() has validated it strictly against ../shared/config-schemas (apiserver.config.k8s.io/v1).
    expect(parseYamlDocuments(file(s, 'security/authorization.yaml')!.content)[0]).toStrictEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthorizationConfiguration',
      authorizers: [
        { type: 'Node', name: 'node' },
        { type: 'RBAC', name: 'rbac' },
        {
          type: 'Webhook',
          name: 'policy-webhook',
          webhook: {
            timeout: '3s',
            authorizedTTL: '5m0s',
            unauthorizedTTL: '30s',
            subjectAccessReviewVersion: 'v1',
            matchConditionSubjectAccessReviewVersion: 'v1',
            failurePolicy: 'Deny',
            connectionInfo: { type: 'KubeConfigFile', kubeConfigFile: `${DIR}/authorization-webhook.kubeconfig` },
            matchConditions: [{ expression: "has(request.resourceAttributes) && request.resourceAttributes.namespace == 'team-a'" }],
          },
        },
      ],
    });
    const kubeconfig = file(s, 'security/authorization-webhook.kubeconfig')!;
    expect(kubeconfig.sensitive).toBe(true);
    expectKubeconfigShape(parseYamlDocuments(kubeconfig.content)[0]);
    expect((parseYamlDocuments(kubeconfig.content)[0] as any).users[0].user).toStrictEqual({ token: BOOTSTRAP_PLACEHOLDERS.authorizationWebhookToken });
    // kubeadm leaves out --authorization-mode when --authorization-config is given; the two exclude each other.
    expect(apiServerArgs(s).filter((a) => a.name.startsWith('authorization'))).toStrictEqual([{ name: 'authorization-config', value: `${DIR}/authorization.yaml` }]);
    expect(file(s, 'security-report.md')!.content).toContain('| Authorization Node,RBAC (no AlwaysAllow, no ABAC) | on | --authorization-config (security/authorization.yaml): Node, RBAC first |');
  });

  test('an allow cache longer than the default is a loosening that warns', () => {
    const s = synthWith(undefined, { webhook: { ...webhook, authorizedTtl: '1h', failurePolicy: AuthorizationWebhookFailurePolicy.NO_OPINION } });
    expect(s.warnings.filter((w) => w.rule === 'security/loosened').map(formatProblem)).toStrictEqual([
      '[warning] test/ControlPlane (security.authorization.webhook.authorizedTtl): hardening turned off: kube-apiserver caches the webhook\'s allow decisions longer than its 5m0s default, so a revoked permission keeps working that long (received "1h"; expected at most 5m0s (leave the option unset)) [security/loosened]',
    ]);
    expect(file(s, 'security-report.md')!.content).toContain('| Authorization webhook | on, allow cache **loosened** — `security.authorization.webhook.authorizedTtl` |');
  });

  test('the tokens reach the nodes only as placeholders', () => {
    const s = synthWith({ tokenWebhook: { server: 'https://authn.example.com/a', credentials: WebhookCredentials.bearerToken() } }, { webhook });
    const cloudInit = parseYamlDocuments(file(s, 'cloud-init/cp-1.yaml')!.content)[0] as any;
    const written = (name: string) => parseYamlDocuments(cloudInit.write_files.find((f: any) => f.path === `${DIR}/${name}`).content)[0] as any;
    expect(written('authentication-webhook.kubeconfig').users[0].user).toStrictEqual({ token: BOOTSTRAP_PLACEHOLDERS.authenticationWebhookToken });
    expect(written('authorization-webhook.kubeconfig').users[0].user).toStrictEqual({ token: BOOTSTRAP_PLACEHOLDERS.authorizationWebhookToken });
  });
});

describe('the webhook kubeconfigs load in client-go', () => {
  testIfKubectl('kubectl reads both filled kubeconfigs back as written', () => {
    const creds = WebhookCredentials.clientCertificate({ certificateFile: '/etc/kubernetes/pki/webhook-client.crt', keyFile: '/etc/kubernetes/pki/webhook-client.key' });
    const s = synthWith(
      { tokenWebhook: { server: 'https://authn.example.com/authenticate', certificateAuthority: CA, credentials: creds } },
      { webhook: { name: 'policy-webhook', server: 'https://authz.example.com/authorize', credentials: WebhookCredentials.bearerToken() } },
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-'));
    try {
      for (const name of ['authentication-webhook.kubeconfig', 'authorization-webhook.kubeconfig']) {
        const content = fillBootstrapSecrets(file(s, `security/${name}`)!.content, { authorizationWebhookToken: 'sample-token' });
        fs.writeFileSync(path.join(dir, name), content);
        const viewed = JSON.parse(execFileSync(kubectl!, ['config', 'view', '--raw', '-o', 'json', '--kubeconfig', path.join(dir, name)], { encoding: 'utf8' }));
        const ours = parseYamlDocuments(content)[0] as any;
        expect(viewed.clusters).toStrictEqual(ours.clusters);
        expect(viewed.users).toStrictEqual(ours.users);
        expect(viewed['current-context']).toBe(ours['current-context']);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
