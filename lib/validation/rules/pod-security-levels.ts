import type { Cluster } from '../../cluster';
import { Namespace } from '../../namespace';
import { describeObject } from '../../synth/kube-object';
import type { PlacedObject } from '../../synth/ordering';
import { ValidationContext } from '../context';
import { instancesUnder } from '../construct-scan';
import { PlacedWorkload, objectIndex } from '../object-index';
import { JsonObject, PodSecurityLevel, PodSecurityViolation, podSecurityFit } from '../pod-security';
import { CheckedSubject, WaivableCheck, Waiver, reportSubjects } from '../waiver';

export const PSA_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * kubeadm leaves kube-system unlabelled and Pod Security Admission's default is privileged,
 * so that is what the API server enforces there when the model does not declare it.
 */
const IMPLICIT_LEVELS: ReadonlyMap<string, PodSecurityLevel> = new Map([['kube-system', PodSecurityLevel.PRIVILEGED]]);

/** Strictest first. */
const LEVELS_BY_STRICTNESS = [PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED];

export type { PlacedWorkload } from '../object-index';

/** Every built-in object that runs pods (Pod, Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob). */
export function placedWorkloads(objects: readonly PlacedObject[]): readonly PlacedWorkload[] {
  return objectIndex(objects).workloads;
}

/** A field of a pod template, addressed from the workload object's root. */
export function fieldInObject(pathPrefix: string, field: string): string {
  return pathPrefix === '' ? field : `${pathPrefix}.${field}`;
}

/** How a workload fares at its namespace's enforce level. */
export interface WorkloadPodSecurity {
  readonly workload: PlacedWorkload;
  /** The namespace's enforce level; undefined when it is unknown (the workload is unchecked). */
  readonly level?: PodSecurityLevel | undefined;
  /** Violations at that level, with fields from the object's root. */
  readonly violations: readonly PodSecurityViolation[];
  /** The strictest level its pods pass. */
  readonly needs: PodSecurityLevel;
}

/** A Namespace object of the model and what its workloads need. */
export interface DeclaredNamespace {
  readonly name: string;
  readonly object: PlacedObject;
  /** The enforce label as written; undefined when absent. */
  readonly label?: string | undefined;
  /** The level the API server enforces; undefined when the label is not a level. */
  readonly level?: PodSecurityLevel | undefined;
  readonly workloads: readonly WorkloadPodSecurity[];
  /** The loosest level any workload needs; undefined when it has no workloads. */
  readonly needs?: PodSecurityLevel | undefined;
}

export interface PodSecurityAssessment {
  readonly workloads: readonly WorkloadPodSecurity[];
  readonly namespaces: readonly DeclaredNamespace[];
}

const assessments = new WeakMap<readonly PlacedObject[], PodSecurityAssessment>();

/**
 * Evaluates every pod template at its namespace's enforce level. Pure; never throws on
 * odd objects. The rule and the gates report share one assessment per synthesis.
 */
export function assessPodSecurity(objects: readonly PlacedObject[]): PodSecurityAssessment {
  let assessment = assessments.get(objects);
  if (!assessment) assessments.set(objects, (assessment = computeAssessment(objects)));
  return assessment;
}

