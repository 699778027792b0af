/*
 * The `toJson_<Type>` conversions of cdk8s-plus-27's generated L1 classes, read from their
 * source and run as tables. Everything here is internal.
 *
 * Each generated conversion builds an object holding every field of its type, then filters it
 * with `Object.entries(result).reduce((r, i) => ({ ...r, [i[0]]: i[1] }), {})`: a PodSpec has 40
 * fields and a Container 22, so every object rendered copies its partial results over and over,
 * and at 10,000 tenants that garbage was a third of object rendering. The generated functions are
 * made of ten field forms only; each function whose source is exactly those forms is turned into a
 * list of steps that builds the same object, key order included, in one pass. A function of any
 * other shape keeps its own code. Where the generated code would throw or do something a table does
 * not (a string where a list or map belongs, a Date), the table throws, so that the caller falls
 * back to the generated code and cdk8s renders, or refuses, the object itself; anything else, such
 * as a string where a struct belongs, the table converts as the generated code does.
 */

/** @internal A conversion: the generated function, or its table. */
export type Conversion = (obj: unknown) => unknown;

/** @internal Thrown where a value is not of the shape the field form expects; the caller falls back. */
export const NOT_CONVERTIBLE = new Error('not convertible by table');

/** @internal The ten forms a field takes in a generated conversion. */
export enum Form {
  /** `obj.f` */
  COPY,
  /** `toJson_T(obj.f)` */
  CONVERT,
  /** `obj.f?.map(y => toJson_T(y))` */
  LIST_CONVERT,
  /** `obj.f?.map(y => y)` */
  LIST_COPY,
  /** `obj.f?.value` */
  VALUE,
  /** `obj.f?.toISOString()`: never plain data. */
  DATE,
  /** `Object.entries(obj.f).reduce(...)` with `i[1]` */
  MAP_COPY,
  /** ... with `i[1]?.value` */
  MAP_VALUE,
  /** ... with `toJson_T(i[1])` */
  MAP_CONVERT,
  /** ... with `i[1]?.map(y => y)` */
  MAP_LIST_COPY,
}

/** @internal One field of a conversion: where it is read, how it is converted, and the key it is written under. */
export interface Step {
  readonly key: string;
  readonly field: string;
  readonly form: Form;
  /** The type converted to, for the CONVERT forms. */
  readonly type?: string | undefined;
}

const FUNCTION =
  /^function toJson_(\w+)\(obj\) \{\s*if \(obj === undefined\) \{\s*return undefined;\s*\}\s*const result = \{([^]*?)\};\s*\/\/ filter undefined values\s*return Object\.entries\(result\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\);\s*\}$/;
const LINE = /^'([^'\\]+)': (.+),$/;
const FIELD_FORMS: readonly [RegExp, Form][] = [
  [/^obj\.(\w+)$/, Form.COPY],
  [/^toJson_(\w+)\(obj\.(\w+)\)$/, Form.CONVERT],
  [/^obj\.(\w+)\?\.map\(y => toJson_(\w+)\(y\)\)$/, Form.LIST_CONVERT],
  [/^obj\.(\w+)\?\.map\(y => y\)$/, Form.LIST_COPY],
  [/^obj\.(\w+)\?\.value$/, Form.VALUE],
  [/^obj\.(\w+)\?\.toISOString\(\)$/, Form.DATE],
];
const MAP = /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.(\w+)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.+) \}\), \{\}\)\)$/;
const MAP_FORMS: readonly [RegExp, Form][] = [
  [/^i\[1\]$/, Form.MAP_COPY],
  [/^i\[1\]\?\.value$/, Form.MAP_VALUE],
  [/^toJson_(\w+)\(i\[1\]\)$/, Form.MAP_CONVERT],
  [/^i\[1\]\?\.map\(y => y\)$/, Form.MAP_LIST_COPY],
];

/** @internal The steps of a generated conversion, or undefined when its source has any other shape. */
export function parseConversion(name: string, source: string): Step[] | undefined {
  const fn = FUNCTION.exec(source);
  if (fn === null || fn[1] !== name) return undefined;
  const steps: Step[] = [];
  for (const raw of fn[2].split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const m = LINE.exec(line);
    if (m === null || m[1] === '__proto__') return undefined;
    const step = parseField(m[1], m[2]);
    if (step === undefined) return undefined;
    steps.push(step);
  }
  return steps;
}

function parseField(key: string, expression: string): Step | undefined {
  for (const [pattern, form] of FIELD_FORMS) {
    const m = pattern.exec(expression);
    if (m === null) continue;
    if (form === Form.CONVERT) return { key, field: m[2], form, type: m[1] };
    if (form === Form.LIST_CONVERT) return { key, field: m[1], form, type: m[2] };
    return { key, field: m[1], form };
  }
  const map = MAP.exec(expression);
  if (map === null || map[1] !== map[2]) return undefined;
  for (const [pattern, form] of MAP_FORMS) {
    const m = pattern.exec(map[3]);
    if (m !== null) return { key, field: map[1], form, type: form === Form.MAP_CONVERT ? m[1] : undefined };
  }
  return undefined;
}

