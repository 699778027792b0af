import { IConstruct } from 'constructs';
import { ValidationContext } from './context';

// k8s.io/apimachinery/pkg/util/validation: IsQualifiedName (label and annotation keys) and
// IsValidLabelValue. The OpenAPI schema types labels as a string map only; the API server
// checks the syntax.
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** @internal What a label or annotation key looks like, for error messages. */
export const QUALIFIED_NAME_EXPECTED = 'an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
/** @internal What a label value looks like, for error messages. */
export const LABEL_VALUE_EXPECTED = 'at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (or empty)';

/**
 * cdk8s tells plain objects apart by `value.constructor.name`, which a key named
 * `constructor` shadows: such a map makes rendering throw.
 */
const UNRENDERABLE_KEY = 'constructor';

/** @internal Whether a value is a valid label or annotation key. */
export function isQualifiedName(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return false;
  }
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** @internal Whether a value is a valid label value. */
export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * @internal
 * Reports the entries of a label map (or, with `values: false`, an annotation map) that
 * the API server would refuse, or that cdk8s cannot render.
 */
export function checkLabelMap(
  context: ValidationContext,
  scope: IConstruct | string,
  field: string,
  map: Readonly<Record<string, unknown>> | undefined,
  options: { readonly values: boolean; readonly rule: string } = { values: true, rule: 'names/label' },
): void {
  for (const [key, value] of Object.entries(map ?? {})) {
    if (!isQualifiedName(key)) {
      context.error(scope, { rule: options.rule, field: `${field}.${key}`, message: 'key is not a qualified name', received: key, expected: QUALIFIED_NAME_EXPECTED });
    } else if (key === UNRENDERABLE_KEY) {
      context.error(scope, {
        rule: options.rule,
        field: `${field}.${key}`,
        message: "cdk8s cannot render a map with a key named 'constructor' (it reads the key as the object's type)",
        received: key,
        expected: 'another key, for example with a prefix: example.com/constructor',
      });
    }
    if (options.values && !isLabelValue(value)) {
      context.error(scope, { rule: options.rule, field: `${field}.${key}`, message: 'not a valid label value', received: value, expected: LABEL_VALUE_EXPECTED });
    } else if (!options.values && typeof value !== 'string') {
      context.error(scope, { rule: options.rule, field: `${field}.${key}`, message: 'annotation values are strings', received: value, expected: 'a string' });
    }
  }
}

/** @internal Reports map keys cdk8s cannot render (a map whose other keys are free-form). */
export function checkRenderableKeys(context: ValidationContext, scope: IConstruct | string, field: string, rule: string, map: Readonly<Record<string, unknown>> | undefined): void {
  if (map && Object.prototype.hasOwnProperty.call(map, UNRENDERABLE_KEY)) {
    context.error(scope, {
      rule,
      field: `${field}.${UNRENDERABLE_KEY}`,
      message: "cdk8s cannot render a map with a key named 'constructor' (it reads the key as the object's type)",
      received: UNRENDERABLE_KEY,
      expected: 'another key',
    });
  }
}
