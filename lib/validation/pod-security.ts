// Pod Security Standards (PSS), as the upstream `k8s.io/pod-security-admission` package
// evaluates them for the newest policy version ("latest" = v1.35 on Kubernetes v1.35).
//
// Upstream sources: kubernetes/kubernetes, staging/src/k8s.io/pod-security-admission/policy/.
// Each check below names the upstream file it mirrors and the policy revision it implements.
// Only the newest revision of each check is implemented; older pinned policy versions
// (`enforce-version: v1.2x`) are not modelled.
//
// Differences in shape (not in outcome) from upstream:
// - Upstream returns one aggregated result per check; here every offending field is reported
//   as its own violation, so a pod lists all of its problems at once.
// - Upstream sees objects after API defaulting. The one defaulting that matters here is a
//   volume without any source, which the API server turns into `emptyDir`; it is treated so.

/** The three Pod Security Standards levels. */
export enum PodSecurityLevel {
  PRIVILEGED = 'privileged',
  BASELINE = 'baseline',
  RESTRICTED = 'restricted',
}

/** @internal One field of a pod that a Pod Security Standards check rejects. */
export interface PodSecurityViolation {
  /** upstream check ID, e.g. 'hostNamespaces', 'privileged', 'capabilities_baseline', 'hostPathVolumes', 'hostPorts', 'appArmorProfile', 'seLinuxOptions', 'procMount', 'seccompProfile_baseline', 'sysctls', 'restrictedVolumes', 'allowPrivilegeEscalation', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted', 'capabilities_restricted', 'hostProbesAndHostLifecycle', 'windowsHostProcess' … use upstream's IDs */
  readonly check: string;
  /** the level whose check failed */
  readonly level: PodSecurityLevel;
  /** field path inside the pod template, e.g. 'spec.containers[agent].securityContext.privileged' */
  readonly field: string;
  /** what is wrong and what is allowed */
  readonly message: string;
}

/** @internal A JSON object, as found in a Kubernetes manifest. */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * @internal
 * Evaluates a pod's metadata+spec (plain JSON as in the Kubernetes API: PodSpec with containers,
 * initContainers, ephemeralContainers, volumes, securityContext, hostNetwork...; metadata.annotations
 * for legacy AppArmor/seccomp annotations) against every check of `level` (restricted includes all
 * baseline checks; privileged checks nothing). Returns all violations, [] when it passes.
 *
 * Field paths are relative to the pod (template): prefix them with `podTemplateOf(...).pathPrefix`
 * to address them inside a workload object.
 */
export function evaluatePodSecurity(
  pod: { readonly metadata?: unknown; readonly spec: unknown },
  level: PodSecurityLevel,
): PodSecurityViolation[] {
  const checks = checksFor(level);
  const view = podView(pod);
  const violations: PodSecurityViolation[] = [];
  for (const check of checks) {
    for (const finding of check.evaluate(view)) {
      violations.push({ check: check.id, level: check.level, field: finding.field, message: finding.message });
    }
  }
  return violations;
}

/**
 * @internal
 * Finds the pod template inside a workload object (Pod, Deployment, DaemonSet, StatefulSet, ReplicaSet,
 * Job, CronJob -> spec.jobTemplate.spec.template; also ReplicationController and PodTemplate, which
 * upstream admission checks too), or undefined for other kinds or when the object has no pod spec.
 * Also returns the path prefix (e.g. 'spec.template'; '' for a Pod).
 */
export function podTemplateOf(
  obj: unknown,
): { readonly metadata?: JsonObject | undefined; readonly spec: JsonObject; readonly pathPrefix: string } | undefined {
  const o = asObject(obj);
  if (!o) return undefined;
  const path = typeof o.kind === 'string' ? TEMPLATE_PATHS.get(o.kind) : undefined;
  if (path === undefined) return undefined;
  const template = path.reduce<JsonObject | undefined>((at, key) => asObject(at?.[key]), o);
  const spec = asObject(template?.spec);
  if (!template || !spec) return undefined;
  const metadata = asObject(template.metadata);
  const pathPrefix = path.join('.');
  return metadata ? { metadata, spec, pathPrefix } : { spec, pathPrefix };
}

/** Where each workload kind keeps its pod (template), as keys from the object root. */
const TEMPLATE_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', []],
  ['PodTemplate', ['template']],
  ['ReplicationController', ['spec', 'template']],
  ['ReplicaSet', ['spec', 'template']],
  ['Deployment', ['spec', 'template']],
  ['StatefulSet', ['spec', 'template']],
  ['DaemonSet', ['spec', 'template']],
  ['Job', ['spec', 'template']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
]);

