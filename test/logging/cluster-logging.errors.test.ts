import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterLogging, ContainerLogFormat, LogCollector, LogFilter, LogOutput, LogStorage } from '../../constructs/logging';
import { ClusterValidationError, formatProblem, synthesizeToDirectory } from '../../lib';
import { newCluster, synthErrors } from '../support/synth';
import { loggingCluster } from './fixtures';

function errorLines(...args: Parameters<typeof loggingCluster>): string[] {
  return synthErrors(loggingCluster(...args)).map(formatProblem);
}

describe('ClusterLogging errors', () => {
  test('two Elasticsearch masters are refused for the loss of quorum, and nothing is written', () => {
    // GIVEN a previous output
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-logging-'));
    fs.writeFileSync(path.join(outdir, 'marker'), 'previous output');
    const cluster = loggingCluster({ storage: LogStorage.elasticsearch({ replicas: 2 }) });

    // WHEN
    let error: unknown;
    try {
      synthesizeToDirectory(cluster, outdir);
    } catch (e) {
      error = e;
    }

    // THEN
    expect(error).toBeInstanceOf(ClusterValidationError);
    expect((error as ClusterValidationError).errors.map(formatProblem)).toStrictEqual([
      '[error] test/Logging (storage.replicas): two master-eligible nodes cannot lose either one: the survivor holds no majority of the voting configuration, so the cluster stops accepting writes (and a manual override risks split brain) (received 2; expected 1 (no redundancy) or 3 or more master-eligible nodes) [logging/elasticsearch-masters]',
    ]);
    expect(fs.readdirSync(outdir)).toStrictEqual(['marker']);
  });

  test('a heap above the memory limit, and a default heap above 31 GiB, are refused', () => {
    expect(errorLines({ storage: LogStorage.elasticsearch({ memory: '4Gi', heap: '6g' }) })).toStrictEqual([
      '[error] test/Logging (storage.heap): the JVM heap is larger than the memory limit; the container is OOM-killed as the heap fills (received {"heap":"6g","memory":"4Gi"}; expected a heap of at most the memory limit, about half of it (the rest is file cache)) [logging/elasticsearch-heap]',
    ]);
    expect(errorLines({ storage: LogStorage.elasticsearch({ memory: '96Gi' }) })).toStrictEqual([
      '[error] test/Logging (storage.memory): a heap above about 31 GiB loses compressed object pointers and holds fewer objects than a smaller one (received "48Gi"; expected a heap of at most 31Gi (set heap explicitly, or a memory limit of at most 62Gi)) [logging/elasticsearch-heap]',
    ]);
    expect(errorLines({ storage: LogStorage.elasticsearch({ heap: 'lots' }) })).toStrictEqual([
      '[error] test/Logging (storage.heap): not a heap size (received "lots"; expected a Kubernetes quantity such as \'500m\', \'2\', \'1.5\', \'64Gi\' or \'1e3\', or a JVM size such as 2048m) [logging/elasticsearch-heap]',
    ]);
  });

  test('no StorageClass given and no default in the model, or a class the model lacks, is refused', () => {
    // GIVEN a cluster without StorageClasses
    const cluster = newCluster();
    new ClusterLogging(cluster, 'Logging', { storage: LogStorage.elasticsearch() });
    expect(synthErrors(cluster).map(formatProblem)).toStrictEqual([
      '[error] test/Logging (storage.storageClass): no StorageClass given and the model has no default StorageClass; the data volumes would stay Pending (expected storageClass naming a StorageClass of the model, or a default StorageClass (cluster.addStorageClass(id, { default: true, ... }))) [logging/storage-class]',
    ]);
    expect(errorLines({ storage: LogStorage.elasticsearch({ storageClass: 'ssd' }) })).toStrictEqual([
      '[error] test/Logging (storage.storageClass): no StorageClass of that name in the model; the data volumes would stay Pending (received "ssd"; expected one of local) [logging/storage-class]',
    ]);
  });

  test('an output host that is not a URL, and a URL carrying a password, are refused without echoing the password', () => {
    const credentials = { secretName: 'writer' };
    expect(errorLines({ storage: LogStorage.external({ url: 'logs.example.com', credentials }) })).toStrictEqual([
      '[error] test/Logging (storage.url): not an Elasticsearch base URL (received "logs.example.com"; expected https://host[:port], e.g. https://logs.example.com:9200) [logging/external-url]',
    ]);
    expect(errorLines({ storage: LogStorage.external({ url: 'https://elastic:hunter2@logs.example.com:9200', credentials }) })).toStrictEqual([
      '[error] test/Logging (storage.url): the URL carries credentials, which would be written into Git; they come from the credentials Secret (received "https://elastic:***@logs.example.com:9200"; expected a URL without user or password, and credentials: { secretName }) [logging/literal-password]',
    ]);
  });

  test('a literal password in a raw collector entry is refused; an environment reference is accepted', () => {
    const collector = LogCollector.fluentBit({
      filters: [LogFilter.raw({ name: 'lua', script: '/x.lua', call: 'f' })],
      extraOutputs: [
        LogOutput.raw({ name: 'http', match: '*', host: 'h', http_passwd: 'hunter2' }),
        LogOutput.raw({ name: 'http', match: '*', host: 'h', http_passwd: '${HTTP_PASSWORD}' }),
      ],
    });
    expect(errorLines({ collector })).toStrictEqual([
      '[error] test/Logging (collector.extraOutputs[0].http_passwd): a literal secret in the collector configuration would be written into Git (received "***"; expected an environment variable reference such as ${ES_PASSWORD}, set from a Secret) [logging/literal-password]',
    ]);
  });

  test('a collector on nodes whose log format it cannot parse, and an aggregator behind Fluentd, are refused', () => {
    expect(errorLines({ logFormat: 'journald' as never, collector: LogCollector.fluentd(), aggregator: {} })).toStrictEqual([
      '[error] test/Logging (logFormat): fluentd cannot parse container logs in this format; every record would be dropped or garbled (received "journald"; expected cri, docker) [logging/log-format]',
      '[error] test/Logging (aggregator): the Fluentd aggregator receives Fluent Bit collectors by the forward protocol; Fluentd collectors write to Elasticsearch themselves (received "fluentd"; expected LogCollector.fluentBit() with an aggregator, or no aggregator) [logging/aggregator-collector]',
    ]);
  });

  test('the docker parser on nodes whose runtime writes the CRI format is refused', () => {
    expect(errorLines({ logFormat: ContainerLogFormat.DOCKER })).toStrictEqual([
      '[error] test/Logging (logFormat): the nodes run containerd, which writes the CRI log format; the docker parser would garble every line (received "docker"; expected ContainerLogFormat.CRI (or leave logFormat unset)) [logging/log-format]',
    ]);
  });

  test('every problem is reported at once: retention, sizes and names', () => {
    const storage = LogStorage.elasticsearch({ retentionDays: 0, storageSize: '30GB', cpu: 'two', credentials: { secretName: 'Bad_Name' } });
    expect(synthErrors(loggingCluster({ storage, namespace: 'Logs' })).map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['logging/credentials', 'storage.credentials.secretName', 'Bad_Name'],
      ['logging/quantity', 'storage.cpu', 'two'],
      ['logging/quantity', 'storage.storageSize', '30GB'],
      ['logging/retention', 'storage.retentionDays', 0],
      ['names/dns1123-label', 'name', 'Logs'],
    ]);
  });
});
