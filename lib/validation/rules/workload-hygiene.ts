import type { Cluster } from '../../cluster';
import { apiGroupOf, describeObject } from '../../synth/kube-object';
import type { PlacedObject } from '../../synth/ordering';
import { ProblemDetails, ValidationContext } from '../context';
import { JsonObject } from '../pod-security';
import { CheckedSubject, WaivableCheck, Waiver, reportSubjects } from '../waiver';
import { fieldInObject, placedWorkloads, received } from './pod-security-levels';

/** Controllers that keep their pods running, as opposed to Jobs and bare Pods. */
const LONG_RUNNING_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

export const HYGIENE_CHECKS: ReadonlySet<string> = new Set([
  WaivableCheck.REQUESTS,
  WaivableCheck.MEMORY_LIMIT,
  WaivableCheck.IMAGE_PINNED,
  WaivableCheck.PROBES,
  WaivableCheck.CLUSTER_ADMIN,
]);

const judged = new WeakMap<readonly PlacedObject[], CheckedSubject[]>();

/**
 * Every hygiene judgement over the rendered objects, passing or not. Pure; never throws
 * on odd objects. The rule and the gates report share one result per synthesis.
 */
export function hygieneSubjects(objects: readonly PlacedObject[]): CheckedSubject[] {
  let subjects = judged.get(objects);
  if (!subjects) judged.set(objects, (subjects = judgeHygiene(objects)));
  return subjects;
}

