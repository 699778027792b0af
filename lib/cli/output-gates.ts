import { PlacedObject } from '../synth/ordering';
import { ValidationContext } from '../validation/context';
import { ValidationProblem } from '../validation/problem';
import { GATES_FILE, GatesFile, waivableSubjects, writtenWaiversCovering } from '../validation/gates-file';
import { assessPodSecurity, valueAt } from '../validation/rules/pod-security-levels';
import { OutputObject, locate } from './output-folder';

/** A gate failure that a waiver of the model, written to gates.json, lifts. */
export interface WaivedFinding {
  readonly rule: string;
  /** Where the object is, e.g. `manifests/100-x.yaml: Deployment ns/name`. */
  readonly path: string;
  readonly field?: string | undefined;
  readonly message: string;
  /** Construct path of the waiver in the model. */
  readonly scope: string;
  readonly reason: string;
}

/** What the gates found in an output folder. */
export interface OutputGatesResult {
  readonly problems: readonly ValidationProblem[];
  readonly waived: readonly WaivedFinding[];
}

/**
 * The gates over objects read back from an output folder:
 *
 * - Pod Security at each namespace's enforce level and Secrets with values: errors, as
 *   at synth (neither can be waived);
 * - hygiene and over-privileged namespaces: judged with the waivers of the model that
 *   synthesis wrote to gates.json, so a waived failure is reported as waived and any
 *   other is an error, as at synth. Without gates.json (output of an older clusterforge),
 *   they are warnings, since the waivers cannot be known.
 */
export function outputGates(objects: readonly OutputObject[], gates?: GatesFile): OutputGatesResult {
  const context = new ValidationContext();
  const waived: WaivedFinding[] = [];
  const placed: PlacedObject[] = objects.map((o) => ({ manifest: o.object, group: o.file, sourcePath: locate(o) }));
  for (const w of assessPodSecurity(placed).workloads) {
    for (const v of w.violations) {
      context.error(w.workload.object.sourcePath, {
        rule: `pod-security/${v.check}`,
        field: v.field,
        message: `fails the ${v.check} check of Pod Security "${w.level}", which namespace "${w.workload.namespace}" enforces: ${v.message}`,
        received: valueAt(w.workload.object.manifest, v.field),
        expected: `a pod template that passes Pod Security "${w.level}"`,
      });
    }
  }
  for (const o of placed) {
    const m = o.manifest as { kind: string; apiVersion: string; data?: object; stringData?: object };
    if (m.kind !== 'Secret' || m.apiVersion !== 'v1') continue;
    const fields = (['data', 'stringData'] as const).filter((f) => m[f] !== undefined && m[f] !== null && Object.keys(m[f]).length > 0);
    if (fields.length > 0) {
      context.error(o.sourcePath, {
        rule: 'secrets/in-git',
        field: fields.join(', '),
        message: 'the Secret carries values, which would be committed to Git in clear',
        expected: 'a reference to a Secret created out of band, or a placeholder filled outside Git',
      });
    }
  }
  for (const subject of waivableSubjects(placed)) {
    if (subject.failures.length === 0) continue;
    const path = subject.object.sourcePath;
    if (gates === undefined) {
      for (const failure of subject.failures) context.warn(path, { ...failure, message: `${failure.message} (unless waived; ${GATES_FILE} is missing, so waivers are unknown)` });
      continue;
    }
    const covering = writtenWaiversCovering(subject, gates);
    if (covering.length === 0) {
      for (const failure of subject.failures) context.error(path, failure);
      continue;
    }
    for (const f of subject.failures) {
      for (const w of covering) waived.push({ rule: f.rule, path, ...(f.field === undefined ? {} : { field: f.field }), message: f.message, scope: w.scope, reason: w.reason });
    }
  }
  return { problems: context.problems, waived };
}
