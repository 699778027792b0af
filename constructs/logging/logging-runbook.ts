import { ElasticsearchTarget } from './elasticsearch';

/** @internal What the logging runbook describes. */
export interface LoggingRunbookInput {
  readonly namespace: string;
  readonly collector: string;
  readonly aggregator: boolean;
  readonly elasticsearch: ElasticsearchTarget;
  /** The in-cluster Elasticsearch's certificate Secret; undefined for an external one. */
  readonly certificatesSecret: string | undefined;
  readonly kibanaToken: { readonly secretName: string; readonly key: string } | undefined;
  readonly collectsKubeletLogs: boolean;
  readonly auditLogPath: string | undefined;
  readonly retentionDays: number | undefined;
}

/**
 * `bootstrap/logging-runbook.md`: the Secrets the logging add-on reads and never writes
 * (so no credential is in Git), the commands that create them, and what is collected where.
 */
export function loggingRunbook(r: LoggingRunbookInput): string {
  const ns = r.namespace;
  const c = r.elasticsearch.credentials;
  const lines = [
    '# Logging',
    '',
    `Everything runs in namespace \`${ns}\` (Pod Security: privileged, because the collectors mount host log directories).`,
    `Collector: ${r.collector} on every node${r.aggregator ? ', forwarding to the Fluentd aggregator, which writes to Elasticsearch' : ', writing to Elasticsearch'}` +
      ` at \`${r.elasticsearch.scheme}://${r.elasticsearch.host}:${r.elasticsearch.port}\`.`,
    '',
    '## Secrets to create before applying the manifests',
    '',
    'clusterforge references these Secrets and never writes their values into the output. Create them once per cluster',
    '(or manage them with your secret store):',
    '',
    '```sh',
    `kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`,
  ];
  if (r.certificatesSecret !== undefined) {
    lines.push(
      '# Certificates for Elasticsearch HTTP and transport TLS, valid for',
      `#   elasticsearch-master, elasticsearch-master.${ns}.svc and elasticsearch-master-headless (e.g. from your CA or cert-manager):`,
      `kubectl -n ${ns} create secret generic ${r.certificatesSecret} --type=kubernetes.io/tls \\`,
      '  --from-file=tls.crt=es.crt --from-file=tls.key=es.key --from-file=ca.crt=ca.crt',
    );
  }
  lines.push(
    `# The user the collectors write as${r.certificatesSecret !== undefined ? ' (in-cluster: the elastic superuser, whose password bootstraps the cluster)' : ''}:`,
    `kubectl -n ${ns} create secret generic ${c.secretName} \\`,
    `  --from-literal=${c.usernameKey}=elastic --from-literal=${c.passwordKey}="$(openssl rand -base64 24)"`,
    '```',
  );
  if (r.kibanaToken !== undefined) {
    lines.push(
      '',
      'Kibana authenticates with a service account token (Kibana 8 refuses the `elastic` superuser). Once Elasticsearch is',
      'up, create the token through the API (a token made with `bin/elasticsearch-service-tokens` is valid on one node only)',
      'and store it:',
      '',
      '```sh',
      `TOKEN=$(kubectl -n ${ns} exec elasticsearch-master-0 -c elasticsearch -- sh -c \\`,
      '  \'curl -s -k -u "elastic:${ELASTIC_PASSWORD}" -X POST https://localhost:9200/_security/service/elastic/kibana/credential/token/kibana\' \\',
      '  | sed -n \'s/.*"value":"\\([^"]*\\)".*/\\1/p\')',
      `kubectl -n ${ns} create secret generic ${r.kibanaToken.secretName} --from-literal=${r.kibanaToken.key}="$TOKEN"`,
      '```',
    );
  }
  lines.push(
    '',
    '## What is collected',
    '',
    '| Source | Where on the node | Index |',
    '| --- | --- | --- |',
    '| Container logs, with namespace, pod, container and labels | `/var/log/containers/*.log` | `logstash-*` |',
  );
  if (r.collectsKubeletLogs) lines.push('| kubelet | journald, unit `kubelet.service` | `node-*` |');
  if (r.auditLogPath !== undefined) lines.push(`| kube-apiserver audit log (control-plane nodes) | \`${r.auditLogPath}\` | \`audit-*\` |`);
  if (r.retentionDays !== undefined) {
    lines.push('', `Indices are deleted after ${r.retentionDays} days by the index lifecycle policy \`clusterforge-logs\`, installed by a Job.`);
  }
  lines.push('', `Kibana: \`kubectl -n ${ns} port-forward svc/kibana-kibana 5601\`, then open http://localhost:5601.`, '');
  return lines.join('\n');
}
