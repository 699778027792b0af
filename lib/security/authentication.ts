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

/** How kube-apiserver authorizes requests. Node and RBAC are always on. */
export interface AuthorizationProps {
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
