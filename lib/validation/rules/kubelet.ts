import type { Cluster } from '../../cluster';
import { GO_DURATION } from '../../control-plane/control-plane';
import { EvictionSignal, ReservedResources } from '../../control-plane/kubelet';
import { parseQuantity, QUANTITY_EXPECTED } from '../../tenancy/quantity';
import { ValidationContext } from '../context';
import { MAX_INT32 } from '../formats';

const SIGNALS: readonly string[] = Object.values(EvictionSignal);
const PERCENTAGE = /^(\d+(\.\d+)?|\.\d+)%$/;

/** An eviction threshold: a non-negative quantity, or a percentage of at most 100. */
function isThreshold(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (PERCENTAGE.test(value)) return Number(value.slice(0, -1)) <= 100;
  const q = parseQuantity(value);
  return q !== undefined && q.nanos >= 0n;
}

function isNonNegativeQuantity(value: unknown): boolean {
  const q = typeof value === 'string' ? parseQuantity(value) : undefined;
  return q !== undefined && q.nanos >= 0n;
}

/**
 * The kubelet settings every node gets. They go into KubeletConfiguration as they are, and
 * a kubelet that cannot decode its configuration does not start, so the node never joins.
 */
export function validateKubelet(cluster: Cluster, context: ValidationContext): void {
  const k = cluster.kubelet;
  if (k.maxPods !== undefined && (!Number.isInteger(k.maxPods) || k.maxPods < 1 || k.maxPods > MAX_INT32)) {
    context.error(cluster, {
      rule: 'kubelet/max-pods',
      field: 'kubelet.maxPods',
      message: 'maxPods is not a pod count the kubelet accepts',
      received: k.maxPods,
      expected: `an integer from 1 to ${MAX_INT32}`,
    });
  }
  const signal = (field: string, key: string) => {
    if (SIGNALS.includes(key)) return;
    context.error(cluster, {
      rule: 'kubelet/eviction-signal',
      field,
      message: 'not an eviction signal the kubelet knows; it refuses the whole configuration',
      received: key,
      expected: SIGNALS.join(', '),
    });
  };
  const threshold = (field: string, value: unknown) => {
    if (isThreshold(value)) return;
    context.error(cluster, {
      rule: 'kubelet/eviction-threshold',
      field,
      message: 'an eviction threshold is a quantity or a percentage',
      received: value,
      expected: "a quantity such as '500Mi' or a percentage from 0% to 100% such as '10%'",
    });
  };
  for (const [key, value] of Object.entries(k.evictionHard ?? {})) {
    signal(`kubelet.evictionHard.${key}`, key);
    threshold(`kubelet.evictionHard.${key}`, value);
  }
  for (const [key, soft] of Object.entries(k.evictionSoft ?? {})) {
    signal(`kubelet.evictionSoft.${key}`, key);
    threshold(`kubelet.evictionSoft.${key}.threshold`, soft?.threshold);
    if (typeof soft?.gracePeriod !== 'string' || !GO_DURATION.test(soft.gracePeriod)) {
      context.error(cluster, {
        rule: 'kubelet/eviction-grace-period',
        field: `kubelet.evictionSoft.${key}.gracePeriod`,
        message: 'not a Go duration',
        received: soft?.gracePeriod,
        expected: "a duration such as '1m30s' or '90s'",
      });
    }
  }
  for (const field of ['systemReserved', 'kubeReserved'] as const) {
    const reserved: ReservedResources = k[field] ?? {};
    for (const resource of ['cpu', 'memory', 'ephemeralStorage', 'pid'] as const) {
      const value = reserved[resource];
      if (value === undefined || isNonNegativeQuantity(value)) continue;
      context.error(cluster, {
        rule: 'kubelet/reserved',
        field: `kubelet.${field}.${resource}`,
        message: 'reserved resources are non-negative quantities',
        received: value,
        expected: QUANTITY_EXPECTED,
      });
    }
  }
}
