import { LogStorage, MaxMapCountSetup } from '../../constructs/logging';
import { expectLoggingParity, loggingCluster } from './fixtures';

const UPSTREAM = 'elasticsearch/chart-8.5.1/rendered-default.yaml';
const STS = { kind: 'StatefulSet', name: 'elasticsearch-master' };
const OURS = { ...STS, namespace: 'logging' };

describe('Elasticsearch upstream parity (elastic/helm-charts v8.5.1)', () => {
  test.each([
    ['three nodes (the chart default)', LogStorage.elasticsearch()],
    ['one node', LogStorage.elasticsearch({ replicas: 1 })],
    ['five nodes, vm.max_map_count set on the nodes', LogStorage.elasticsearch({ replicas: 5, maxMapCount: MaxMapCountSetup.NODE })],
  ])('%s: the StatefulSet matches the chart, but for the declared deviations', (_, storage) => {
    expectLoggingParity(loggingCluster({ storage }, { controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.10' }] } }), 'Elasticsearch', UPSTREAM, {
      workloads: [{ upstream: STS, ours: OURS }],
    });
  });
});
