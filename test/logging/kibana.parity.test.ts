import { LogStorage } from '../../constructs/logging';
import { expectLoggingParity, loggingCluster } from './fixtures';

const UPSTREAM = 'kibana/chart-8.5.1/rendered-default.yaml';
const DEPLOYMENT = { kind: 'Deployment', name: 'kibana-kibana' };
const OURS = { ...DEPLOYMENT, namespace: 'logging' };

describe('Kibana upstream parity (elastic/helm-charts v8.5.1)', () => {
  test('with the in-cluster Elasticsearch, the Deployment matches the chart but for the declared deviations', () => {
    expectLoggingParity(loggingCluster(), 'Kibana', UPSTREAM, { workloads: [{ upstream: DEPLOYMENT, ours: OURS }] });
  });

  test('with an external Elasticsearch and its own token Secret, the differences are declared too', () => {
    const storage = LogStorage.external({ url: 'https://logs.example.com:9243', credentials: { secretName: 'es-writer' } });
    expectLoggingParity(loggingCluster({ storage, kibana: { serviceAccountToken: { secretName: 'kibana-token', key: 'value' } } }), 'Kibana', UPSTREAM, {
      workloads: [{ upstream: DEPLOYMENT, ours: OURS }],
    });
  });
});
