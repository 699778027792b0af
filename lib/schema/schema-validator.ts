/**
 * Strict schema validation, modelled on `kubectl apply --validate=strict`: unknown
 * fields, wrong types and missing required fields are problems.
 *
 * - Built-in kinds: a folder of Kubernetes OpenAPI v3 documents (`/openapi/v3` of an API
 *   server, one `api__v1_openapi.json` / `apis__<group>__<version>_openapi.json` per
 *   group-version; `clusterforge schemas pull` saves them).
 * - Custom resources: CustomResourceDefinitions from YAML files or folders (every served version).
 * - Component config (kubeadm, kubelet, kube-proxy, apiserver, audit): optional JSON schemas.
 *
 * Everything is lazy: an OpenAPI document is parsed and registered only when an object of its
 * group-version is validated, a CRD file is parsed only when one of its kinds is validated,
 * and each apiVersion|kind is compiled once per validator.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction, type AnySchemaObject } from 'ajv';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';
import { parseAllDocuments } from 'yaml';

/** One schema violation of a document. */
export interface SchemaProblem {
  /** Field path in the document, e.g. `spec.containers[0].image`; empty for the root. */
  readonly path: string;
  readonly message: string;
}

/** Where a SchemaValidator finds its schemas. */
export interface SchemaLocations {
  /** Folder of Kubernetes OpenAPI v3 documents (`api__v1_openapi.json`, `apis__apps__v1_openapi.json`, ...). */
  readonly openApiDir: string;
  /**
   * YAML files, or folders searched recursively, holding CustomResourceDefinitions.
   * @default - none: every custom resource is unknown
   */
  readonly crdPaths?: readonly string[] | undefined;
  /**
   * Folder of component-config JSON schemas (`<group>_<version>.json` with a `kinds` index).
   * @default - none: component-config documents cannot be validated
   */
  readonly configSchemaDir?: string | undefined;
}

/** Validates documents against the schemas of one set of locations. */
export interface SchemaValidator {
  /** Problems of one Kubernetes API object; unknown apiVersion/kind is a problem. Returns [] when valid. */
  validateObject(obj: unknown): SchemaProblem[];
  /** Throws an Error listing every problem (with apiVersion/kind/namespace/name of each object) if any object is invalid. */
  assertAllValid(objects: readonly unknown[]): void;
  /** The "apiVersion|kind" pairs this validator knows (built-in resources and served CRD versions). */
  knownKinds(): ReadonlySet<string>;
  /** Problems of one component-config document, dispatched on apiVersion and kind. */
  validateConfigDocument(doc: unknown): SchemaProblem[];
  /** Throws an Error listing every problem if any component-config document is invalid. */
  assertConfigValid(docs: readonly unknown[]): void;
}

/** Whether `dir` holds Kubernetes OpenAPI v3 documents in the layout SchemaLocations.openApiDir expects. */
export function isOpenApiFolder(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((f) => /^apis?__.+_openapi\.json$/.test(f));
  } catch {
    return false;
  }
}

const ID_BASE = 'https://clusterforge.invalid';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = { [keyword: string]: any };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------
// Regular expressions: Go RE2 semantics (kube-apiserver uses Go's regexp.MatchString).
// ---------------------------------------------------------------------------------------

interface PatternMatcher {
  test(s: string): boolean;
  toString(): string;
}
const patternCache = new Map<string, PatternMatcher>();

/** Ajv `code.regExp` engine backed by re2js (falls back to RegExp only for non-RE2 syntax). */
function re2RegExp(pattern: string, _flags: string): PatternMatcher {
  let m = patternCache.get(pattern);
  if (m) return m;
  let tester: (s: string) => boolean;
  try {
    const re = RE2JS.compile(pattern);
    tester = (s) => re.test(s);
  } catch (re2Error) {
    // Not RE2 syntax (e.g. a look-ahead). Go would reject such a CRD, but be lenient.
    let js: RegExp;
    try {
      js = new RegExp(pattern, 'u');
    } catch {
      throw new Error(`pattern ${JSON.stringify(pattern)} is neither RE2 nor JS syntax: ${String(re2Error)}`);
    }
    tester = (s) => js.test(s);
  }
  // Ajv caches compiled patterns in its code scope by toString(): it must be unique per pattern.
  const key = `re2:${JSON.stringify(pattern)}`;
  m = { test: tester, toString: () => key };
  patternCache.set(pattern, m);
  return m;
}
re2RegExp.code = 'require("re2js").RE2JS.compile'; // only used by Ajv standalone code generation