/** @internal A step linked to the conversion of its type. */
export interface LinkedStep extends Step {
  /** The conversion of `type` (identity for forms without one). */
  convert: Conversion;
}

/** @internal A conversion run as a table. */
export interface Table {
  readonly steps: readonly LinkedStep[];
  /** The step reading each field (one per field); any other field of the input is dropped. */
  readonly stepOf: ReadonlyMap<string, number>;
  readonly convert: Conversion;
}

const identity: Conversion = (y) => y;

function isPlainMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

function list(v: unknown, convert: Conversion): unknown {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw NOT_CONVERTIBLE;
  const out = new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) {
    if (!(i in v)) throw NOT_CONVERTIBLE;
    out[i] = convert(v[i]);
  }
  return out;
}

/** `Object.entries(v).reduce(...)`: entries whose value is undefined are left out, converted ones kept even when undefined. */
function map(v: unknown, form: Form, convert: Conversion): unknown {
  if (v === undefined) return undefined;
  if (!isPlainMap(v)) throw NOT_CONVERTIBLE;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const item = v[k];
    if (item === undefined) continue;
    if (k === '__proto__') throw NOT_CONVERTIBLE;
    out[k] =
      form === Form.MAP_COPY ? item : form === Form.MAP_VALUE ? (item === null ? undefined : (item as { value?: unknown }).value) : form === Form.MAP_CONVERT ? convert(item) : list(item, identity);
  }
  return out;
}

/** @internal What a step makes of the value `v` its field holds. */
export function convertField(s: LinkedStep, v: unknown): unknown {
  switch (s.form) {
    case Form.COPY:
      return v;
    case Form.CONVERT:
      return s.convert(v);
    case Form.LIST_CONVERT:
      return list(v, s.convert);
    case Form.LIST_COPY:
      return list(v, identity);
    case Form.VALUE:
      return v === undefined || v === null ? undefined : (v as { value?: unknown }).value;
    case Form.DATE:
      if (v !== undefined && v !== null) throw NOT_CONVERTIBLE;
      return undefined;
    default:
      return map(v, s.form, s.convert);
  }
}

function run(steps: readonly LinkedStep[], obj: unknown): unknown {
  if (obj === undefined) return undefined;
  const source = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const s of steps) {
    const r = convertField(s, source[s.field]);
    if (r !== undefined) out[s.key] = r;
  }
  return out;
}

/**
 * @internal
 * The `toJson_<Type>` functions a module exports, by type name: as tables where their source has
 * the generated shape. Tables are built on first use (a synthesis uses a few dozen of the 422
 * types) and link to the conversions of the types they convert on first call (types are
 * recursive, JSONSchemaProps for one).
 */
export class ConversionTables {
  private readonly tables = new Map<string, Table | undefined>();

  /** The tables of the `toJson_<Type>` functions of `module`. */
  public constructor(private readonly module: Readonly<Record<string, unknown>>) {}

  /** The conversion of `type`: its table, or the generated function where it has no table; undefined when the module has none. */
  public conversionOf(type: string): Conversion | undefined {
    return this.tableOf(type)?.convert ?? this.generated(type);
  }

  /** The table of `type`, or undefined when its function has another shape or calls one the module lacks. */
  public tableOf(type: string): Table | undefined {
    if (this.tables.has(type)) return this.tables.get(type);
    const fn = this.generated(type);
    const steps = fn === undefined ? undefined : parseConversion(type, Function.prototype.toString.call(fn));
    const stepOf = new Map(steps?.map((s, i) => [s.field, i]));
    // A table may only call conversions the module exports; a field is read by one step, and
    // never one a plain object inherits, so that a reader may go by the input's own keys.
    const readable = steps !== undefined && stepOf.size === steps.length && steps.every((s) => !(s.field in Object.prototype));
    if (!readable || steps.some((s) => s.type !== undefined && this.generated(s.type) === undefined)) {
      this.tables.set(type, undefined);
      return undefined;
    }
    const linked: LinkedStep[] = steps.map((s) => {
      const step: LinkedStep = { ...s, convert: identity };
      if (s.type !== undefined) {
        const target = s.type;
        step.convert = (y) => (step.convert = this.conversionOf(target)!)(y);
      }
      return step;
    });
    const table: Table = { steps: linked, stepOf, convert: (obj) => run(linked, obj) };
    this.tables.set(type, table);
    return table;
  }

  private generated(type: string): Conversion | undefined {
    const fn = this.module[`toJson_${type}`];
    return typeof fn === 'function' ? (fn as Conversion) : undefined;
  }
}
