import type { Cluster } from '../../cluster';
import { describeObject } from '../../synth/kube-object';
import type { PlacedObject } from '../../synth/ordering';
import { ProblemDetails, ValidationContext } from '../context';
import { JsonObject } from '../pod-security';
import { CheckedSubject, WaivableCheck, Waiver, reportSubjects } from '../waiver';
import { PlacedWorkload, objectIndex } from '../object-index';
import { fieldInObject, received } from './pod-security-levels';

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

const CONTAINER_LISTS = [
  ['initContainers', 'init container'],
  ['containers', 'container'],
] as const;

function judgeHygiene(objects: readonly PlacedObject[]): CheckedSubject[] {
  const index = objectIndex(objects);
  const subjects: CheckedSubject[] = [];
  // Indexed loops: for...of makes an iterator per loop in code V8 has not optimised yet.
  for (let n = 0; n < index.workloads.length; n++) {
    const w = index.workloads[n];
    const longRunning = LONG_RUNNING_KINDS.has(w.object.manifest.kind);
    for (let l = 0; l < CONTAINER_LISTS.length; l++) {
      const list = CONTAINER_LISTS[l][0];
      const label = CONTAINER_LISTS[l][1];
      const entries = w.template.spec[list];
      if (!Array.isArray(entries)) continue;
      for (let i = 0; i < entries.length; i++) {
        if (!(i in entries)) continue; // a hole, which forEach skipped
        const c = asObject(entries[i]) ?? {};
        const name = typeof c.name === 'string' && c.name !== '' ? c.name : undefined;
        const ref = new ContainerRef(w, c, list, label, name, i);
        subjects.push(containerSubject(WaivableCheck.REQUESTS, w.object, name, requestsFailures(ref)));
        subjects.push(containerSubject(WaivableCheck.MEMORY_LIMIT, w.object, name, memoryLimitFailures(ref)));
        subjects.push(containerSubject(WaivableCheck.IMAGE_PINNED, w.object, name, imageFailures(ref)));
        // Init containers run to completion before the pod starts: probes do not apply.
        if (longRunning && list === 'containers') subjects.push(containerSubject(WaivableCheck.PROBES, w.object, name, probeFailures(ref)));
      }
    }
  }
  for (const object of index.clusterRoles) {
    subjects.push({ check: WaivableCheck.CLUSTER_ADMIN, object, failures: clusterAdminFailures(object) });
  }
  return subjects;
}

function containerSubject(check: WaivableCheck, object: PlacedObject, container: string | undefined, failures: readonly ProblemDetails[]): CheckedSubject {
  return container === undefined ? { check, object, failures } : { check, object, container, failures };
}

/** Containers have requests and a memory limit, images are pinned, long-running containers have probes, no ClusterRole grants everything. */
export function validateWorkloadHygiene(cluster: Cluster, objects: readonly PlacedObject[], context: ValidationContext): void {
  reportSubjects(hygieneSubjects(objects), Waiver.of(cluster), HYGIENE_CHECKS, context);
}

/** A container of a workload; its path and label are only spelt out for a failure. */
class ContainerRef {
  public constructor(
    private readonly workload: PlacedWorkload,
    public readonly container: JsonObject,
    private readonly list: string,
    private readonly kind: string,
    private readonly name: string | undefined,
    private readonly position: number,
  ) {}

  /** From the object's root, e.g. `spec.template.spec.containers[agent]`. */
  public get path(): string {
    return fieldInObject(this.workload.template.pathPrefix, `spec.${this.list}[${this.name ?? this.position}]`);
  }

  /** e.g. `container "agent" of DaemonSet kube-system/agent`. */
  public get label(): string {
    return `${this.kind} "${this.name ?? `#${this.position}`}" of ${describeObject(this.workload.object.manifest)}`;
  }
}

/** What a passing subject fails: one array for all of them. */
const PASSES: readonly ProblemDetails[] = Object.freeze([]);

function requestsFailures(ref: ContainerRef): readonly ProblemDetails[] {
  const requests = asObject(asObject(ref.container.resources)?.requests);
  if (isSet(requests?.cpu) && isSet(requests?.memory)) return PASSES;
  const missing = ['cpu', 'memory'].filter((r) => !isSet(requests?.[r]));
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

function memoryLimitFailures(ref: ContainerRef): readonly ProblemDetails[] {
  const limits = asObject(asObject(ref.container.resources)?.limits);
  if (isSet(limits?.memory)) return PASSES;
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

function imageFailures(ref: ContainerRef): readonly ProblemDetails[] {
  const image = ref.container.image;
  const problem = imagePinningProblem(image);
  if (problem === undefined) return PASSES;
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

function probeFailures(ref: ContainerRef): readonly ProblemDetails[] {
  if (isSet(ref.container.livenessProbe) || isSet(ref.container.readinessProbe)) return PASSES;
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