// ---------------------------------------------------------------------------------------------
// Check table
// ---------------------------------------------------------------------------------------------

interface Finding {
  readonly field: string;
  readonly message: string;
}

interface PodSecurityCheck {
  /** Upstream check ID. */
  readonly id: string;
  /** Baseline checks also run at restricted (unless overridden); restricted checks only there. */
  readonly level: PodSecurityLevel.BASELINE | PodSecurityLevel.RESTRICTED;
  /** Baseline checks this restricted check replaces (upstream `OverrideCheckIDs`). */
  readonly overrides?: readonly string[] | undefined;
  readonly evaluate: (pod: PodView) => readonly Finding[];
}

const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;

/** Every check of the latest policy version, baseline first, in upstream's documentation order. */
const CHECKS: readonly PodSecurityCheck[] = [
  { id: 'hostNamespaces', level: B, evaluate: checkHostNamespaces },
  { id: 'privileged', level: B, evaluate: checkPrivileged },
  { id: 'capabilities_baseline', level: B, evaluate: checkCapabilitiesBaseline },
  { id: 'hostPathVolumes', level: B, evaluate: checkHostPathVolumes },
  { id: 'hostPorts', level: B, evaluate: checkHostPorts },
  { id: 'appArmorProfile', level: B, evaluate: checkAppArmorProfile },
  { id: 'seLinuxOptions', level: B, evaluate: checkSeLinuxOptions },
  { id: 'procMount', level: B, evaluate: checkProcMountBaseline },
  { id: 'seccompProfile_baseline', level: B, evaluate: checkSeccompProfileBaseline },
  { id: 'sysctls', level: B, evaluate: checkSysctls },
  { id: 'windowsHostProcess', level: B, evaluate: checkWindowsHostProcess },
  { id: 'hostProbesAndHostLifecycle', level: B, evaluate: checkHostProbesAndHostLifecycle },
  { id: 'restrictedVolumes', level: R, overrides: ['hostPathVolumes'], evaluate: checkRestrictedVolumes },
  { id: 'allowPrivilegeEscalation', level: R, evaluate: checkAllowPrivilegeEscalation },
  { id: 'runAsNonRoot', level: R, evaluate: checkRunAsNonRoot },
  { id: 'runAsUser', level: R, evaluate: checkRunAsUser },
  {
    id: 'seccompProfile_restricted',
    level: R,
    overrides: ['seccompProfile_baseline'],
    evaluate: checkSeccompProfileRestricted,
  },
  {
    id: 'capabilities_restricted',
    level: R,
    overrides: ['capabilities_baseline'],
    evaluate: checkCapabilitiesRestricted,
  },
  { id: 'procMount_restricted', level: R, overrides: ['procMount'], evaluate: checkProcMountRestricted },
];

const BASELINE_CHECKS = CHECKS.filter((c) => c.level === B);
const OVERRIDDEN_AT_RESTRICTED = new Set(CHECKS.flatMap((c) => (c.level === R ? (c.overrides ?? []) : [])));
const RESTRICTED_CHECKS = CHECKS.filter((c) => !OVERRIDDEN_AT_RESTRICTED.has(c.id));

function checksFor(level: PodSecurityLevel): readonly PodSecurityCheck[] {
  switch (level) {
    case PodSecurityLevel.PRIVILEGED:
      return [];
    case PodSecurityLevel.BASELINE:
      return BASELINE_CHECKS;
    case PodSecurityLevel.RESTRICTED:
      return RESTRICTED_CHECKS;
    default:
      throw new Error(`unknown Pod Security level ${JSON.stringify(level)}; expected privileged, baseline or restricted`);
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline checks
// ---------------------------------------------------------------------------------------------

// upstream: pod-security-admission/policy/check_hostNamespaces.go (policy 1.0)
function checkHostNamespaces(pod: PodView): Finding[] {
  const findings: Finding[] = [];
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (pod.spec[key] === true) {
      findings.push({
        field: `spec.${key}`,
        message: `${key}=true shares a host namespace with the pod; allowed: false or unset`,
      });
    }
  }
  return findings;
}

// upstream: pod-security-admission/policy/check_privileged.go (policy 1.0)
function checkPrivileged(pod: PodView): Finding[] {
  return pod.containers
    .filter((c) => c.securityContext?.privileged === true)
    .map((c) => ({
      field: `${c.path}.securityContext.privileged`,
      message: `${c.label} must not set securityContext.privileged=true; allowed: false or unset`,
    }));
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

// upstream: pod-security-admission/policy/check_capabilities_baseline.go (policy 1.0)
function checkCapabilitiesBaseline(pod: PodView): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.containers) {
    const added = asArray(asObject(c.securityContext?.capabilities)?.add).map(String);
    const forbidden = unique(added.filter((cap) => !BASELINE_CAPABILITIES.has(cap)));
    if (forbidden.length > 0) {
      findings.push({
        field: `${c.path}.securityContext.capabilities.add`,
        message:
          `${c.label} must not add ${quoteList(forbidden)} in securityContext.capabilities.add; ` +
          `allowed: ${[...BASELINE_CAPABILITIES].join(', ')}`,
      });
    }
  }
  return findings;
}

