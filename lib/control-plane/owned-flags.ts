// Flags of the control-plane components that the model decides. kubeadm writes most of
// them from the ClusterConfiguration clusterforge generates (kubeadm@v1.35
// cmd/kubeadm/app/phases/controlplane/manifests.go: getAPIServerCommand,
// getControllerManagerCommand, getSchedulerCommand; etcd: phases/etcd/local.go); an
// extra arg with the same name would override the model's value, and the DNS IP, SANs,
// certificates or security posture would silently disagree with it.

/** @internal A control-plane component whose flags a definition can extend. */
export enum ControlPlaneComponent {
  API_SERVER = 'kube-apiserver',
  CONTROLLER_MANAGER = 'kube-controller-manager',
  SCHEDULER = 'kube-scheduler',
  ETCD = 'etcd',
}

/** @internal A flag the model sets, and where the definition says what it should be. */
export interface OwnedFlag {
  readonly component: ControlPlaneComponent;
  /** Flag name without dashes. */
  readonly flag: string;
  /** The typed option that decides the flag's value (`set ... instead`), or why no option does. */
  readonly useInstead: string;
}

/** @internal A flag a Kubernetes release removed: the component refuses to start with it. */
export interface RemovedFlag {
  readonly component: ControlPlaneComponent;
  readonly flag: string;
  /** Minor version of the first release without the flag (`24` for v1.24). */
  readonly removedInMinor: number;
  /** What replaces it, when something does. */
  readonly replacement?: string | undefined;
}

const API = ControlPlaneComponent.API_SERVER;
const KCM = ControlPlaneComponent.CONTROLLER_MANAGER;
const SCHED = ControlPlaneComponent.SCHEDULER;
const ETCD = ControlPlaneComponent.ETCD;

const NODES = 'set each node’s address in ControlPlaneProps.nodes instead';
const ETCD_OPTION = 'set ClusterProps.etcd instead: Etcd.stacked(), or Etcd.external({ members, caFile, certFile, keyFile })';
const PKI = 'kubeadm generates and wires the cluster PKI';
const KUBECONFIG = 'kubeadm writes the component kubeconfigs';
const SERVICE_SUBNET = 'set ClusterProps.networking.serviceSubnet instead';

function hardening(option: string): string {
  return `set ControlPlaneProps.security.hardening.${option} instead`;
}

function owned(component: ControlPlaneComponent, useInstead: string, ...flags: string[]): OwnedFlag[] {
  return flags.map((flag) => ({ component, flag, useInstead }));
}

/**
 * @internal
 * The flags the model owns. Extend this table when the model takes over a flag (a later
 * hardening option, say): passing it through extra args then becomes an error naming the
 * option to use instead.
 */
