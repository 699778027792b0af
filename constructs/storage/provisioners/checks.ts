import type { IConstruct } from 'constructs';
import { FileSystemType } from '../../../lib/storage-class';
import type { ValidationContext } from '../../../lib/validation/context';
import { DNS1123_LABEL_EXPECTED, DNS1123_SUBDOMAIN_EXPECTED, isDns1123Label, isDns1123Subdomain } from '../../../lib/validation/formats';

/** A Secret that holds a driver's credentials, by reference: its values never enter the model. */
export interface SecretReference {
  readonly name: string;
  readonly namespace: string;
}

/** Reports `value` unless it is an integer within [min, max]. */
export function checkInteger(
  context: ValidationContext,
  scope: IConstruct,
  details: { rule: string; field: string; value: unknown; min: number; max?: number | undefined; why: string },
): void {
  const { value, min, max } = details;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return;
  context.error(scope, {
    rule: details.rule,
    field: details.field,
    message: details.why,
    received: value,
    expected: max === undefined ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`,
  });
}

/** Reports `value` unless it is a non-empty string. */
export function checkRequiredString(
  context: ValidationContext,
  scope: IConstruct,
  details: { rule: string; field: string; value: unknown; why: string; expected: string },
): boolean {
  if (typeof details.value === 'string' && details.value.trim() !== '') return true;
  context.error(scope, { rule: details.rule, field: details.field, message: details.why, received: details.value, expected: details.expected });
  return false;
}

/** Reports a secret reference that could not name a Secret. */
export function checkSecretReference(context: ValidationContext, scope: IConstruct, rule: string, field: string, ref: SecretReference | undefined): void {
  if (!ref || !isDns1123Subdomain(ref.name)) {
    context.error(scope, {
      rule,
      field: `${field}.name`,
      message: 'the secret reference needs a valid Secret name',
      received: ref?.name,
      expected: DNS1123_SUBDOMAIN_EXPECTED,
    });
  }
  if (!ref || !isDns1123Label(ref.namespace)) {
    context.error(scope, {
      rule,
      field: `${field}.namespace`,
      message: 'the secret reference needs a valid namespace',
      received: ref?.namespace,
      expected: DNS1123_LABEL_EXPECTED,
    });
  }
}

/** Reports a value outside a closed set (reachable from untyped input only). */
export function checkOneOf(
  context: ValidationContext,
  scope: IConstruct,
  details: { rule: string; field: string; value: unknown; allowed: readonly string[]; what: string },
): boolean {
  if (typeof details.value === 'string' && details.allowed.includes(details.value)) return true;
  context.error(scope, {
    rule: details.rule,
    field: details.field,
    message: `not a ${details.what} the driver accepts`,
    received: details.value,
    expected: details.allowed.join(', '),
  });
  return false;
}

/** Reports a file system outside FileSystemType (reachable from untyped input only). */
export function checkFsType(context: ValidationContext, scope: IConstruct, value: unknown): void {
  if (value === undefined) return;
  checkOneOf(context, scope, { rule: 'storage/fs-type', field: 'provisioner.fsType', value, allowed: Object.values(FileSystemType), what: 'file system' });
}

/** Reports an optional value outside a closed set (reachable from untyped input only). */
export function checkOptionalOneOf(
  context: ValidationContext,
  scope: IConstruct,
  details: { rule: string; field: string; value: unknown; allowed: readonly string[]; what: string },
): void {
  if (details.value !== undefined) checkOneOf(context, scope, details);
}

/** `key1=value1,key2=value2`, the form several drivers take maps in. */
export function keyValueList(map: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!map || Object.keys(map).length === 0) return undefined;
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Drops undefined entries, so parameters list only what was chosen. */
export function definedOnly(record: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) result[k] = v;
  return result;
}

export function str(value: number | boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
