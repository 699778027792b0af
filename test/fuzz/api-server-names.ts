/**
 * The name checks kube-apiserver applies to every object and that the OpenAPI schema does
 * not express (k8s.io/apimachinery/pkg/api/validation ValidateObjectMeta, pkg/util/validation,
 * pkg/apis/rbac/validation): object names per kind, namespace names, label keys and values,
 * annotation keys, label selectors, RBAC subjects.
 * Strict schema validation accepts `metadata.name: "Bad Name"`; `kubectl apply` does not.
 */
import { KubeObject } from '../../lib';
import { isBuiltInApiVersion } from '../../lib/synth/kube-object';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Kinds whose names are only path segments (RBAC allows "system:..." names). */
const PATH_SEGMENT_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

const isLabel = (s: string) => s.length <= 63 && DNS1123_LABEL.test(s);
const isSubdomain = (s: string) => s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
const isPathSegment = (s: string) => s !== '' && s !== '.' && s !== '..' && !/[/%]/.test(s);

function isQualifiedName(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0 && !isSubdomain(key.slice(0, slash))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

function nameProblem(o: KubeObject): string | undefined {
  const name = o.metadata?.name;
  if (typeof name !== 'string') return 'metadata.name is not a string';
  if (o.kind === 'CustomResourceDefinition') return undefined; // <plural>.<group>, from vendored files
  if (o.kind === 'Namespace') return isLabel(name) ? undefined : 'a Namespace name must be a DNS-1123 label';
  if (o.kind === 'Service' && o.apiVersion === 'v1') return name.length <= 63 && DNS1035_LABEL.test(name) ? undefined : 'a Service name must be a DNS-1035 label';
  if (PATH_SEGMENT_KINDS.has(o.kind) || !isBuiltInApiVersion(o.apiVersion)) return isPathSegment(name) ? undefined : 'the name must be a path segment';
  return isSubdomain(name) ? undefined : 'the name must be a DNS-1123 subdomain';
}

/**
 * Label selectors anywhere in an object: `matchLabels` maps, and `matchExpressions` /
 * `matchLabelExpressions` (StorageClass allowedTopologies) entries, whose keys are label
 * keys and whose values are label values.
 */
function selectorProblems(value: unknown, at: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => selectorProblems(v, `${at}[${i}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    const here = `${at}.${k}`;
    if (k === 'matchLabels' && v && typeof v === 'object') {
      for (const [key, label] of Object.entries(v)) {
        if (!isQualifiedName(key)) out.push(`${here}: key ${JSON.stringify(key)} is not a qualified name`);
        if (typeof label !== 'string' || label.length > 63 || !LABEL_VALUE.test(label)) out.push(`${here}.${key}: invalid label value ${JSON.stringify(label)}`);
      }
    } else if ((k === 'matchExpressions' || k === 'matchLabelExpressions') && Array.isArray(v)) {
      v.forEach((e: { key?: unknown; scopeName?: unknown; values?: unknown }, i) => {
        // A quota's scopeSelector matches scopes (scopeName), not labels.
        if (e?.scopeName !== undefined) return;
        if (!isQualifiedName(e?.key)) out.push(`${here}[${i}]: key ${JSON.stringify(e?.key)} is not a qualified name`);
        for (const x of Array.isArray(e?.values) ? e.values : []) {
          if (typeof x !== 'string' || x.length > 63 || !LABEL_VALUE.test(x)) out.push(`${here}[${i}]: invalid label value ${JSON.stringify(x)}`);
        }
      });
    } else {
      selectorProblems(v, here, out);
    }
  }
}

/** RBAC subjects: a name always; a service account's must be an object name in a valid namespace. */
function subjectProblems(o: KubeObject, out: string[]): void {
  if (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding') return;
  const subjects = (o as { subjects?: { kind?: string; name?: string; namespace?: string }[] }).subjects ?? [];
  subjects.forEach((s, i) => {
    if (typeof s.name !== 'string' || s.name === '') out.push(`subjects[${i}]: a subject needs a name`);
    else if (s.kind === 'ServiceAccount' && !isSubdomain(s.name)) out.push(`subjects[${i}]: service account name ${JSON.stringify(s.name)} is not a DNS-1123 subdomain`);
    if (s.kind === 'ServiceAccount' && (typeof s.namespace !== 'string' || !isLabel(s.namespace))) out.push(`subjects[${i}]: service account namespace ${JSON.stringify(s.namespace)} is not a DNS-1123 label`);
  });
}

/** Problems kube-apiserver would reject `objects` for, as `<object>: <problem>` lines. */
export function apiServerNameProblems(objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const where = `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${String(o.metadata?.name)}`;
    const name = nameProblem(o);
    if (name) problems.push(`${where}: ${name}`);
    const ns = o.metadata?.namespace;
    if (ns !== undefined && !isLabel(ns)) problems.push(`${where}: metadata.namespace must be a DNS-1123 label`);
    for (const [key, value] of Object.entries(o.metadata?.labels ?? {})) {
      if (!isQualifiedName(key)) problems.push(`${where}: label key ${JSON.stringify(key)} is not a qualified name`);
      if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) problems.push(`${where}: label ${key} has an invalid value ${JSON.stringify(value)}`);
    }
    for (const key of Object.keys(o.metadata?.annotations ?? {})) {
      if (!isQualifiedName(key)) problems.push(`${where}: annotation key ${JSON.stringify(key)} is not a qualified name`);
    }
    const inner: string[] = [];
    const { metadata: _m, ...rest } = o;
    // A CRD's schema names these fields; it holds no selectors.
    if (o.kind !== 'CustomResourceDefinition') selectorProblems(rest, '', inner);
    subjectProblems(o, inner);
    problems.push(...inner.map((p) => `${where}: ${p}`));
  }
  return problems;
}
