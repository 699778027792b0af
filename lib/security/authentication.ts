import type { AuthorizationWebhookProps } from './authorization';
import { WebhookProps } from './webhook';

/** An OpenID Connect issuer whose ID tokens authenticate users. */
export interface OidcProps {
  /** The issuer URL, `https://`; must equal the `iss` claim of the tokens. */
  readonly issuerUrl: string;
  /** The client ID tokens are issued for (the `aud` claim). */
  readonly clientId: string;
  /**
   * Claim that becomes the username.
   * @default 'sub'
   */
  readonly usernameClaim?: string | undefined;
  /**
   * Prefix of usernames, so they cannot collide with `system:` names or service accounts.
   * @default 'oidc:'
   */
  readonly usernamePrefix?: string | undefined;
  /**
   * Claim that holds the groups.
   * @default 'groups'
   */
  readonly groupsClaim?: string | undefined;
  /**
   * Prefix of group names.
   * @default 'oidc:'
   */
  readonly groupsPrefix?: string | undefined;
  /**
   * PEM CA bundle that signs the issuer's serving certificate (public data).
   * @default - the node's system trust store
   */
  readonly certificateAuthority?: string | undefined;
}

/**
 * Webhook token authentication (`--authentication-token-webhook-config-file`): bearer
 * tokens no other authenticator accepts are sent to the webhook as TokenReviews
 * (authentication.k8s.io/v1).
 */
export interface TokenWebhookProps extends WebhookProps {
  /**
   * How long kube-apiserver caches the webhook's answers, as a Go duration. A longer TTL
   * keeps a revoked token working that long, and warns.
   * @default '2m0s'
   */
  readonly cacheTtl?: string | undefined;
}

/**
 * An authenticating proxy in front of kube-apiserver: it authenticates users itself and
 * passes their identity in request headers, proving itself with a client certificate.
 *
 * kube-apiserver has one request-header authenticator, and kubeadm already configures it
 * for the aggregation layer (the API server's `front-proxy-client` certificate, signed by
 * the front-proxy CA, with the X-Remote-* headers) that metrics-server and every other
 * aggregated API depend on. So the proxy joins that configuration instead of replacing
 * it: its certificate is signed by the cluster's front-proxy CA
 * (`/etc/kubernetes/pki/front-proxy-ca.crt`, `--requestheader-client-ca-file`, kept as
 * kubeadm writes it), its common names are added to `front-proxy-client`, and its headers
 * to the standard X-Remote-* ones, which are always kept.
 */
export interface AuthenticatingProxyProps {
  /**
   * Common names of the proxy's client certificates, allowed to assert identities.
   * `front-proxy-client` is always kept.
   */
  readonly allowedNames: readonly string[];
  /**
   * Headers carrying the username, after `X-Remote-User`.
   * @default - X-Remote-User only
   */
  readonly usernameHeaders?: readonly string[] | undefined;
  /**
   * Headers carrying the groups, after `X-Remote-Group`.
   * @default - X-Remote-Group only
   */
  readonly groupHeaders?: readonly string[] | undefined;
  /**
   * Prefixes of headers carrying extra user attributes, after `X-Remote-Extra-`.
   * @default - X-Remote-Extra- only
   */
  readonly extraHeadersPrefixes?: readonly string[] | undefined;
  /**
   * Headers carrying the user's UID, after `X-Remote-Uid` (`--requestheader-uid-headers`,
   * feature RemoteRequestHeaderUID, beta and on since v1.33:
   * kubernetes/apiserver@kubernetes-1.35.7:pkg/features/kube_features.go).
   * @default - no UID headers (kube-apiserver's default)
   */
  readonly uidHeaders?: readonly string[] | undefined;
}

/**
 * How kube-apiserver authenticates users, beyond X.509 client certificates (the cluster CA,
 * always on) and service-account tokens. Written as a structured AuthenticationConfiguration
 * (`--authentication-config`) rather than `--oidc-*` flags: it also restricts anonymous
 * requests to the health endpoints, which the flags cannot, and kube-apiserver reloads it
 * without a restart.
 */
