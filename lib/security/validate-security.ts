import { IConstruct } from 'constructs';
import { ValidationContext } from '../validation/context';
import { PSA_VERSION } from '../namespace';
import { PodSecurityLevel } from '../validation/pod-security';
import { AdmissionPlugin, AdmissionProps, KNOWN_ADMISSION_PLUGINS } from './admission';
import { ResolvedAudit } from './audit';
import { EncryptionAtRestProps, EncryptionProvider } from './encryption-at-rest';
import { ControlPlaneSecurityProps } from './security-props';
import { hardeningItems, ResolvedHardening, TlsVersion } from './hardening';
import { AuthenticatingProxyProps, TOKEN_WEBHOOK_DEFAULTS } from './authentication';
import { AUTHORIZATION_WEBHOOK_DEFAULTS, AuthorizationWebhookFailurePolicy, AuthorizationWebhookProps } from './authorization';
import { goDurationMs, KUBEADM_PKI_DIR, longerThan, WebhookCredentials, WebhookCredentialsType, WebhookProps } from './webhook';

const CIPHER_SUITE = /^TLS_[A-Z0-9_]+$/;

/** Errors for hardening values no component accepts, and one warning per loosened item. */
export function validateHardening(context: ValidationContext, scope: IConstruct, h: ResolvedHardening): void {
  const field = (name: string) => `security.hardening.${name}`;
  if (!Object.values(TlsVersion).includes(h.tlsMinVersion)) {
    context.error(scope, {
      rule: 'security/tls-min-version',
      field: field('tlsMinVersion'),
      message: 'not a TLS version the components accept as a minimum',
      received: h.tlsMinVersion,
      expected: Object.values(TlsVersion).join(' or '),
    });
  }
  if (!Number.isInteger(h.kubeletReadOnlyPort) || h.kubeletReadOnlyPort < 0 || h.kubeletReadOnlyPort > 65535) {
    context.error(scope, {
      rule: 'security/kubelet-read-only-port',
      field: field('kubeletReadOnlyPort'),
      message: 'not a TCP port',
      received: h.kubeletReadOnlyPort,
      expected: '0 (closed) or a port from 1 to 65535',
    });
  }
  h.tlsCipherSuites.forEach((suite, i) => {
    if (typeof suite !== 'string' || !CIPHER_SUITE.test(suite)) {
      context.error(scope, {
        rule: 'security/tls-cipher-suites',
        field: `${field('tlsCipherSuites')}[${i}]`,
        message: 'not a Go TLS cipher suite name',
        received: suite,
        expected: 'an IANA name such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      });
    }
  });
  for (const item of hardeningItems(h)) {
    if (item.on) continue;
    context.warn(scope, {
      rule: 'security/loosened',
      field: field(item.option),
      message: `hardening turned off: ${item.title.charAt(0).toLowerCase()}${item.title.slice(1)} is not in force; ${item.risk}`,
      received: h[item.option],
      expected: 'the hardened default (leave the option unset)',
    });
  }
}

/** Errors for admission options kube-apiserver would refuse, or that no longer exist. */
export function validateAdmission(context: ValidationContext, scope: IConstruct, props: AdmissionProps = {}): void {
  if (props.podSecurityPolicy) {
    context.error(scope, {
      rule: 'security/pod-security-policy',
      field: 'security.admission.podSecurityPolicy',
      message: 'PodSecurityPolicy was removed in Kubernetes v1.25; kube-apiserver no longer has the admission plugin or the API',
      received: props.podSecurityPolicy,
      expected: 'Pod Security Admission: security.admission.podSecurity for the cluster-wide default, and NamespaceProps.podSecurity per namespace',
    });
  }
  if (props.allowServiceExternalIPs) {
    const listed = (props.plugins ?? []).indexOf(AdmissionPlugin.DENY_SERVICE_EXTERNAL_IPS);
    if (listed >= 0) {
      context.error(scope, {
        rule: 'security/admission-plugin',
        field: `security.admission.plugins[${listed}]`,
        message: 'DenyServiceExternalIPs refuses the external IPs that allowServiceExternalIPs lets Services set',
        received: AdmissionPlugin.DENY_SERVICE_EXTERNAL_IPS,
        expected: 'either allowServiceExternalIPs or the DenyServiceExternalIPs plugin, not both',
      });
    } else {
      context.warn(scope, {
        rule: 'security/loosened',
        field: 'security.admission.allowServiceExternalIPs',
        message: 'hardening turned off: anyone who may create a Service can set externalIPs and intercept traffic to those IPs cluster-wide (CVE-2020-8554)',
        received: true,
        expected: 'the hardened default (leave the option unset)',
      });
    }
  }
  (props.plugins ?? []).forEach((plugin, i) => {
    const name = String(plugin);
    const psp = name === 'PodSecurityPolicy';
    if (!KNOWN_ADMISSION_PLUGINS.includes(name) || psp) {
      context.error(scope, {
        rule: 'security/admission-plugin',
        field: `security.admission.plugins[${i}]`,
        message: psp
          ? 'PodSecurityPolicy was removed in Kubernetes v1.25; kube-apiserver refuses to start with it'
          : 'not an admission plugin of kube-apiserver v1.35; kube-apiserver refuses to start with an unknown plugin',
        received: plugin,
        expected: psp ? 'Pod Security Admission: security.admission.podSecurity' : `one of AdmissionPlugin: ${Object.values(AdmissionPlugin).join(', ')}`,
      });
    }
  });
  const ps = props.podSecurity ?? {};
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const level = ps[mode];
    if (level !== undefined && !Object.values(PodSecurityLevel).includes(level)) {
      context.error(scope, {
        rule: 'security/pod-security-level',
        field: `security.admission.podSecurity.${mode}`,
        message: 'not a Pod Security level',
        received: level,
        expected: Object.values(PodSecurityLevel).join(', '),
      });
    }
  }
  if (ps.enforce === PodSecurityLevel.PRIVILEGED) {
    context.error(scope, {
      rule: 'security/pod-security-default',
      field: 'security.admission.podSecurity.enforce',
      message: 'a privileged cluster-wide default lets anyone who can create a pod in a namespace without labels (default, any new one) run privileged or hostPath pods',
      received: ps.enforce,
      expected: "baseline or restricted; label the namespaces that need more with NamespaceProps.podSecurity, or add them to exemptNamespaces",
    });
  }
  if (ps.version !== undefined && (typeof ps.version !== 'string' || !PSA_VERSION.test(ps.version))) {
    context.error(scope, {
      rule: 'security/pod-security-version',
      field: 'security.admission.podSecurity.version',
      message: 'Pod Security version is not one the admission controller accepts',
      received: ps.version,
      expected: "'latest' or 'vMAJOR.MINOR', e.g. 'v1.35'",
    });
  }
}

/** Errors for an audit log kube-apiserver cannot write, and a warning when it is off. */
export function validateAudit(context: ValidationContext, scope: IConstruct, audit: ResolvedAudit): void {
  if (!audit.enabled) {
    context.warn(scope, {
      rule: 'security/loosened',
      field: 'security.audit.enabled',
      message: 'hardening turned off: kube-apiserver writes no audit log, so nothing records who read Secrets or changed RBAC',
      received: false,
      expected: 'the hardened default (leave the option unset)',
    });
    return;
  }
  if (typeof audit.logPath !== 'string' || !/^\/[^\0\s]*[^/]$/.test(audit.logPath) || audit.logPath.lastIndexOf('/') === 0) {
    context.error(scope, {
      rule: 'security/audit-log-path',
      field: 'security.audit.logPath',
      message: 'the audit log needs an absolute file path in a directory of its own, which kube-apiserver mounts writable',
      received: audit.logPath,
      expected: 'an absolute path such as /var/log/kubernetes/audit/audit.log',
    });
  }
  for (const key of ['maxAgeDays', 'maxBackups', 'maxSizeMegabytes'] as const) {
    if (!Number.isInteger(audit[key]) || audit[key] < 1) {
      context.error(scope, {
        rule: 'security/audit-log-rotation',
        field: `security.audit.${key}`,
        message: 'not a positive whole number',
        received: audit[key],
        expected: 'an integer of at least 1',
      });
    }
  }
}

/** base64 of 16, 24 or 32 bytes: what a pasted AES or secretbox key looks like. */
const KEY_MATERIAL = /^([A-Za-z0-9+/]{22}==|[A-Za-z0-9+/]{32}|[A-Za-z0-9+/]{43}=)$/;
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Errors for encryption kube-apiserver could not start with, or key material in the definition. */
export function validateEncryptionAtRest(context: ValidationContext, scope: IConstruct, props: EncryptionAtRestProps | undefined): void {
  const field = 'security.encryptionAtRest';
  // Off is reported in bootstrap/security-report.md, not warned: it needs keys the user must bring.
  if (props === undefined) return;
  const provider = props.provider;
  if (!(provider instanceof EncryptionProvider)) {
    context.error(scope, {
      rule: 'security/encryption-at-rest',
      field: `${field}.provider`,
      message: 'encryption at rest needs a provider with a key',
      received: provider,
      expected: 'EncryptionProvider.aescbc(), aesgcm(), secretbox() or kmsV2({ name, endpoint })',
    });
    return;
  }
  provider.keyNames.forEach((name, i) => {
    const option = i === 0 ? 'keyName' : 'previousKeyName';
    if (typeof name === 'string' && KEY_MATERIAL.test(name)) {
      context.error(scope, {
        rule: 'security/encryption-key-literal',
        field: `${field}.provider.${option}`,
        message: 'this looks like key material; a definition is committed to Git, so keys never go in it',
        received: '<redacted>',
        expected: "a key name such as 'key-2026-12'; the key itself goes to CLUSTERFORGE_ENCRYPTION_KEY for npx clusterforge fill-secrets, or to the Pulumi stack's encryptionKeys secret",
      });
    } else if (typeof name !== 'string' || !KEY_NAME.test(name)) {
      context.error(scope, { rule: 'security/encryption-key-name', field: `${field}.provider.${option}`, message: 'not a key name', received: name, expected: 'letters, digits, dot, dash or underscore, at most 63 characters' });
    }
  });
  if (provider.keyNames.length === 2 && provider.keyNames[0] === provider.keyNames[1] && KEY_NAME.test(provider.keyNames[0]) && !KEY_MATERIAL.test(provider.keyNames[0])) {
    context.error(scope, { rule: 'security/encryption-key-name', field: `${field}.provider.previousKeyName`, message: 'the previous key has the name of the new one; kube-apiserver picks the decrypting key by name', received: provider.keyNames[1], expected: 'a different name' });
  }
  const kms = provider.kms;
  if (kms) {
    if (typeof kms.name !== 'string' || !KEY_NAME.test(kms.name)) {
      context.error(scope, { rule: 'security/kms', field: `${field}.provider.name`, message: 'not a KMS plugin name', received: kms.name, expected: 'letters, digits, dot, dash or underscore' });
    }
    if (typeof kms.endpoint !== 'string' || !/^unix:\/\/\/[^\0\s]+\/[^/\0\s]+$/.test(kms.endpoint)) {
      context.error(scope, { rule: 'security/kms', field: `${field}.provider.endpoint`, message: 'kube-apiserver reaches a KMS v2 plugin over a unix socket', received: kms.endpoint, expected: 'unix:///var/run/kms-plugin/socket.sock' });
    }
  }
  const resources = props.resources ?? [];
  if (props.resources !== undefined && resources.length === 0) {
    context.error(scope, { rule: 'security/encryption-at-rest', field: `${field}.resources`, message: 'nothing to encrypt', received: [], expected: "['secrets'] and optionally configmaps or '<resource>.<group>' of custom resources" });
  }
  resources.forEach((r, i) => {
    if (typeof r !== 'string' || !/^(\*\.\*|\*\.[a-z0-9.-]*|[a-z0-9-]+(\.[a-z0-9.-]+)?)$/.test(r)) {
      context.error(scope, { rule: 'security/encryption-at-rest', field: `${field}.resources[${i}]`, message: 'not a resource name kube-apiserver accepts here', received: r, expected: "'secrets', 'configmaps', '<resource>.<group>' or a '*.<group>' wildcard" });
    }
  });
}

/** Errors for OIDC kube-apiserver would refuse, and for static credential files and ABAC. */
export function validateAuthentication(context: ValidationContext, scope: IConstruct, security: ControlPlaneSecurityProps): void {
  const authn = security.authentication ?? {};
  const field = 'security.authentication';
  if (authn.staticTokenFile !== undefined) {
    context.error(scope, {
      rule: 'security/static-credentials',
      field: `${field}.staticTokenFile`,
      message: 'static token files keep long-lived bearer tokens in clear on every control-plane node, and change only with a restart',
      received: authn.staticTokenFile,
      expected: 'security.authentication.oidc for people, service-account tokens (TokenRequest) for programs',
    });
  }
  if (authn.staticPasswordFile !== undefined) {
    context.error(scope, {
      rule: 'security/static-credentials',
      field: `${field}.staticPasswordFile`,
      message: 'static password files (--basic-auth-file) were removed in Kubernetes v1.19; kube-apiserver no longer has the flag',
      received: authn.staticPasswordFile,
      expected: 'security.authentication.oidc',
    });
  }
  if (security.authorization?.abac) {
    context.error(scope, {
      rule: 'security/abac',
      field: 'security.authorization.abac',
      message: 'ABAC is refused: its policy file changes only with a restart of every API server and cannot be read or audited through the API',
      received: true,
      expected: 'RBAC (always on): Roles and bindings, e.g. tenants and ClusterProps access grants',
    });
  }
  if (authn.anonymousEverywhere) {
    context.warn(scope, {
      rule: 'security/loosened',
      field: `${field}.anonymousEverywhere`,
      message: 'hardening turned off: anonymous requests reach every API path, not only the health endpoints; RBAC bindings to system:anonymous or system:unauthenticated then open the API',
      received: true,
      expected: 'the hardened default (leave the option unset)',
    });
  }
  if (authn.tokenWebhook !== undefined) {
    const w = authn.tokenWebhook;
    validateWebhook(context, scope, `${field}.tokenWebhook`, w);
    const ttl = w.cacheTtl ?? TOKEN_WEBHOOK_DEFAULTS.cacheTtl;
    validateDuration(context, scope, `${field}.tokenWebhook.cacheTtl`, ttl, 'security/token-webhook');
    if (longerThan(ttl, TOKEN_WEBHOOK_DEFAULTS.cacheTtl)) {
      context.warn(scope, {
        rule: 'security/loosened',
        field: `${field}.tokenWebhook.cacheTtl`,
        message: `hardening turned off: kube-apiserver caches the webhook's token reviews longer than its ${TOKEN_WEBHOOK_DEFAULTS.cacheTtl} default, so a revoked token keeps working that long`,
        received: ttl,
        expected: `at most ${TOKEN_WEBHOOK_DEFAULTS.cacheTtl} (leave the option unset)`,
      });
    }
  }
  if (authn.authenticatingProxy !== undefined) validateAuthenticatingProxy(context, scope, `${field}.authenticatingProxy`, authn.authenticatingProxy);
  if (security.authorization?.webhook !== undefined) validateAuthorizationWebhook(context, scope, 'security.authorization.webhook', security.authorization.webhook);
  const oidc = authn.oidc;
  if (!oidc) return;
  let url: URL | undefined;
  try {
    url = new URL(oidc.issuerUrl);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.hash !== '' || url.search !== '' || url.username !== '') {
    context.error(scope, {
      rule: 'security/oidc-issuer',
      field: `${field}.oidc.issuerUrl`,
      message: 'kube-apiserver only accepts an https issuer URL without query, fragment or user info',
      received: oidc.issuerUrl,
      expected: 'https://<issuer>, exactly the iss claim of the tokens, e.g. https://accounts.example.com',
    });
  }
  if (typeof oidc.clientId !== 'string' || oidc.clientId === '') {
    context.error(scope, { rule: 'security/oidc-client-id', field: `${field}.oidc.clientId`, message: 'the client ID tokens are issued for is required', received: oidc.clientId, expected: 'the OIDC client ID, e.g. kubernetes' });
  }
  if (oidc.certificateAuthority !== undefined && !/-----BEGIN CERTIFICATE-----/.test(oidc.certificateAuthority)) {
    context.error(scope, { rule: 'security/oidc-ca', field: `${field}.oidc.certificateAuthority`, message: 'not a PEM certificate bundle', received: oidc.certificateAuthority.slice(0, 40), expected: 'PEM text starting with -----BEGIN CERTIFICATE-----' });
  }
}

function validateDuration(context: ValidationContext, scope: IConstruct, field: string, value: unknown, rule: string): number | undefined {
  const ms = goDurationMs(value);
  if (ms === undefined) {
    context.error(scope, { rule, field, message: 'not a duration kube-apiserver parses', received: value, expected: "a Go duration such as '30s', '2m0s' or '1h'" });
  }
  return ms;
}

/** Errors for a webhook kube-apiserver could not reach safely: https only, PEM CA, credentials by reference. */
function validateWebhook(context: ValidationContext, scope: IConstruct, field: string, w: WebhookProps): void {
  let url: URL | undefined;
  try {
    url = new URL(w.server);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.hash !== '') {
    context.error(scope, {
      rule: 'security/webhook-server',
      field: `${field}.server`,
      message: 'kube-apiserver sends tokens and user identities to the webhook, so it must be https, without credentials or fragment in the URL',
      received: w.server,
      expected: 'https://<host>[:port]/<path>, e.g. https://authn.example.com/authenticate',
    });
  }
  if (w.certificateAuthority !== undefined && (typeof w.certificateAuthority !== 'string' || !/-----BEGIN CERTIFICATE-----/.test(w.certificateAuthority))) {
    context.error(scope, { rule: 'security/webhook-ca', field: `${field}.certificateAuthority`, message: 'not a PEM certificate bundle', received: String(w.certificateAuthority).slice(0, 40), expected: 'PEM text starting with -----BEGIN CERTIFICATE-----' });
  }
  const creds = w.credentials;
  if (creds === undefined) return;
  if (!(creds instanceof WebhookCredentials)) {
    context.error(scope, { rule: 'security/webhook-credentials', field: `${field}.credentials`, message: 'not webhook credentials', received: creds, expected: 'WebhookCredentials.none(), clientCertificate({ certificateFile, keyFile }) or bearerToken()' });
    return;
  }
  if (creds.type !== WebhookCredentialsType.CLIENT_CERTIFICATE) return;
  for (const [option, value] of [['certificateFile', creds.certificateFile], ['keyFile', creds.keyFile]] as const) {
    if (typeof value === 'string' && /-----BEGIN /.test(value)) {
      context.error(scope, {
        rule: 'security/webhook-credentials',
        field: `${field}.credentials.${option}`,
        message: 'this is PEM content; a definition is committed to Git, so certificates and keys are referenced by their path on the control-plane nodes',
        received: '<redacted>',
        expected: `a path under ${KUBEADM_PKI_DIR}/, e.g. ${KUBEADM_PKI_DIR}/webhook-client.${option === 'keyFile' ? 'key' : 'crt'}`,
      });
    } else if (typeof value !== 'string' || !value.startsWith(`${KUBEADM_PKI_DIR}/`) || value.split('/').includes('..') || /[\s\0]/.test(value)) {
      context.error(scope, {
        rule: 'security/webhook-credentials',
        field: `${field}.credentials.${option}`,
        message: `kube-apiserver reads client certificates only where its static pod mounts them: kubeadm mounts ${KUBEADM_PKI_DIR} read-only`,
        received: value,
        expected: `an absolute path under ${KUBEADM_PKI_DIR}/`,
      });
    }
  }
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Errors for request-header settings kube-apiserver refuses or that would let any front-proxy certificate assert identities. */
function validateAuthenticatingProxy(context: ValidationContext, scope: IConstruct, field: string, p: AuthenticatingProxyProps): void {
  const names = p.allowedNames;
  if (!Array.isArray(names) || names.length === 0) {
    context.error(scope, {
      rule: 'security/authenticating-proxy',
      field: `${field}.allowedNames`,
      message: 'the proxy needs the common name of its client certificate; without one, kube-apiserver would trust only the aggregation layer',
      received: names,
      expected: "the CN of the proxy's client certificate, signed by the front-proxy CA, e.g. ['auth-proxy']",
    });
  } else {
    names.forEach((n, i) => {
      if (typeof n !== 'string' || n.trim() === '' || n.includes(',')) {
        context.error(scope, { rule: 'security/authenticating-proxy', field: `${field}.allowedNames[${i}]`, message: 'not a certificate common name kube-apiserver can list', received: n, expected: 'a non-empty name without commas' });
      }
    });
  }
  for (const key of ['usernameHeaders', 'groupHeaders', 'extraHeadersPrefixes', 'uidHeaders'] as const) {
    (p[key] ?? []).forEach((h, i) => {
      if (typeof h !== 'string' || !HEADER_NAME.test(h)) {
        context.error(scope, { rule: 'security/authenticating-proxy', field: `${field}.${key}[${i}]`, message: 'not an HTTP header name', received: h, expected: 'letters, digits and !#$%&\'*+.^_`|~- , e.g. X-Forwarded-User' });
      }
    });
  }
}

const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Errors for an authorization webhook kube-apiserver refuses at start, and a warning for a long allow cache. */
function validateAuthorizationWebhook(context: ValidationContext, scope: IConstruct, field: string, w: AuthorizationWebhookProps): void {
  const rule = 'security/authorization-webhook';
  validateWebhook(context, scope, field, w);
  if (typeof w.name !== 'string' || !DNS_SUBDOMAIN.test(w.name) || w.name === 'node' || w.name === 'rbac') {
    context.error(scope, { rule, field: `${field}.name`, message: 'kube-apiserver needs a unique DNS-1123 name for each authorizer; node and rbac are taken', received: w.name, expected: "a lowercase DNS name such as 'policy-webhook'" });
  }
  const timeout = validateDuration(context, scope, `${field}.timeout`, w.timeout ?? AUTHORIZATION_WEBHOOK_DEFAULTS.timeout, rule);
  if (timeout !== undefined && (timeout <= 0 || timeout > 30000)) {
    context.error(scope, { rule, field: `${field}.timeout`, message: 'kube-apiserver allows a webhook timeout above 0 and at most 30s', received: w.timeout, expected: "a duration from '1s' to '30s'" });
  }
  const authorizedTtl = w.authorizedTtl ?? AUTHORIZATION_WEBHOOK_DEFAULTS.authorizedTtl;
  validateDuration(context, scope, `${field}.authorizedTtl`, authorizedTtl, rule);
  validateDuration(context, scope, `${field}.unauthorizedTtl`, w.unauthorizedTtl ?? AUTHORIZATION_WEBHOOK_DEFAULTS.unauthorizedTtl, rule);
  if (w.failurePolicy !== undefined && !Object.values(AuthorizationWebhookFailurePolicy).includes(w.failurePolicy)) {
    context.error(scope, { rule, field: `${field}.failurePolicy`, message: 'not a failure policy kube-apiserver knows', received: w.failurePolicy, expected: Object.values(AuthorizationWebhookFailurePolicy).join(' or ') });
  }
  const conditions = w.matchConditions ?? [];
  if (conditions.length > 64) {
    context.error(scope, { rule, field: `${field}.matchConditions`, message: 'kube-apiserver allows at most 64 match conditions', received: conditions.length, expected: 'at most 64' });
  }
  conditions.forEach((c, i) => {
    if (typeof c !== 'string' || c.trim() === '') {
      context.error(scope, { rule, field: `${field}.matchConditions[${i}]`, message: 'a match condition is a CEL expression', received: c, expected: "e.g. has(request.resourceAttributes) && request.resourceAttributes.namespace == 'team-a'" });
    }
  });
  if (longerThan(authorizedTtl, AUTHORIZATION_WEBHOOK_DEFAULTS.authorizedTtl)) {
    context.warn(scope, {
      rule: 'security/loosened',
      field: `${field}.authorizedTtl`,
      message: `hardening turned off: kube-apiserver caches the webhook's allow decisions longer than its ${AUTHORIZATION_WEBHOOK_DEFAULTS.authorizedTtl} default, so a revoked permission keeps working that long`,
      received: authorizedTtl,
      expected: `at most ${AUTHORIZATION_WEBHOOK_DEFAULTS.authorizedTtl} (leave the option unset)`,
    });
  }
}