export const OWNED_FLAGS: readonly OwnedFlag[] = [
  ...owned(API, NODES, 'advertise-address'),
  ...owned(API, 'set ControlPlaneProps.endpoint for the port clients use; kube-apiserver itself listens on 6443', 'secure-port'),
  ...owned(API, SERVICE_SUBNET, 'service-cluster-ip-range'),
  ...owned(
    API,
    'set ControlPlaneProps.security.authorization.webhook instead: Node,RBAC is always on, and clusterforge writes a structured AuthorizationConfiguration for a webhook',
    'authorization-mode',
    'authorization-config',
    'authorization-webhook-config-file',
    'authorization-webhook-version',
    'authorization-webhook-cache-authorized-ttl',
    'authorization-webhook-cache-unauthorized-ttl',
  ),
  ...owned(
    API,
    'set ControlPlaneProps.security.authentication.tokenWebhook instead: clusterforge writes the webhook kubeconfig with its credentials as placeholders, and asks for TokenReview v1',
    'authentication-token-webhook-config-file',
    'authentication-token-webhook-cache-ttl',
    'authentication-token-webhook-version',
  ),
  ...owned(
    API,
    "set ControlPlaneProps.security.authentication.authenticatingProxy instead: it adds the proxy to kubeadm's front-proxy settings, which the aggregation layer (metrics-server) needs intact",
    'requestheader-allowed-names',
    'requestheader-username-headers',
    'requestheader-group-headers',
    'requestheader-extra-headers-prefix',
    'requestheader-uid-headers',
  ),
  ...owned(API, ETCD_OPTION, 'etcd-servers', 'etcd-cafile', 'etcd-certfile', 'etcd-keyfile'),
  ...owned(
    API,
    'kubeadm owns the service-account issuer and the keys every projected token is signed with',
    'service-account-issuer',
    'service-account-key-file',
    'service-account-signing-key-file',
  ),
  ...owned(API, 'set ControlPlaneProps.security.encryptionAtRest instead: clusterforge writes the EncryptionConfiguration with its keys as placeholders, out of Git', 'encryption-provider-config'),
  ...owned(
    API,
    PKI,
    'client-ca-file',
    'tls-cert-file',
    'tls-private-key-file',
    'kubelet-client-certificate',
    'kubelet-client-key',
    'proxy-client-cert-file',
    'proxy-client-key-file',
    'requestheader-client-ca-file',
  ),
  ...owned(API, hardening('profiling'), 'profiling'),
  ...owned(API, hardening('serviceAccountLookup'), 'service-account-lookup'),
  ...owned(API, hardening('tlsMinVersion'), 'tls-min-version'),
  ...owned(API, hardening('tlsCipherSuites'), 'tls-cipher-suites'),
  ...owned(API, 'set ControlPlaneProps.security.admission.plugins instead; NodeRestriction is always on', 'enable-admission-plugins'),
  ...owned(API, 'set ControlPlaneProps.security.admission instead: clusterforge writes the AdmissionConfiguration with the Pod Security defaults', 'admission-control-config-file'),
  ...owned(
    API,
    'set ControlPlaneProps.security.audit instead: clusterforge writes the audit policy and mounts the log directory',
    'audit-policy-file',
    'audit-log-path',
    'audit-log-maxage',
    'audit-log-maxbackup',
    'audit-log-maxsize',
  ),
  ...owned(
    API,
    'set ControlPlaneProps.security.authentication instead: clusterforge writes a structured AuthenticationConfiguration, which kube-apiserver refuses beside these flags',
    'authentication-config',
    'anonymous-auth',
    'oidc-issuer-url',
    'oidc-client-id',
    'oidc-username-claim',
    'oidc-username-prefix',
    'oidc-groups-claim',
    'oidc-groups-prefix',
    'oidc-ca-file',
    'oidc-required-claim',
    'oidc-signing-algs',
  ),
  ...owned(API, 'static token files keep long-lived bearer tokens in clear on every control-plane node and change only with a restart; use security.authentication.oidc or service-account tokens', 'token-auth-file'),
  ...owned(API, 'ABAC is refused (security.authorization.abac): its policy file changes only with a restart on every node and is invisible to the API; Node,RBAC is on', 'authorization-policy-file'),
  ...owned(KCM, hardening('profiling'), 'profiling'),
  ...owned(KCM, hardening('useServiceAccountCredentials'), 'use-service-account-credentials'),
  ...owned(SCHED, hardening('profiling'), 'profiling'),
  ...owned(KCM, SERVICE_SUBNET, 'service-cluster-ip-range'),
  ...owned(KCM, 'set ClusterProps.networking.podSubnet instead', 'cluster-cidr', 'allocate-node-cidrs'),
  ...owned(KCM, 'set ClusterProps.name instead', 'cluster-name'),
  ...owned(KCM, PKI, 'cluster-signing-cert-file', 'cluster-signing-key-file', 'root-ca-file', 'service-account-private-key-file'),
  ...owned(KCM, KUBECONFIG, 'kubeconfig', 'authentication-kubeconfig', 'authorization-kubeconfig'),
  ...owned(SCHED, KUBECONFIG, 'kubeconfig', 'authentication-kubeconfig', 'authorization-kubeconfig'),
  ...owned(ETCD, 'set Etcd.stacked({ dataDir }) instead', 'data-dir'),
  ...owned(ETCD, NODES, 'name', 'advertise-client-urls', 'initial-advertise-peer-urls', 'listen-client-urls', 'listen-peer-urls', 'initial-cluster'),
  ...owned(
    ETCD,
    'kubeadm generates the etcd PKI, and stacked etcd always requires client certificates',
    'cert-file',
    'key-file',
    'peer-cert-file',
    'peer-key-file',
    'trusted-ca-file',
    'peer-trusted-ca-file',
    'client-cert-auth',
    'peer-client-cert-auth',
  ),
];

