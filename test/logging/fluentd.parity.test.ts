import { LogCollector, LogStorage } from '../../constructs/logging';
import { ContainerLogFormat } from '../../constructs/logging/fluent-bit';
import { expectLoggingParity, loggingCluster } from './fixtures';

const UPSTREAM = 'fluentd-kubernetes-daemonset/v1.19.3-1.1/fluentd-daemonset-elasticsearch-rbac.yaml';
const DS = { kind: 'DaemonSet', name: 'fluentd', namespace: 'kube-system' };
const options = {
  serviceAccounts: { 'kube-system/fluentd': 'logging/fluentd' },
  namespaces: { 'kube-system': 'logging' },
};

describe('Fluentd upstream parity (fluent/fluentd-kubernetes-daemonset v1.19.3-1.1)', () => {
  test('as collector on CRI nodes, the DaemonSet and its RBAC match upstream but for the declared deviations', () => {
    expectLoggingParity(loggingCluster({ collector: LogCollector.fluentd() }), 'Fluentd', UPSTREAM, {
      ...options,
      workloads: [{ upstream: DS, ours: { ...DS, namespace: 'logging' } }],
    });
  });

  test('as collector of Docker logs to an external Elasticsearch over plain HTTP', () => {
    const storage = LogStorage.external({ url: 'http://elasticsearch-logging:9200', credentials: { secretName: 'es' } });
    expectLoggingParity(loggingCluster({ collector: LogCollector.fluentd(), storage, logFormat: ContainerLogFormat.DOCKER }), 'Fluentd', UPSTREAM, {
      ...options,
      workloads: [{ upstream: DS, ours: { ...DS, namespace: 'logging' } }],
    });
  });

  test('as aggregator, the Deployment shares the image and output and declares what an aggregator leaves out', () => {
    expectLoggingParity(loggingCluster({ aggregator: {} }), 'Aggregator', UPSTREAM, {
      namespaces: options.namespaces,
      workloads: [{ upstream: DS, ours: { kind: 'Deployment', name: 'fluentd-aggregator', namespace: 'logging' } }],
    });
  });
});
