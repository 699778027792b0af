// CIS-aligned hardening of the control-plane components and the kubelet. Each item is on
// by default; turning one off is a typed option, and synthesis warns about each one.

/** TLS versions the Kubernetes components accept for `--tls-min-version` / `tlsMinVersion`. */
export enum TlsVersion {
  TLS_1_2 = 'VersionTLS12',
  TLS_1_3 = 'VersionTLS13',
}

/**
 * @internal
 * Cipher suites for TLS 1.2: ECDHE key exchange with AEAD ciphers only (the CIS
 * Kubernetes Benchmark's "strong ciphers"). Go does not let TLS 1.3 suites be configured.
 */
export const STRONG_TLS_CIPHER_SUITES: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

/**
 * @internal
 * The kernel tunables the kubelet checks at start-up with `protectKernelDefaults: true`
 * (kubernetes pkg/kubelet/cm/container_manager_linux.go, setupKernelTunables): with the
 * option on it refuses to start when one differs instead of setting it, so cloud-init
 * sets them first. Names and values are the constants of
 * kubernetes/component-helpers@kubernetes-1.35.7:node/util/sysctl/sysctl.go
 * (RootMaxBytesSetting = RootMaxKeysSetting * 25); the six-entry desiredState map is the same
 * in every stored version of container_manager_linux.go from v1.17 to the newest (the
 * kubernetes/kubernetes snapshot is too large to read at the tag here).
 */
export const KUBELET_KERNEL_TUNABLES: Readonly<Record<string, string>> = {
  'vm.overcommit_memory': '1',
  'vm.panic_on_oom': '0',
  'kernel.panic': '10',
  'kernel.panic_on_oops': '1',
  'kernel.keys.root_maxkeys': '1000000',
  'kernel.keys.root_maxbytes': '25000000',
};

/**
 * Loosenings of the hardened defaults. Every field is a deliberate choice: leaving it
 * unset keeps the hardened value, and setting it to the loose value makes synthesis warn.
 */
export interface HardeningProps {
  /**
   * Serve `/debug/pprof` on kube-apiserver, kube-controller-manager and kube-scheduler.
   * @default false
   */
  readonly profiling?: boolean | undefined;
  /**
   * Let the kubelet accept anonymous requests on its API (port 10250).
   * @default false
   */
  readonly kubeletAnonymousAuth?: boolean | undefined;
  /**
   * The kubelet's unauthenticated read-only port; 0 closes it.
   * @default 0
   */
  readonly kubeletReadOnlyPort?: number | undefined;
  /**
   * Make the kubelet refuse to start when the kernel tunables differ from what it needs,
   * instead of changing them (cloud-init sets them, see KUBELET_KERNEL_TUNABLES).
   * @default true
   */
  readonly protectKernelDefaults?: boolean | undefined;
  /**
   * Minimum TLS version of kube-apiserver and the kubelet.
   * @default TlsVersion.TLS_1_2
   */
  readonly tlsMinVersion?: TlsVersion | undefined;
  /**
   * TLS 1.2 cipher suites of kube-apiserver and the kubelet; an empty list keeps Go's defaults.
   * @default STRONG_TLS_CIPHER_SUITES
   */
  readonly tlsCipherSuites?: readonly string[] | undefined;
  /**
   * Check that a service-account token's Secret still exists (`--service-account-lookup`),
   * so deleting it revokes the token.
   * @default true
   */
  readonly serviceAccountLookup?: boolean | undefined;
  /**
   * Run each controller of kube-controller-manager with its own service account
   * (`--use-service-account-credentials`), so each gets only its RBAC role.
   * @default true
   */
  readonly useServiceAccountCredentials?: boolean | undefined;
}

/** @internal The hardening settings with every default resolved. */
export interface ResolvedHardening {
  readonly profiling: boolean;
  readonly kubeletAnonymousAuth: boolean;
  readonly kubeletReadOnlyPort: number;
  readonly protectKernelDefaults: boolean;
  readonly tlsMinVersion: TlsVersion;
  readonly tlsCipherSuites: readonly string[];
  readonly serviceAccountLookup: boolean;
  readonly useServiceAccountCredentials: boolean;
}

