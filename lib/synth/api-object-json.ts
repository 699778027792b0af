import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { ConversionTables, Form, LinkedStep, Table, convertField } from './l1-conversions';
import { compareCodeUnits, sortInPlace } from './sort-in-place';

/**
 * @internal
 * `ApiObject.toJson()` for the objects of a synthesis, without cdk8s's generic resolver.
 *
 * cdk8s renders an object by resolving every value through the App's resolvers (an `App.of`
 * walk, a context object and a key array per value), then sanitising the result into yet another
 * copy; at tens of thousands of objects that garbage is most of the synthesis. When the App has
 * only cdk8s's built-in resolvers and an object holds plain data, resolving and sanitising come
 * down to one copy with sorted keys, which this does in a single pass; the generated L1 classes
 * of cdk8s-plus-27 then get the same `toJson_<Kind>Props` conversion their own `toJson` applies,
 * run as a table (l1-conversions.ts).
 * Anything else (a `Lazy`, an implicit token, a custom resolver, JSON patches, a subclass with
 * its own `toJson`, a value cdk8s would refuse) is rendered by cdk8s itself, so the output and
 * the errors are the library's own.
 */
export class ApiObjectRenderer {
  private readonly fast: boolean;

  /** A renderer for the objects in the construct tree of `scope`. */
  public constructor(scope: IConstruct) {
    this.fast = !process.env.CDK8S_DISABLE_SORT && hasBuiltInResolversOnly(App.of(scope)) && primitivesArePlain();
  }

  /**
   * Whether `obj` renders from its declared data alone: no JSON patch, no resolver but cdk8s's
   * own, no `toJson` of its own. Then its rendered name and namespace are those it declares.
   */
  public rendersAsDeclared(obj: ApiObject): boolean {
    return this.fast && renderingOf(obj) !== undefined;
  }

  /** The manifest of `obj`, byte for byte what `obj.toJson()` returns. */
  public render(obj: ApiObject): any {
    if (this.fast) {
      const conversion = renderingOf(obj);
      if (conversion !== undefined) {
        try {
          if (conversion === BASE) return baseJson(obj);
          // `{ ...GVK, ...props }` as the generated toJson writes it, built key by key: an object
          // literal that starts with a spread gets a hidden class of its own, so every manifest
          // had one and every later read of a manifest (validation, ordering, YAML) was megamorphic.
          const { apiVersion, kind } = conversion.gvk;
          if (conversion.table !== undefined) return convertProps(obj, conversion.table, { apiVersion, kind });
          return Object.assign({ apiVersion, kind }, conversion.toJsonProps(baseJson(obj)));
        } catch {
          // Not plain data, or a value the conversion refuses: cdk8s renders it (or reports it) itself.
        }
      }
    }
    return obj.toJson();
  }
}

/** Thrown where the data holds something only cdk8s's resolver can render. */
const NOT_PLAIN = new Error('not plain data');

interface L1Conversion {
  readonly gvk: { readonly apiVersion: string; readonly kind: string };
  readonly toJsonProps: (props: any) => any;
  /** The table of `toJsonProps`, when it has one. */
  readonly table: Table | undefined;
}

const TABLES = new ConversionTables(k8s as unknown as Record<string, unknown>);

/** An ApiObject rendered by the base class alone. */
const BASE = 'base';

/**
 * The generated L1 classes of cdk8s-plus-27 whose `toJson` is exactly
 * `{ ...Kind.GVK, ...toJson_KindProps(super.toJson()) }`, checked against the source of each so a
 * different release of the library falls back rather than rendering differently.
 */
const GENERATED_TO_JSON = /^toJson\(\) \{\s*const resolved = super\.toJson\(\);\s*return \{\s*\.\.\.(\w+)\.GVK,\s*\.\.\.toJson_(\w+)Props\(resolved\),\s*\};\s*\}$/;
// Read on first use: a synthesis renders a dozen of the library's 60-odd classes.
const L1_CONVERSIONS = new WeakMap<object, L1Conversion | null>();

function l1ConversionOf(cls: any): L1Conversion | undefined {
  const known = L1_CONVERSIONS.get(cls);
  if (known !== undefined) return known ?? undefined;
  let conversion: L1Conversion | undefined;
  const exported = k8s as unknown as Record<string, unknown>;
  const name = typeof cls === 'function' ? (cls.name as string) : '';
  if (name !== '' && exported[name] === cls && Object.getPrototypeOf(cls) === ApiObject) {
    const match = GENERATED_TO_JSON.exec(Function.prototype.toString.call(cls.prototype.toJson));
    const toJsonProps = TABLES.conversionOf(`${name}Props`);
    if (match?.[1] === name && match[2] === name && typeof toJsonProps === 'function' && typeof cls.GVK === 'object') {
      conversion = { gvk: cls.GVK, toJsonProps, table: TABLES.tableOf(`${name}Props`) };
    }
  }
  L1_CONVERSIONS.set(cls, conversion ?? null);
  return conversion;
}

