import { PlacedObject } from '../synth/ordering';
import { ValidationContext } from '../validation/context';
import { ValidationProblem } from '../validation/problem';
import { assessPodSecurity, namespaceLevelSubjects, valueAt } from '../validation/rules/pod-security-levels';
import { hygieneSubjects } from '../validation/rules/workload-hygiene';
import { OutputObject, locate } from './output-folder';

/**
 * The gates that need no model, over objects read back from an output folder:
 *
 * - Pod Security at each namespace's enforce level and Secrets with values: errors, as
 *   at synth (neither can be waived);
 * - hygiene and over-privileged namespaces: warnings, because waivers are construct
 *   paths of the model (listed in GATES.md) that a folder of YAML does not carry.
 */
export function outputGates(objects: readonly OutputObject[]): readonly ValidationProblem[] {
  const context = new ValidationContext();
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
  for (const subject of [...namespaceLevelSubjects(assessPodSecurity(placed)), ...hygieneSubjects(placed)]) {
    for (const failure of subject.failures) context.warn(subject.object.sourcePath, { ...failure, message: `${failure.message} (unless waived; see GATES.md)` });
  }
  return context.problems;
}
