import { PodSecurityLevel } from '../validation/pod-security';

/**
 * Admission plugins a definition can turn on beyond kube-apiserver's defaults
 * (kubernetes@v1.35 pkg/kubeapiserver/options/plugins.go, DefaultOffAdmissionPlugins
 * minus the ones clusterforge always enables). NodeRestriction is always on.
 */
export enum AdmissionPlugin {
  /** Every pod pulls its images with its own credentials, so a cached private image is not reused by another tenant. */
  ALWAYS_PULL_IMAGES = 'AlwaysPullImages',
  /** Limits the rate of Event writes, server-wide and per namespace. */
  EVENT_RATE_LIMIT = 'EventRateLimit',
  /** Refuses new Service `externalIPs` (CVE-2020-8554). */
  DENY_SERVICE_EXTERNAL_IPS = 'DenyServiceExternalIPs',
  /** Merges a namespace's `scheduler.alpha.kubernetes.io/node-selector` annotation into its pods. */
  POD_NODE_SELECTOR = 'PodNodeSelector',
  /** Merges and checks namespace toleration whitelists. */
  POD_TOLERATION_RESTRICTION = 'PodTolerationRestriction',
  /** Only users who may delete an object may set `blockOwnerDeletion` on it. */
  OWNER_REFERENCES_PERMISSION_ENFORCEMENT = 'OwnerReferencesPermissionEnforcement',
}

/**
 * @internal
 * Every admission plugin kube-apiserver v1.35 registers (AllOrderedPlugins of
 * kubernetes@v1.35 pkg/kubeapiserver/options/plugins.go plus the generic ones of
 * kubernetes/apiserver@kubernetes-1.35.7), to tell a misspelled or removed name from a real one.
 * The kubernetes/kubernetes snapshot is over the size the fetch tool brings here, so the file
 * was not read at the tag: the list is the stored plugins.go of v1.34 (ending with
 * PodTopologyLabels) plus NodeDeclaredFeatureValidator, new in v1.35 (kubernetes#133389; its
 * helper package nodedeclaredfeatures first appears in kubernetes/component-helpers at
 * kubernetes-1.35.x), and it matches the `--enable-admission-plugins` list of the v1.35
 * kube-apiserver reference. JobValidation, PodGroupWorkloadExists, PodGroupProtection and
 * PodResizeValidator came after v1.35.
 */
export const KNOWN_ADMISSION_PLUGINS: readonly string[] = [
  'AlwaysAdmit', 'AlwaysDeny', 'AlwaysPullImages', 'CertificateApproval', 'CertificateSigning', 'CertificateSubjectRestriction',
  'ClusterTrustBundleAttest', 'DefaultIngressClass', 'DefaultStorageClass', 'DefaultTolerationSeconds', 'DenyServiceExternalIPs',
  'EventRateLimit', 'ExtendedResourceToleration', 'ImagePolicyWebhook', 'LimitPodHardAntiAffinityTopology', 'LimitRanger',
  'MutatingAdmissionPolicy', 'MutatingAdmissionWebhook', 'NamespaceAutoProvision', 'NamespaceExists', 'NamespaceLifecycle',
  'NodeDeclaredFeatureValidator', 'NodeRestriction', 'OwnerReferencesPermissionEnforcement', 'PersistentVolumeClaimResize',
  'PodNodeSelector', 'PodSecurity', 'PodTolerationRestriction', 'PodTopologyLabels', 'Priority', 'ResourceQuota', 'RuntimeClass',
  'ServiceAccount', 'StorageObjectInUseProtection', 'TaintNodesByCondition', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook',
];

/** The cluster-wide Pod Security Admission defaults, for every namespace without its own labels. */
export interface PodSecurityDefaultsProps {
  /**
   * Level enforced on namespaces without an enforce label. `privileged` is refused: it
   * would let anyone who can create a pod in `default` run a privileged or hostPath pod.
   * @default PodSecurityLevel.BASELINE
   */
  readonly enforce?: PodSecurityLevel | undefined;
  /**
   * Level recorded in the audit log.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly audit?: PodSecurityLevel | undefined;
  /**
   * Level returned to clients as warnings.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly warn?: PodSecurityLevel | undefined;
  /**
   * Policy version of the three modes, `latest` or `vMAJOR.MINOR`.
   * @default - the cluster's minor version, e.g. `v1.35`
   */
  readonly version?: string | undefined;
  /**
   * Namespaces Pod Security Admission skips entirely.
   * @default ['kube-system']
   */
  readonly exemptNamespaces?: readonly string[] | undefined;
  /**
   * Users (authenticated names) whose requests are not checked.
   * @default - none
   */
  readonly exemptUsernames?: readonly string[] | undefined;
  /**
   * RuntimeClasses whose pods are not checked.
   * @default - none
   */
  readonly exemptRuntimeClasses?: readonly string[] | undefined;
}

