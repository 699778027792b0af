import type { Cluster } from '../cluster';
import { ControlPlane } from '../control-plane/control-plane';
import { ExtraArg } from '../control-plane/etcd';
import type { Cluster as ClusterType } from '../cluster';
import { AUTHENTICATION_WEBHOOK_FILE, authenticationConfiguration, oidcFlags, requestHeaderFlags, STRUCTURED_AUTHENTICATION_MINOR, tokenWebhookFlags } from './authentication';
import { AUTHORIZATION_WEBHOOK_FILE, authorizationConfiguration } from './authorization';
import { webhookKubeconfig, webhookKubeconfigSensitive } from './webhook';
import { encryptionConfiguration, kmsSocketDirectory } from './encryption-at-rest';
import { auditApiServerArgs, auditLogDirectory, auditPolicy } from './audit';
import { admissionConfiguration, enabledAdmissionPlugins, resolvePodSecurityDefaults } from './admission';

/** @internal Where cloud-init writes the API server's security configuration on every control-plane node. */
export const SECURITY_CONFIG_DIR = '/etc/kubernetes/clusterforge/security';

/** @internal A configuration file kube-apiserver reads, written to SECURITY_CONFIG_DIR and `bootstrap/security/`. */
export interface ApiServerConfigFile {
  readonly fileName: string;
  readonly document: Record<string, unknown>;
  /** Holds secret placeholders. */
  readonly sensitive: boolean;
}

/** @internal A kubeadm v1beta4 HostPathMount. */
export interface HostPathMount {
  readonly name: string;
  readonly hostPath: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly pathType: string;
}

/** @internal The configuration files kube-apiserver reads (admission, audit policy, encryption, authentication, authorization, webhook kubeconfigs), written to each control-plane node. */
export function apiServerConfigFiles(cluster: Cluster, cp: ControlPlane): ApiServerConfigFile[] {
  const admission = cp.security.admission ?? {};
  const encryption = cp.security.encryptionAtRest;
  const ps = resolvePodSecurityDefaults(admission.podSecurity, cluster.kubernetesVersion.minorVersion);
  const tokenWebhook = cp.security.authentication?.tokenWebhook;
  const authzWebhook = cp.security.authorization?.webhook;
  return [
    { fileName: 'admission.yaml', document: admissionConfiguration(admission, ps), sensitive: false },
    ...(structuredAuthentication(cluster) ? [{ fileName: 'authentication.yaml', document: authenticationConfiguration(cp.security.authentication ?? {}), sensitive: false }] : []),
    ...(cp.audit.enabled ? [{ fileName: 'audit-policy.yaml', document: auditPolicy(), sensitive: false }] : []),
    ...(encryption ? [{ fileName: 'encryption.yaml', document: encryptionConfiguration(encryption), sensitive: true }] : []),
    // Kubeconfigs are not YAML config kinds: the .kubeconfig name keeps them apart from those.
    ...(tokenWebhook ? [{ fileName: AUTHENTICATION_WEBHOOK_FILE, document: webhookKubeconfig('authentication', tokenWebhook), sensitive: webhookKubeconfigSensitive(tokenWebhook) }] : []),
    ...(authzWebhook
      ? [
          { fileName: 'authorization.yaml', document: authorizationConfiguration(authzWebhook, SECURITY_CONFIG_DIR), sensitive: false },
          { fileName: AUTHORIZATION_WEBHOOK_FILE, document: webhookKubeconfig('authorization', authzWebhook), sensitive: webhookKubeconfigSensitive(authzWebhook) },
        ]
      : []),
  ];
}

/** kube-apiserver flags that point at the security configuration. */
function structuredAuthentication(cluster: ClusterType): boolean {
  return (cluster.kubernetesVersion.parts?.minor ?? STRUCTURED_AUTHENTICATION_MINOR) >= STRUCTURED_AUTHENTICATION_MINOR;
}

/** @internal The kube-apiserver flags that point at those files and apply the security settings. */
export function securityApiServerArgs(cluster: ClusterType, cp: ControlPlane): ExtraArg[] {
  return [
    { name: 'enable-admission-plugins', value: enabledAdmissionPlugins(cp.security.admission).join(',') },
    { name: 'admission-control-config-file', value: `${SECURITY_CONFIG_DIR}/admission.yaml` },
    ...(structuredAuthentication(cluster)
      ? [{ name: 'authentication-config', value: `${SECURITY_CONFIG_DIR}/authentication.yaml` }]
      : oidcFlags(cp.security.authentication?.oidc)),
    ...tokenWebhookFlags(cp.security.authentication?.tokenWebhook, SECURITY_CONFIG_DIR),
    ...requestHeaderFlags(cp.security.authentication?.authenticatingProxy),
    // kubeadm then leaves out its --authorization-mode (see authorization.ts).
    ...(cp.security.authorization?.webhook ? [{ name: 'authorization-config', value: `${SECURITY_CONFIG_DIR}/authorization.yaml` }] : []),
    ...auditApiServerArgs(cp.audit, `${SECURITY_CONFIG_DIR}/audit-policy.yaml`),
    ...(cp.security.encryptionAtRest ? [{ name: 'encryption-provider-config', value: `${SECURITY_CONFIG_DIR}/encryption.yaml` }] : []),
  ];
}

/** @internal The host paths kube-apiserver's static pod mounts for them. */
export function securityApiServerVolumes(cp: ControlPlane): HostPathMount[] {
  const auditDir = auditLogDirectory(cp.audit);
  const kmsDir = cp.security.encryptionAtRest ? kmsSocketDirectory(cp.security.encryptionAtRest.provider) : undefined;
  return [
    { name: 'clusterforge-security', hostPath: SECURITY_CONFIG_DIR, mountPath: SECURITY_CONFIG_DIR, readOnly: true, pathType: 'Directory' },
    ...(cp.audit.enabled ? [{ name: 'audit-log', hostPath: auditDir, mountPath: auditDir, readOnly: false, pathType: 'DirectoryOrCreate' }] : []),
    ...(kmsDir ? [{ name: 'kms-plugin', hostPath: kmsDir, mountPath: kmsDir, readOnly: false, pathType: 'DirectoryOrCreate' }] : []),
  ];
}