// upstream: pod-security-admission/policy/check_hostPathVolumes.go (policy 1.0)
function checkHostPathVolumes(pod: PodView): Finding[] {
  return pod.volumes
    .filter((v) => isSet(v.volume.hostPath))
    .map((v) => ({
      field: `${v.path}.hostPath`,
      message: `volume ${quote(v.name)} must not use hostPath; use another volume type`,
    }));
}

// upstream: pod-security-admission/policy/check_hostPorts.go (policy 1.0)
function checkHostPorts(pod: PodView): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.containers) {
    asArray(c.container.ports).forEach((entry, i) => {
      const hostPort = asObject(entry)?.hostPort;
      if (isSet(hostPort) && hostPort !== 0) {
        findings.push({
          field: `${c.path}.ports[${i}].hostPort`,
          message: `${c.label} must not use hostPort ${String(hostPort)}; allowed: 0 or unset`,
        });
      }
    });
  }
  return findings;
}

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);

// upstream: pod-security-admission/policy/check_appArmorProfile.go (policy 1.0; the
// securityContext.appArmorProfile fields were added to that same revision in Kubernetes 1.30)
function checkAppArmorProfile(pod: PodView): Finding[] {
  const findings: Finding[] = [];
  for (const s of securityContexts(pod)) {
    const profile = asObject(s.securityContext.appArmorProfile);
    if (profile && !APPARMOR_TYPES.has(String(profile.type ?? ''))) {
      findings.push({
        field: `${s.path}.appArmorProfile.type`,
        message:
          `${s.label} must not set securityContext.appArmorProfile.type to ${quote(profile.type ?? '')}; ` +
          'allowed: "RuntimeDefault", "Localhost" or unset',
      });
    }
  }
  for (const [key, value] of Object.entries(pod.annotations)) {
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(value)) {
      findings.push({
        field: `metadata.annotations[${key}]`,
        message: `annotation ${key}=${quote(value)} sets a forbidden AppArmor profile; allowed: "runtime/default", "localhost/*" or empty`,
      });
    }
  }
  return findings;
}

function allowedAppArmorAnnotation(value: unknown): boolean {
  const v = typeof value === 'string' ? value : String(value ?? '');
  return v === '' || v === 'runtime/default' || v.startsWith('localhost/');
}

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

// upstream: pod-security-admission/policy/check_seLinuxOptions.go (policy 1.31: adds container_engine_t)
function checkSeLinuxOptions(pod: PodView): Finding[] {
  const findings: Finding[] = [];
  for (const s of securityContexts(pod)) {
    const options = asObject(s.securityContext.seLinuxOptions);
    if (!options) continue;
    const type = String(options.type ?? '');
    if (!SELINUX_TYPES.has(type)) {
      findings.push({
        field: `${s.path}.seLinuxOptions.type`,
        message:
          `${s.label} must not set securityContext.seLinuxOptions.type to ${quote(type)}; ` +
          'allowed: "container_t", "container_init_t", "container_kvm_t", "container_engine_t" or unset',
      });
    }
    for (const key of ['user', 'role']) {
      if (String(options[key] ?? '') !== '') {
        findings.push({
          field: `${s.path}.seLinuxOptions.${key}`,
          message: `${s.label} must not set securityContext.seLinuxOptions.${key}; allowed: unset or empty`,
        });
      }
    }
  }
  return findings;
}

// upstream: pod-security-admission/policy/check_procMount_baseline.go (policy 1.35: relaxed for
// user-namespace pods, hostUsers: false)
function checkProcMountBaseline(pod: PodView): Finding[] {
  return runsInUserNamespace(pod) ? [] : procMountFindings(pod);
}