// ---------------------------------------------------------------------------------------
// Error reporting
// ---------------------------------------------------------------------------------------

function joinPath(base: string, seg: string | number): string {
  if (typeof seg === 'number') return `${base}[${seg}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(seg)) return base ? `${base}.${seg}` : seg;
  return `${base}[${JSON.stringify(seg)}]`;
}

/** JSON pointer (Ajv instancePath) -> `spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`. */
function pointerToPath(pointer: string, data: unknown): string {
  let out = '';
  let cur: unknown = data;
  if (!pointer) return out;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out = joinPath(out, i);
      cur = cur[i];
    } else {
      out = joinPath(out, seg);
      cur = isRecord(cur) ? cur[seg] : undefined;
    }
  }
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (isRecord(v)) return 'an object';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': return `unknown field "${String(p.additionalProperty)}"`;
    case 'required': return `missing required field "${String(p.missingProperty)}"`;
    case 'type': {
      const t = Array.isArray(p.type) ? p.type : String(p.type).split(',');
      return `must be ${t.join(' or ')}, got ${show(e.data)}`;
    }
    case 'enum': return `must be one of ${JSON.stringify(p.allowedValues)}, got ${show(e.data)}`;
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}, got ${show(e.data)}`;
    case 'format': return `must match format "${String(p.format)}", got ${show(e.data)}`;
    case 'pattern': return `must match pattern ${JSON.stringify(p.pattern)}, got ${show(e.data)}`;
    case 'propertyNames': return `invalid key "${String(p.propertyName)}"`;
    default: return `${e.message ?? e.keyword}${e.keyword.startsWith('m') && e.data !== undefined && typeof e.data !== 'object' ? `, got ${show(e.data)}` : ''}`;
  }
}

function errorPath(e: ErrorObject, data: unknown): string {
  const base = pointerToPath(e.instancePath, data);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return joinPath(base, String(p.additionalProperty));
  if (e.keyword === 'required') return joinPath(base, String(p.missingProperty));
  return base;
}

const COMBINATORS = new Set(['anyOf', 'oneOf']);

/** Ajv errors -> problems, folding anyOf/oneOf noise ("must be integer" + "must be string"). */
function toProblems(errors: readonly ErrorObject[] | null | undefined, data: unknown): SchemaProblem[] {
  if (!errors || errors.length === 0) return [];
  let list = errors.filter((e) => e.keyword !== 'if' && e.keyword !== '$ref');
  const replaced = new Map<ErrorObject, SchemaProblem>();
  const dropped = new Set<ErrorObject>();
  for (const e of list) {
    if (!COMBINATORS.has(e.keyword) || Array.isArray((e.params as Record<string, unknown>).passingSchemas)) continue;
    const branch = list.filter((o) => o !== e && o.schemaPath.startsWith(`${e.schemaPath}/`));
    if (branch.length > 0 && branch.every((o) => o.keyword === 'type' && o.instancePath === e.instancePath)) {
      // Alternatives are only types: "must be integer or string".
      const types = [...new Set(branch.flatMap((o) => String((o.params as Record<string, unknown>).type).split(',')))];
      replaced.set(e, { path: pointerToPath(e.instancePath, data), message: `must be ${types.join(' or ')}, got ${show(e.data)}` });
      for (const o of branch) dropped.add(o);
    } else if (branch.length > 0) {
      // Keep the concrete branch errors; the summary adds nothing.
      dropped.add(e);
    }
  }
  list = list.filter((e) => !dropped.has(e));
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of list) {
    const problem = replaced.get(e) ?? { path: errorPath(e, data), message: describe(e) };
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Public API: Kubernetes objects
// ---------------------------------------------------------------------------------------

function describeObject(obj: unknown): string {
  if (!isRecord(obj)) return show(obj);
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '<no name>';
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${String(obj.apiVersion)} ${String(obj.kind)} ${ns}${name}`;
}

function assertNoProblems(items: readonly unknown[], validate: (o: unknown) => SchemaProblem[], what: string): void {
  const blocks: string[] = [];
  let count = 0;
  items.forEach((item, i) => {
    const problems = validate(item);
    if (problems.length === 0) return;
    count += problems.length;
    blocks.push([`#${i} ${describeObject(item)}:`, ...problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`)].join('\n'));
  });
  if (blocks.length) {
    throw new Error(`${count} schema problem(s) in ${blocks.length} of ${items.length} ${what}:\n${blocks.join('\n')}`);
  }
}

