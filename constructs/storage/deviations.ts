import { IConstruct } from 'constructs';
import { UpstreamDeviation } from '../../lib/validation/upstream-deviation';

/**
 * @internal Declares several parity items that one decision changes (one reason, several
 * items), e.g. every securityContext field a hardening adds. `items` maps item to what we do.
 */
export function declareDeviations(scope: IConstruct, component: string, why: string, items: Readonly<Record<string, string>>): void {
  for (const [item, ours] of Object.entries(items)) UpstreamDeviation.declare(scope, { component, item, ours, why });
}

/**
 * @internal The parity items of securityContext fields we set and upstream does not:
 * `<prefix> securityContext.<leaf>` (array members as `<leaf> <value>`), mapped to our value.
 */
export function addedSecurityContextItems(prefix: string, added: object): Record<string, string> {
  const items: Record<string, string> = {};
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const v of value) items[`${prefix} securityContext.${path} ${String(v)}`] = `${path} includes ${String(v)}`;
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
    } else {
      items[`${prefix} securityContext.${path}`] = `${path}: ${String(value)}`;
    }
  };
  walk(added, '');
  return items;
}
