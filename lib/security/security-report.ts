import type { Cluster } from '../cluster';
import { ControlPlane } from '../control-plane/control-plane';
import { enabledAdmissionPlugins, resolvePodSecurityDefaults } from './admission';
import { AUTHENTICATION_WEBHOOK_FILE, requestHeaderFlags, STRUCTURED_AUTHENTICATION_MINOR, TOKEN_WEBHOOK_DEFAULTS } from './authentication';
import { AUTHORIZATION_WEBHOOK_DEFAULTS } from './authorization';
import { longerThan } from './webhook';
import { hardeningItems } from './hardening';
import { tenantIsolationReportItem } from '../tenancy/tenant-roles';

interface ReportRow {
  readonly item: string;
  /** `on`, or `off` with the option that turned it off. */
  readonly state: string;
  readonly setting: string;
}

function off(option: string): string {
  return `**off** — \`${option}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** `bootstrap/security-report.md`: each CIS-style item, its state and the setting behind it. */
export function securityReport(cluster: Cluster, cp: ControlPlane): string {
  const sec = cp.security;
  const minor = cluster.kubernetesVersion.parts?.minor ?? STRUCTURED_AUTHENTICATION_MINOR;
  const structured = minor >= STRUCTURED_AUTHENTICATION_MINOR;
  const ps = resolvePodSecurityDefaults(sec.admission?.podSecurity, cluster.kubernetesVersion.minorVersion);
  const enc = sec.encryptionAtRest;
  const audit = cp.audit;
  const tokenWebhook = sec.authentication?.tokenWebhook;
  const proxy = sec.authentication?.authenticatingProxy;
  const authzWebhook = sec.authorization?.webhook;
  const rows: ReportRow[] = [
    ...hardeningItems(cp.hardening).map((h) => ({ item: h.title, state: h.on ? 'on' : off(`security.hardening.${h.option}`), setting: h.setting })),
    { item: 'Kubelet client certificates rotate', state: 'on', setting: 'KubeletConfiguration rotateCertificates: true' },
    {
      item: 'Kubelet serving certificates signed by the cluster CA',
      state: '**off** — by design',
      setting: 'serverTLSBootstrap unset: kube-controller-manager never approves kubelet-serving CSRs, so it needs an approver clusterforge does not install',
    },
    {
      item: 'Anonymous API requests limited to health checks and kubeadm discovery',
      state: !structured ? `**off** — Kubernetes v1.${minor} predates structured authentication` : sec.authentication?.anonymousEverywhere ? off('security.authentication.anonymousEverywhere') : 'on',
      setting: structured ? '--authentication-config (security/authentication.yaml) anonymous.conditions' : '--anonymous-auth default',
    },
    {
      item: 'OIDC users',
      state: sec.authentication?.oidc ? 'on' : 'not configured (`security.authentication.oidc`)',
      setting: sec.authentication?.oidc ? `issuer ${sec.authentication.oidc.issuerUrl}, client ${sec.authentication.oidc.clientId}` : 'client certificates and service-account tokens only',
    },
    {
      item: 'Webhook token authentication (TokenReview v1)',
      state: !tokenWebhook
        ? 'not configured (`security.authentication.tokenWebhook`)'
        : longerThan(tokenWebhook.cacheTtl ?? TOKEN_WEBHOOK_DEFAULTS.cacheTtl, TOKEN_WEBHOOK_DEFAULTS.cacheTtl)
          ? `on, cache **loosened** — \`security.authentication.tokenWebhook.cacheTtl\``
          : 'on',
      setting: tokenWebhook
        ? `--authentication-token-webhook-config-file (security/${AUTHENTICATION_WEBHOOK_FILE}): ${tokenWebhook.server}, cache ${tokenWebhook.cacheTtl ?? TOKEN_WEBHOOK_DEFAULTS.cacheTtl}, credentials ${tokenWebhook.credentials?.type ?? 'none'}`
        : 'no token webhook',
    },
    {
      item: 'Authenticating proxy (request headers)',
      state: proxy ? 'on' : 'not configured (`security.authentication.authenticatingProxy`)',
      setting: proxy
        ? `client certificates of the front-proxy CA with CN ${requestHeaderFlags(proxy)[0].value}; the aggregation layer's front-proxy-client and X-Remote-* headers kept`
        : "kubeadm's front-proxy settings for the aggregation layer only",
    },
    { item: 'Static token and password files refused', state: 'on', setting: 'no --token-auth-file, no --basic-auth-file' },
    {
      item: 'Authorization Node,RBAC (no AlwaysAllow, no ABAC)',
      state: 'on',
      setting: authzWebhook ? '--authorization-config (security/authorization.yaml): Node, RBAC first' : '--authorization-mode=Node,RBAC (kubeadm)',
    },
    {
      item: 'Authorization webhook',
      state: !authzWebhook
        ? 'not configured (`security.authorization.webhook`)'
        : longerThan(authzWebhook.authorizedTtl ?? AUTHORIZATION_WEBHOOK_DEFAULTS.authorizedTtl, AUTHORIZATION_WEBHOOK_DEFAULTS.authorizedTtl)
          ? `on, allow cache **loosened** — \`security.authorization.webhook.authorizedTtl\``
          : 'on',
      setting: authzWebhook
        ? `security/authorization.yaml: ${authzWebhook.name} after Node and RBAC, ${authzWebhook.server}, failure policy ${authzWebhook.failurePolicy ?? AUTHORIZATION_WEBHOOK_DEFAULTS.failurePolicy}, allow cache ${authzWebhook.authorizedTtl ?? AUTHORIZATION_WEBHOOK_DEFAULTS.authorizedTtl}`
        : 'Node,RBAC only',
    },
    { item: 'NodeRestriction admission', state: 'on', setting: `--enable-admission-plugins=${enabledAdmissionPlugins(sec.admission).join(',')}` },
    {
      item: 'Service externalIPs refused (DenyServiceExternalIPs, CVE-2020-8554)',
      state: sec.admission?.allowServiceExternalIPs ? off('security.admission.allowServiceExternalIPs') : 'on',
      setting: sec.admission?.allowServiceExternalIPs ? 'DenyServiceExternalIPs not enabled' : '--enable-admission-plugins includes DenyServiceExternalIPs',
    },
    {
      item: 'Cluster-wide Pod Security default (baseline or stricter)',
      state: 'on',
      setting: `security/admission.yaml: enforce ${ps.enforce}, audit ${ps.audit}, warn ${ps.warn} (${ps.version}); exempt namespaces: ${ps.exemptNamespaces.join(', ') || 'none'}`,
    },
    {
      item: 'Audit log with policy and rotation',
      state: audit.enabled ? 'on' : off('security.audit.enabled'),
      setting: audit.enabled
        ? `--audit-policy-file (security/audit-policy.yaml), --audit-log-path=${audit.logPath}, maxage ${audit.maxAgeDays}, maxbackup ${audit.maxBackups}, maxsize ${audit.maxSizeMegabytes}`
        : 'no audit flags',
    },
    {
      item: 'Secrets encrypted at rest',
      state: enc ? 'on' : '**off** — `security.encryptionAtRest` not set',
      setting: enc ? `--encryption-provider-config (security/encryption.yaml): ${enc.provider.type} for ${(enc.resources ?? ['secrets']).join(', ')}${enc.identityFallback ? ', identity read fallback' : ''}` : 'Secrets stored as written',
    },
    tenantIsolationReportItem(cluster),
  ];
  return [
    `# Security report: ${cluster.clusterName}`,
    '',
    'Generated by clusterforge from the definition. Each item is on unless the definition turned it off; the option',
    'that did is named. Settings are in `kubeadm/<node>.yaml` (ClusterConfiguration, KubeletConfiguration) and `security/`.',
    '',
    '| item | state | setting |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${cell(r.item)} | ${cell(r.state)} | ${cell(r.setting)} |`),
    '',
  ].join('\n');
}
