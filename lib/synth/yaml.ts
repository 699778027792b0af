import { stringify } from 'yaml';

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

/** @internal One YAML document, deterministic: canonical key order, no line folding. */
export function toYaml(value: unknown): string {
  return stringify(canonicalize(value), { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

/** @internal A multi-document YAML stream. */
export function toYamlStream(values: readonly unknown[]): string {
  return values.map(toYaml).join('---\n');
}
