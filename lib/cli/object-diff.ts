import { KubeObject, describeObject, objectIdentity } from '../synth/kube-object';
import { OutputObject } from './output-folder';

/** One field that differs between two versions of an object. */
export interface FieldChange {
  /** `spec.template.spec.containers[0].image` */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** How an object differs between the committed output and a fresh synthesis. */
export type ObjectChange =
  | { readonly kind: 'added'; readonly object: KubeObject; readonly file: string }
  | { readonly kind: 'removed'; readonly object: KubeObject; readonly file: string }
  | { readonly kind: 'changed'; readonly object: KubeObject; readonly file: string; readonly previousFile: string; readonly fields: readonly FieldChange[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key);
  return plain ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;
}

/** Every leaf that differs, with its path; arrays compare by index. */
export function fieldChanges(before: unknown, after: unknown, base = ''): FieldChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= before.length) out.push({ path: join(base, i), after: after[i] });
      else if (i >= after.length) out.push({ path: join(base, i), before: before[i] });
      else out.push(...fieldChanges(before[i], after[i], join(base, i)));
    }
    return out;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      if (!(k in before)) return [{ path: join(base, k), after: after[k] }];
      if (!(k in after)) return [{ path: join(base, k), before: before[k] }];
      return fieldChanges(before[k], after[k], join(base, k));
    });
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: base, before, after }];
}

/** Added, removed and changed objects, by identity; an object that only moved file is changed. */
export function diffObjects(previous: readonly OutputObject[], fresh: readonly OutputObject[]): ObjectChange[] {
  const before = new Map(previous.map((o) => [objectIdentity(o.object), o]));
  const after = new Map(fresh.map((o) => [objectIdentity(o.object), o]));
  const changes: ObjectChange[] = [];
  for (const [id, o] of after) {
    const old = before.get(id);
    if (!old) {
      changes.push({ kind: 'added', object: o.object, file: o.file });
      continue;
    }
    const fields = fieldChanges(old.object, o.object);
    if (fields.length > 0 || old.file !== o.file) changes.push({ kind: 'changed', object: o.object, file: o.file, previousFile: old.file, fields });
  }
  for (const [id, o] of before) if (!after.has(id)) changes.push({ kind: 'removed', object: o.object, file: o.file });
  return changes;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** Lines of a review-friendly diff: `+`, `-`, `~` per object, then its field changes. */
export function formatObjectChange(c: ObjectChange): string[] {
  const what = `${c.object.apiVersion} ${describeObject(c.object)}`;
  if (c.kind === 'added') return [`+ ${what} (${c.file})`];
  if (c.kind === 'removed') return [`- ${what} (${c.file})`];
  const moved = c.previousFile !== c.file ? `, moved from ${c.previousFile}` : '';
  return [
    `~ ${what} (${c.file}${moved})`,
    ...c.fields.map((f) =>
      f.before === undefined ? `    + ${f.path}: ${show(f.after)}` : f.after === undefined ? `    - ${f.path}: ${show(f.before)}` : `    ~ ${f.path}: ${show(f.before)} -> ${show(f.after)}`,
    ),
  ];
}
