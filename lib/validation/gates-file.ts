import { objectIdentity } from '../synth/kube-object';
import type { PlacedObject } from '../synth/ordering';
import { assessPodSecurity, namespaceLevelSubjects } from './rules/pod-security-levels';
import { hygieneSubjects } from './rules/workload-hygiene';
import { CheckedSubject, Waiver } from './waiver';

/** @internal Name of the machine-readable gates file, beside GATES.md in `dist/<cluster>/`. */
export const GATES_FILE = 'gates.json';

/** @internal `kind` of the gates file, so that a stray JSON file is not taken for one. */
export const GATES_FILE_KIND = 'ClusterforgeGates';

/** @internal One waiver, as written to the gates file. */
export interface WrittenWaiver {
  /** The waived check, e.g. `hygiene/probes`. */
  readonly check: string;
  /** Construct path the waiver was declared on. */
  readonly scope: string;
  /** Only this container of the objects, when the waiver names one. */
  readonly container?: string | undefined;
  readonly reason: string;
  /**
   * Identities (`apiVersion|kind|namespace|name`) of the objects judged by the check that the
   * waiver's scope covers, passing or not: a folder of YAML does not carry construct paths.
   */
  readonly objects: readonly string[];
}

/** @internal The gates file: what `clusterforge validate` needs of the model to judge a folder of YAML as synthesis did. */
export interface GatesFile {
  readonly kind: typeof GATES_FILE_KIND;
  readonly version: 1;
  readonly cluster: string;
  readonly waivers: readonly WrittenWaiver[];
}

/** @internal Every subject the waivable checks judge, passing or not. */
export function waivableSubjects(objects: readonly PlacedObject[]): CheckedSubject[] {
  return [...namespaceLevelSubjects(assessPodSecurity(objects)), ...hygieneSubjects(objects)];
}

/**
 * @internal
 * The gates file of a synthesised cluster, as JSON text: its valid waivers in declaration
 * order, each with the objects it covers, sorted, so that the text is deterministic.
 */
export function renderGatesFile(clusterName: string, objects: readonly PlacedObject[], waivers: readonly Waiver[]): string {
  const subjects = waivableSubjects(objects);
  const file: GatesFile = {
    kind: GATES_FILE_KIND,
    version: 1,
    cluster: clusterName,
    waivers: waivers
      .filter((w) => w.isValid)
      .map((w) => ({
        check: w.check,
        scope: w.scopePath,
        ...(w.container === undefined ? {} : { container: w.container }),
        reason: w.reason,
        objects: [...new Set(subjects.filter((s) => w.covers(s.check, s.object.sourcePath, s.container)).map((s) => objectIdentity(s.object.manifest)))].sort(),
      })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * @internal
 * Parses a gates file; throws an Error saying what is wrong when the text is not one.
 */
export function parseGatesFile(text: string): GatesFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  const file = value as Partial<GatesFile> | null;
  if (typeof file !== 'object' || file === null || file.kind !== GATES_FILE_KIND || file.version !== 1) {
    throw new Error(`expected an object with kind "${GATES_FILE_KIND}" and version 1, as clusterforge synth writes`);
  }
  const valid = (w: Partial<WrittenWaiver>): boolean =>
    typeof w === 'object' &&
    w !== null &&
    typeof w.check === 'string' &&
    typeof w.scope === 'string' &&
    typeof w.reason === 'string' &&
    (w.container === undefined || typeof w.container === 'string') &&
    Array.isArray(w.objects) &&
    w.objects.every((o) => typeof o === 'string');
  if (typeof file.cluster !== 'string' || !Array.isArray(file.waivers) || !file.waivers.every(valid)) {
    throw new Error('expected "cluster" (a string) and "waivers" (a list of check, scope, reason, container and objects)');
  }
  return file as GatesFile;
}

/** @internal The written waivers that lift a failing subject, judged on its object's identity rather than its construct path. */
export function writtenWaiversCovering(subject: CheckedSubject, file: GatesFile): WrittenWaiver[] {
  if (subject.failures.length === 0) return [];
  const identity = objectIdentity(subject.object.manifest);
  return file.waivers.filter(
    (w) => w.check === subject.check && (w.container === undefined || w.container === subject.container) && w.objects.includes(identity),
  );
}
