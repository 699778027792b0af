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
  return evaluateView(podView(pod), checksFor(level));
}

/** @internal How a pod fares at Pod Security. */
export interface PodSecurityFit {
  /** The strictest level the pod passes. */
  readonly needs: PodSecurityLevel;
  /** Its violations at the level asked for; [] when none was. */
  readonly violations: readonly PodSecurityViolation[];
}

/**
 * @internal
 * The strictest level `pod` passes, and its violations at `level` (when given): what
 * evaluatePodSecurity() at each level in turn gives, with the pod read once and each level
 * evaluated at most once (every workload of a synthesis is judged so).
 */
export function podSecurityFit(pod: { readonly metadata?: unknown; readonly spec: unknown }, level?: PodSecurityLevel): PodSecurityFit {
  // Only for its throw: an unknown level is refused before any check runs, as evaluatePodSecurity does.
  if (level !== undefined) checksFor(level);
  const view = podView(pod);
  const restricted = evaluateView(view, RESTRICTED_CHECKS);
  let baseline: PodSecurityViolation[] | undefined;
  let needs = PodSecurityLevel.RESTRICTED;
  if (restricted.length > 0) {
    baseline = evaluateView(view, BASELINE_CHECKS);
    needs = baseline.length === 0 ? PodSecurityLevel.BASELINE : PodSecurityLevel.PRIVILEGED;
  }
  switch (level) {
    case PodSecurityLevel.RESTRICTED:
      return { needs, violations: restricted };
    case PodSecurityLevel.BASELINE:
      return { needs, violations: baseline ?? evaluateView(view, BASELINE_CHECKS) };
    default:
      return { needs, violations: NO_VIOLATIONS };
  }
}

const NO_VIOLATIONS: readonly PodSecurityViolation[] = Object.freeze([]);

