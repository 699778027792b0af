// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): parsed exactly
// with BigInt, compared, summed and written in canonical form.

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** An exact quantity: numerator / 10^9 (nano units), and whether it was written in binary units. */
export interface Quantity {
  readonly nanos: bigint;
  readonly binary: boolean;
}

// Every tenant repeats the same few quantities; parsing (BigInt arithmetic) is remembered.
const PARSE_CACHE_LIMIT = 10_000;
const parsed = new Map<string, Quantity | undefined>();

/** @internal A Kubernetes quantity (`500m`, `64Gi`, `1e3`), or undefined when the text is not one. */
export function parseQuantity(text: unknown): Quantity | undefined {
  if (typeof text === 'number' && Number.isFinite(text)) return parseQuantity(String(text));
  if (typeof text !== 'string') return undefined;
  if (parsed.has(text)) return parsed.get(text);
  const q = parseQuantityText(text);
  if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
  parsed.set(text, q);
  return q;
}

function parseQuantityText(text: string): Quantity | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, number, suffix = ''] = m;
  const [intPart, fracPart = ''] = number.split('.');
  let nanos = BigInt(`${intPart || '0'}${fracPart}`) * 10n ** 9n;
  let scale = fracPart.length; // divide by 10^scale at the end
  const binary = suffix in BINARY_EXP;
  if (binary) {
    nanos *= 2n ** BigInt(BINARY_EXP[suffix]);
  } else {
    const exp = suffix in DECIMAL_EXP ? DECIMAL_EXP[suffix] : Number(suffix.slice(1));
    if (Math.abs(exp) > 30) return undefined;
    if (exp >= 0) nanos *= 10n ** BigInt(exp);
    else scale += -exp;
  }
  const divisor = 10n ** BigInt(scale);
  // Kubernetes rounds up below a nano unit; so do we.
  const value = nanos / divisor + (nanos % divisor === 0n ? 0n : 1n);
  return Object.freeze({ nanos: sign === '-' ? -value : value, binary });
}

/** @internal Whether a value is a Kubernetes quantity. */
export function isQuantity(text: unknown): boolean {
  return parseQuantity(text) !== undefined;
}

/** @internal Negative, zero or positive as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

const NANOS_PER_UNIT = 10n ** 9n;
/** Binary suffixes, largest first, with their factor in units. */
const BINARY_FACTORS: readonly [string, bigint][] = Object.entries(BINARY_EXP)
  .reverse()
  .map(([suffix, exp]) => [suffix, 2n ** BigInt(exp)]);
/** Decimal suffixes, largest first, with their factor in nano units. */
const DECIMAL_FACTORS: readonly [string, bigint][] = Object.entries(DECIMAL_EXP)
  .sort((x, y) => y[1] - x[1])
  .map(([suffix, exp]) => [suffix, 10n ** BigInt(exp + 9)]);

/** @internal The canonical form the API server stores: the largest suffix that keeps the value exact. */
export function formatQuantity(q: Quantity): string {
  const sign = q.nanos < 0n ? '-' : '';
  const abs = q.nanos < 0n ? -q.nanos : q.nanos;
  if (abs === 0n) return '0';
  if (q.binary && abs % NANOS_PER_UNIT === 0n) {
    const units = abs / NANOS_PER_UNIT;
    for (const [suffix, factor] of BINARY_FACTORS) {
      if (units % factor === 0n) return `${sign}${units / factor}${suffix}`;
    }
    // Not a whole number of Ki: fall through to decimal, as Kubernetes does.
  }
  for (const [suffix, factor] of DECIMAL_FACTORS) {
    if (abs % factor === 0n) return `${sign}${abs / factor}${suffix}`;
  }
  return `${sign}${abs}n`;
}

/** @internal Canonical text of a valid quantity, or the input unchanged when it is not one. */
export function normalizeQuantity(text: string): string {
  const q = parseQuantity(text);
  return q ? formatQuantity(q) : text;
}

/** @internal The sum of quantities, exactly. */
export function sumQuantities(quantities: readonly Quantity[]): Quantity {
  return { nanos: quantities.reduce((s, q) => s + q.nanos, 0n), binary: quantities.some((q) => q.binary) };
}

/** @internal What a quantity looks like, for error messages. */
export const QUANTITY_EXPECTED = "a Kubernetes quantity such as '500m', '2', '1.5', '64Gi' or '1e3'";
