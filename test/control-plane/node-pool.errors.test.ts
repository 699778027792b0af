import { newCluster, synth, synthErrors } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const nodes = [{ name: 'w1', address: '192.168.56.21' }];

describe('node pool capacity: exact quantities', () => {
  test("nodeCpu 'lots' and nodeMemory '64GB' are refused instead of silently skipping the overcommit check; nothing is written", () => {
    const cluster = newCluster();
    cluster.addNodePool('workers', { nodes, nodeCpu: 'lots', nodeMemory: '64GB' });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      "[error] test/NodePools/workers (nodeCpu): not a positive Kubernetes quantity, so the node CPU is unknown and quota overcommit cannot be checked (received \"lots\"; expected a Kubernetes quantity such as '500m', '2', '1.5', '64Gi' or '1e3', above zero: e.g. '8' or '7500m') [nodes/capacity]",
      "[error] test/NodePools/workers (nodeMemory): not a positive Kubernetes quantity, so the node memory is unknown and quota overcommit cannot be checked (received \"64GB\"; expected a Kubernetes quantity such as '500m', '2', '1.5', '64Gi' or '1e3', above zero: e.g. '64Gi' or '32G') [nodes/capacity]",
    ]);
  });

  test.each(['0', '-8', '', ' 8', '8 cores', '1e40e'])('nodeCpu %j is refused', (nodeCpu) => {
    const cluster = newCluster();
    cluster.addNodePool('workers', { nodes, nodeCpu });
    expect(synthErrors(cluster).map((e) => [e.rule, e.field, e.received])).toStrictEqual([['nodes/capacity', 'nodeCpu', nodeCpu]]);
  });

  test('a non-finite number is refused and shown as written', () => {
    const cluster = newCluster();
    cluster.addNodePool('workers', { nodes, nodeMemory: Number.NaN as unknown as string });
    expect(refusedWithoutWriting(cluster)[0]).toContain('(received NaN; expected a Kubernetes quantity');
  });

  test.each([
    ['8', '64Gi'],
    ['7500m', '32G'],
    ['1.5', '1e9'],
  ])('nodeCpu %s and nodeMemory %s parse as quotas do', (nodeCpu, nodeMemory) => {
    const cluster = newCluster();
    cluster.addNodePool('workers', { nodes, nodeCpu, nodeMemory });
    expect(() => synth(cluster)).not.toThrow();
  });
});