/** Admission control of kube-apiserver: the plugins beyond NodeRestriction, and the cluster-wide Pod Security defaults. */
export interface AdmissionProps {
  /**
   * Admission plugins on top of kube-apiserver's defaults and NodeRestriction.
   * @default - none
   */
  readonly plugins?: readonly AdmissionPlugin[] | undefined;
  /**
   * Let Services set `spec.externalIPs`. By default the DenyServiceExternalIPs admission plugin
   * refuses new external IPs: whoever may create a Service (every tenant developer) could
   * otherwise claim any IP and intercept its traffic cluster-wide (CVE-2020-8554). LoadBalancer
   * Services (MetalLB, cloud load balancers) and NodePorts do not use the field.
   * @default false
   */
  readonly allowServiceExternalIPs?: boolean | undefined;
  /**
   * The cluster-wide Pod Security defaults. The model's namespaces keep their own labels.
   * @default - enforce baseline, audit and warn restricted, kube-system exempt
   */
  readonly podSecurity?: PodSecurityDefaultsProps | undefined;
  /**
   * PodSecurityPolicy was removed in Kubernetes v1.25; setting this is an error that
   * points to `podSecurity` (Pod Security Admission).
   * @default false
   */
  readonly podSecurityPolicy?: boolean | undefined;
}

/** @internal Cluster-wide Pod Security defaults after defaults are applied. */
export interface ResolvedPodSecurityDefaults {
  readonly enforce: PodSecurityLevel;
  readonly audit: PodSecurityLevel;
  readonly warn: PodSecurityLevel;
  readonly version: string;
  readonly exemptNamespaces: readonly string[];
  readonly exemptUsernames: readonly string[];
  readonly exemptRuntimeClasses: readonly string[];
}

/** @internal Cluster-wide Pod Security defaults, resolved in one place: enforce baseline, audit and warn restricted, kube-system exempt. */
export const POD_SECURITY_DEFAULTS = {
  enforce: PodSecurityLevel.BASELINE,
  audit: PodSecurityLevel.RESTRICTED,
  warn: PodSecurityLevel.RESTRICTED,
  exemptNamespaces: ['kube-system'] as readonly string[],
};

/** @internal The cluster-wide Pod Security defaults with every default filled in, pinned to the cluster's minor version. */
export function resolvePodSecurityDefaults(props: PodSecurityDefaultsProps = {}, minorVersion: string): ResolvedPodSecurityDefaults {
  return {
    enforce: props.enforce ?? POD_SECURITY_DEFAULTS.enforce,
    audit: props.audit ?? POD_SECURITY_DEFAULTS.audit,
    warn: props.warn ?? POD_SECURITY_DEFAULTS.warn,
    version: props.version ?? minorVersion,
    exemptNamespaces: props.exemptNamespaces ?? POD_SECURITY_DEFAULTS.exemptNamespaces,
    exemptUsernames: props.exemptUsernames ?? [],
    exemptRuntimeClasses: props.exemptRuntimeClasses ?? [],
  };
}

/**
 * @internal The plugins `--enable-admission-plugins` lists: NodeRestriction, DenyServiceExternalIPs
 * unless external IPs are allowed, then the opt-ins in the order given.
 */
export function enabledAdmissionPlugins(props: AdmissionProps = {}): string[] {
  const denyExternalIps = props.allowServiceExternalIPs ? [] : [AdmissionPlugin.DENY_SERVICE_EXTERNAL_IPS];
  return [...new Set(['NodeRestriction', ...denyExternalIps, ...(props.plugins ?? [])])];
}

// eventratelimit.admission.k8s.io/v1alpha1 (kubernetes@v1.35 plugin/pkg/admission/eventratelimit/apis/eventratelimit/v1alpha1/types.go).
const EVENT_RATE_LIMIT_CONFIGURATION = {
  apiVersion: 'eventratelimit.admission.k8s.io/v1alpha1',
  kind: 'Configuration',
  limits: [
    { type: 'Server', qps: 50, burst: 100 },
    { type: 'Namespace', qps: 10, burst: 50, cacheSize: 2000 },
  ],
};

/** @internal The AdmissionConfiguration kube-apiserver reads with `--admission-control-config-file`. */
export function admissionConfiguration(props: AdmissionProps, ps: ResolvedPodSecurityDefaults): Record<string, unknown> {
  const exemptions = {
    ...(ps.exemptUsernames.length ? { usernames: [...ps.exemptUsernames] } : {}),
    ...(ps.exemptNamespaces.length ? { namespaces: [...ps.exemptNamespaces] } : {}),
    ...(ps.exemptRuntimeClasses.length ? { runtimeClasses: [...ps.exemptRuntimeClasses] } : {}),
  };
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AdmissionConfiguration',
    plugins: [
      {
        name: 'PodSecurity',
        configuration: {
          apiVersion: 'pod-security.admission.config.k8s.io/v1',
          kind: 'PodSecurityConfiguration',
          defaults: {
            enforce: ps.enforce,
            'enforce-version': ps.version,
            audit: ps.audit,
            'audit-version': ps.version,
            warn: ps.warn,
            'warn-version': ps.version,
          },
          exemptions,
        },
      },
      ...((props.plugins ?? []).includes(AdmissionPlugin.EVENT_RATE_LIMIT) ? [{ name: 'EventRateLimit', configuration: EVENT_RATE_LIMIT_CONFIGURATION }] : []),
    ],
  };
}
