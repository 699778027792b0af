// Cron expressions and durations as Velero (robfig/cron v3, Go's time.ParseDuration) and
// Kubernetes CronJobs read them, checked before anything reaches a cluster.

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[] | undefined;
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  // 7 is Sunday too, as in Vixie cron and Kubernetes CronJobs.
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** Descriptors robfig/cron and Kubernetes CronJobs both accept, with their 5-field meaning. */
const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** @internal A parsed 5-field schedule: the values each field matches, `undefined` for `*`. */
export interface ParsedCron {
  readonly fields: readonly (readonly number[] | undefined)[];
}

/** @internal The result of parsing a cron expression: the parsed form, or every problem found. */
export type CronResult = { readonly ok: true; readonly cron: ParsedCron } | { readonly ok: false; readonly problems: readonly string[] };

export const CRON_EXPECTED =
  'a 5-field cron expression "minute hour day-of-month month day-of-week" (e.g. "0 2 * * *"; ranges a-b, steps */n, lists a,b, ' +
  'month and weekday names) or a descriptor such as @daily';

function parseValue(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const i = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return i >= 0 ? i + field.min : undefined;
}

function parseField(text: string, field: CronField, problems: string[]): readonly number[] | undefined {
  if (text === '*') return undefined;
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) {
      problems.push(`${field.name} "${part}" is not a value, range or step`);
      continue;
    }
    const [, base, stepText] = m;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) {
      problems.push(`${field.name} step "${stepText}" must be at least 1`);
      continue;
    }
    let from: number | undefined;
    let to: number | undefined;
    if (base === '*') {
      from = field.min;
      to = field.max;
    } else {
      const [a, b, ...rest] = base.split('-');
      from = parseValue(a, field);
      to = b === undefined ? (stepText === undefined ? from : field.max) : parseValue(b, field);
      if (rest.length > 0 || from === undefined || to === undefined) {
        problems.push(`${field.name} "${part}" has a value that is neither a number nor a name`);
        continue;
      }
    }
    if (from < field.min || to > field.max || from > to) {
      problems.push(`${field.name} "${part}" is outside ${field.min}-${field.max}${from > to ? ' or runs backwards' : ''}`);
      continue;
    }
    for (let v = from; v <= to; v += step) values.add(field.name === 'day of week' && v === 7 ? 0 : v);
  }
  return [...values].sort((a, b) => a - b);
}

/** @internal Parses a cron expression; never throws. */
export function parseCron(expression: unknown): CronResult {
  if (typeof expression !== 'string') return { ok: false, problems: ['not a string'] };
  const text = DESCRIPTORS[expression.trim()] ?? expression.trim();
  const parts = text.split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 5) return { ok: false, problems: [`has ${parts.length} field(s), not 5`] };
  const problems: string[] = [];
  const fields = parts.map((p, i) => parseField(p, FIELDS[i], problems));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, cron: { fields } };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * @internal The systemd `OnCalendar=` form of a parsed schedule. systemd ANDs day-of-month
 * and day-of-week where cron ORs them, so a schedule restricting both has no equivalent.
 */
export function onCalendar(cron: ParsedCron): string | undefined {
  const [minute, hour, dom, month, dow] = cron.fields;
  if (dom !== undefined && dow !== undefined) return undefined;
  const list = (v: readonly number[] | undefined, pad: number) => (v === undefined ? '*' : v.map((n) => String(n).padStart(pad, '0')).join(','));
  const weekdays = dow === undefined ? '' : `${dow.map((d) => WEEKDAYS[d]).join(',')} `;
  return `${weekdays}*-${list(month, 2)}-${list(dom, 2)} ${list(hour, 2)}:${list(minute, 2)}:00`;
}

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

export const DURATION_EXPECTED = 'a Go duration such as "720h", "72h30m" or "90m" (units h, m, s, ms; no days)';

/** @internal Whether `value` is a positive Go duration (time.ParseDuration), as Velero's TTL is. */
export function isPositiveDuration(value: unknown): boolean {
  return typeof value === 'string' && GO_DURATION.test(value) && /[1-9]/.test(value);
}
