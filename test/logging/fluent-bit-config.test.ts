import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ContainerLogFormat, LogCollector, LogFilter, LogOutput } from '../../constructs/logging';
import { synth } from '../support/synth';
import { loadUpstream } from '../support/upstream-parity';
import { loggingCluster, objectNamed } from './fixtures';

type Json = Record<string, any>;

const UPSTREAM = path.resolve(__dirname, '../../../shared/upstream/fluent-bit/chart-0.58.1');

/** The rendered fluent-bit.yaml of a cluster, parsed. */
function renderedConfig(...args: Parameters<typeof loggingCluster>): Json {
  const synthesis = synth(loggingCluster(...args));
  const cm = objectNamed(synthesis.objects.map((o) => o.manifest), 'ConfigMap', 'fluent-bit');
  return parse(cm.data['fluent-bit.yaml'], { uniqueKeys: true });
}

/**
 * Keys each section and plugin accepts, by the upstream references: the chart's own classic
 * config (its [SERVICE], tail, systemd, kubernetes and es sections) and the Kubernetes filter
 * docs in ../shared/upstream. Keys those do not show come from the plugin pages of
 * fluent/fluent-bit-docs at eae60004 ("release: update to v5.1.1"), cited per key.
 */
function knownKeys(): Map<string, Set<string>> {
  const known = new Map<string, Set<string>>();
  const add = (section: string, key: string): void => {
    if (!known.has(section)) known.set(section, new Set(['name', 'match']));
    known.get(section)!.add(key.toLowerCase());
  };
  // The chart's classic config: `[SECTION]` then `Key value` lines; Name tells the plugin.
  const chart = loadUpstream('fluent-bit/chart-0.58.1/rendered-es.yaml').find((o) => o.kind === 'ConfigMap') as Json;
  for (const block of (chart.data['fluent-bit.conf'] as string).split(/^\[/m).slice(1)) {
    const [header, ...lines] = block.split('\n');
    const entries = lines.map((l) => l.trim()).filter(Boolean).map((l) => l.split(/\s+/)[0]);
    const name = lines.map((l) => l.trim().split(/\s+/)).find(([k]) => k === 'Name')?.[1];
    const section = header.startsWith('SERVICE') ? 'service' : `${header.replace(']', '').toLowerCase()}:${name}`;
    entries.forEach((k) => add(section, k));
  }
  // The Kubernetes filter's key table.
  const docs = fs.readFileSync(path.join(UPSTREAM, 'docs/pipeline-filters-kubernetes.md'), 'utf8');
  for (const m of docs.matchAll(/^\| `([A-Za-z0-9_.-]+)` \|/gm)) add('filter:kubernetes', m[1]);
  // fluent/fluent-bit-docs@eae60004: pipeline/inputs/tail.md, pipeline/inputs/systemd.md.
  ['db', 'parser'].forEach((k) => add('input:tail', k));
  add('input:systemd', 'db');
  // administration/transport-security.md (tls.verify, tls.ca_file) applies to every network output.
  ['tls.verify', 'tls.ca_file'].forEach((k) => add('output:es', k));
  // pipeline/filters/grep.md, modify.md, parser.md; pipeline/outputs/forward.md.
  add('filter:grep', 'exclude');
  add('filter:modify', 'add');
  ['key_name', 'parser', 'reserve_data'].forEach((k) => add('filter:parser', k));
  ['host', 'port'].forEach((k) => add('output:forward', k));
  return known;
}

/** Every key of the config that no upstream reference shows for its section and plugin. */
function unknownKeys(config: Json): string[] {
  const known = knownKeys();
  const out: string[] = [];
  for (const key of Object.keys(config.service)) if (!known.get('service')!.has(key)) out.push(`service.${key}`);
  for (const [list, kind] of [['inputs', 'input'], ['filters', 'filter'], ['outputs', 'output']] as const) {
    for (const plugin of config.pipeline[list] as Json[]) {
      const section = `${kind}:${plugin.name}`;
      if (!known.has(section)) out.push(`${section} (unknown plugin)`);
      else for (const key of Object.keys(plugin)) if (!known.get(section)!.has(key)) out.push(`${section}.${key}`);
    }
  }
  return out;
}

describe('Fluent Bit configuration', () => {
  test('the default pipeline: CRI container logs with Kubernetes metadata and the kubelet journal, to Elasticsearch over verified TLS', () => {
    // WHEN
    const config = renderedConfig();

    // THEN the top level is exactly the YAML format's two sections
    expect(Object.keys(config)).toStrictEqual(['service', 'pipeline']);
    expect(Object.keys(config.pipeline)).toStrictEqual(['inputs', 'filters', 'outputs']);
    // AND container logs are tailed with the CRI multiline parser, positions kept on the host
    expect(config.pipeline.inputs).toStrictEqual([
      {
        name: 'tail',
        path: '/var/log/containers/*.log',
        'multiline.parser': 'cri',
        tag: 'kube.*',
        mem_buf_limit: '5MB',
        skip_long_lines: true,
        db: '/var/fluent-bit/state/tail-containers.db',
      },
      { name: 'systemd', tag: 'host.*', systemd_filter: '_SYSTEMD_UNIT=kubelet.service', read_from_tail: true, db: '/var/fluent-bit/state/systemd.db' },
    ]);
    // AND records get namespace, pod, container and labels from the Kubernetes filter
    expect(config.pipeline.filters).toStrictEqual([
      { name: 'kubernetes', match: 'kube.*', merge_log: true, keep_log: false, 'k8s-logging.parser': true, 'k8s-logging.exclude': true },
    ]);
    // AND Elasticsearch is reached with credentials from the environment and its CA
    expect(config.pipeline.outputs[0]).toStrictEqual({
      name: 'es',
      match: 'kube.*',
      host: 'elasticsearch-master',
      port: 9200,
      tls: true,
      'tls.verify': true,
      'tls.ca_file': '/fluent-bit/etc/elasticsearch-ca/ca.crt',
      http_user: '${ES_USER}',
      http_passwd: '${ES_PASSWORD}',
      logstash_format: true,
      suppress_type_name: true,
      retry_limit: false,
    });
    expect(config.pipeline.outputs[1]).toMatchObject({ name: 'es', match: 'host.*', logstash_prefix: 'node' });
  });

  test('Docker-format nodes (a cluster whose nodes clusterforge does not bootstrap) get the docker multiline parser', () => {
    const config = renderedConfig({ logFormat: ContainerLogFormat.DOCKER }, { controlPlane: undefined });
    expect(config.pipeline.inputs[0]['multiline.parser']).toBe('docker');
  });

  test('the built-in multiline parsers we use are the documented ones', () => {
    const docs = fs.readFileSync(path.join(UPSTREAM, 'docs/pipeline-parsers-multiline-parsing.md'), 'utf8');
    for (const format of Object.values(ContainerLogFormat)) expect(docs).toContain(`| \`${format}\``);
  });

  test('user filters, extra outputs, the audit log and the aggregator are rendered as typed entries', () => {
    // GIVEN every filter kind, a forward output and the audit log
    const collector = LogCollector.fluentBit({
      filters: [LogFilter.dropNamespaces(['kube-system', 'noisy.ns']), LogFilter.addField('cluster', 'prod'), LogFilter.liftJson()],
      extraOutputs: [LogOutput.forward({ host: 'archive.example.com' })],
    });

    // WHEN
    const config = renderedConfig({ collector, auditLogPath: '/var/log/kubernetes/audit/audit.log' });

    // THEN
    expect(config.pipeline.filters.slice(1)).toStrictEqual([
      { name: 'grep', match: 'kube.*', exclude: "$kubernetes['namespace_name'] ^(kube-system|noisy\\.ns)$" },
      { name: 'modify', match: 'kube.*', add: 'cluster prod' },
      { name: 'parser', match: 'kube.*', key_name: 'log', parser: 'json', reserve_data: true },
    ]);
    expect(config.pipeline.inputs[2]).toStrictEqual({
      name: 'tail',
      path: '/var/log/kubernetes/audit/audit.log',
      parser: 'json',
      tag: 'audit.*',
      db: '/var/fluent-bit/state/tail-audit.db',
    });
    expect(config.pipeline.outputs.map((o: Json) => [o.name, o.match, o.logstash_prefix ?? o.host])).toStrictEqual([
      ['es', 'kube.*', 'elasticsearch-master'],
      ['es', 'host.*', 'node'],
      ['es', 'audit.*', 'audit'],
      ['forward', '*', 'archive.example.com'],
    ]);
    // AND with the aggregator, collectors forward everything to it
    const forwarded = renderedConfig({ aggregator: {} });
    expect(forwarded.pipeline.outputs).toStrictEqual([{ name: 'forward', match: '*', host: 'fluentd-aggregator.logging.svc', port: 24224 }]);
  });

  test('every section, plugin and key is one the upstream references document', () => {
    // GIVEN the richest configuration we render
    const collector = LogCollector.fluentBit({
      filters: [LogFilter.dropNamespaces(['a']), LogFilter.addField('k', 'v'), LogFilter.liftJson()],
      extraOutputs: [LogOutput.forward({ host: 'h' })],
    });
    const config = renderedConfig({ collector, auditLogPath: '/var/log/audit.log' });

    // THEN
    expect(unknownKeys(config)).toStrictEqual([]);
    // AND the check does catch a misspelt key
    config.pipeline.inputs[0].mem_buffer_limit = '5MB';
    expect(unknownKeys(config)).toStrictEqual(['input:tail.mem_buffer_limit']);
  });
});