function computeAssessment(objects: readonly PlacedObject[]): PodSecurityAssessment {
  const index = objectIndex(objects);
  const declared = new Map<string, { object: PlacedObject; label?: string; level?: PodSecurityLevel }>();
  for (let n = 0; n < index.namespaces.length; n++) {
    const object = index.namespaces[n];
    const m = object.manifest;
    if (typeof m.metadata?.name !== 'string') continue;
    if (declared.has(m.metadata.name)) continue;
    const raw: unknown = m.metadata.labels?.[PSA_ENFORCE_LABEL];
    const label = typeof raw === 'string' ? raw : undefined;
    // Without the label, Pod Security Admission enforces its default, privileged.
    const level = raw === undefined ? PodSecurityLevel.PRIVILEGED : asLevel(raw);
    declared.set(m.metadata.name, { object, label, level });
  }

  const workloads: WorkloadPodSecurity[] = [];
  const byNamespace = new Map<string, WorkloadPodSecurity[]>();
  for (let n = 0; n < index.workloads.length; n++) {
    const workload = index.workloads[n];
    const ns = declared.get(workload.namespace);
    const level = ns ? ns.level : IMPLICIT_LEVELS.get(workload.namespace);
    const fit = podSecurityFit(workload.template, level);
    const violations = fit.violations.length === 0 ? NONE : withPrefix(fit.violations, workload.template.pathPrefix);
    const w: WorkloadPodSecurity =
      level === undefined ? { workload, violations, needs: fit.needs } : { workload, level, violations, needs: fit.needs };
    workloads.push(w);
    const list = byNamespace.get(workload.namespace);
    if (list) list.push(w);
    else byNamespace.set(workload.namespace, [w]);
  }

  const namespaces: DeclaredNamespace[] = [];
  for (const [name, ns] of declared) {
    const inside = byNamespace.get(name) ?? [];
    const needs = inside.length === 0 ? undefined : loosest(inside);
    const namespace: { -readonly [K in keyof DeclaredNamespace]: DeclaredNamespace[K] } = { name, object: ns.object, workloads: inside };
    // Absent rather than undefined, as callers compare them whole.
    if (ns.label !== undefined) namespace.label = ns.label;
    if (ns.level !== undefined) namespace.level = ns.level;
    if (needs !== undefined) namespace.needs = needs;
    namespaces.push(namespace);
  }
  return { workloads, namespaces };
}

const NONE: readonly PodSecurityViolation[] = Object.freeze([]);

/** The violations with fields from the workload object's root. */
function withPrefix(violations: readonly PodSecurityViolation[], pathPrefix: string): PodSecurityViolation[] {
  return violations.map((v) => ({ ...v, field: fieldInObject(pathPrefix, v.field) }));
}

/**
 * The over-privileged-namespace check of each declared namespace: a privileged or baseline
 * namespace must hold a workload that fails the next stricter level.
 */
export function namespaceLevelSubjects(assessment: PodSecurityAssessment): CheckedSubject[] {
  return assessment.namespaces
    .filter((ns) => ns.level !== undefined)
    .map((ns) => ({ check: WaivableCheck.OVER_PRIVILEGED_NAMESPACE, object: ns.object, failures: overPrivilegedFailures(ns) }));
}

function overPrivilegedFailures(ns: DeclaredNamespace): CheckedSubject['failures'] {
  const level = ns.level;
  if (level === undefined || level === PodSecurityLevel.RESTRICTED) return [];
  if (ns.needs !== undefined && strictness(ns.needs) >= strictness(level)) return [];
  const labelled = ns.label === undefined ? `has no ${PSA_ENFORCE_LABEL} label (so the API server enforces ${level})` : `is labelled ${level}`;
  const why = 'a level looser than its workloads need lets any pod later created there run with privileges nothing in the model needs';
  const suggestion = ns.needs ?? PodSecurityLevel.RESTRICTED;
  return [
    {
      rule: WaivableCheck.OVER_PRIVILEGED_NAMESPACE,
      field: `metadata.labels[${PSA_ENFORCE_LABEL}]`,
      message:
        ns.needs === undefined
          ? `namespace "${ns.name}" ${labelled} but has no workloads, so nothing justifies it; ${why}`
          : `namespace "${ns.name}" ${labelled} but none of its workloads needs more than ${ns.needs}; ${why}`,
      received: ns.label ?? level,
      expected:
        `enforce: ${suggestion}${ns.needs === undefined ? '' : ' (the loosest level its workloads need)'}, or ` +
        'Waiver.add(scope, WaivableCheck.OVER_PRIVILEGED_NAMESPACE, reason) naming the pods created at run time that need it',
    },
  ];
}

/**
 * Pod Security Standards, as the API server will enforce them: every pod template passes the
 * enforce level of its namespace, and only namespaces whose workloads need it are exempted
 * from restricted.
 */
