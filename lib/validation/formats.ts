// Name formats from k8s.io/apimachinery/pkg/util/validation/validation.go.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** @internal What a DNS-1123 label looks like, for error messages. */
export const DNS1123_LABEL_EXPECTED =
  'a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit';
/** @internal What a DNS-1123 subdomain looks like, for error messages. */
export const DNS1123_SUBDOMAIN_EXPECTED =
  'a DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123 labels';

/** @internal Largest value of an int32 API field (replicas, ports as numbers, counts). */
export const MAX_INT32 = 2_147_483_647;

/** @internal Whether a value is a DNS-1123 label (a namespace or Service name). */
export function isDns1123Label(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** @internal Whether a value is a DNS-1123 subdomain (most object names). */
export function isDns1123Subdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/**
 * @internal
 * The DNS-1123 label closest to `text`: camel case split with "-" (`MyCluster` gives
 * `my-cluster`), lower case, every run of other characters a single "-", trimmed to
 * 63 characters. Empty when nothing usable is left.
 */
export function toDns1123Label(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}