function evaluateView(view: PodView, checks: readonly PodSecurityCheck[]): PodSecurityViolation[] {
  const violations: PodSecurityViolation[] = [];
  for (let n = 0; n < checks.length; n++) {
    const check = checks[n];
    const findings = check.evaluate(view);
    for (let f = 0; f < findings.length; f++) {
      violations.push({ check: check.id, level: check.level, field: findings[f].field, message: findings[f].message });
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
export function podTemplateOf(obj: unknown): PodTemplate | undefined {
  const o = asObject(obj);
  if (!o) return undefined;
  const where = typeof o.kind === 'string' ? TEMPLATE_PATHS.get(o.kind) : undefined;
  if (where === undefined) return undefined;
  let template: JsonObject | undefined = o;
  for (let n = 0; n < where.keys.length; n++) {
    template = asObject(template[where.keys[n]]);
    if (!template) return undefined;
  }
  const spec = asObject(template.spec);
  if (!spec) return undefined;
  const metadata = asObject(template.metadata);
  return metadata ? { metadata, spec, pathPrefix: where.prefix } : { spec, pathPrefix: where.prefix };
}

/** @internal A pod template as podTemplateOf() finds it. */
export interface PodTemplate {
  readonly metadata?: JsonObject | undefined;
  readonly spec: JsonObject;
  /** Where it is in its object, e.g. 'spec.template'; '' for a Pod. */
  readonly pathPrefix: string;
}

/** @internal Whether objects of `kind` keep a pod (template) where podTemplateOf() looks. */
export function hasPodTemplateKind(kind: string): boolean {
  return TEMPLATE_PATHS.has(kind);
}

/** Where each workload kind keeps its pod (template), as keys from the object root, and those keys joined. */
const TEMPLATE_PATHS: ReadonlyMap<string, { readonly keys: readonly string[]; readonly prefix: string }> = new Map(
  (
    [
      ['Pod', []],
      ['PodTemplate', ['template']],
      ['ReplicationController', ['spec', 'template']],
      ['ReplicaSet', ['spec', 'template']],
      ['Deployment', ['spec', 'template']],
      ['StatefulSet', ['spec', 'template']],
      ['DaemonSet', ['spec', 'template']],
      ['Job', ['spec', 'template']],
      ['CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
    ] as const
  ).map(([kind, keys]) => [kind, { keys, prefix: keys.join('.') }]),
);

// Loops over arrays are indexed in what runs for every pod: for...of makes an iterator (and a
// result per step) wherever V8 has not optimised the loop yet, and a synthesis judges thousands
// of pods mostly in code that has not been optimised.

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

/** What a check that finds nothing returns: one array for all of them. */
const NOTHING: readonly Finding[] = Object.freeze([]);

/** The findings a check made, or NOTHING when it made none (no array per passing check). */
function found(findings: Finding[] | undefined): readonly Finding[] {
  return findings ?? NOTHING;
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
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];

function checkHostNamespaces(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < HOST_NAMESPACES.length; n++) {
    const key = HOST_NAMESPACES[n];
    if (pod.spec[key] === true) {
      (findings ??= []).push({
        field: `spec.${key}`,
        message: `${key}=true shares a host namespace with the pod; allowed: false or unset`,
      });
    }
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_privileged.go (policy 1.0)
function checkPrivileged(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.containers.length; n++) {
    const c = pod.containers[n];
    if (c.securityContext?.privileged !== true) continue;
    (findings ??= []).push({
      field: `${c.path}.securityContext.privileged`,
      message: `${c.label} must not set securityContext.privileged=true; allowed: false or unset`,
    });
  }
  return found(findings);
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
function checkCapabilitiesBaseline(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.containers.length; n++) {
    const c = pod.containers[n];
    const add = asObject(c.securityContext?.capabilities)?.add;
    if (!Array.isArray(add) || add.length === 0) continue;
    const added = add.map(String);
    const forbidden = unique(added.filter((cap) => !BASELINE_CAPABILITIES.has(cap)));
    if (forbidden.length > 0) {
      (findings ??= []).push({
        field: `${c.path}.securityContext.capabilities.add`,
        message:
          `${c.label} must not add ${quoteList(forbidden)} in securityContext.capabilities.add; ` +
          `allowed: ${[...BASELINE_CAPABILITIES].join(', ')}`,
      });
    }
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_hostPathVolumes.go (policy 1.0)
function checkHostPathVolumes(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.volumes.length; n++) {
    const v = pod.volumes[n];
    if (!isSet(v.volume.hostPath)) continue;
    (findings ??= []).push({
      field: `${v.path}.hostPath`,
      message: `volume ${quote(v.name)} must not use hostPath; use another volume type`,
    });
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_hostPorts.go (policy 1.0)
function checkHostPorts(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.containers.length; n++) {
    const c = pod.containers[n];
    const ports = c.container.ports;
    if (!Array.isArray(ports)) continue;
    for (let i = 0; i < ports.length; i++) {
      if (!(i in ports)) continue; // a hole, which forEach skipped
      const hostPort = asObject(ports[i])?.hostPort;
      if (isSet(hostPort) && hostPort !== 0) {
        (findings ??= []).push({
          field: `${c.path}.ports[${i}].hostPort`,
          message: `${c.label} must not use hostPort ${String(hostPort)}; allowed: 0 or unset`,
        });
      }
    }
  }
  return found(findings);
}

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);

// upstream: pod-security-admission/policy/check_appArmorProfile.go (policy 1.0; the
// securityContext.appArmorProfile fields were added to that same revision in Kubernetes 1.30)
function checkAppArmorProfile(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.securityContexts.length; n++) {
    const s = pod.securityContexts[n];
    const profile = asObject(s.securityContext.appArmorProfile);
    if (profile && !APPARMOR_TYPES.has(String(profile.type ?? ''))) {
      (findings ??= []).push({
        field: `${s.path}.appArmorProfile.type`,
        message:
          `${s.label} must not set securityContext.appArmorProfile.type to ${quote(profile.type ?? '')}; ` +
          'allowed: "RuntimeDefault", "Localhost" or unset',
      });
    }
  }
  const keys = Object.keys(pod.annotations);
  for (let n = 0; n < keys.length; n++) {
    const key = keys[n];
    const value = pod.annotations[key];
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(value)) {
      (findings ??= []).push({
        field: `metadata.annotations[${key}]`,
        message: `annotation ${key}=${quote(value)} sets a forbidden AppArmor profile; allowed: "runtime/default", "localhost/*" or empty`,
      });
    }
  }
  return found(findings);
}

function allowedAppArmorAnnotation(value: unknown): boolean {
  const v = typeof value === 'string' ? value : String(value ?? '');
  return v === '' || v === 'runtime/default' || v.startsWith('localhost/');
}

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

// upstream: pod-security-admission/policy/check_seLinuxOptions.go (policy 1.31: adds container_engine_t)
const SELINUX_FIELDS = ['user', 'role'];

function checkSeLinuxOptions(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.securityContexts.length; n++) {
    const s = pod.securityContexts[n];
    const options = asObject(s.securityContext.seLinuxOptions);
    if (!options) continue;
    const type = String(options.type ?? '');
    if (!SELINUX_TYPES.has(type)) {
      (findings ??= []).push({
        field: `${s.path}.seLinuxOptions.type`,
        message:
          `${s.label} must not set securityContext.seLinuxOptions.type to ${quote(type)}; ` +
          'allowed: "container_t", "container_init_t", "container_kvm_t", "container_engine_t" or unset',
      });
    }
    for (let k = 0; k < SELINUX_FIELDS.length; k++) {
      const key = SELINUX_FIELDS[k];
      if (String(options[key] ?? '') !== '') {
        (findings ??= []).push({
          field: `${s.path}.seLinuxOptions.${key}`,
          message: `${s.label} must not set securityContext.seLinuxOptions.${key}; allowed: unset or empty`,
        });
      }
    }
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_procMount_baseline.go (policy 1.35: relaxed for
// user-namespace pods, hostUsers: false)
function checkProcMountBaseline(pod: PodView): readonly Finding[] {
  return runsInUserNamespace(pod) ? NOTHING : procMountFindings(pod);
}

function procMountFindings(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.containers.length; n++) {
    const c = pod.containers[n];
    const procMount = c.securityContext?.procMount;
    if (!isSet(procMount) || procMount === 'Default') continue;
    (findings ??= []).push({
      field: `${c.path}.securityContext.procMount`,
      message: `${c.label} must not set securityContext.procMount to ${quote(procMount)}; allowed: "Default" or unset`,
    });
  }
  return found(findings);
}

const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);

// upstream: pod-security-admission/policy/check_seccompProfile_baseline.go (policy 1.19: the
// seccompProfile fields; the alpha seccomp annotations are only checked by policy versions < 1.19)
function checkSeccompProfileBaseline(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.securityContexts.length; n++) {
    const s = pod.securityContexts[n];
    const profile = asObject(s.securityContext.seccompProfile);
    if (profile && !SECCOMP_TYPES.has(String(profile.type ?? ''))) {
      (findings ??= []).push(badSeccompType(s, profile.type));
    }
  }
  return found(findings);
}

function badSeccompType(s: { readonly path: string; readonly label: string }, type: unknown): Finding {
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
function checkSysctls(pod: PodView): readonly Finding[] {
  const sysctls = pod.podSecurityContext?.sysctls;
  if (!Array.isArray(sysctls)) return NOTHING;
  let findings: Finding[] | undefined;
  for (let i = 0; i < sysctls.length; i++) {
    if (!(i in sysctls)) continue; // a hole, which forEach skipped
    const name = asObject(sysctls[i])?.name;
    if (!SAFE_SYSCTLS.has(String(name ?? ''))) {
      (findings ??= []).push({
        field: `spec.securityContext.sysctls[${listKey(name, i)}]`,
        message: `sysctl ${quote(name ?? '')} is not in the safe set; allowed: ${[...SAFE_SYSCTLS].join(', ')}`,
      });
    }
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_windowsHostProcess.go (policy 1.0)
function checkWindowsHostProcess(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.securityContexts.length; n++) {
    const s = pod.securityContexts[n];
    if (asObject(s.securityContext.windowsOptions)?.hostProcess !== true) continue;
    (findings ??= []).push({
      field: `${s.path}.windowsOptions.hostProcess`,
      message: `${s.label} must not set securityContext.windowsOptions.hostProcess=true; allowed: false or unset`,
    });
  }
  return found(findings);
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'];
const HOST_ACTIONS = ['httpGet', 'tcpSocket'];

// upstream: pod-security-admission/policy/check_hostProbesAndhostLifecycle.go (policy 1.34)
function checkHostProbesAndHostLifecycle(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.containers.length; n++) {
    const c = pod.containers[n];
    for (let p = 0; p < PROBES.length; p++) findings = hostActionFindings(c, PROBES[p], asObject(c.container[PROBES[p]]), findings);
    const lifecycle = asObject(c.container.lifecycle);
    if (lifecycle === undefined) continue;
    for (let h = 0; h < LIFECYCLE_HANDLERS.length; h++) {
      findings = hostActionFindings(c, `lifecycle.${LIFECYCLE_HANDLERS[h]}`, asObject(lifecycle[LIFECYCLE_HANDLERS[h]]), findings);
    }
  }
  return found(findings);
}

/** `findings` with those of a probe or lifecycle handler that names a host. */
function hostActionFindings(c: ContainerRef, handlerPath: string, handler: JsonObject | undefined, findings: Finding[] | undefined): Finding[] | undefined {
  if (handler === undefined) return findings;
  for (let n = 0; n < HOST_ACTIONS.length; n++) {
    const action = HOST_ACTIONS[n];
    const host = asObject(handler[action])?.host;
    if (typeof host === 'string' && host !== '') {
      (findings ??= []).push({
        field: `${c.path}.${handlerPath}.${action}.host`,
        message: `${c.label} must not set ${handlerPath}.${action}.host (${quote(host)}); allowed: empty or unset`,
      });
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
function checkRestrictedVolumes(pod: PodView): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.volumes.length; n++) {
    const v = pod.volumes[n];
    const sources = Object.keys(v.volume).filter((key) => key !== 'name' && isSet(v.volume[key]));
    // No source at all: the API server defaults the volume to emptyDir.
    if (sources.length === 0 || sources.some((s) => ALLOWED_VOLUME_SOURCES.has(s))) continue;
    (findings ??= []).push({
      field: `${v.path}.${sources[0]}`,
      message:
        `volume ${quote(v.name)} uses restricted volume type ${quote(sources[0])}; ` +
        `allowed: ${[...ALLOWED_VOLUME_SOURCES].join(', ')}`,
    });
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_allowPrivilegeEscalation.go (policy 1.25: Windows pods exempt)
function checkAllowPrivilegeEscalation(pod: PodView): readonly Finding[] {
  if (isWindowsPod(pod)) return NOTHING;
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.containers.length; n++) {
    const c = pod.containers[n];
    if (c.securityContext?.allowPrivilegeEscalation === false) continue;
    (findings ??= []).push({
      field: `${c.path}.securityContext.allowPrivilegeEscalation`,
      message: `${c.label} must set securityContext.allowPrivilegeEscalation=false`,
    });
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_runAsNonRoot.go (policy 1.35: relaxed for hostUsers: false)
function checkRunAsNonRoot(pod: PodView): readonly Finding[] {
  if (runsInUserNamespace(pod)) return NOTHING;
  let findings: Finding[] | undefined;
  const podValue = pod.podSecurityContext?.runAsNonRoot;
  if (isSet(podValue) && podValue !== true) {
    (findings ??= []).push({
      field: 'spec.securityContext.runAsNonRoot',
      message: 'pod must not set securityContext.runAsNonRoot=false; allowed: true',
    });
  }
  for (let n = 0; n < pod.containers.length; n++) {
    const c = pod.containers[n];
    const value = c.securityContext?.runAsNonRoot;
    if (isSet(value) ? value !== true : !isSet(podValue)) {
      (findings ??= []).push({
        field: `${c.path}.securityContext.runAsNonRoot`,
        message: isSet(value)
          ? `${c.label} must not set securityContext.runAsNonRoot=false; allowed: true`
          : `pod or ${c.label} must set securityContext.runAsNonRoot=true`,
      });
    }
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_runAsUser.go (policy 1.35: relaxed for hostUsers: false)
function checkRunAsUser(pod: PodView): readonly Finding[] {
  if (runsInUserNamespace(pod)) return NOTHING;
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.securityContexts.length; n++) {
    const s = pod.securityContexts[n];
    if (s.securityContext.runAsUser !== 0) continue;
    (findings ??= []).push({
      field: `${s.path}.runAsUser`,
      message: `${s.label} must not set securityContext.runAsUser=0; allowed: a non-zero UID or unset`,
    });
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_seccompProfile_restricted.go (policy 1.25: Windows pods
// exempt; overrides seccompProfile_baseline)
function checkSeccompProfileRestricted(pod: PodView): readonly Finding[] {
  if (isWindowsPod(pod)) return NOTHING;
  let findings: Finding[] | undefined;
  // Unset contexts count here, as empty ones.
  const podProfile = asObject(pod.podSecurityContext?.seccompProfile);
  if (podProfile && !SECCOMP_TYPES.has(String(podProfile.type ?? ''))) {
    (findings ??= []).push(badSeccompType(new SecurityContextRef(pod.podSecurityContext ?? {}), podProfile.type));
  }
  for (let n = 0; n < pod.containers.length; n++) {
    const c = pod.containers[n];
    const profile = asObject(c.securityContext?.seccompProfile);
    if (profile) {
      if (!SECCOMP_TYPES.has(String(profile.type ?? ''))) (findings ??= []).push(badSeccompType(new SecurityContextRef(c.securityContext ?? {}, c), profile.type));
    } else if (!podProfile) {
      // A pod-level value that is set but bad is reported once, above.
      (findings ??= []).push({
        field: `${c.path}.securityContext.seccompProfile.type`,
        message: `pod or ${c.label} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      });
    }
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_capabilities_restricted.go (policy 1.25: Windows pods
// exempt; overrides capabilities_baseline)
function checkCapabilitiesRestricted(pod: PodView): readonly Finding[] {
  if (isWindowsPod(pod)) return NOTHING;
  let findings: Finding[] | undefined;
  for (let n = 0; n < pod.containers.length; n++) {
    const c = pod.containers[n];
    const capabilities = asObject(c.securityContext?.capabilities);
    if (!asArray(capabilities?.drop).includes('ALL')) {
      (findings ??= []).push({
        field: `${c.path}.securityContext.capabilities.drop`,
        message: `${c.label} must set securityContext.capabilities.drop=["ALL"]`,
      });
    }
    const add = capabilities?.add;
    if (!Array.isArray(add) || add.length === 0) continue;
    const forbidden = unique(add.map(String)).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (forbidden.length > 0) {
      (findings ??= []).push({
        field: `${c.path}.securityContext.capabilities.add`,
        message: `${c.label} must not add ${quoteList(forbidden)} in securityContext.capabilities.add; allowed: "NET_BIND_SERVICE" only`,
      });
    }
  }
  return found(findings);
}

// upstream: pod-security-admission/policy/check_procMount_restricted.go (policy 1.35; overrides procMount)
function checkProcMountRestricted(pod: PodView): readonly Finding[] {
  return procMountFindings(pod);
}

// ---------------------------------------------------------------------------------------------
// Pod traversal
// ---------------------------------------------------------------------------------------------

/** A container of the pod; its path and label are only spelt out for a finding. */
class ContainerRef {
  public readonly securityContext: JsonObject | undefined;

  public constructor(
    public readonly container: JsonObject,
    private readonly list: string,
    private readonly kind: string,
    private readonly index: number,
  ) {
    this.securityContext = asObject(container.securityContext);
  }

  /** e.g. `spec.initContainers[setup]` */
  public get path(): string {
    return `spec.${this.list}[${listKey(this.container.name, this.index)}]`;
  }

  /** e.g. `init container "setup"` */
  public get label(): string {
    return `${this.kind} ${quote(this.container.name ?? `#${this.index}`)}`;
  }
}

/** A volume of the pod. */
class VolumeRef {
  public constructor(
    public readonly volume: JsonObject,
    private readonly index: number,
  ) {}

  public get name(): string {
    return String(this.volume.name ?? `#${this.index}`);
  }

  public get path(): string {
    return `spec.volumes[${listKey(this.volume.name, this.index)}]`;
  }
}

/** The pod's security context, or a container's. */
class SecurityContextRef {
  public constructor(
    public readonly securityContext: JsonObject,
    private readonly container?: ContainerRef,
  ) {}

  /** e.g. `spec.securityContext` or `spec.containers[app].securityContext` */
  public get path(): string {
    return this.container === undefined ? 'spec.securityContext' : `${this.container.path}.securityContext`;
  }

  public get label(): string {
    return this.container === undefined ? 'pod' : this.container.label;
  }
}

interface PodView {
  readonly spec: JsonObject;
  readonly annotations: JsonObject;
  readonly podSecurityContext?: JsonObject | undefined;
  /** Init containers, then containers, then ephemeral containers (upstream visitor.go order). */
  readonly containers: readonly ContainerRef[];
  readonly volumes: readonly VolumeRef[];
  /** The pod-level security context first, then each container's; those unset are left out. */
  readonly securityContexts: readonly SecurityContextRef[];
}

const CONTAINER_LISTS: ReadonlyArray<readonly [key: string, label: string]> = [
  ['initContainers', 'init container'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeral container'],
];

const NO_VOLUMES: readonly VolumeRef[] = Object.freeze([]);

// upstream: pod-security-admission/policy/visitor.go
function podView(pod: { readonly metadata?: unknown; readonly spec: unknown }): PodView {
  const spec = asObject(pod.spec) ?? {};
  const podSecurityContext = asObject(spec.securityContext);
  const containers: ContainerRef[] = [];
  const securityContexts: SecurityContextRef[] = [];
  if (podSecurityContext) securityContexts.push(new SecurityContextRef(podSecurityContext));
  for (let l = 0; l < CONTAINER_LISTS.length; l++) {
    // Not destructured: that too iterates.
    const key = CONTAINER_LISTS[l][0];
    const kind = CONTAINER_LISTS[l][1];
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      if (!(i in list)) continue; // a hole, which forEach skipped
      const c = new ContainerRef(asObject(list[i]) ?? {}, key, kind, i);
      containers.push(c);
      if (c.securityContext) securityContexts.push(new SecurityContextRef(c.securityContext, c));
    }
  }
  const volumes = Array.isArray(spec.volumes) ? spec.volumes.map((entry: unknown, i) => new VolumeRef(asObject(entry) ?? {}, i)) : NO_VOLUMES;
  return {
    spec,
    annotations: asObject(asObject(pod.metadata)?.annotations) ?? {},
    podSecurityContext,
    containers,
    volumes,
    securityContexts,
  };
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
