import { Document, Scalar, parse, stringify, visit } from 'yaml';
import { sortInPlace } from './sort-in-place';

// Identity first, then the rest alphabetically: readable and independent of the
// order in which constructs happened to set fields.
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];
const LEADING_RANK = new Map(LEADING_KEYS.map((k, i) => [k, i]));

function compareKeys(a: string, b: string): number {
  const ra = LEADING_RANK.get(a);
  const rb = LEADING_RANK.get(b);
  if (ra !== undefined || rb !== undefined) return (ra ?? LEADING_KEYS.length) - (rb ?? LEADING_KEYS.length);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** @internal A deep copy with object keys in canonical order and `undefined` members dropped. */
export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareKeys)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalize(v);
    }
    return out;
  }
  return value;
}

const OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;
const QUOTED = { ...OPTIONS, defaultStringType: Scalar.QUOTE_DOUBLE, defaultKeyType: Scalar.QUOTE_DOUBLE } as const;

const SILENT_11 = { version: '1.1', logLevel: 'silent' } as const;
const SILENT_12 = { logLevel: 'silent' } as const;

/**
 * A string the `yaml` package would write plain (it is a string under YAML 1.2) that a
 * YAML 1.1 reader takes for something else: `on`, `yes`, `y`, `N`, `1:20`, `0b101`,
 * `1_000`, `2001-12-14`. kubectl, Argo CD and Flux read manifests through
 * sigs.k8s.io/yaml, whose go-yaml v2 resolves such scalars the YAML 1.1 way, so a label
 * value `on` would reach the API server as a boolean. Such strings are written quoted.
 */
function plainOnlyIn12(s: string): boolean {
  try {
    return parse(s, SILENT_12) === s && (parse(s, SILENT_11) !== s || goYamlV2Number(s));
  } catch {
    return false;
  }
}

// go-yaml v2 (resolve.go), for a plain scalar starting with a digit or sign: every `_` is
// dropped, then Go's strconv.ParseInt(s, 0, 64) (any-case 0x/0o/0b prefixes, leading-0
// octal, a sign) or, in YAML float style, ParseFloat. Wider than the YAML 1.1 schema of
// the `yaml` package, which keeps `0X1F`, `-0o17` or `1e_5` as strings.
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)$/;
const GO_YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

function goYamlV2Number(s: string): boolean {
  if (!/^[-+0-9]/.test(s)) return false;
  const plain = s.replace(/_/g, '');
  return GO_INT.test(plain) || GO_YAML_FLOAT.test(plain);
}

/**
 * The reference rendering: the `yaml` package on the canonical copy, with strings that
 * YAML 1.1 would misread double-quoted.
 * @internal
 */
export function toYamlByLibrary(value: unknown): string {
  const doc = new Document(canonicalize(value), OPTIONS);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && plainOnlyIn12(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString(OPTIONS);
}

/*
 * The fast path. Kubernetes objects are plain JSON trees: block maps and sequences of
 * scalars and maps. Their layout is fixed (2-space indent, sequences indented under their
 * key, a map in a sequence starting on the dash line, `{}`/`[]` when empty), so it is
 * emitted here directly, while every scalar and key is still rendered by the `yaml`
 * package (memoised), which alone decides plain or quoted. A scalar whose rendering
 * depends on where it sits (several lines, a document marker, a key `yaml` would make
 * explicit) and any shape outside that layout (a sequence in a sequence, a non-plain
 * object, an `undefined` array item) send the whole document to the library instead.
 * test/synth/yaml.test.ts proves byte equality with the library on arbitrary trees.
 */
class NotFastPath extends Error {}
const NOT_FAST = new NotFastPath();

// Single-line renderings are independent of depth (no folding: lineWidth 0).
const CACHE_LIMIT = 50_000;
const scalarCache = new Map<unknown, string>();
const keyCache = new Map<string, string>();

function remember<K>(cache: Map<K, string>, key: K, rendering: string): string {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, rendering);
  return rendering;
}

/** Strings whose rendering may depend on indentation or document position. */
function contextDependent(s: string): boolean {
  return s.includes('\n') || s.includes('\r') || /^(?:%|---|\.\.\.)/.test(s) || s.length > 1000;
}

/**
 * @internal
 * Words, names, paths and image references (`team-42`, `apps/v1`, `RuntimeDefault`,
 * `registry.example.com/app:1.4`): a letter first, then letters, digits, `.`, `_`, `/`, `-`,
 * and colons only between them. Such a string is plain and a string under YAML 1.2 and 1.1
 * alike unless it is one of the words below, so it is written as it is without asking the
 * library, which costs a rendering and two parses per distinct string (at 10,000 tenants,
 * tens of thousands of them, and the library's code is cold on the first). Left to the
 * library: the booleans and nulls of either version in any case, and `e3`, `E-5`, which the
 * `yaml` package's YAML 1.1 reader takes for floats. test/synth/yaml.test.ts checks the
 * library renders every such string the same.
 */