/** How `obj` renders, when its class is one the fast path knows and nothing was patched into it. */
function renderingOf(obj: ApiObject): L1Conversion | typeof BASE | undefined {
  const internals = obj as unknown as { readonly patches?: readonly unknown[]; readonly props?: unknown; readonly metadata?: unknown };
  if (!Array.isArray(internals.patches) || internals.patches.length > 0 || !isPlainObject(internals.props)) return undefined;
  const metadata = internals.metadata as object | undefined;
  if (typeof metadata !== 'object' || metadata === null || Object.getPrototypeOf(metadata) !== ApiObjectMetadataDefinition.prototype || Object.prototype.hasOwnProperty.call(metadata, 'toJson')) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, 'toJson')) return undefined;
  const proto = Object.getPrototypeOf(obj);
  if (proto === ApiObject.prototype) return BASE;
  return proto.constructor === undefined || proto.constructor.prototype !== proto ? undefined : l1ConversionOf(proto.constructor);
}

/** Whether the App resolves values with cdk8s's built-in resolvers, in their order, and nothing else. */
function hasBuiltInResolversOnly(app: IConstruct): boolean {
  const resolvers = (app as Partial<App>).resolvers;
  const builtIn = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];
  return (
    Array.isArray(resolvers) &&
    resolvers.length === builtIn.length &&
    resolvers.every((r, i) => Object.getPrototypeOf(r) === builtIn[i].prototype && !Object.prototype.hasOwnProperty.call(r, 'resolve'))
  );
}

/** Whether no prototype of a primitive carries what a resolver looks for (`resolve`, `value`). */
function primitivesArePlain(): boolean {
  return ['', 0, false, Object.prototype, Array.prototype].every((p) => (p as any).resolve === undefined && (p as any).value === undefined);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * What `ApiObject.prototype.toJson` returns for `obj`: metadata resolved and sanitised (empty
 * arrays and maps dropped), the props resolved and sanitised with sorted keys, then
 * `apiVersion`, `kind` and `metadata` first.
 */
function baseJson(obj: ApiObject): any {
  const internals = obj as unknown as { readonly props: Record<string, unknown>; readonly metadata: MetadataInternals };
  const metadata = plainMetadata(internals.metadata);
  // cdk8s resolves and sanitises the metadata a second time inside the object; plain data
  // already sanitised comes out of that unchanged, so it is placed as it is.
  const json = plainMap(internals.props, false, 'metadata', metadata) as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const k of LEADING_KEYS) {
    if (k in json) result[k] = json[k];
  }
  for (const k of Object.keys(json)) result[k] = json[k];
  return result;
}