export interface AuthenticationProps {
  /**
   * Users from an OpenID Connect provider.
   * @default - none; only certificates and service-account tokens authenticate
   */
  readonly oidc?: OidcProps | undefined;
  /**
   * Bearer tokens checked by a remote webhook.
   * @default - none
   */
  readonly tokenWebhook?: TokenWebhookProps | undefined;
  /**
   * Users authenticated by a proxy in front of the API server.
   * @default - none; only the aggregation layer's front proxy passes identities in headers
   */
  readonly authenticatingProxy?: AuthenticatingProxyProps | undefined;
  /**
   * Accept anonymous requests on every path, not only `/livez`, `/readyz`, `/healthz` (which
   * kubeadm's probes and load-balancer health checks call without credentials) and the
   * `cluster-info` ConfigMap `kubeadm join` discovers the cluster from.
   * @default false
   */
  readonly anonymousEverywhere?: boolean | undefined;
  /**
   * Static token file (`--token-auth-file`): refused, see the error.
   * @default - none
   */
  readonly staticTokenFile?: string | undefined;
  /**
   * Static password file (`--basic-auth-file`): refused, removed in Kubernetes v1.19.
   * @default - none
   */
  readonly staticPasswordFile?: string | undefined;
}

/** How kube-apiserver authorizes requests. Node and RBAC are always on, first. */
export interface AuthorizationProps {
  /**
   * A webhook asked after Node and RBAC, through a structured AuthorizationConfiguration
   * (`--authorization-config`).
   * @default - none; Node,RBAC only
   */
  readonly webhook?: AuthorizationWebhookProps | undefined;
  /**
   * ABAC (`--authorization-mode=ABAC`): refused, see the error.
   * @default false
   */
  readonly abac?: boolean | undefined;
}

/**
 * @internal
 * Paths anonymous requests may reach: what probes and load balancers call without
 * credentials, and the `cluster-info` ConfigMap that `kubeadm join` reads anonymously during
 * bootstrap-token discovery (kubeadm binds its `kubeadm:bootstrap-signer-clusterinfo` Role to
 * system:anonymous; the JWS signature in it is what the joining node trusts).
 */
export const ANONYMOUS_PATHS: readonly string[] = ['/livez', '/readyz', '/healthz', '/api/v1/namespaces/kube-public/configmaps/cluster-info'];

/** @internal OIDC claim and prefix defaults, resolved in one place; the `oidc:` prefixes keep OIDC names apart from other authenticators'. */
export const OIDC_DEFAULTS = { usernameClaim: 'sub', usernamePrefix: 'oidc:', groupsClaim: 'groups', groupsPrefix: 'oidc:' };

/**
 * @internal
 * The first minor with AuthenticationConfiguration v1 (structured authentication GA) and its
 * anonymous conditions; older releases get the `--oidc-*` flags and unrestricted anonymous
 * requests (RBAC then grants system:anonymous only what kubeadm binds: the health and version paths).
 */
export const STRUCTURED_AUTHENTICATION_MINOR = 34;

/** @internal The AuthenticationConfiguration (apiserver.config.k8s.io/v1). */
export function authenticationConfiguration(props: AuthenticationProps): Record<string, unknown> {
  const oidc = props.oidc;
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthenticationConfiguration',
    ...(oidc
      ? {
          jwt: [
            {
              issuer: { url: oidc.issuerUrl, audiences: [oidc.clientId], ...(oidc.certificateAuthority ? { certificateAuthority: oidc.certificateAuthority } : {}) },
              claimMappings: {
                username: { claim: oidc.usernameClaim ?? OIDC_DEFAULTS.usernameClaim, prefix: oidc.usernamePrefix ?? OIDC_DEFAULTS.usernamePrefix },
                groups: { claim: oidc.groupsClaim ?? OIDC_DEFAULTS.groupsClaim, prefix: oidc.groupsPrefix ?? OIDC_DEFAULTS.groupsPrefix },
              },
            },
          ],
        }
      : {}),
    anonymous: props.anonymousEverywhere ? { enabled: true } : { enabled: true, conditions: ANONYMOUS_PATHS.map((path) => ({ path })) },
  };
}