// ---------------------------------------------------------------------------------------
// Custom resources: CRDs
// ---------------------------------------------------------------------------------------

interface CrdHeader {
  readonly file: string;
  readonly group: string;
  readonly kind: string;
  readonly versions: ReadonlyArray<{ readonly name: string; readonly served: boolean }>;
}

function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listYamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');

/**
 * Reads group, names.kind and versions[].{name,served} of every CRD in a file without
 * a full YAML parse (parsing all CRDs takes seconds; the headers sit at indentation <= 6 in
 * the usual CRD layouts). Returns undefined if the layout is not the expected one.
 */
function scanCrdHeaders(file: string, text: string): CrdHeader[] | undefined {
  const headers: CrdHeader[] = [];
  let top = '';
  let section = '';
  let isCrd = false;
  let group = '';
  let kind = '';
  let versions: Array<{ name: string; served: boolean }> = [];
  let current: { name: string; served: boolean } | undefined;
  let itemIndent = -1; // indentation of the "- " of spec.versions items (2 or 4)
  const flush = (): boolean => {
    if (isCrd) {
      if (!group || !kind || versions.length === 0 || versions.some((v) => !v.name)) return false;
      headers.push({ file, group, kind, versions });
    }
    top = section = group = kind = '';
    itemIndent = -1;
    isCrd = false;
    versions = [];
    current = undefined;
    return true;
  };
  const keyValue = (s: string): [string, string] | undefined => {
    const m = /^([A-Za-z][\w.-]*):(?:\s+(.*))?$/.exec(s);
    return m ? [m[1], m[2] === undefined ? '' : unquote(m[2])] : undefined;
  };
  const lineRe = /^( {0,6})(\S[^\n]*?)[ \t]*$/gm;
  for (let m = lineRe.exec(text); m; m = lineRe.exec(text)) {
    const indent = m[1].length;
    const body = m[2];
    if (body.startsWith('#')) continue;
    if (indent === 0) {
      if (body === '---' || body.startsWith('--- ')) {
        if (!flush()) return undefined;
        continue;
      }
      const kv = keyValue(body);
      if (!kv) continue;
      top = kv[0];
      if (top === 'kind' && kv[1] === 'CustomResourceDefinition') isCrd = true;
      section = '';
      continue;
    }
    if (top !== 'spec') continue;
    if (section === 'versions' && body.startsWith('- ') && (itemIndent === -1 ? indent === 2 || indent === 4 : indent === itemIndent)) {
      itemIndent = indent;
      current = { name: '', served: false };
      versions.push(current);
      const kv = keyValue(body.slice(2));
      if (kv?.[0] === 'name') current.name = kv[1];
      if (kv?.[0] === 'served') current.served = kv[1] === 'true';
      continue;
    }
    if (indent === 2) {
      const kv = keyValue(body);
      if (!kv) continue;
      section = kv[0];
      itemIndent = -1;
      current = undefined;
      if (section === 'group') group = kv[1];
      continue;
    }
    const kv = keyValue(body);
    if (!kv) continue;
    if (indent === 4 && section === 'names' && kv[0] === 'kind') kind = kv[1];
    if (section === 'versions' && current && indent === itemIndent + 2) {
      if (kv[0] === 'name') current.name = kv[1];
      if (kv[0] === 'served') current.served = kv[1] === 'true';
    }
  }
  if (!flush()) return undefined;
  return headers;
}


/**
 * A strict validator over the given schema locations. Each validator keeps its own
 * compiled schemas; create one per set of locations and reuse it.
 */