/**
 * @internal
 * Flags the releases clusterforge supports no longer have; each component exits at
 * start-up on an unknown flag. Sources: the Kubernetes CHANGELOG of each release (named
 * per entry; ../shared/upstream holds no Kubernetes release to check them against, so
 * only removals well before v1.33 are listed, where the error holds for every supported
 * release whatever the exact version).
 */
export const REMOVED_FLAGS: readonly RemovedFlag[] = [
  // CHANGELOG-1.24: the insecure serving flags, inert since v1.20 (kubernetes#95856, whose release
  // note announced the removal in v1.24), are removed; kube-apiserver v1.24 exits with
  // `unknown flag: --insecure-port`.
  { component: API, flag: 'insecure-port', removedInMinor: 24 },
  { component: API, flag: 'insecure-bind-address', removedInMinor: 24 },
  { component: API, flag: 'address', removedInMinor: 24, replacement: 'bind-address' },
  { component: API, flag: 'port', removedInMinor: 24, replacement: 'secure-port (owned by the model)' },
  // CHANGELOG-1.24: kube-controller-manager's insecure --address and --port, inert since v1.20, are removed too.
  { component: KCM, flag: 'address', removedInMinor: 24, replacement: 'bind-address' },
  { component: KCM, flag: 'port', removedInMinor: 24, replacement: 'secure-port' },
  // CHANGELOG-1.19: static password files are no longer supported.
  { component: API, flag: 'basic-auth-file', removedInMinor: 19 },
  // CHANGELOG-1.13 (kubernetes#69527); checked: the flag is registered in
  // kubernetes/apiserver@kubernetes-1.12.0:pkg/server/options/etcd.go and gone at kubernetes-1.13.0.
  { component: API, flag: 'etcd-quorum-read', removedInMinor: 13 },
  // CHANGELOG-1.14.
  { component: API, flag: 'repair-malformed-updates', removedInMinor: 14 },
  // CHANGELOG-1.25: replaced by cluster-signing-duration.
  { component: KCM, flag: 'experimental-cluster-signing-duration', removedInMinor: 25, replacement: 'cluster-signing-duration' },
  // CHANGELOG-1.27: taint-based eviction is always on; its timeout moved to the pods' tolerations.
  { component: KCM, flag: 'pod-eviction-timeout', removedInMinor: 27, replacement: 'tolerationSeconds on the not-ready and unreachable tolerations' },
  // CHANGELOG-1.23: the scheduler Policy API is removed.
  { component: SCHED, flag: 'policy-config-file', removedInMinor: 23, replacement: 'a KubeSchedulerConfiguration profile' },
  { component: SCHED, flag: 'policy-configmap', removedInMinor: 23, replacement: 'a KubeSchedulerConfiguration profile' },
  { component: SCHED, flag: 'policy-configmap-namespace', removedInMinor: 23, replacement: 'a KubeSchedulerConfiguration profile' },
  { component: SCHED, flag: 'use-legacy-policy-config', removedInMinor: 23, replacement: 'a KubeSchedulerConfiguration profile' },
];

/** @internal The model's entry for `flag` of `component`, if the model owns it. */
export function ownedFlag(component: ControlPlaneComponent, flag: string): OwnedFlag | undefined {
  return OWNED_FLAGS.find((f) => f.component === component && f.flag === flag);
}

/** @internal The removal of `flag` from `component` at or before minor version `minor`, if any. */
export function removedFlag(component: ControlPlaneComponent, flag: string, minor: number): RemovedFlag | undefined {
  return REMOVED_FLAGS.find((f) => f.component === component && f.flag === flag && f.removedInMinor <= minor);
}