/** @internal `--oidc-*` flags, for releases before STRUCTURED_AUTHENTICATION_MINOR. */
export function oidcFlags(oidc: OidcProps | undefined): { name: string; value: string }[] {
  if (!oidc) return [];
  return [
    { name: 'oidc-issuer-url', value: oidc.issuerUrl },
    { name: 'oidc-client-id', value: oidc.clientId },
    { name: 'oidc-username-claim', value: oidc.usernameClaim ?? OIDC_DEFAULTS.usernameClaim },
    { name: 'oidc-username-prefix', value: oidc.usernamePrefix ?? OIDC_DEFAULTS.usernamePrefix },
    { name: 'oidc-groups-claim', value: oidc.groupsClaim ?? OIDC_DEFAULTS.groupsClaim },
    { name: 'oidc-groups-prefix', value: oidc.groupsPrefix ?? OIDC_DEFAULTS.groupsPrefix },
  ];
}

/** @internal Token webhook defaults, resolved in one place: kube-apiserver's own cache TTL. */
export const TOKEN_WEBHOOK_DEFAULTS = { cacheTtl: '2m0s' };

/** @internal Where the token webhook's kubeconfig lives in `security/`. */
export const AUTHENTICATION_WEBHOOK_FILE = 'authentication-webhook.kubeconfig';

/** @internal `--authentication-token-webhook-*` flags; TokenReview v1 (the flag's default is still v1beta1). */
export function tokenWebhookFlags(webhook: TokenWebhookProps | undefined, configDir: string): { name: string; value: string }[] {
  if (!webhook) return [];
  return [
    { name: 'authentication-token-webhook-config-file', value: `${configDir}/${AUTHENTICATION_WEBHOOK_FILE}` },
    { name: 'authentication-token-webhook-cache-ttl', value: webhook.cacheTtl ?? TOKEN_WEBHOOK_DEFAULTS.cacheTtl },
    { name: 'authentication-token-webhook-version', value: 'v1' },
  ];
}

/**
 * @internal
 * kubeadm's front-proxy request-header settings (kubernetes cmd/kubeadm/app/phases/controlplane/manifests.go,
 * getAPIServerCommand), which the aggregation layer needs and an authenticating proxy extends.
 */
export const FRONT_PROXY_REQUEST_HEADER = {
  allowedNames: ['front-proxy-client'],
  usernameHeaders: ['X-Remote-User'],
  groupHeaders: ['X-Remote-Group'],
  extraHeadersPrefixes: ['X-Remote-Extra-'],
  uidHeaders: ['X-Remote-Uid'],
};

function merged(standard: readonly string[], extra: readonly string[] | undefined): string {
  const seen = new Set(standard.map((h) => h.toLowerCase()));
  return [...standard, ...(extra ?? []).filter((h) => !seen.has(h.toLowerCase()))].join(',');
}

/** @internal `--requestheader-*` flags with the proxy's names and headers added to kubeadm's front-proxy ones. */
export function requestHeaderFlags(proxy: AuthenticatingProxyProps | undefined): { name: string; value: string }[] {
  if (!proxy) return [];
  const std = FRONT_PROXY_REQUEST_HEADER;
  return [
    { name: 'requestheader-allowed-names', value: merged(std.allowedNames, proxy.allowedNames) },
    { name: 'requestheader-username-headers', value: merged(std.usernameHeaders, proxy.usernameHeaders) },
    { name: 'requestheader-group-headers', value: merged(std.groupHeaders, proxy.groupHeaders) },
    { name: 'requestheader-extra-headers-prefix', value: merged(std.extraHeadersPrefixes, proxy.extraHeadersPrefixes) },
    // kube-apiserver refuses UID headers without X-Remote-Uid (kubernetes/apiserver@kubernetes-1.35.7:pkg/server/options/authentication.go).
    ...(proxy.uidHeaders ? [{ name: 'requestheader-uid-headers', value: merged(std.uidHeaders, proxy.uidHeaders) }] : []),
  ];
}