/** The metadata of an object, resolved and sanitised: empty lists and maps dropped. */
function plainMetadata(m: MetadataInternals): unknown {
  // cdk8s keeps the options the metadata came from, apiObject deleted: usually nothing but the
  // six fields below, which override them. Spreading them (a dictionary after the delete) into a
  // copy to sort was most of the cost of rendering metadata.
  const attributes = m._additionalAttributes;
  for (const k of Object.keys(attributes)) {
    if (!METADATA_FIELDS.has(k)) {
      const all = { ...attributes, name: m.name, namespace: m.namespace, annotations: m.annotations, finalizers: m.finalizers, ownerReferences: m.ownerReferences, labels: m.labels };
      return plain(all, true);
    }
  }
  // plain() of the six, in sorted key order
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const key of SORTED_METADATA_FIELDS) {
    const v = plain(m[key], true);
    if (v !== undefined) {
      out[key] = v;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

const SORTED_METADATA_FIELDS = ['annotations', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences'] as const;
const METADATA_FIELDS = new Set<string>(SORTED_METADATA_FIELDS);

/**
 * `table.convert(baseJson(obj))` without the intermediate copy: the conversion reads the props
 * as they are and makes the plain copy of each value as it goes (convertRaw).
 */
function convertProps(obj: ApiObject, table: Table, into: Record<string, unknown>): Record<string, unknown> {
  const internals = obj as unknown as { readonly props: Record<string, unknown>; readonly metadata: MetadataInternals };
  return convertRaw(table, internals.props, 'metadata', plainMetadata(internals.metadata), into);
}

/**
 * `table.convert(plainMap(raw, false, overrideKey, override))` in one pass. Typed fields holding
 * plain maps, alone or in lists, are converted straight from `raw`; any other value is copied
 * plain first. A field the table drops is still checked, so that what plainMap refuses is
 * refused here too, and the caller falls back to cdk8s.
 */
function convertRaw(table: Table, raw: Record<string, unknown>, overrideKey?: string, override?: unknown, into: Record<string, unknown> = {}): Record<string, unknown> {
  if (typeof raw.resolve === 'function') throw NOT_PLAIN;
  // Led by the fields set rather than by all a type has (a PodSpec has 40): a field absent
  // converts to nothing in every form.
  const read: number[] = [];
  let overridden = false;
  for (const k of Object.keys(raw)) {
    if (k === 'constructor' || k === '__proto__') throw NOT_PLAIN;
    const i = table.stepOf.get(k);
    if (i !== undefined) read.push(i);
    if (k === overrideKey) overridden = true;
    else if (i === undefined) plain(raw[k], false);
  }
  if (overrideKey !== undefined && !overridden) {
    const i = table.stepOf.get(overrideKey);
    if (i !== undefined) read.push(i);
  }
  if (read.length > 1) sortInPlace(read, ascending);
  for (const i of read) {
    const s = table.steps[i];
    const v = s.field === overrideKey ? convertField(s, override) : convertRawField(s, raw[s.field]);
    if (v !== undefined) into[s.key] = v;
  }
  return into;
}

const ascending = (a: number, b: number) => a - b;

function convertRawField(s: LinkedStep, raw: unknown): unknown {
  if (s.form === Form.CONVERT) return convertRawValue(s, raw);
  if (s.form === Form.LIST_CONVERT && Array.isArray(raw) && Object.getPrototypeOf(raw) === Array.prototype) {
    // plain()'s checks of an array, then each item converted from what it holds
    if ((raw as { value?: unknown }).value !== undefined || (raw as { resolve?: unknown }).resolve !== undefined) throw NOT_PLAIN;
    const out = new Array<unknown>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      if (!(i in raw)) throw NOT_PLAIN;
      out[i] = convertRawValue(s, raw[i]);
    }
    return out;
  }
  return convertField(s, plain(raw, false));
}

/** `s.convert(plain(raw, false))`, straight from `raw` when it is a plain map and the type has a table. */
function convertRawValue(s: LinkedStep, raw: unknown): unknown {
  if (isPlainObject(raw)) {
    const table = TABLES.tableOf(s.type!);
    if (table !== undefined) return convertRaw(table, raw);
  }
  return s.convert(plain(raw, false));
}

const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

interface MetadataInternals {
  readonly _additionalAttributes: Record<string, unknown>;
  readonly name: unknown;
  readonly namespace: unknown;
  readonly annotations: unknown;
  readonly finalizers: unknown;
  readonly ownerReferences: unknown;
  readonly labels: unknown;
}

/**
 * cdk8s's `sanitizeValue(resolve(value), { sortKeys: true, filterEmptyArrays, filterEmptyObjects })`
 * for plain data under the built-in resolvers; throws NOT_PLAIN where those would do more than copy.
 */
function plain(value: unknown, filterEmpty: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  const type = typeof value;
  if (type !== 'object') {
    if (type === 'function') throw NOT_PLAIN;
    return value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype) return plainMap(value as Record<string, unknown>, filterEmpty, undefined, undefined);
  if (proto === Array.prototype) {
    const array = value as unknown[];
    if ((array as { value?: unknown }).value !== undefined || (array as { resolve?: unknown }).resolve !== undefined) throw NOT_PLAIN;
    if (filterEmpty && array.length === 0) return undefined;
    const out = new Array<unknown>(array.length);
    for (let i = 0; i < array.length; i++) {
      if (!(i in array)) throw NOT_PLAIN;
      out[i] = plain(array[i], filterEmpty);
    }
    return out;
  }
  // A union class of the generated L1s (IntOrString, Quantity): NumberStringUnionResolver turns it into `{ value }`.
  const union = value as { readonly value?: unknown; readonly resolve?: unknown; readonly constructor?: unknown };
  if (value instanceof Lazy || typeof union.resolve === 'function' || union.constructor === Object) throw NOT_PLAIN;
  if (typeof union.value === 'number' || typeof union.value === 'string') return { value: union.value };
  throw NOT_PLAIN;
}

/**
 * `plain` of a map; with `overrideKey`, of `{ ...map, [overrideKey]: override }` where
 * `override` is already plain.
 */
function plainMap(map: Record<string, unknown>, filterEmpty: boolean, overrideKey: string | undefined, override: unknown): unknown {
  if (typeof map.resolve === 'function') throw NOT_PLAIN;
  const keys = Object.keys(map);
  if (overrideKey !== undefined && !keys.includes(overrideKey)) keys.push(overrideKey);
  for (const k of keys) {
    if (k === 'constructor' || k === '__proto__') throw NOT_PLAIN;
  }
  sortInPlace(keys, compareCodeUnits);
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const k of keys) {
    const v = k === overrideKey ? override : plain(map[k], filterEmpty);
    if (v !== undefined) {
      out[k] = v;
      empty = false;
    }
  }
  return filterEmpty && empty ? undefined : out;
}
