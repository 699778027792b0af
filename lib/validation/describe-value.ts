/** @internal Longest string shown whole in a report; longer ones are cut, with their length. */
export const MAX_SHOWN_LENGTH = 80;

/**
 * @internal
 * A value as the user wrote it, in a report: JSON-like, but NaN, Infinity and -0 stay
 * themselves (JSON would print null and 0), and long strings are cut with an ellipsis
 * and their length so that one 10,000-character id cannot flood the report.
 */
export function describeValue(value: unknown): string {
  return describe(value, new Set());
}

/** @internal A string cut to MAX_SHOWN_LENGTH characters, with its full length. */
export function shorten(text: string, max: number = MAX_SHOWN_LENGTH): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}… (${chars.length} characters)`;
}

/** @internal A construct path with every over-long segment (an id, say) cut. */
export function shortenPath(path: string): string {
  return path
    .split('/')
    .map((segment) => shorten(segment))
    .join('/');
}

function describe(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(shorten(value));
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return shorten(String(value));
    case 'function':
      return `[function ${shorten(value.name || 'anonymous')}]`;
    case 'boolean':
      return String(value);
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (seen.has(obj)) return '[circular]';
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((v) => describe(v, seen)).join(',')}]`;
    if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
      try {
        return describe((obj as { toJSON: () => unknown }).toJSON(), seen);
      } catch {
        return shorten(Object.prototype.toString.call(obj));
      }
    }
    // As JSON does, keys whose value is undefined are left out.
    const entries = Object.keys(obj)
      .filter((k) => (obj as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(shorten(k))}:${describe((obj as Record<string, unknown>)[k], seen)}`);
    return `{${entries.join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}