export function createSchemaValidator(locations: SchemaLocations): SchemaValidator {
  const OPENAPI_DIR = locations.openApiDir;
  const CRD_PATHS = locations.crdPaths ?? [];
  const CONFIG_SCHEMA_DIR = locations.configSchemaDir;

// ---------------------------------------------------------------------------------------
// Ajv instance for Kubernetes API objects
// ---------------------------------------------------------------------------------------

/** Formats that ajv-formats validates the same way Kubernetes does (or close enough). */
const REAL_FORMATS = ['date-time', 'date', 'byte', 'int32', 'int64', 'float', 'double', 'ipv4', 'ipv6', 'uuid', 'email', 'hostname', 'uri', 'password', 'binary'] as const;

let k8sAjvInstance: Ajv | undefined;
const knownFormats = new Set<string>();

function k8sAjv(): Ajv {
  if (k8sAjvInstance) return k8sAjvInstance;
  const ajv = new Ajv({
    allErrors: true,
    verbose: true, // errors carry the offending value
    strict: true, // unknown keywords are a bug in convertSchema, not silently ignored
    strictTypes: false, // value-validation branches in anyOf/oneOf have no "type"
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true, // nullable -> ["string", "null"]
    validateFormats: true,
    code: { regExp: re2RegExp },
  });
  addFormats(ajv, [...REAL_FORMATS]);
  for (const f of REAL_FORMATS) knownFormats.add(f);
  // Kubernetes-specific formats.
  ajv.addFormat('int-or-string', { type: 'string', validate: () => true }); // shape checked by oneOf/type
  knownFormats.add('int-or-string');
  // Go/strfmt duration ("1h30m"), not ISO 8601 (which is what ajv-formats' "duration" is).
  ajv.addFormat('duration', /^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h|d|w))+)$/);
  knownFormats.add('duration');
  k8sAjvInstance = ajv;
  return ajv;
}

/** Any other format found in a schema becomes a permissive validator instead of an error. */
function ensureFormat(name: string): void {
  if (knownFormats.has(name)) return;
  knownFormats.add(name);
  k8sAjv().addFormat(name, { validate: () => true });
}

// ---------------------------------------------------------------------------------------
// Schema conversion: Kubernetes OpenAPI v3 / CRD structural schema -> strict draft-07
// ---------------------------------------------------------------------------------------

/** Keywords that do not validate anything (documentation, defaulting, merge strategies). */
const ANNOTATION_KEYWORDS = new Set([
  'description', 'default', 'example', 'examples', 'title', 'externalDocs', 'discriminator',
  'readOnly', 'writeOnly', 'deprecated', 'xml', 'nullable', '$schema',
]);

interface ConvertOptions {
  /** Rewrites an OpenAPI `$ref` ("#/components/schemas/X"). */
  readonly rewriteRef: (ref: string) => string;
  /** `$ref` to ObjectMeta, for embedded resources and the root metadata of custom resources. */
  readonly objectMetaRef?: string | undefined;
  /**
   * CRD structural-schema semantics: objects without properties/additionalProperties and
   * without x-kubernetes-preserve-unknown-fields are pruned empty by the apiserver, so any
   * field there is unknown; properties with a default are filled in before validation, so
   * they are not "required" for the input.
   */
  readonly structural: boolean;
}

