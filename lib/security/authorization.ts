// Authorization beyond Node and RBAC, through the structured AuthorizationConfiguration
// (apiserver.config.k8s.io/v1, `--authorization-config`): StructuredAuthorizationConfiguration
// is GA and locked on since v1.32 (kubernetes/apiserver@kubernetes-1.35.7:pkg/features/kube_features.go),
// older than every release clusterforge supports. Chosen over `--authorization-mode=...,Webhook`
// and the `--authorization-webhook-*` flags because it names the webhook, bounds its timeout,
// sets its failure policy and match conditions, and kube-apiserver reloads it without a restart.
// kubeadm leaves out its `--authorization-mode=Node,RBAC` when `authorization-config` is among
// the extra args (kubernetes cmd/kubeadm/app/phases/controlplane/manifests.go, getAPIServerCommand;
// the two flags exclude each other), so the file lists Node and RBAC itself, first.
import { WebhookProps } from './webhook';

/** What kube-apiserver decides when the authorization webhook fails or answers nonsense. */
export enum AuthorizationWebhookFailurePolicy {
  /** Refuse the request. */
  DENY = 'Deny',
  /** Fall through to the next authorizer (none follows the webhook, so the request is refused too, without the webhook's reason). */
  NO_OPINION = 'NoOpinion',
}

/** A SubjectAccessReview webhook asked after Node and RBAC. */
export interface AuthorizationWebhookProps extends WebhookProps {
  /** Name of the authorizer in metrics and logs: a DNS-1123 label or subdomain. */
  readonly name: string;
  /**
   * Timeout of one webhook call, as a Go duration; kube-apiserver allows at most 30s.
   * @default '3s'
   */
  readonly timeout?: string | undefined;
  /**
   * How long an `allowed` answer is cached; longer than 5m0s warns (a revoked permission
   * keeps working that long).
   * @default '5m0s'
   */
  readonly authorizedTtl?: string | undefined;
  /**
   * How long a `denied` answer is cached.
   * @default '30s'
   */
  readonly unauthorizedTtl?: string | undefined;
  /**
   * Decision when the webhook cannot be reached or errs.
   * @default AuthorizationWebhookFailurePolicy.DENY
   */
  readonly failurePolicy?: AuthorizationWebhookFailurePolicy | undefined;
  /**
   * CEL expressions over the SubjectAccessReview (`request`); the webhook is called only
   * when all are true, e.g. `has(request.resourceAttributes) && request.resourceAttributes.namespace == 'team-a'`.
   * @default - every request Node and RBAC did not allow
   */
  readonly matchConditions?: readonly string[] | undefined;
}

/** @internal Authorization webhook defaults, resolved in one place (kube-apiserver's flag defaults, a short timeout, failing closed). */
export const AUTHORIZATION_WEBHOOK_DEFAULTS = {
  timeout: '3s',
  authorizedTtl: '5m0s',
  unauthorizedTtl: '30s',
  failurePolicy: AuthorizationWebhookFailurePolicy.DENY,
};

/** @internal Where the authorization webhook's kubeconfig lives in `security/`. */
export const AUTHORIZATION_WEBHOOK_FILE = 'authorization-webhook.kubeconfig';

/**
 * @internal The AuthorizationConfiguration (fields of kubernetes/apiserver@kubernetes-1.35.7:pkg/apis/apiserver/v1/types.go):
 * Node, RBAC, then the webhook.
 */
export function authorizationConfiguration(webhook: AuthorizationWebhookProps, configDir: string): Record<string, unknown> {
  const d = AUTHORIZATION_WEBHOOK_DEFAULTS;
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthorizationConfiguration',
    authorizers: [
      { type: 'Node', name: 'node' },
      { type: 'RBAC', name: 'rbac' },
      {
        type: 'Webhook',
        name: webhook.name,
        webhook: {
          timeout: webhook.timeout ?? d.timeout,
          authorizedTTL: webhook.authorizedTtl ?? d.authorizedTtl,
          unauthorizedTTL: webhook.unauthorizedTtl ?? d.unauthorizedTtl,
          subjectAccessReviewVersion: 'v1',
          matchConditionSubjectAccessReviewVersion: 'v1',
          failurePolicy: webhook.failurePolicy ?? d.failurePolicy,
          connectionInfo: { type: 'KubeConfigFile', kubeConfigFile: `${configDir}/${AUTHORIZATION_WEBHOOK_FILE}` },
          matchConditions: (webhook.matchConditions ?? []).map((expression) => ({ expression })),
        },
      },
    ],
  };
}
