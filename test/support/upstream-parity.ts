/**
 * Upstream parity: compares what clusterforge renders for a component with that component's
 * upstream release at the pinned tag (the files in ../shared/upstream), item by item, so that a
 * dropped RBAC grant, mount, arg or probe fails a test even though every object stays
 * schema-valid. Every difference must be a declared `UpstreamDeviation`; a declaration that
 * matches no difference is stale and fails too.
 *
 * Item names (W is the upstream workload as `<Kind>/<namespace>/<name>`):
 * - `rbac <ns/sa> <scope> <group>/<resource>[/<resourceName>] <verb>`: an upstream grant ours lacks
 *   (scope `cluster` or `ns:<upstream namespace>`; `core` for the core group; `url:<path>` for
 *   non-resource URLs); `rbac+ …` for a grant ours has that upstream does not.
 * - `W container <c>`; `W container <c> image|command`; `… arg <--flag or positional>`;
 *   `… env <NAME>`; `… port <port>/<protocol>`; `… mount <mountPath>`;
 *   `… probe liveness|readiness|startup`; `… securityContext.<leaf>`.
 * - `W pod hostNetwork|hostPID|hostIPC|dnsPolicy|priorityClassName|serviceAccountName|tolerations|securityContext.<leaf>`.
 * Resources and labels are not compared: every container we write sets its own resources.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { KubeObject, UpstreamDeviation } from '../../lib';

const UPSTREAM_DIR = path.resolve(__dirname, '../../../shared/upstream');

type Json = Record<string, any>;

/** The API objects of a file under ../shared/upstream (multi-document YAML, `List` kinds flattened). */
export function loadUpstream(relPath: string): KubeObject[] {
  const text = fs.readFileSync(path.join(UPSTREAM_DIR, relPath), 'utf8');
  const docs = parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`${relPath}: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as Json | null;
  });
  return docs.flatMap(flattenList).filter((o): o is KubeObject => o !== null && typeof o === 'object' && typeof o.kind === 'string');
}

function flattenList(doc: Json | null): (Json | null)[] {
  if (doc && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) return doc.items.flatMap(flattenList);
  return [doc];
}

export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface ParityOptions {
  readonly upstream: readonly KubeObject[];
  readonly ours: readonly KubeObject[];
  /** Workloads to compare, upstream → ours. */
  readonly workloads?: ReadonlyArray<{ readonly upstream: ObjectRef; readonly ours: ObjectRef }>;
  /** Service accounts whose effective RBAC grants are compared: upstream `ns/name` → ours `ns/name`. */
  readonly serviceAccounts?: Readonly<Record<string, string>>;
  /** Upstream namespace → ours, for namespaced grants; identity when absent. */
  readonly namespaces?: Readonly<Record<string, string>>;
}

export interface ParityDifference {
  readonly item: string;
  readonly upstream: unknown;
  readonly ours: unknown;
}

/** Every difference between upstream and ours, in a stable order. */
export function upstreamDifferences(options: ParityOptions): ParityDifference[] {
  const differences: ParityDifference[] = [];
  for (const [upstreamSa, oursSa] of Object.entries(options.serviceAccounts ?? {})) {
    differences.push(...rbacDifferences(options, upstreamSa, oursSa));
  }
  for (const pair of options.workloads ?? []) {
    const upstream = findRef(options.upstream, pair.upstream, 'upstream');
    const ours = findRef(options.ours, pair.ours, 'ours');
    differences.push(...workloadDifferences(refName(pair.upstream), upstream, ours, options));
  }
  return differences;
}

/**
 * Fails with every undeclared difference (both values shown) and every declared deviation that
 * matches no difference, so that the declarations stay exactly the differences.
 */
export function expectUpstreamParity(options: ParityOptions & { readonly deviations: readonly UpstreamDeviation[] }): void {
  const differences = upstreamDifferences(options);
  const declared = new Set(options.deviations.map((d) => d.item));
  const found = new Set(differences.map((d) => d.item));
  const undeclared = differences.filter((d) => !declared.has(d.item));
  const stale = options.deviations.filter((d) => !found.has(d.item));
  if (undeclared.length === 0 && stale.length === 0) return;
  const lines = [
    ...undeclared.map((d) => `undeclared: ${d.item}\n    upstream: ${show(d.upstream)}\n    ours:     ${show(d.ours)}`),
    ...stale.map((d) => `stale deviation (matches no difference): ${d.item} [${d.component}]`),
  ];
  throw new Error(`upstream parity failed with ${lines.length} finding(s):\n${lines.join('\n')}`);
}

/** Keys present on one side only, recursively; for rendered config files. Items: `<label> key <dotted.path>`. */
export function configKeyDifferences(label: string, upstream: unknown, ours: unknown): ParityDifference[] {
  const up = leafPaths(upstream);
  const our = leafPaths(ours);
  const keys = [...new Set([...up.keys(), ...our.keys()])].sort();
  return keys
    .filter((k) => up.has(k) !== our.has(k))
    .map((k) => ({ item: `${label} key ${k}`, upstream: up.get(k), ours: our.get(k) }));
}

function leafPaths(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value as Json)) leafPaths(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (prefix !== '') {
    out.set(prefix, value);
  }
  return out;
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

function refName(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

function findRef(objects: readonly KubeObject[], ref: ObjectRef, side: string): Json {
  const found = objects.find(
    (o) => o.kind === ref.kind && o.metadata?.name === ref.name && (ref.namespace === undefined || o.metadata?.namespace === ref.namespace),
  );
  if (!found) throw new Error(`parity: no ${refName(ref)} on the ${side} side`);
  return found as Json;
}

// ---------------------------------------------------------------- RBAC

/** One permission (one verb), as the RBAC authorizer matches a request against it. */
export interface Grant {
  readonly scope: string; // 'cluster' or 'ns:<namespace>'
  readonly group: string;
  readonly resource: string;
  readonly name: string | undefined;
  readonly verb: string;
  readonly url: string | undefined;
}

const mapNs = (options: ParityOptions, ns: string): string => options.namespaces?.[ns] ?? ns;

/** The grants a service account `ns/name` holds through the bindings among `objects`, expanded to single verbs. */
function grantsOf(objects: readonly KubeObject[], sa: string): Grant[] {
  const [saNs, saName] = sa.split('/');
  return effectiveGrants(objects, { kind: 'ServiceAccount', name: saName, namespace: saNs });
}

/** Who a binding names: a user, a group or a service account (`namespace` required for those). */
export interface RbacSubject {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  readonly namespace?: string;
}

/**
 * The grants `subject` holds through the RoleBindings and ClusterRoleBindings among `objects`,
 * expanded to single verbs, with aggregated ClusterRoles filled in as the aggregation controller
 * fills them (nested aggregation included). Built-in roles count only when `objects` holds them.
 */
export function effectiveGrants(objects: readonly KubeObject[], subject: RbacSubject): Grant[] {
  const roles = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role') as Json[];
  const grants: Grant[] = [];
  for (const binding of objects.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') as Json[]) {
    const boundNs = binding.metadata.namespace;
    const subjects = (binding.subjects ?? []) as Json[];
    const names = (s: Json): boolean =>
      s.kind === subject.kind && s.name === subject.name && (subject.kind !== 'ServiceAccount' || (s.namespace ?? boundNs) === subject.namespace);
    if (!subjects.some(names)) continue;
    const ref = binding.roleRef as Json;
    const role = roles.find(
      (r) => r.kind === ref.kind && r.metadata.name === ref.name && (r.kind === 'ClusterRole' || r.metadata.namespace === boundNs),
    );
    if (!role) continue;
    const scope = binding.kind === 'ClusterRoleBinding' ? 'cluster' : `ns:${boundNs}`;
    for (const rule of rulesOf(role, roles)) grants.push(...expand(rule, scope));
  }
  return grants;
}

/** The grants a Role or ClusterRole confers where it is bound in `namespace` (or cluster-wide). */
export function roleGrants(objects: readonly KubeObject[], kind: 'Role' | 'ClusterRole', name: string, namespace?: string): Grant[] {
  const roles = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role') as Json[];
  const role = roles.find((r) => r.kind === kind && r.metadata.name === name && (kind === 'ClusterRole' || r.metadata.namespace === namespace));
  if (!role) throw new Error(`rbac: no ${kind} ${name}`);
  return rulesOf(role, roles).flatMap((r) => expand(r, namespace === undefined ? 'cluster' : `ns:${namespace}`));
}

/** A request an authorizer decides: resource requests only. `namespace` absent for a cluster-scoped request. */
export interface RbacRequest {
  readonly namespace?: string;
  readonly group: string;
  readonly resource: string;
  readonly verb: string;
  readonly name?: string;
}

/** Whether `grants` allow `request`, as the RBAC authorizer decides it. */
export function allows(grants: readonly Grant[], request: RbacRequest): boolean {
  const need: Grant = {
    scope: request.namespace === undefined ? 'cluster' : `ns:${request.namespace}`,
    group: request.group,
    resource: request.resource,
    name: request.name,
    verb: request.verb,
    url: undefined,
  };
  return grants.some((have) => covers(have, need));
}

/**
 * Whether a subject holding `holder` may create a binding to a role conferring `role` without the
 * `bind` verb: RBAC's escalation check, which asks that the binder already hold every permission
 * the role grants (there, in the binding's scope).
 */
export function coversAll(holder: readonly Grant[], role: readonly Grant[]): boolean {
  return role.every((need) => holder.some((have) => covers(have, need)));
}

/** A role's rules, with the rules of the ClusterRoles it aggregates (those filled by aggregation too). */
function rulesOf(role: Json, roles: readonly Json[], seen: ReadonlySet<Json> = new Set()): Json[] {
  const selectors = ((role.aggregationRule?.clusterRoleSelectors ?? []) as Json[]).map((s) => (s.matchLabels ?? {}) as Record<string, string>);
  const visited = new Set([...seen, role]);
  const aggregated = roles.filter(
    (r) => !visited.has(r) && r.kind === 'ClusterRole' && selectors.some((sel) => Object.entries(sel).every(([k, v]) => r.metadata.labels?.[k] === v)),
  );
  return [...((role.rules ?? []) as Json[]), ...aggregated.flatMap((r) => rulesOf(r, roles, visited))];
}

function expand(rule: Json, scope: string): Grant[] {
  const verbs = (rule.verbs ?? []) as string[];
  if (rule.nonResourceURLs) {
    return (rule.nonResourceURLs as string[]).flatMap((url) => verbs.map((verb) => ({ scope: 'cluster', group: '', resource: '', name: undefined, verb, url })));
  }
  const names: (string | undefined)[] = rule.resourceNames?.length ? rule.resourceNames : [undefined];
  const out: Grant[] = [];
  for (const group of (rule.apiGroups ?? []) as string[])
    for (const resource of (rule.resources ?? []) as string[])
      for (const name of names) for (const verb of verbs) out.push({ scope, group, resource, name, verb, url: undefined });
  return out;
}

const matches = (pattern: string, value: string): boolean =>
  pattern === '*' || pattern === value || (pattern.endsWith('/*') && value.startsWith(pattern.slice(0, -1)));

/** Whether `have` allows everything `need` asks for. Cluster-wide grants cover namespaced needs. */
function covers(have: Grant, need: Grant): boolean {
  if (need.url !== undefined) return have.url !== undefined && matches(have.url, need.url) && matches(have.verb, need.verb);
  if (have.url !== undefined) return false;
  if (have.scope !== 'cluster' && have.scope !== need.scope) return false;
  return (
    matches(have.group, need.group) &&
    matches(have.resource, need.resource) &&
    matches(have.verb, need.verb) &&
    (have.name === undefined || have.name === need.name)
  );
}

function grantItem(prefix: string, sa: string, g: Grant): string {
  if (g.url !== undefined) return `${prefix} ${sa} cluster url:${g.url} ${g.verb}`;
  return `${prefix} ${sa} ${g.scope} ${g.group === '' ? 'core' : g.group}/${g.resource}${g.name === undefined ? '' : `/${g.name}`} ${g.verb}`;
}

function rbacDifferences(options: ParityOptions, upstreamSa: string, oursSa: string): ParityDifference[] {
  // Compare in upstream's namespaces: our namespaced grants are mapped back.
  const back = new Map(Object.entries(options.namespaces ?? {}).map(([u, o]) => [o, u]));
  const upstream = grantsOf(options.upstream, upstreamSa);
  const ours = grantsOf(options.ours, oursSa).map((g) =>
    g.scope.startsWith('ns:') ? { ...g, scope: `ns:${back.get(g.scope.slice(3)) ?? g.scope.slice(3)}` } : g,
  );
  const items = new Map<string, ParityDifference>();
  for (const need of upstream) {
    if (ours.some((have) => covers(have, need))) continue;
    const item = grantItem('rbac', upstreamSa, need);
    items.set(item, { item, upstream: describeGrant(need), ours: undefined });
  }
  for (const have of ours) {
    if (upstream.some((u) => covers(u, have))) continue;
    const item = grantItem('rbac+', upstreamSa, have);
    items.set(item, { item, upstream: undefined, ours: describeGrant(have) });
  }
  return [...items.values()].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

function describeGrant(g: Grant): string {
  return g.url !== undefined ? `${g.verb} ${g.url}` : `${g.verb} ${g.group || 'core'}/${g.resource}${g.name ? `/${g.name}` : ''} (${g.scope})`;
}

// ---------------------------------------------------------------- workloads

const POD_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC', 'dnsPolicy', 'priorityClassName'] as const;

function podSpecOf(o: Json): Json {
  if (o.kind === 'Pod') return o.spec ?? {};
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec ?? {};
  return o.spec?.template?.spec ?? {};
}

function workloadDifferences(w: string, upstreamObject: Json, oursObject: Json, options: ParityOptions): ParityDifference[] {
  const up = podSpecOf(upstreamObject);
  const our = podSpecOf(oursObject);
  const out: ParityDifference[] = [];
  const diff = (item: string, u: unknown, o: unknown): void => {
    if (!deepEqual(u, o)) out.push({ item: `${w} ${item}`, upstream: u, ours: o });
  };

  for (const field of POD_FIELDS) diff(`pod ${field}`, up[field], our[field]);
  const saOf = (spec: Json, obj: Json, side: 'up' | 'our'): string | undefined => {
    const name = spec.serviceAccountName ?? spec.serviceAccount;
    if (name === undefined) return undefined;
    const ns = obj.metadata?.namespace ?? '';
    if (side === 'our') return `${ns}/${name}`;
    const key = `${ns}/${name}`;
    return options.serviceAccounts?.[key] ?? `${mapNs(options, ns)}/${name}`;
  };
  diff('pod serviceAccountName', saOf(up, upstreamObject, 'up'), saOf(our, oursObject, 'our'));
  diff('pod tolerations', canonicalSet(up.tolerations), canonicalSet(our.tolerations));
  for (const [leaf, u, o] of leafDiffs(up.securityContext, our.securityContext)) diff(`pod securityContext.${leaf}`, u, o);

  const containers = (spec: Json): Json[] => [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const upContainers = containers(up);
  const ourContainers = containers(our);
  const names = [...new Set([...upContainers, ...ourContainers].map((c) => c.name as string))];
  for (const name of names) {
    const u = upContainers.find((c) => c.name === name);
    const o = ourContainers.find((c) => c.name === name);
    if (!u || !o) {
      out.push({ item: `${w} container ${name}`, upstream: u?.image, ours: o?.image });
      continue;
    }
    out.push(...containerDifferences(`${w} container ${name}`, u, up, o, our));
  }
  return out;
}

function containerDifferences(prefix: string, u: Json, upSpec: Json, o: Json, ourSpec: Json): ParityDifference[] {
  const out: ParityDifference[] = [];
  const diff = (item: string, a: unknown, b: unknown): void => {
    if (!deepEqual(a, b)) out.push({ item: `${prefix} ${item}`, upstream: a, ours: b });
  };
  diff('image', u.image, o.image);
  diff('command', u.command, o.command);

  const upArgs = argMap(u.args);
  const ourArgs = argMap(o.args);
  for (const key of union(upArgs.keys(), ourArgs.keys())) diff(`arg ${key}`, upArgs.get(key), ourArgs.get(key));

  const envMap = (c: Json): Map<string, unknown> => new Map(((c.env ?? []) as Json[]).map((e) => [e.name as string, e.value ?? e.valueFrom]));
  const upEnv = envMap(u);
  const ourEnv = envMap(o);
  for (const key of union(upEnv.keys(), ourEnv.keys())) diff(`env ${key}`, upEnv.get(key), ourEnv.get(key));
  diff('envFrom', u.envFrom, o.envFrom);

  const portMap = (c: Json): Map<string, unknown> =>
    new Map(((c.ports ?? []) as Json[]).map((p) => [`${p.containerPort}/${p.protocol ?? 'TCP'}`, { name: p.name, hostPort: p.hostPort }]));
  const upPorts = portMap(u);
  const ourPorts = portMap(o);
  for (const key of union(upPorts.keys(), ourPorts.keys())) diff(`port ${key}`, upPorts.get(key), ourPorts.get(key));

  const upMounts = mountMap(u, upSpec);
  const ourMounts = mountMap(o, ourSpec);
  for (const key of union(upMounts.keys(), ourMounts.keys())) diff(`mount ${key}`, upMounts.get(key), ourMounts.get(key));

  for (const probe of ['liveness', 'readiness', 'startup']) {
    diff(`probe ${probe}`, withProbeDefaults(u[`${probe}Probe`]), withProbeDefaults(o[`${probe}Probe`]));
  }
  for (const [leaf, a, b] of leafDiffs(u.securityContext, o.securityContext)) diff(`securityContext.${leaf}`, a, b);
  return out;
}

/** `--flag=value` and `--flag value`-free args keyed by flag; positional args keyed by themselves. */
function argMap(args: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const arg of (args ?? []) as string[]) {
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0) out.set(arg.slice(0, eq), arg.slice(eq + 1));
    else out.set(arg, true);
  }
  return out;
}

/** What a container mounts at each path: the volume's source and the mount options. */
function mountMap(c: Json, spec: Json): Map<string, unknown> {
  const volumes = new Map(((spec.volumes ?? []) as Json[]).map((v) => [v.name as string, v]));
  const out = new Map<string, unknown>();
  for (const m of (c.volumeMounts ?? []) as Json[]) {
    const volume = volumes.get(m.name) ?? {};
    out.set(m.mountPath, {
      source: volumeSource(volume),
      readOnly: m.readOnly === true,
      subPath: m.subPath,
      mountPropagation: m.mountPropagation,
    });
  }
  return out;
}

function volumeSource(volume: Json): unknown {
  if (volume.hostPath) return { hostPath: volume.hostPath.path, type: volume.hostPath.type ?? '' };
  const kind = Object.keys(volume).find((k) => k !== 'name');
  return kind ?? 'missing volume';
}

/** Probe fields with the API server's defaults filled in, so `periodSeconds: 10` equals absent. */
function withProbeDefaults(probe: Json | undefined): unknown {
  if (probe === undefined) return undefined;
  const handler = { ...probe };
  if (handler.httpGet) handler.httpGet = { scheme: 'HTTP', path: '/', ...handler.httpGet };
  return { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, initialDelaySeconds: 0, ...handler };
}

/** Leaf paths whose values differ between two objects; array values are compared as sorted sets under their path. */
function leafDiffs(a: unknown, b: unknown, prefix = ''): [string, unknown, unknown][] {
  const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) || isObj(b)) {
    const ao = isObj(a) ? a : {};
    const bo = isObj(b) ? b : {};
    return [...union(Object.keys(ao), Object.keys(bo))].flatMap((k) => leafDiffs(ao[k], bo[k], prefix === '' ? k : `${prefix}.${k}`));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    const as = new Set(((a ?? []) as unknown[]).map((x) => JSON.stringify(x)));
    const bs = new Set(((b ?? []) as unknown[]).map((x) => JSON.stringify(x)));
    return [...union(as, bs)]
      .filter((x) => as.has(x) !== bs.has(x))
      .map((x) => {
        const value: unknown = JSON.parse(x);
        return [`${prefix} ${typeof value === 'string' ? value : x}`, as.has(x) ? value : undefined, bs.has(x) ? value : undefined];
      });
  }
  return deepEqual(a, b) ? [] : [[prefix, a, b]];
}

function canonicalSet(list: unknown): string[] | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.map((x) => JSON.stringify(sortKeys(x))).sort();
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v as Json).sort().map((k) => [k, sortKeys((v as Json)[k])]));
  }
  return v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function union<T>(a: Iterable<T>, b: Iterable<T>): T[] {
  return [...new Set([...a, ...b])].sort();
}
