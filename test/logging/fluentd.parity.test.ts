import * as fs from 'fs';
import * as path from 'path';
import { LogCollector, LogStorage } from '../../constructs/logging';
import { fluentdAggregatorConfig } from '../../constructs/logging/fluentd-aggregator';
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
    expectLoggingParity(loggingCluster({ collector: LogCollector.fluentd(), storage, logFormat: ContainerLogFormat.DOCKER }, { controlPlane: undefined }), 'Fluentd', UPSTREAM, {
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

describe('Fluentd aggregator configuration', () => {
  /** `key value` lines of the first `<tag …>` block of a Fluentd config, nested blocks by their own tag. */
  function blockKeys(conf: string, open: RegExp): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    const stack: string[] = [];
    let inside = false;
    for (const raw of conf.split('\n')) {
      const line = raw.trim();
      if (!inside && open.test(line)) {
        inside = true;
        stack.push('root');
        out.set('root', new Set());
        continue;
      }
      if (!inside || line === '' || line.startsWith('#')) continue;
      const tag = /^<(\/?)(\w+)/.exec(line);
      if (tag && tag[1] === '/') {
        stack.pop();
        if (stack.length === 0) break;
      } else if (tag) {
        stack.push(tag[2]);
        if (!out.has(tag[2])) out.set(tag[2], new Set());
      } else {
        out.get(stack[stack.length - 1])!.add(line.split(/\s+/)[0]);
      }
    }
    return out;
  }

  test('every key of our Elasticsearch output is one the image\'s own fluent.conf uses', () => {
    // GIVEN the image's output block (docker-image/v1.19/debian-elasticsearch8/conf/fluent.conf at v1.19.3-1.1)
    const upstream = fs.readFileSync(
      path.resolve(__dirname, '../../../shared/upstream/fluentd-kubernetes-daemonset/v1.19.3-1.1/docker-image/v1.19/debian-elasticsearch8/conf/fluent.conf'),
      'utf8',
    );
    const theirs = blockKeys(upstream, /^<match \*\*>/);
    const ours = blockKeys(fluentdAggregatorConfig(24224), /^<match \*\*>/);

    // THEN
    for (const [block, keys] of ours) {
      expect([block, [...keys].filter((k) => !theirs.get(block)?.has(k))]).toStrictEqual([block, []]);
    }
    expect([...ours.get('root')!]).toContain('@type');
    // AND the prometheus.conf it includes is the image's own file
    expect(fs.existsSync(path.resolve(__dirname, '../../../shared/upstream/fluentd-kubernetes-daemonset/v1.19.3-1.1/docker-image/v1.19/debian-elasticsearch8/conf/prometheus.conf'))).toBe(true);
    expect(fluentdAggregatorConfig(24224).startsWith('@include prometheus.conf\n')).toBe(true);
  });
});
