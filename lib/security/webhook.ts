import { BOOTSTRAP_PLACEHOLDERS } from '../bootstrap/secrets';

/** @internal Where kubeadm mounts the cluster PKI into kube-apiserver (read-only, `k8s-certs`), so client certificates there need no extra mount. */
export const KUBEADM_PKI_DIR = '/etc/kubernetes/pki';

/** How kube-apiserver proves itself to a webhook. */
export enum WebhookCredentialsType {
  NONE = 'none',
  CLIENT_CERTIFICATE = 'clientCertificate',
  BEARER_TOKEN = 'bearerToken',
}

/**
 * The credentials kube-apiserver presents to a webhook. None of them is ever in the
 * definition or in a Git-bound file: a client certificate is a pair of files the operator
 * places on each control-plane node, a bearer token is a placeholder filled like the other
 * bootstrap secrets.
 */
export class WebhookCredentials {
  /** The webhook trusts the API server by network position (its serving certificate is still verified). */
  public static none(): WebhookCredentials {
    return new WebhookCredentials(WebhookCredentialsType.NONE);
  }

  /**
   * A client certificate and key on every control-plane node, under /etc/kubernetes/pki
   * (kubeadm mounts that directory into kube-apiserver); the kubeconfig names the paths only.
   */
  public static clientCertificate(options: { readonly certificateFile: string; readonly keyFile: string }): WebhookCredentials {
    return new WebhookCredentials(WebhookCredentialsType.CLIENT_CERTIFICATE, options.certificateFile, options.keyFile);
  }

  /**
   * A bearer token: the kubeconfig carries a placeholder, filled by `npx clusterforge
   * fill-secrets` from the environment (CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN or
   * CLUSTERFORGE_AUTHORIZATION_WEBHOOK_TOKEN) or by the Pulumi stack's `webhookTokens` secret.
   */
  public static bearerToken(): WebhookCredentials {
    return new WebhookCredentials(WebhookCredentialsType.BEARER_TOKEN);
  }

  private constructor(
    public readonly type: WebhookCredentialsType,
    public readonly certificateFile?: string,
    public readonly keyFile?: string,
  ) {}
}

/** A remote service kube-apiserver calls over https. */
export interface WebhookProps {
  /** The webhook's https URL, e.g. `https://authn.example.com/authenticate`. */
  readonly server: string;
  /**
   * PEM CA bundle that signs the webhook's serving certificate (public data).
   * @default - the node's system trust store
   */
  readonly certificateAuthority?: string | undefined;
  /**
   * What kube-apiserver presents to the webhook.
   * @default WebhookCredentials.none()
   */
  readonly credentials?: WebhookCredentials | undefined;
}

/** @internal Which webhook a kubeconfig is for, and so which token placeholder it carries. */
export type WebhookUse = 'authentication' | 'authorization';

const TOKEN_PLACEHOLDER: Record<WebhookUse, string> = {
  authentication: BOOTSTRAP_PLACEHOLDERS.authenticationWebhookToken,
  authorization: BOOTSTRAP_PLACEHOLDERS.authorizationWebhookToken,
};

/**
 * @internal The kubeconfig kube-apiserver reads for a webhook (client-go clientcmd v1 Config,
 * kubernetes/client-go@kubernetes-1.35.7:tools/clientcmd/api/v1/types.go): the webhook is
 * the cluster, kube-apiserver the user. TLS verification is never skipped.
 */
export function webhookKubeconfig(use: WebhookUse, props: WebhookProps): Record<string, unknown> {
  const creds = props.credentials ?? WebhookCredentials.none();
  const user: Record<string, unknown> =
    creds.type === WebhookCredentialsType.CLIENT_CERTIFICATE
      ? { 'client-certificate': creds.certificateFile, 'client-key': creds.keyFile }
      : creds.type === WebhookCredentialsType.BEARER_TOKEN
        ? { token: TOKEN_PLACEHOLDER[use] }
        : {};
  const name = `${use}-webhook`;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: props.server,
          ...(props.certificateAuthority ? { 'certificate-authority-data': Buffer.from(props.certificateAuthority).toString('base64') } : {}),
        },
      },
    ],
    users: [{ name: 'kube-apiserver', user }],
    contexts: [{ name, context: { cluster: name, user: 'kube-apiserver' } }],
    'current-context': name,
  };
}

/** @internal Whether the webhook's kubeconfig holds a secret placeholder. */
export function webhookKubeconfigSensitive(props: WebhookProps | undefined): boolean {
  return props?.credentials?.type === WebhookCredentialsType.BEARER_TOKEN;
}

const GO_DURATION = /^(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** @internal A Go duration (`time.ParseDuration`) in milliseconds, or undefined when it is not one. */
export function goDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !GO_DURATION.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return total;
}

/** @internal Whether a cache TTL is longer than the default it loosens. */
export function longerThan(ttl: string, defaultTtl: string): boolean {
  const ms = goDurationMs(ttl);
  return ms !== undefined && ms > goDurationMs(defaultTtl)!;
}
