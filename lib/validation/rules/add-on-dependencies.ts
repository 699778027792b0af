import { resolveAddOnGraph } from '../../add-on-graph';
import type { Cluster } from '../../cluster';
import { ValidationContext } from '../context';

/** Every declared dependency is present, and the graph has no cycle. */
export function validateAddOnDependencies(cluster: Cluster, context: ValidationContext): void {
  const graph = resolveAddOnGraph(cluster.addOns);
  for (const { addOn, missing } of graph.missing) {
    context.error(addOn, {
      rule: 'add-ons/missing-dependency',
      field: 'dependencies',
      message: `add-on '${addOn.key.name}' needs the '${missing.name}' add-on, which the cluster does not have`,
      received: cluster.addOns.map((a) => a.key.name).sort(),
      expected: `a '${missing.name}' add-on attached to the cluster`,
    });
  }
  for (const cycle of graph.cycles) {
    const names = [...cycle, cycle[0]].map((a) => a.key.name).join(' -> ');
    context.error(cycle[0], {
      rule: 'add-ons/dependency-cycle',
      field: 'dependencies',
      message: `add-on dependencies form a cycle: ${names}`,
      received: names,
      expected: 'an acyclic dependency graph',
    });
  }
}
