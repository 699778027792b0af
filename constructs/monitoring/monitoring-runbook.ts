import type { AlertReceiver } from './alertmanager';
import type { ControlPlaneTarget } from './control-plane-targets';
import type { CniMetricsEndpoint } from '../networking/cni-plugin';

/** @internal What the monitoring runbook describes. */
export interface MonitoringRunbookInput {
  readonly namespace: string;
  readonly receivers: readonly AlertReceiver[];
  readonly grafana: { readonly secretName: string; readonly usernameKey: string; readonly passwordKey: string } | undefined;
  readonly etcdClientSecret: string | undefined;
  readonly targets: readonly ControlPlaneTarget[];
  readonly crdsUrl: string | undefined;
  /** The CNI's metrics endpoints and notes, when the cluster has a CNI. */
  readonly cni?: { readonly name: string; readonly endpoints: readonly CniMetricsEndpoint[]; readonly notes: readonly string[] } | undefined;
}

/**
 * `bootstrap/monitoring-runbook.md`: the Secrets the monitoring add-on references and never
 * writes (receiver credentials, Grafana's admin, etcd's client certificate), the commands that
 * create them, and where each control-plane component is scraped.
 */
export function monitoringRunbook(r: MonitoringRunbookInput): string {
  const ns = r.namespace;
  const lines = ['# Monitoring', '', `Prometheus, Alertmanager and the exporters run in namespace \`${ns}\`.`, ''];
  if (r.crdsUrl) {
    lines.push(
      '## CRDs',
      '',
      'The monitoring.coreos.com CRDs are larger than a client-side apply annotation allows; apply them server-side first:',
      '',
      '```sh',
      `kubectl apply --server-side -f ${r.crdsUrl}`,
      '```',
      '',
    );
  }
  const secrets = new Map<string, Set<string>>();
  for (const receiver of r.receivers) {
    for (const [, ref] of receiver.secretFields) {
      const s = ref as { secretName: string; key: string };
      secrets.set(s.secretName, (secrets.get(s.secretName) ?? new Set()).add(s.key));
    }
  }
  if (secrets.size > 0 || r.grafana || r.etcdClientSecret) {
    lines.push('## Secrets to create before applying the manifests', '', 'clusterforge references these Secrets and never writes their values into the output:', '', '```sh');
    for (const [name, keys] of [...secrets].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(`# Alertmanager receiver credentials (webhook URLs, API keys, passwords):`);
      lines.push(`kubectl -n ${ns} create secret generic ${name} \\`, `  ${[...keys].sort().map((k) => `--from-literal=${k}=...`).join(' ')}`);
    }
    if (r.grafana) {
      const g = r.grafana;
      lines.push('# Grafana admin:', `kubectl -n ${ns} create secret generic ${g.secretName} \\`, `  --from-literal=${g.usernameKey}=admin --from-literal=${g.passwordKey}="$(openssl rand -base64 24)"`);
    }
    if (r.etcdClientSecret) {
      lines.push(
        '# An etcd client certificate for Prometheus, signed by the etcd CA (kubeadm: /etc/kubernetes/pki/etcd/ca.crt):',
        `kubectl -n ${ns} create secret generic ${r.etcdClientSecret} --from-file=ca.crt=etcd-ca.crt --from-file=tls.crt=prometheus-etcd-client.crt --from-file=tls.key=prometheus-etcd-client.key`,
      );
    }
    lines.push('```', '');
  }
  lines.push('## Control-plane scrape targets', '', '| component | job | port | scheme | scraped at |', '| --- | --- | --- | --- | --- |');
  for (const t of r.targets) {
    lines.push(`| ${t.component} | ${t.job} | ${t.port} | ${t.scheme} | ${t.addresses.length > 0 ? t.addresses.join(', ') : 'its pods'} |`);
  }
  lines.push('');
  if (r.cni) {
    lines.push(`## ${r.cni.name} scrape targets`, '');
    if (r.cni.endpoints.length > 0) {
      lines.push('| job | namespace | port | through | network |', '| --- | --- | --- | --- | --- |');
      for (const e of r.cni.endpoints) {
        lines.push(`| ${e.job} | ${e.namespace} | ${e.portNumber} | ${e.kind === 'service' ? 'ServiceMonitor' : 'PodMonitor'} | ${e.hostNetwork ? 'host (node addresses)' : 'pod'} |`);
      }
      lines.push('');
    }
    for (const note of r.cni.notes) lines.push(`- ${note}`);
    if (r.cni.notes.length > 0) lines.push('');
  }
  return lines.join('\n');
}