function procMountFindings(pod: PodView): Finding[] {
  return pod.containers
    .filter((c) => isSet(c.securityContext?.procMount) && c.securityContext?.procMount !== 'Default')
    .map((c) => ({
      field: `${c.path}.securityContext.procMount`,
      message: `${c.label} must not set securityContext.procMount to ${quote(c.securityContext?.procMount)}; allowed: "Default" or unset`,
    }));
}

const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);

// upstream: pod-security-admission/policy/check_seccompProfile_baseline.go (policy 1.19: the
// seccompProfile fields; the alpha seccomp annotations are only checked by policy versions < 1.19)
function checkSeccompProfileBaseline(pod: PodView): Finding[] {
  const findings: Finding[] = [];
  for (const s of securityContexts(pod)) {
    const profile = asObject(s.securityContext.seccompProfile);
    if (profile && !SECCOMP_TYPES.has(String(profile.type ?? ''))) {
      findings.push(badSeccompType(s, profile.type));
    }
  }
  return findings;
}

function badSeccompType(s: SecurityContextRef, type: unknown): Finding {
  return {
    field: `${s.path}.seccompProfile.type`,
    message: `${s.label} must not set securityContext.seccompProfile.type to ${quote(type ?? '')}; allowed: "RuntimeDefault" or "Localhost"`,
  };
}