export function validatePodSecurityLevels(cluster: Cluster, objects: readonly PlacedObject[], context: ValidationContext): void {
  const assessment = assessPodSecurity(objects);
  // A Namespace construct (or the tenant that renders it) reports a bad level on the field that holds it.
  let modelled: Set<string> | undefined;
  for (const ns of assessment.namespaces) {
    if (ns.level !== undefined) continue;
    modelled ??= new Set(instancesUnder(cluster, Namespace).map((c) => c.apiObject.node.path));
    if (modelled.has(ns.object.sourcePath)) continue;
    context.error(ns.object.sourcePath, {
      rule: 'pod-security/namespace-level',
      field: `metadata.labels[${PSA_ENFORCE_LABEL}]`,
      message: `namespace "${ns.name}" has an enforce label that is not a Pod Security level; the API server rejects it, and its workloads were not checked`,
      ...received(ns.label),
      expected: LEVELS_BY_STRICTNESS.map((l) => `"${l}"`).join(', '),
    });
  }

  let declaredNames: Set<string> | undefined;
  for (let n = 0; n < assessment.workloads.length; n++) {
    const w = assessment.workloads[n];
    const o = w.workload.object;
    if (w.level === undefined) {
      declaredNames ??= new Set(assessment.namespaces.map((ns) => ns.name));
      if (declaredNames.has(w.workload.namespace)) continue;
      context.warn(o.sourcePath, {
        rule: 'pod-security/unknown-namespace',
        field: 'metadata.namespace',
        message:
          `${describeObject(o.manifest)} runs in namespace "${w.workload.namespace}", which the cluster does not declare; ` +
          'its Pod Security level is unknown, so its pods were not checked',
        received: w.workload.namespace,
        expected: `a Namespace construct named "${w.workload.namespace}" in the cluster, so that its enforce level is known`,
      });
      continue;
    }
    for (let i = 0; i < w.violations.length; i++) {
      const v = w.violations[i];
      context.error(o.sourcePath, {
        rule: `pod-security/${v.check}`,
        field: v.field,
        message:
          `${describeObject(o.manifest)} fails the ${v.check} check of Pod Security "${w.level}", which namespace ` +
          `"${w.workload.namespace}" enforces, so the API server would reject its pods: ${v.message}`,
        ...received(valueAt(o.manifest, v.field)),
        expected: expectedOf(v, w.level),
      });
    }
  }

  reportSubjects(namespaceLevelSubjects(assessment), Waiver.of(cluster), new Set([WaivableCheck.OVER_PRIVILEGED_NAMESPACE]), context);
}

function expectedOf(v: PodSecurityViolation, level: PodSecurityLevel): string {
  const allowed = v.message.indexOf('; allowed: ');
  const mustSet = /must set (.*)$/.exec(v.message);
  const what = allowed >= 0 ? v.message.slice(allowed + '; allowed: '.length) : mustSet ? mustSet[1] : v.message;
  return `${what} (Pod Security "${level}")`;
}

/** `received`, only when there is a value: absent fields are left out rather than set to undefined. */
export function received(value: unknown): { readonly received?: unknown } {
  return value === undefined ? {} : { received: value };
}

function asLevel(value: unknown): PodSecurityLevel | undefined {
  return LEVELS_BY_STRICTNESS.find((l) => l === value);
}

/** 0 for restricted, 2 for privileged. */
function strictness(level: PodSecurityLevel): number {
  return LEVELS_BY_STRICTNESS.indexOf(level);
}

/** The loosest level the workloads need. */
function loosest(workloads: readonly WorkloadPodSecurity[]): PodSecurityLevel {
  let level = PodSecurityLevel.RESTRICTED;
  for (let n = 0; n < workloads.length; n++) if (strictness(workloads[n].needs) > strictness(level)) level = workloads[n].needs;
  return level;
}

/**
 * The value at a field path as the evaluator writes them (`spec.containers[agent].ports[0].hostPort`,
 * `metadata.annotations[key.with/dots]`): a bracket selects a list item by name, else by index,
 * or a map entry by key. Undefined when absent.
 */
export function valueAt(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const [, key, selector] of path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (key !== undefined) {
      at = isObject(at) ? at[key] : undefined;
    } else if (Array.isArray(at)) {
      const byName = at.find((item) => isObject(item) && item.name === selector);
      at = byName ?? (/^\d+$/.test(selector) ? at[Number(selector)] : undefined);
    } else {
      at = isObject(at) ? at[selector] : undefined;
    }
    if (at === undefined) return undefined;
  }
  return at;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