export const PLAIN_WORD = /^[A-Za-z][\w./-]*(?::[\w./-]+)*$/;
const YAML_WORD = /^(?:y|n|yes|no|on|off|true|false|null|e-?\d+)$/i;

/** @internal Whether `s` is written plain, as it is, by the shortcut of PLAIN_WORD. */
export function plainWord(s: string): boolean {
  return s.length <= 1000 && PLAIN_WORD.test(s) && !YAML_WORD.test(s);
}

function scalar(v: unknown): string {
  // -0 would share the cache entry of 0 (Map keys compare with SameValueZero).
  if (Object.is(v, -0)) throw NOT_FAST;
  const cached = scalarCache.get(v);
  if (cached !== undefined) return cached;
  if (typeof v === 'string' ? plainWord(v) : typeof v === 'number' && Number.isSafeInteger(v)) return remember(scalarCache, v, String(v));
  if (typeof v === 'string' ? contextDependent(v) : typeof v !== 'number' && typeof v !== 'boolean' && v !== null) throw NOT_FAST;
  const item = stringify([v], typeof v === 'string' && plainOnlyIn12(v) ? QUOTED : OPTIONS);
  if (!item.startsWith('- ') || item.indexOf('\n') !== item.length - 1) throw NOT_FAST;
  return remember(scalarCache, v, item.slice(2, -1));
}

function key(k: string): string {
  const cached = keyCache.get(k);
  if (cached !== undefined) return cached;
  if (plainWord(k)) return remember(keyCache, k, k);
  // canonicalize() assigns `__proto__` as the prototype, so the library drops it: keep that.
  if (contextDependent(k) || k === '__proto__') throw NOT_FAST;
  const pair = stringify({ [k]: 0 }, plainOnlyIn12(k) ? QUOTED : OPTIONS);
  if (pair.startsWith('? ') || !pair.endsWith(': 0\n') || pair.indexOf('\n') !== pair.length - 1) throw NOT_FAST;
  return remember(keyCache, k, pair.slice(0, -4));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

function isArrayIndex(k: string): boolean {
  const first = k.charCodeAt(0);
  return first >= 48 && first <= 57 && ARRAY_INDEX.test(k) && Number(k) < 4294967295;
}

/**
 * The keys of `map` in the order of its canonical copy: canonical order, except that
 * JavaScript lists integer-like keys first, ascending, in any object.
 */
function definedKeys(map: Record<string, unknown>): string[] {
  const keys: string[] = [];
  let anyIndex = false;
  for (const k of Object.keys(map)) {
    if (map[k] === undefined) continue;
    keys.push(k);
    if (!anyIndex && isArrayIndex(k)) anyIndex = true;
  }
  sortInPlace(keys, compareKeys);
  if (!anyIndex) return keys;
  const indices = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !isArrayIndex(k))];
}

/** Appends `- item` lines of a sequence whose dashes sit at `indent`. */
function emitSeq(seq: readonly unknown[], indent: string, out: string[]): void {
  for (const item of seq) {
    if (item === undefined || Array.isArray(item)) throw NOT_FAST;
    if (isPlainObject(item)) {
      const keys = definedKeys(item);
      if (keys.length === 0) out.push(`${indent}- {}\n`);
      else emitMap(item, keys, `${indent}  `, out, `${indent}- `);
    } else {
      out.push(`${indent}- ${scalar(item)}\n`);
    }
  }
}

/** Appends `key: value` lines at `indent`; the first line starts with `first` when given. */
function emitMap(map: Record<string, unknown>, keys: readonly string[], indent: string, out: string[], first?: string): void {
  keys.forEach((k, i) => {
    const prefix = `${i === 0 && first !== undefined ? first : indent}${key(k)}:`;
    const v = map[k];
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${prefix} []\n`);
      else {
        out.push(`${prefix}\n`);
        emitSeq(v, `${indent}  `, out);
      }
    } else if (isPlainObject(v)) {
      const sub = definedKeys(v);
      if (sub.length === 0) out.push(`${prefix} {}\n`);
      else {
        out.push(`${prefix}\n`);
        emitMap(v, sub, `${indent}  `, out);
      }
    } else {
      out.push(`${prefix} ${scalar(v)}\n`);
    }
  });
}

/** @internal One YAML document, deterministic: canonical key order, no line folding. */
export function toYaml(value: unknown): string {
  if (isPlainObject(value)) {
    const keys = definedKeys(value);
    if (keys.length > 0) {
      const out: string[] = [];
      try {
        emitMap(value, keys, '', out);
        return out.join('');
      } catch (e) {
        if (e !== NOT_FAST) throw e;
      }
    }
  }
  return toYamlByLibrary(value);
}

/** @internal A multi-document YAML stream. */
export function toYamlStream(values: readonly unknown[]): string {
  return values.map(toYaml).join('---\n');
}

/** @internal The same stream as toYamlStream, one document (or separator) at a time, rendered when read. */
export function* toYamlChunks(values: readonly unknown[]): Generator<string> {
  for (let i = 0; i < values.length; i++) {
    if (i > 0) yield '---\n';
    yield toYaml(values[i]);
  }
}
