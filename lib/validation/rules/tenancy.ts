import type { Cluster } from '../../cluster';
import { formatQuantity, parseQuantity, Quantity, sumQuantities } from '../../tenancy/quantity';
import { ValidationContext } from '../context';

/**
 * Compares the sum of tenant quotas with the capacity the node pools declare; quotas
 * far above capacity promise tenants resources that do not exist.
 */
export function validateQuotaOvercommit(cluster: Cluster, context: ValidationContext): void {
  const ratio = cluster.quotaOvercommitRatio;
  for (const [resource, quotaField, poolField] of [
    ['cpu', 'requestsCpu', 'nodeCpu'],
    ['memory', 'requestsMemory', 'nodeMemory'],
  ] as const) {
    const pools = cluster.nodePools.filter((p) => p.nodes.length > 0 && parseQuantity(p[poolField]));
    if (pools.length === 0) continue;
    const capacity = sumQuantities(pools.map((p) => ({ ...parseQuantity(p[poolField])!, nanos: parseQuantity(p[poolField])!.nanos * BigInt(p.nodes.length) })));
    const requested: Quantity[] = [];
    for (const t of cluster.tenants) {
      const q = parseQuantity(t.props.quota?.[quotaField]);
      if (q) requested.push({ ...q, nanos: q.nanos * BigInt(t.namespaces.length) });
    }
    if (requested.length === 0 || capacity.nanos === 0n) continue;
    const total = sumQuantities(requested);
    const actual = Number((total.nanos * 1000n) / capacity.nanos) / 1000;
    if (actual > ratio) {
      context.warn(cluster, {
        rule: 'tenancy/overcommit',
        field: `quota.${quotaField}`,
        message: `tenant quotas request ${formatQuantity(total)} ${resource} in total, ${actual}× the ${formatQuantity(capacity)} the node pools declare`,
        received: actual,
        expected: `at most ${ratio}× capacity (quotaOvercommitRatio)`,
      });
    }
  }
}

/** At most one PriorityClass may be the global default. */
export function validatePriorityClasses(cluster: Cluster, context: ValidationContext): void {
  const defaults = cluster.priorityClasses.filter((p) => p.globalDefault);
  for (const extra of defaults.slice(1)) {
    context.error(extra, {
      rule: 'priority-class/global-default',
      field: 'globalDefault',
      message: 'a second global-default PriorityClass; the API server admits only one',
      received: extra.name,
      expected: `globalDefault on one class only (already on ${defaults[0].name})`,
    });
  }
}
