import { AdmissionProps } from './admission';
import { AuditProps } from './audit';
import { AuthenticationProps, AuthorizationProps } from './authentication';
import { EncryptionAtRestProps } from './encryption-at-rest';
import { HardeningProps } from './hardening';

/** The security posture of the control plane and the kubelets. */
export interface ControlPlaneSecurityProps {
  /**
   * Loosenings of the CIS-aligned component hardening; each one set makes synthesis warn.
   * @default - every item hardened (see HARDENING_DEFAULTS)
   */
  readonly hardening?: HardeningProps | undefined;
  /**
   * Admission plugins and the cluster-wide Pod Security defaults.
   * @default - NodeRestriction and DenyServiceExternalIPs on; Pod Security enforce baseline, audit and warn restricted, kube-system exempt
   */
  readonly admission?: AdmissionProps | undefined;
  /**
   * The API server's audit log.
   * @default - on, at /var/log/kubernetes/audit/audit.log, 30 days, 10 files of 100 MB
   */
  readonly audit?: AuditProps | undefined;
  /**
   * Encryption of Secrets (and chosen resources) in etcd. Keys are never in the
   * definition: placeholders in `bootstrap/security/encryption.yaml` are filled like the
   * other bootstrap secrets, or from Pulumi secrets.
   * @default - not encrypted
   */
  readonly encryptionAtRest?: EncryptionAtRestProps | undefined;
  /**
   * User authentication beyond client certificates and service-account tokens.
   * @default - no OIDC; anonymous requests only on /livez, /readyz and /healthz
   */
  readonly authentication?: AuthenticationProps | undefined;
  /**
   * Authorization; Node and RBAC are always on.
   * @default - Node,RBAC
   */
  readonly authorization?: AuthorizationProps | undefined;
}