const SAFE_SYSCTLS = new Set([
  // policy 1.0
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  // policy 1.27
  'net.ipv4.ip_local_reserved_ports',
  // policy 1.29
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  // policy 1.32
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

// upstream: pod-security-admission/policy/check_sysctls.go (policy 1.32)
function checkSysctls(pod: PodView): Finding[] {
  const findings: Finding[] = [];
  asArray(pod.podSecurityContext?.sysctls).forEach((entry, i) => {
    const name = asObject(entry)?.name;
    if (!SAFE_SYSCTLS.has(String(name ?? ''))) {
      findings.push({
        field: `spec.securityContext.sysctls[${listKey(name, i)}]`,
        message: `sysctl ${quote(name ?? '')} is not in the safe set; allowed: ${[...SAFE_SYSCTLS].join(', ')}`,
      });
    }
  });
  return findings;
}

// upstream: pod-security-admission/policy/check_windowsHostProcess.go (policy 1.0)
function checkWindowsHostProcess(pod: PodView): Finding[] {
  return securityContexts(pod)
    .filter((s) => asObject(s.securityContext.windowsOptions)?.hostProcess === true)
    .map((s) => ({
      field: `${s.path}.windowsOptions.hostProcess`,
      message: `${s.label} must not set securityContext.windowsOptions.hostProcess=true; allowed: false or unset`,
    }));
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'];
const HOST_ACTIONS = ['httpGet', 'tcpSocket'];

// upstream: pod-security-admission/policy/check_hostProbesAndhostLifecycle.go (policy 1.34)
function checkHostProbesAndHostLifecycle(pod: PodView): Finding[] {
  const findings: Finding[] = [];
  for (const c of pod.containers) {
    const handlers: Array<[string, JsonObject | undefined]> = [
      ...PROBES.map((p): [string, JsonObject | undefined] => [p, asObject(c.container[p])]),
      ...LIFECYCLE_HANDLERS.map((h): [string, JsonObject | undefined] => [
        `lifecycle.${h}`,
        asObject(asObject(c.container.lifecycle)?.[h]),
      ]),
    ];
    for (const [handlerPath, handler] of handlers) {
      for (const action of HOST_ACTIONS) {
        const host = asObject(handler?.[action])?.host;
        if (typeof host === 'string' && host !== '') {
          findings.push({
            field: `${c.path}.${handlerPath}.${action}.host`,
            message: `${c.label} must not set ${handlerPath}.${action}.host (${quote(host)}); allowed: empty or unset`,
          });
        }
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Restricted checks
// ---------------------------------------------------------------------------------------------

const ALLOWED_VOLUME_SOURCES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  // allowed since Kubernetes 1.33 (kubernetes/kubernetes#130394), patched into the 1.0 revision
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

// upstream: pod-security-admission/policy/check_restrictedVolumes.go (policy 1.0; overrides hostPathVolumes)
function checkRestrictedVolumes(pod: PodView): Finding[] {
  const findings: Finding[] = [];
  for (const v of pod.volumes) {
    const sources = Object.keys(v.volume).filter((key) => key !== 'name' && isSet(v.volume[key]));
    // No source at all: the API server defaults the volume to emptyDir.
    if (sources.length === 0 || sources.some((s) => ALLOWED_VOLUME_SOURCES.has(s))) continue;
    findings.push({
      field: `${v.path}.${sources[0]}`,
      message:
        `volume ${quote(v.name)} uses restricted volume type ${quote(sources[0])}; ` +
        `allowed: ${[...ALLOWED_VOLUME_SOURCES].join(', ')}`,
    });
  }
  return findings;
}

// upstream: pod-security-admission/policy/check_allowPrivilegeEscalation.go (policy 1.25: Windows pods exempt)
function checkAllowPrivilegeEscalation(pod: PodView): Finding[] {
  if (isWindowsPod(pod)) return [];
  return pod.containers
    .filter((c) => c.securityContext?.allowPrivilegeEscalation !== false)
    .map((c) => ({
      field: `${c.path}.securityContext.allowPrivilegeEscalation`,
      message: `${c.label} must set securityContext.allowPrivilegeEscalation=false`,
    }));
}

// upstream: pod-security-admission/policy/check_runAsNonRoot.go (policy 1.35: relaxed for hostUsers: false)
function checkRunAsNonRoot(pod: PodView): Finding[] {
  if (runsInUserNamespace(pod)) return [];
  const findings: Finding[] = [];
  const podValue = pod.podSecurityContext?.runAsNonRoot;
  if (isSet(podValue) && podValue !== true) {
    findings.push({
      field: 'spec.securityContext.runAsNonRoot',
      message: 'pod must not set securityContext.runAsNonRoot=false; allowed: true',
    });
  }
  for (const c of pod.containers) {
    const value = c.securityContext?.runAsNonRoot;
    if (isSet(value) ? value !== true : !isSet(podValue)) {
      findings.push({
        field: `${c.path}.securityContext.runAsNonRoot`,
        message: isSet(value)
          ? `${c.label} must not set securityContext.runAsNonRoot=false; allowed: true`
          : `pod or ${c.label} must set securityContext.runAsNonRoot=true`,
      });
    }
  }
  return findings;
}

// upstream: pod-security-admission/policy/check_runAsUser.go (policy 1.35: relaxed for hostUsers: false)
function checkRunAsUser(pod: PodView): Finding[] {
  if (runsInUserNamespace(pod)) return [];
  return securityContexts(pod)
    .filter((s) => s.securityContext.runAsUser === 0)
    .map((s) => ({
      field: `${s.path}.runAsUser`,
      message: `${s.label} must not set securityContext.runAsUser=0; allowed: a non-zero UID or unset`,
    }));
}

// upstream: pod-security-admission/policy/check_seccompProfile_restricted.go (policy 1.25: Windows pods
// exempt; overrides seccompProfile_baseline)
function checkSeccompProfileRestricted(pod: PodView): Finding[] {
  if (isWindowsPod(pod)) return [];
  const findings: Finding[] = [];
  const [podContext, ...containerContexts] = securityContexts(pod, { includeUnset: true });
  const podProfile = asObject(podContext.securityContext.seccompProfile);
  if (podProfile && !SECCOMP_TYPES.has(String(podProfile.type ?? ''))) {
    findings.push(badSeccompType(podContext, podProfile.type));
  }
  for (const s of containerContexts) {
    const profile = asObject(s.securityContext.seccompProfile);
    if (profile) {
      if (!SECCOMP_TYPES.has(String(profile.type ?? ''))) findings.push(badSeccompType(s, profile.type));
    } else if (!podProfile) {
      // A pod-level value that is set but bad is reported once, above.
      findings.push({
        field: `${s.path}.seccompProfile.type`,
        message: `pod or ${s.label} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      });
    }
  }
  return findings;
}

// upstream: pod-security-admission/policy/check_capabilities_restricted.go (policy 1.25: Windows pods
// exempt; overrides capabilities_baseline)
function checkCapabilitiesRestricted(pod: PodView): Finding[] {
  if (isWindowsPod(pod)) return [];
  const findings: Finding[] = [];
  for (const c of pod.containers) {
    const capabilities = asObject(c.securityContext?.capabilities);
    if (!asArray(capabilities?.drop).includes('ALL')) {
      findings.push({
        field: `${c.path}.securityContext.capabilities.drop`,
        message: `${c.label} must set securityContext.capabilities.drop=["ALL"]`,
      });
    }
    const forbidden = unique(asArray(capabilities?.add).map(String)).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (forbidden.length > 0) {
      findings.push({
        field: `${c.path}.securityContext.capabilities.add`,
        message: `${c.label} must not add ${quoteList(forbidden)} in securityContext.capabilities.add; allowed: "NET_BIND_SERVICE" only`,
      });
    }
  }
  return findings;
}

// upstream: pod-security-admission/policy/check_procMount_restricted.go (policy 1.35; overrides procMount)
function checkProcMountRestricted(pod: PodView): Finding[] {
  return procMountFindings(pod);
}

// ---------------------------------------------------------------------------------------------
// Pod traversal
// ---------------------------------------------------------------------------------------------

interface ContainerRef {
  readonly container: JsonObject;
  readonly securityContext?: JsonObject | undefined;
  /** e.g. `spec.initContainers[setup]` */
  readonly path: string;
  /** e.g. `init container "setup"` */
  readonly label: string;
}

interface VolumeRef {
  readonly volume: JsonObject;
  readonly name: string;
  readonly path: string;
}

interface SecurityContextRef {
  readonly securityContext: JsonObject;
  /** e.g. `spec.securityContext` or `spec.containers[app].securityContext` */
  readonly path: string;
  readonly label: string;
}

interface PodView {
  readonly spec: JsonObject;
  readonly annotations: JsonObject;
  readonly podSecurityContext?: JsonObject | undefined;
  /** Init containers, then containers, then ephemeral containers (upstream visitor.go order). */
  readonly containers: readonly ContainerRef[];
  readonly volumes: readonly VolumeRef[];
}

const CONTAINER_LISTS: ReadonlyArray<readonly [key: string, label: string]> = [
  ['initContainers', 'init container'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeral container'],
];

// upstream: pod-security-admission/policy/visitor.go
function podView(pod: { readonly metadata?: unknown; readonly spec: unknown }): PodView {
  const spec = asObject(pod.spec) ?? {};
  const containers: ContainerRef[] = [];
  for (const [key, kind] of CONTAINER_LISTS) {
    asArray(spec[key]).forEach((entry, i) => {
      const container = asObject(entry) ?? {};
      const name = container.name;
      containers.push({
        container,
        securityContext: asObject(container.securityContext),
        path: `spec.${key}[${listKey(name, i)}]`,
        label: `${kind} ${quote(name ?? `#${i}`)}`,
      });
    });
  }
  const volumes = asArray(spec.volumes).map((entry, i): VolumeRef => {
    const volume = asObject(entry) ?? {};
    return { volume, name: String(volume.name ?? `#${i}`), path: `spec.volumes[${listKey(volume.name, i)}]` };
  });
  return {
    spec,
    annotations: asObject(asObject(pod.metadata)?.annotations) ?? {},
    podSecurityContext: asObject(spec.securityContext),
    containers,
    volumes,
  };
}

/**
 * The pod-level security context first, then each container's. Unset contexts are skipped unless
 * `includeUnset`, in which case they are returned as empty objects (the pod's always first).
 */
function securityContexts(pod: PodView, options: { readonly includeUnset?: boolean | undefined } = {}): SecurityContextRef[] {
  const all: Array<SecurityContextRef | undefined> = [
    pod.podSecurityContext || options.includeUnset
      ? { securityContext: pod.podSecurityContext ?? {}, path: 'spec.securityContext', label: 'pod' }
      : undefined,
    ...pod.containers.map((c) =>
      c.securityContext || options.includeUnset
        ? { securityContext: c.securityContext ?? {}, path: `${c.path}.securityContext`, label: c.label }
        : undefined,
    ),
  ];
  return all.filter((s): s is SecurityContextRef => s !== undefined);
}

// upstream: pod-security-admission/policy/helpers.go (relaxPolicyForUserNamespacePod)
function runsInUserNamespace(pod: PodView): boolean {
  return pod.spec.hostUsers === false;
}

function isWindowsPod(pod: PodView): boolean {
  return asObject(pod.spec.os)?.name === 'windows';
}

// ---------------------------------------------------------------------------------------------
// JSON helpers
// ---------------------------------------------------------------------------------------------

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A field counts as set when it is present and not null (Go: a non-nil pointer). */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The key of a list item in a field path: its name when it has one, else its index. */
function listKey(name: unknown, index: number): string {
  return typeof name === 'string' && name !== '' ? name : String(index);
}

function quote(value: unknown): string {
  return JSON.stringify(typeof value === 'string' ? value : String(value));
}

function quoteList(values: readonly string[]): string {
  return values.map(quote).join(', ');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
