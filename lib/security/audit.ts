import { ExtraArg } from '../control-plane/etcd';

/** The API server's audit log. */
export interface AuditProps {
  /**
   * Whether kube-apiserver writes an audit log. Turning it off leaves no trail of who
   * did what, and synthesis warns.
   * @default true
   */
  readonly enabled?: boolean | undefined;
  /**
   * Path of the log on every control-plane node; its directory is mounted into kube-apiserver.
   * @default '/var/log/kubernetes/audit/audit.log'
   */
  readonly logPath?: string | undefined;
  /**
   * Days to keep rotated files (`--audit-log-maxage`).
   * @default 30
   */
  readonly maxAgeDays?: number | undefined;
  /**
   * Rotated files to keep (`--audit-log-maxbackup`).
   * @default 10
   */
  readonly maxBackups?: number | undefined;
  /**
   * Size in megabytes at which the log rotates (`--audit-log-maxsize`).
   * @default 100
   */
  readonly maxSizeMegabytes?: number | undefined;
}

/** @internal Audit settings after defaults are applied. */
export interface ResolvedAudit {
  readonly enabled: boolean;
  readonly logPath: string;
  readonly maxAgeDays: number;
  readonly maxBackups: number;
  readonly maxSizeMegabytes: number;
}

/** @internal Audit log defaults, resolved in one place: on, 30 days, 10 files of 100 MB. */
export const AUDIT_DEFAULTS: ResolvedAudit = {
  enabled: true,
  logPath: '/var/log/kubernetes/audit/audit.log',
  maxAgeDays: 30,
  maxBackups: 10,
  maxSizeMegabytes: 100,
};

/** @internal The audit settings with every default filled in. */
export function resolveAudit(props: AuditProps = {}): ResolvedAudit {
  return {
    enabled: props.enabled ?? AUDIT_DEFAULTS.enabled,
    logPath: props.logPath ?? AUDIT_DEFAULTS.logPath,
    maxAgeDays: props.maxAgeDays ?? AUDIT_DEFAULTS.maxAgeDays,
    maxBackups: props.maxBackups ?? AUDIT_DEFAULTS.maxBackups,
    maxSizeMegabytes: props.maxSizeMegabytes ?? AUDIT_DEFAULTS.maxSizeMegabytes,
  };
}

const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * @internal
 * The audit Policy (audit.k8s.io/v1). The first matching rule decides, so the order is:
 * drop the noisy read-only traffic, keep bodies of Secrets, ConfigMaps and token
 * reviews out of the log, log RBAC changes in full, then requests for other writes and
 * metadata for the rest. Modelled on the policy kubernetes' GCE scripts write
 * (cluster/gce/gci/configure-helper.sh, create-master-audit-policy).
 */
export function auditPolicy(): Record<string, unknown> {
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    // The RequestReceived stage only duplicates the ResponseComplete event.
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics', '/openapi/*'] },
      { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'], resources: [{ group: '', resources: ['endpoints', 'services', 'services/status'] }, { group: 'discovery.k8s.io', resources: ['endpointslices'] }] },
      { level: 'None', userGroups: ['system:nodes'], verbs: ['get'], resources: [{ group: '', resources: ['nodes', 'nodes/status'] }] },
      {
        level: 'None',
        users: ['system:kube-controller-manager', 'system:kube-scheduler'],
        verbs: ['get', 'update'],
        namespaces: ['kube-system'],
        resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }],
      },
      { level: 'None', resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
      {
        level: 'Metadata',
        resources: [
          { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
          { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
        ],
        omitStages: ['RequestReceived'],
      },
      { level: 'RequestResponse', verbs: WRITES, resources: [{ group: 'rbac.authorization.k8s.io' }] },
      { level: 'Request', verbs: WRITES, omitManagedFields: true },
      { level: 'Metadata' },
    ],
  };
}

/** @internal The kube-apiserver flags of the audit log: policy file, log path and retention. */
export function auditApiServerArgs(audit: ResolvedAudit, policyPath: string): ExtraArg[] {
  if (!audit.enabled) return [];
  return [
    { name: 'audit-policy-file', value: policyPath },
    { name: 'audit-log-path', value: audit.logPath },
    { name: 'audit-log-maxage', value: String(audit.maxAgeDays) },
    { name: 'audit-log-maxbackup', value: String(audit.maxBackups) },
    { name: 'audit-log-maxsize', value: String(audit.maxSizeMegabytes) },
  ];
}

/** @internal The directory of the log, which kube-apiserver must be able to write. */
export function auditLogDirectory(audit: ResolvedAudit): string {
  return audit.logPath.slice(0, audit.logPath.lastIndexOf('/')) || '/';
}