function convertSchema(src: unknown, inCombinator: boolean, opts: ConvertOptions): Schema {
  if (!isRecord(src)) return src as Schema; // boolean schemas
  const out: Schema = {};
  const preserveUnknown = src['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [key, value] of Object.entries(src)) {
    if (ANNOTATION_KEYWORDS.has(key) || key.startsWith('x-') || key === 'fields-to-discriminateBy') continue;
    switch (key) {
      case '$ref':
        out.$ref = opts.rewriteRef(String(value));
        break;
      case 'properties':
      case 'patternProperties':
      case 'definitions': {
        const props: Schema = {};
        for (const [name, sub] of Object.entries(value as Schema)) props[name] = convertSchema(sub, inCombinator, opts);
        out[key] = props;
        break;
      }
      case 'additionalProperties':
      case 'additionalItems':
        out[key] = typeof value === 'boolean' ? value : convertSchema(value, inCombinator, opts);
        break;
      case 'items':
        out.items = Array.isArray(value) ? value.map((v) => convertSchema(v, inCombinator, opts)) : convertSchema(value, inCombinator, opts);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as unknown[]).map((v) => convertSchema(v, true, opts));
        break;
      case 'not':
        out.not = convertSchema(value, true, opts);
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        // OpenAPI 3.0: boolean modifier of minimum/maximum; draft-07: a number.
        if (typeof value === 'boolean') {
          const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
          if (value && typeof src[bound] === 'number') out[key] = src[bound];
        } else {
          out[key] = value;
        }
        break;
      case 'format':
        ensureFormat(String(value));
        out.format = value;
        break;
      default:
        out[key] = value; // type, enum, required, pattern, min*/max*, const, uniqueItems, ...
    }
  }
  // exclusive bounds replace the plain bound.
  if (typeof out.exclusiveMinimum === 'number' && src.exclusiveMinimum === true) delete out.minimum;
  if (typeof out.exclusiveMaximum === 'number' && src.exclusiveMaximum === true) delete out.maximum;

  // x-kubernetes-int-or-string: integer or string (CRDs also carry an anyOf for this).
  if (src['x-kubernetes-int-or-string'] === true && out.type === undefined && !out.anyOf && !out.oneOf) {
    out.type = ['integer', 'string'];
  }
  // nullable: true (OpenAPI 3.0) -> null is an accepted value.
  if (src.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  // Embedded resources implicitly have apiVersion, kind and metadata.
  if (src['x-kubernetes-embedded-resource'] === true) {
    const props: Schema = { ...(out.properties ?? {}) };
    props.apiVersion ??= { type: 'string', minLength: 1 };
    props.kind ??= { type: 'string', minLength: 1 };
    props.metadata ??= opts.objectMetaRef ? { $ref: opts.objectMetaRef } : { type: 'object' };
    if (!preserveUnknown || out.properties) out.properties = props;
    out.required = [...new Set([...(out.required ?? []), 'apiVersion', 'kind'])];
  }
  if (opts.structural && Array.isArray(out.required) && isRecord(src.properties)) {
    const props = src.properties;
    out.required = out.required.filter((r: string) => !(isRecord(props[r]) && props[r].default !== undefined));
    if (out.required.length === 0) delete out.required;
  }
  // Strictness: close every object schema (outside value-validation combinators).
  if (!inCombinator && !preserveUnknown && out.additionalProperties === undefined) {
    const isObjectType = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
    if (out.properties !== undefined) out.additionalProperties = false;
    else if (opts.structural && isObjectType && out.patternProperties === undefined) out.additionalProperties = false;
  }
  // allOf: [{$ref}] with nothing else -> plain $ref (OpenAPI 3.0 style wrapper).
  if (Array.isArray(out.allOf) && out.allOf.length === 1 && isRecord(out.allOf[0]) && Object.keys(out.allOf[0]).length === 1 && typeof out.allOf[0].$ref === 'string' && Object.keys(out).length === 1) {
    return { $ref: out.allOf[0].$ref };
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Built-in kinds: OpenAPI v3 documents
// ---------------------------------------------------------------------------------------

interface OpenApiDocInfo {
  readonly file: string;
  /** kind -> component schema name (only writable resources of this group-version). */
  readonly kinds: ReadonlyMap<string, string>;
}

const openApiInfo = new Map<string, OpenApiDocInfo | null>();
const openApiRaw = new Map<string, Schema>();
const registeredDocs = new Map<string, string>(); // file -> $id
const registeredHasMeta = new Set<string>(); // registered files that define ObjectMeta

function openApiFileFor(apiVersion: string): string | undefined {
  const parts = apiVersion.split('/');
  if (parts.length === 1 && /^v\d+((alpha|beta)\d+)?$/.test(parts[0])) return `api__${parts[0]}_openapi.json`;
  if (parts.length === 2 && parts[0] && parts[1]) return `apis__${parts[0]}__${parts[1]}_openapi.json`;
  return undefined;
}

function apiVersionOfFile(file: string): string {
  const m = /^apis?__(.+)_openapi\.json$/.exec(file);
  if (!m) throw new Error(`unexpected OpenAPI file name ${file}`);
  return m[1].split('__').join('/');
}

function readOpenApi(file: string): Schema {
  let raw = openApiRaw.get(file);
  if (!raw) {
    raw = JSON.parse(fs.readFileSync(path.join(OPENAPI_DIR, file), 'utf8')) as Schema;
    openApiRaw.set(file, raw);
  }
  return raw;
}

function openApiDoc(file: string): OpenApiDocInfo | null {
  const cached = openApiInfo.get(file);
  if (cached !== undefined) return cached;
  if (!fs.existsSync(path.join(OPENAPI_DIR, file))) {
    openApiInfo.set(file, null);
    return null;
  }
  const doc = readOpenApi(file);
  const apiVersion = apiVersionOfFile(file);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const sameGv = (g: unknown): g is { kind: string } =>
    isRecord(g) && g.group === group && g.version === version && typeof g.kind === 'string';
  // Only kinds that can be written (POST/PUT/PATCH) are resources one can apply:
  // excludes *List, DeleteOptions, WatchEvent, Status, ...
  const writable = new Set<string>();
  for (const ops of Object.values((doc.paths ?? {}) as Schema)) {
    for (const method of ['post', 'put', 'patch']) {
      const gvk = isRecord(ops) && isRecord(ops[method]) ? ops[method]['x-kubernetes-group-version-kind'] : undefined;
      if (sameGv(gvk)) writable.add(gvk.kind);
    }
  }
  const kinds = new Map<string, string>();
  for (const [name, schema] of Object.entries((doc.components?.schemas ?? {}) as Schema)) {
    const gvks = isRecord(schema) ? schema['x-kubernetes-group-version-kind'] : undefined;
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks) if (sameGv(gvk) && writable.has(gvk.kind)) kinds.set(gvk.kind, name);
  }
  const info: OpenApiDocInfo = { file, kinds };
  openApiInfo.set(file, info);
  return info;
}

/** Registers a whole OpenAPI document as one draft-07 schema with `definitions`; returns its $id. */
function registerOpenApiDoc(file: string): string {
  const done = registeredDocs.get(file);
  if (done) return done;
  const id = `${ID_BASE}/openapi/${file}`;
  const doc = readOpenApi(file);
  const prefix = '#/components/schemas/';
  const opts: ConvertOptions = {
    structural: false,
    rewriteRef: (ref) => {
      if (!ref.startsWith(prefix)) throw new Error(`${file}: unsupported $ref ${ref}`);
      return `#/definitions/${ref.slice(prefix.length)}`;
    },
    objectMetaRef: `#/definitions/${OBJECT_META}`,
  };
  const definitions: Schema = {};
  for (const [name, schema] of Object.entries((doc.components?.schemas ?? {}) as Schema)) {
    definitions[name] = convertSchema(schema, false, opts);
  }
  k8sAjv().addSchema({ $id: id, definitions }, undefined, undefined, true);
  registeredDocs.set(file, id);
  if (definitions[OBJECT_META] !== undefined) registeredHasMeta.add(file);
  openApiRaw.delete(file); // the converted copy lives in Ajv now
  return id;
}

/** $ref to ObjectMeta, registering the smallest OpenAPI document that defines it. */
let objectMetaRefCache: string | undefined;
function objectMetaRef(): string {
  if (objectMetaRefCache) return objectMetaRefCache;
  const files = fs.readdirSync(OPENAPI_DIR)
    .filter((f) => f.endsWith('_openapi.json'))
    .map((f) => ({ f, size: fs.statSync(path.join(OPENAPI_DIR, f)).size }))
    .sort((a, b) => a.size - b.size);
  for (const { f } of files) {
    const hasMeta = registeredDocs.has(f) ? registeredHasMeta.has(f) : readOpenApi(f).components?.schemas?.[OBJECT_META] !== undefined;
    if (hasMeta) {
      objectMetaRefCache = `${registerOpenApiDoc(f)}#/definitions/${OBJECT_META}`;
      return objectMetaRefCache;
    }
    if (!registeredDocs.has(f)) openApiRaw.delete(f);
  }
  throw new Error(`no OpenAPI document in ${OPENAPI_DIR} defines ${OBJECT_META}`);
}

let crdIndexCache: Map<string, CrdHeader> | undefined; // "group|kind" -> header
const crdDocsByFile = new Map<string, Schema[]>();

function parseCrdFile(file: string): Schema[] {
  let docs = crdDocsByFile.get(file);
  if (!docs) {
    docs = parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map((d) => {
        if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
        return d.toJS() as unknown;
      })
      .filter((d): d is Schema => isRecord(d) && d.kind === 'CustomResourceDefinition');
    crdDocsByFile.set(file, docs);
  }
  return docs;
}

function headerOf(file: string, crd: Schema): CrdHeader {
  return {
    file,
    group: String(crd.spec.group),
    kind: String(crd.spec.names.kind),
    versions: (crd.spec.versions as Schema[]).map((v) => ({ name: String(v.name), served: v.served === true })),
  };
}

function crdIndex(): Map<string, CrdHeader> {
  if (crdIndexCache) return crdIndexCache;
  const index = new Map<string, CrdHeader>();
  for (const file of CRD_PATHS.flatMap((p) => (fs.statSync(p).isDirectory() ? listYamlFiles(p) : [p]))) {
    const headers = scanCrdHeaders(file, fs.readFileSync(file, 'utf8')) ?? parseCrdFile(file).map((c) => headerOf(file, c));
    for (const h of headers) index.set(`${h.group}|${h.kind}`, h);
  }
  crdIndexCache = index;
  return index;
}

function crdVersionSchema(header: CrdHeader, version: string): Schema | undefined {
  for (const crd of parseCrdFile(header.file)) {
    if (crd.spec?.group !== header.group || crd.spec?.names?.kind !== header.kind) continue;
    const v = (crd.spec.versions as Schema[]).find((x) => x.name === version && x.served === true);
    return v?.schema?.openAPIV3Schema as Schema | undefined;
  }
  return undefined;
}

function compileCrd(header: CrdHeader, version: string): ValidateFunction | undefined {
  const root = crdVersionSchema(header, version);
  if (!root) return undefined;
  const metaRef = objectMetaRef();
  const converted = convertSchema(root, false, {
    structural: true,
    objectMetaRef: metaRef,
    rewriteRef: (ref) => {
      throw new Error(`${header.file}: unexpected $ref ${ref} in a CRD schema`);
    },
  });
  // The root metadata of a custom resource is an ObjectMeta (the CRD may only narrow it).
  const props: Schema = { ...(converted.properties ?? {}) };
  const ownMeta = root.properties?.metadata;
  props.metadata = isRecord(ownMeta) && Object.keys(ownMeta).some((k) => k !== 'type' && k !== 'description')
    ? { allOf: [{ $ref: metaRef }, convertSchema(ownMeta, true, { structural: true, rewriteRef: (r) => r })] }
    : { $ref: metaRef };
  props.apiVersion ??= { type: 'string' };
  props.kind ??= { type: 'string' };
  converted.properties = props;
  converted.additionalProperties = false;
  converted.$id = `${ID_BASE}/crd/${header.group}/${version}/${header.kind}`;
  return k8sAjv().compile(converted);
}

// ---------------------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------------------

interface KindEntry {
  readonly validate: ValidateFunction;
}
const compiled = new Map<string, KindEntry | null>();

function lookup(apiVersion: string, kind: string): KindEntry | null {
  const key = `${apiVersion}|${kind}`;
  const hit = compiled.get(key);
  if (hit !== undefined) return hit;
  let entry: KindEntry | null = null;
  const file = openApiFileFor(apiVersion);
  const info = file ? openApiDoc(file) : null;
  const component = info?.kinds.get(kind);
  if (info && component) {
    const id = registerOpenApiDoc(info.file);
    const validate = k8sAjv().getSchema(`${id}#/definitions/${component}`);
    if (!validate) throw new Error(`cannot resolve ${component} in ${info.file}`);
    entry = { validate: validate as ValidateFunction };
  } else if (/^[^/]+\/[^/]+$/.test(apiVersion)) {
    const [group, version] = apiVersion.split('/');
    const header = crdIndex().get(`${group}|${kind}`);
    if (header && header.versions.some((v) => v.name === version && v.served)) {
      const validate = compileCrd(header, version);
      if (validate) entry = { validate };
    }
  }
  compiled.set(key, entry);
  return entry;
}

/** The set of "apiVersion|kind" pairs validateK8sObject knows (built-in resources + served CRD versions). */
function knownKinds(): ReadonlySet<string> {
  const out = new Set<string>();
  for (const file of fs.readdirSync(OPENAPI_DIR).filter((f) => f.endsWith('_openapi.json')).sort()) {
    const info = openApiDoc(file);
    if (!registeredDocs.has(file)) openApiRaw.delete(file); // index only; re-read if validated later
    const apiVersion = apiVersionOfFile(file);
    for (const kind of info?.kinds.keys() ?? []) out.add(`${apiVersion}|${kind}`);
  }
  for (const h of crdIndex().values()) {
    for (const v of h.versions) if (v.served) out.add(`${h.group}/${v.name}|${h.kind}`);
  }
  return out;
}

function validateK8sObject(obj: unknown): SchemaProblem[] {
  if (!isRecord(obj)) return [{ path: '', message: `must be an object, got ${show(obj)}` }];
  const { apiVersion, kind } = obj;
  const head: SchemaProblem[] = [];
  if (typeof apiVersion !== 'string' || apiVersion === '') head.push({ path: 'apiVersion', message: `missing required field "apiVersion"${apiVersion === undefined ? '' : `, got ${show(apiVersion)}`}` });
  if (typeof kind !== 'string' || kind === '') head.push({ path: 'kind', message: `missing required field "kind"${kind === undefined ? '' : `, got ${show(kind)}`}` });
  if (head.length) return head;
  const entry = lookup(apiVersion as string, kind as string);
  if (!entry) {
    return [{ path: '', message: `unknown apiVersion/kind "${String(apiVersion)}" "${String(kind)}": no built-in resource in the OpenAPI documents and no served version in the CRDs given` }];
  }
  const problems = entry.validate(obj) ? [] : toProblems(entry.validate.errors, obj);
  // kubectl apply needs a name (generateName is not supported by apply).
  const meta = obj.metadata;
  if (meta === undefined) problems.push({ path: 'metadata', message: 'missing required field "metadata"' });
  else if (isRecord(meta) && (typeof meta.name !== 'string' || meta.name === '') && !problems.some((p) => p.path === 'metadata.name')) {
    problems.push({ path: 'metadata.name', message: 'missing required field "name"' });
  }
  return problems;
}

/** Throws an Error listing every problem (with apiVersion/kind/namespace/name of each object) if any object is invalid. */
function assertAllValid(objects: readonly unknown[]): void {
  assertNoProblems(objects, validateK8sObject, 'object(s)');
}

// ---------------------------------------------------------------------------------------
// Public API: component-config documents
// ---------------------------------------------------------------------------------------

let configValidators: Map<string, () => ValidateFunction> | undefined;
const configCompiled = new Map<string, ValidateFunction>();

function configIndex(): Map<string, () => ValidateFunction> {
  if (configValidators) return configValidators;
  // The component-config schemas are written for Ajv + JS RegExp.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, verbose: true });
  addFormats(ajv);
  ajv.addKeyword('kinds'); // top-level index of kinds: annotation only
  if (CONFIG_SCHEMA_DIR === undefined) {
    configValidators = new Map();
    return configValidators;
  }
  const files = fs.readdirSync(CONFIG_SCHEMA_DIR).filter((f) => f.endsWith('.json')).sort();
  const docs = files.map((f) => JSON.parse(fs.readFileSync(path.join(CONFIG_SCHEMA_DIR, f), 'utf8')) as AnySchemaObject);
  for (const d of docs) ajv.addSchema(d); // all first: cross-file $refs
  const index = new Map<string, () => ValidateFunction>();
  for (const d of docs) {
    const m = /\/([^/]+)_([^/_]+)\.json$/.exec(String(d.$id));
    if (!m) throw new Error(`unexpected config schema $id ${String(d.$id)}`);
    const apiVersion = `${m[1]}/${m[2]}`;
    for (const [kind, ref] of Object.entries((d.kinds ?? {}) as Record<string, { $ref: string }>)) {
      const key = `${apiVersion}|${kind}`;
      index.set(key, () => {
        let v = configCompiled.get(key);
        if (!v) {
          v = ajv.getSchema(`${String(d.$id)}${ref.$ref}`) as ValidateFunction | undefined;
          if (!v) throw new Error(`cannot resolve ${String(d.$id)}${ref.$ref}`);
          configCompiled.set(key, v);
        }
        return v;
      });
    }
  }
  configValidators = index;
  return index;
}

/** Validates a component-config document (kubeadm, kubelet, kube-proxy, apiserver config, audit policy) dispatched on apiVersion+kind against the component-config schemas. Unknown apiVersion/kind is a problem. */
function validateConfigDocument(doc: unknown): SchemaProblem[] {
  if (!isRecord(doc)) return [{ path: '', message: `must be an object, got ${show(doc)}` }];
  const key = `${String(doc.apiVersion)}|${String(doc.kind)}`;
  const get = configIndex().get(key);
  if (!get) return [{ path: '', message: `unknown apiVersion/kind "${String(doc.apiVersion)}" "${String(doc.kind)}": no component-config schema for it` }];
  const validate = get();
  return validate(doc) ? [] : toProblems(validate.errors, doc);
}

function assertConfigValid(docs: readonly unknown[]): void {
  assertNoProblems(docs, validateConfigDocument, 'config document(s)');
}


  return { validateObject: validateK8sObject, assertAllValid, knownKinds, validateConfigDocument, assertConfigValid };
}