function judgeHygiene(objects: readonly PlacedObject[]): CheckedSubject[] {
  const subjects: CheckedSubject[] = [];
  for (const w of placedWorkloads(objects)) {
    const what = describeObject(w.object.manifest);
    const longRunning = LONG_RUNNING_KINDS.has(w.object.manifest.kind);
    for (const [list, label] of [
      ['initContainers', 'init container'],
      ['containers', 'container'],
    ] as const) {
      const entries = w.template.spec[list];
      (Array.isArray(entries) ? entries : []).forEach((entry: unknown, i) => {
        const c = asObject(entry) ?? {};
        const name = typeof c.name === 'string' && c.name !== '' ? c.name : undefined;
        const path = fieldInObject(w.template.pathPrefix, `spec.${list}[${name ?? i}]`);
        const ref: ContainerRef = { container: c, path, label: `${label} "${name ?? `#${i}`}" of ${what}` };
        const subject = (check: WaivableCheck, failures: ProblemDetails[]): CheckedSubject =>
          name === undefined ? { check, object: w.object, failures } : { check, object: w.object, container: name, failures };
        subjects.push(subject(WaivableCheck.REQUESTS, requestsFailures(ref)));
        subjects.push(subject(WaivableCheck.MEMORY_LIMIT, memoryLimitFailures(ref)));
        subjects.push(subject(WaivableCheck.IMAGE_PINNED, imageFailures(ref)));
        // Init containers run to completion before the pod starts: probes do not apply.
        if (longRunning && list === 'containers') subjects.push(subject(WaivableCheck.PROBES, probeFailures(ref)));
      });
    }
  }
  for (const object of objects) {
    const m = object.manifest;
    if (m.kind !== 'ClusterRole' || typeof m.apiVersion !== 'string' || apiGroupOf(m.apiVersion) !== 'rbac.authorization.k8s.io') continue;
    subjects.push({ check: WaivableCheck.CLUSTER_ADMIN, object, failures: clusterAdminFailures(object) });
  }
  return subjects;
}

/** Containers have requests and a memory limit, images are pinned, long-running containers have probes, no ClusterRole grants everything. */
export function validateWorkloadHygiene(cluster: Cluster, objects: readonly PlacedObject[], context: ValidationContext): void {
  reportSubjects(hygieneSubjects(objects), Waiver.of(cluster), HYGIENE_CHECKS, context);
}

interface ContainerRef {
  readonly container: JsonObject;
  /** From the object's root, e.g. `spec.template.spec.containers[agent]`. */
  readonly path: string;
  /** e.g. `container "agent" of DaemonSet kube-system/agent`. */
  readonly label: string;
}

function requestsFailures(ref: ContainerRef): ProblemDetails[] {
  const requests = asObject(asObject(ref.container.resources)?.requests);
  const missing = ['cpu', 'memory'].filter((r) => !isSet(requests?.[r]));
  if (missing.length === 0) return [];
  return [
    {
      rule: WaivableCheck.REQUESTS,
      field: `${ref.path}.resources.requests`,
      message:
        `${ref.label} has no ${missing.join(' or ')} request; without requests the scheduler places it blind ` +
        'and the kubelet evicts it first under node pressure',
      ...received(requests),
      expected: 'resources.requests.cpu and resources.requests.memory, e.g. containerResources({ cpuRequest, memoryRequest, memoryLimit })',
    },
  ];
}

function memoryLimitFailures(ref: ContainerRef): ProblemDetails[] {
  const limits = asObject(asObject(ref.container.resources)?.limits);
  if (isSet(limits?.memory)) return [];
  return [
    {
      rule: WaivableCheck.MEMORY_LIMIT,
      field: `${ref.path}.resources.limits.memory`,
      message: `${ref.label} has no memory limit; memory cannot be throttled, so a leak in it exhausts the node and gets its neighbours killed`,
      ...received(limits),
      expected: 'resources.limits.memory, e.g. "128Mi"',
    },
  ];
}

function imageFailures(ref: ContainerRef): ProblemDetails[] {
  const image = ref.container.image;
  const problem = imagePinningProblem(image);
  if (problem === undefined) return [];
  return [
    {
      rule: WaivableCheck.IMAGE_PINNED,
      field: `${ref.path}.image`,
      message: `${ref.label} ${problem}; a moving image changes what runs without any change in Git, and nodes drift apart`,
      ...received(image),
      expected: 'a version tag or a digest, e.g. "registry.k8s.io/pause:3.10" or "repository@sha256:<64 hex digits>", from lib/versions',
    },
  ];
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const HEX_LENGTHS: ReadonlyMap<string, number> = new Map([
  ['sha256', 64],
  ['sha512', 128],
]);
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * Why an image reference is not pinned, or undefined when it is (by a version tag or a digest).
 * A colon before the last slash is a registry port (`registry:5000/img`), not a tag.
 */
export function imagePinningProblem(image: unknown): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return 'has no image';
  const at = image.indexOf('@');
  if (at >= 0) {
    const digest = image.slice(at + 1);
    const [algorithm, hex] = digest.split(':', 2);
    const length = HEX_LENGTHS.get(algorithm);
    const wellFormed = DIGEST.test(digest) && (length === undefined || new RegExp(`^[a-f0-9]{${length}}$`).test(hex ?? ''));
    return wellFormed ? undefined : `has a malformed digest "${digest}"`;
  }
  const colon = image.lastIndexOf(':');
  if (colon <= image.lastIndexOf('/')) return 'has no tag, so the runtime pulls "latest"';
  const tag = image.slice(colon + 1);
  if (tag === 'latest') return 'uses the tag "latest"';
  if (!TAG.test(tag)) return `has a malformed tag "${tag}"`;
  return undefined;
}

function probeFailures(ref: ContainerRef): ProblemDetails[] {
  if (isSet(ref.container.livenessProbe) || isSet(ref.container.readinessProbe)) return [];
  return [
    {
      rule: WaivableCheck.PROBES,
      field: ref.path,
      message:
        `${ref.label} has neither a liveness nor a readiness probe; Kubernetes can then neither restart it ` +
        'when it hangs nor hold traffic and rollouts while it is not ready',
      expected: 'a livenessProbe and/or readinessProbe as upstream defines them, or Waiver.add(scope, WaivableCheck.PROBES, reason) when upstream ships none',
    },
  ];
}

function clusterAdminFailures(object: PlacedObject): ProblemDetails[] {
  const rules = (object.manifest as { rules?: unknown }).rules;
  const failures: ProblemDetails[] = [];
  (Array.isArray(rules) ? rules : []).forEach((entry: unknown, i) => {
    const rule = asObject(entry);
    const has = (key: string): boolean => Array.isArray(rule?.[key]) && (rule?.[key] as unknown[]).includes('*');
    if (!has('verbs') || !has('resources')) return;
    failures.push({
      rule: WaivableCheck.CLUSTER_ADMIN,
      field: `rules[${i}]`,
      message:
        `${describeObject(object.manifest)} grants every verb on every resource, as cluster-admin does; ` +
        'whoever is bound to it controls the whole cluster, Secrets included',
      received: rule,
      expected: 'the verbs and resources the component needs, or Waiver.add(scope, WaivableCheck.CLUSTER_ADMIN, reason) for a deliberate cluster-admin grant',
    });
  });
  return failures;
}

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}