/** @internal Component hardening defaults, resolved in one place: every item on. */
export const HARDENING_DEFAULTS: ResolvedHardening = {
  profiling: false,
  kubeletAnonymousAuth: false,
  kubeletReadOnlyPort: 0,
  protectKernelDefaults: true,
  tlsMinVersion: TlsVersion.TLS_1_2,
  tlsCipherSuites: STRONG_TLS_CIPHER_SUITES,
  serviceAccountLookup: true,
  useServiceAccountCredentials: true,
};

/** @internal The hardening settings with every default filled in. */
export function resolveHardening(props: HardeningProps = {}): ResolvedHardening {
  const out: Record<string, unknown> = { ...HARDENING_DEFAULTS };
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = v;
  return out as unknown as ResolvedHardening;
}

/** @internal One hardening item: what it is, whether it is on, and the setting behind it. */
export interface HardeningItem {
  /** The option of HardeningProps that decides it. */
  readonly option: keyof HardeningProps;
  readonly title: string;
  readonly on: boolean;
  /** The setting as written to the component. */
  readonly setting: string;
  /** What is lost when it is off. */
  readonly risk: string;
}

/** @internal Every hardening item, in report order. */
export function hardeningItems(h: ResolvedHardening): HardeningItem[] {
  return [
    {
      option: 'profiling',
      title: 'Profiling off on kube-apiserver, kube-controller-manager and kube-scheduler',
      on: !h.profiling,
      setting: `--profiling=${h.profiling}`,
      risk: 'the /debug/pprof endpoints expose program internals and can be used to load the components',
    },
    {
      option: 'kubeletAnonymousAuth',
      title: 'Kubelet anonymous authentication off',
      on: !h.kubeletAnonymousAuth,
      setting: `KubeletConfiguration authentication.anonymous.enabled: ${h.kubeletAnonymousAuth}`,
      risk: 'anyone reaching port 10250 is system:anonymous on the kubelet API',
    },
    {
      option: 'kubeletReadOnlyPort',
      title: 'Kubelet read-only port closed',
      on: h.kubeletReadOnlyPort === 0,
      setting: `KubeletConfiguration readOnlyPort: ${h.kubeletReadOnlyPort}`,
      risk: 'the read-only port serves pod specs and metrics without authentication',
    },
    {
      option: 'protectKernelDefaults',
      title: 'Kubelet protects kernel defaults',
      on: h.protectKernelDefaults,
      setting: `KubeletConfiguration protectKernelDefaults: ${h.protectKernelDefaults}`,
      risk: 'the kubelet silently changes kernel tunables instead of refusing a node that differs',
    },
    {
      option: 'tlsMinVersion',
      title: 'TLS 1.2 or newer on kube-apiserver and the kubelet',
      on: h.tlsMinVersion === TlsVersion.TLS_1_2 || h.tlsMinVersion === TlsVersion.TLS_1_3,
      setting: `--tls-min-version=${h.tlsMinVersion}; KubeletConfiguration tlsMinVersion: ${h.tlsMinVersion}`,
      risk: 'older TLS versions have known weaknesses',
    },
    {
      option: 'tlsCipherSuites',
      title: 'Strong TLS cipher suites on kube-apiserver and the kubelet',
      on: h.tlsCipherSuites.length > 0,
      setting: h.tlsCipherSuites.length > 0 ? `--tls-cipher-suites=${h.tlsCipherSuites.join(',')}; KubeletConfiguration tlsCipherSuites` : "Go's default suites",
      risk: "Go's default list includes CBC-mode and non-ECDHE suites",
    },
    {
      option: 'serviceAccountLookup',
      title: 'Service-account tokens checked against their Secret',
      on: h.serviceAccountLookup,
      setting: `--service-account-lookup=${h.serviceAccountLookup}`,
      risk: 'a token stays valid after its Secret is deleted',
    },
    {
      option: 'useServiceAccountCredentials',
      title: 'Each controller runs with its own service account',
      on: h.useServiceAccountCredentials,
      setting: `--use-service-account-credentials=${h.useServiceAccountCredentials}`,
      risk: "every controller runs with kube-controller-manager's own, much wider, permissions",
    },
  ];
}
