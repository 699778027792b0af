import { ContainerLogFormat, LOGGING, LogCollector, LogStorage, MaxMapCountSetup } from '../../constructs/logging';
import { CLUSTER_LOGGING_DEFAULTS } from '../../constructs/logging/cluster-logging';
import { KIBANA_DEFAULTS } from '../../constructs/logging/kibana';
import { LOG_COLLECTOR_DEFAULTS } from '../../constructs/logging/log-collector';
import { ELASTICSEARCH_DEFAULTS } from '../../constructs/logging/log-storage';
import { KubeObject, PodSecurityLevel, Subject } from '../../lib';
import { allowsConnection } from '../support/network-policy';
import { manifests, synth } from '../support/synth';
import { loggingCluster, objectNamed } from './fixtures';

type Json = Record<string, any>;

function objects(...args: Parameters<typeof loggingCluster>): KubeObject[] {
  return manifests(synth(loggingCluster(...args)));
}

function podSpec(o: Json): Json {
  return o.spec.template.spec;
}

function envOf(container: Json): Record<string, unknown> {
  return Object.fromEntries((container.env as Json[]).map((e) => [e.name, e.value ?? e.valueFrom]));
}

describe('ClusterLogging', () => {
  test('defaults are resolved in one place', () => {
    expect(CLUSTER_LOGGING_DEFAULTS.namespace).toBe('logging');
    expect(CLUSTER_LOGGING_DEFAULTS.logFormat).toBe(ContainerLogFormat.CRI);
    expect(CLUSTER_LOGGING_DEFAULTS.collector().name).toBe('fluent-bit');
    expect(ELASTICSEARCH_DEFAULTS).toStrictEqual({
      replicas: 3,
      memory: '4Gi',
      cpu: '1',
      storageSize: '30Gi',
      retentionDays: 7,
      credentials: { secretName: 'elasticsearch-master-credentials', usernameKey: 'username', passwordKey: 'password' },
      certificatesSecret: 'elasticsearch-master-certs',
      maxMapCount: MaxMapCountSetup.INIT_CONTAINER,
      maxHeap: '31Gi',
    });
    expect(KIBANA_DEFAULTS).toStrictEqual({ replicas: 1, memory: '2Gi', serviceAccountToken: { secretName: 'kibana-kibana-es-token', key: 'token' } });
    expect(LOG_COLLECTOR_DEFAULTS).toStrictEqual({ fluentBit: { collectKubeletLogs: true, memoryLimit: '256Mi' }, fluentd: { memoryLimit: '512Mi' } });
  });

  test('fills the logging slot, in its own manifest file, in a privileged namespace', () => {
    // GIVEN
    const cluster = loggingCluster();

    // WHEN
    const synthesis = synth(cluster);

    // THEN
    expect(cluster.addOn(LOGGING)?.namespace).toBe('logging');
    expect(synthesis.manifestFiles.map((f) => f.fileName)).toContain('102-logging.yaml');
    const ns = objectNamed(manifests(synthesis), 'Namespace', 'logging');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('the collector runs on every node, reads the host logs, and may read pods and namespaces only', () => {
    const all = objects();
    const ds = objectNamed(all, 'DaemonSet', 'fluent-bit');
    const spec = podSpec(ds);

    // THEN it tolerates every taint, control-plane nodes included, and survives pressure
    expect(spec.tolerations).toStrictEqual([{ operator: 'Exists' }]);
    expect(spec.priorityClassName).toBe('system-node-critical');
    // AND /var/log comes from the host, read-only, with its positions in a host directory
    const volumes = Object.fromEntries((spec.volumes as Json[]).map((v) => [v.name, v]));
    const mounts = Object.fromEntries((spec.containers[0].volumeMounts as Json[]).map((m) => [m.mountPath, [volumes[m.name], m.readOnly ?? false]]));
    expect(mounts['/var/log']).toStrictEqual([{ name: 'varlog', hostPath: { path: '/var/log' } }, true]);
    expect(mounts['/var/fluent-bit/state']).toStrictEqual([{ name: 'state', hostPath: { path: '/var/fluent-bit/state', type: 'DirectoryOrCreate' } }, false]);
    // AND the credentials come from the Secret, by reference
    expect(envOf(spec.containers[0])).toStrictEqual({
      ES_USER: { secretKeyRef: { key: 'username', name: 'elasticsearch-master-credentials' } },
      ES_PASSWORD: { secretKeyRef: { key: 'password', name: 'elasticsearch-master-credentials' } },
    });
    // AND its ClusterRole reads pods and namespaces, nothing else
    expect(objectNamed(all, 'ClusterRole', 'fluent-bit').rules).toStrictEqual([{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]);
  });

  test('Elasticsearch discovers its masters through the headless Service, with the heap at half the memory limit', () => {
    // GIVEN 3 nodes of 8Gi
    const all = objects({ storage: LogStorage.elasticsearch({ memory: '8Gi', storageSize: '100Gi' }) });
    const sts = objectNamed(all, 'StatefulSet', 'elasticsearch-master');
    const es = podSpec(sts).containers[0];

    // THEN
    expect(sts.spec.serviceName).toBe('elasticsearch-master-headless');
    expect(objectNamed(all, 'Service', 'elasticsearch-master-headless').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(envOf(es)).toMatchObject({
      'cluster.initial_master_nodes': 'elasticsearch-master-0,elasticsearch-master-1,elasticsearch-master-2,',
      'discovery.seed_hosts': 'elasticsearch-master-headless',
      ES_JAVA_OPTS: '-Xms4096m -Xmx4096m',
      ELASTIC_PASSWORD: { secretKeyRef: { name: 'elasticsearch-master-credentials', key: 'password' } },
      'xpack.security.enabled': 'true',
      'xpack.security.http.ssl.enabled': 'true',
    });
    expect(es.resources).toStrictEqual({ requests: { cpu: '1', memory: '8Gi' }, limits: { memory: '8Gi' } });
    // AND data lives on claims of the model's default StorageClass, spread one node per host
    expect(sts.spec.volumeClaimTemplates[0].spec).toStrictEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'local', resources: { requests: { storage: '100Gi' } } });
    expect(podSpec(sts).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(objectNamed(all, 'PodDisruptionBudget', 'elasticsearch-master-pdb').spec.maxUnavailable).toBe(1);
    // AND vm.max_map_count is set by the privileged init container
    expect(podSpec(sts).initContainers[0]).toMatchObject({ name: 'configure-sysctl', command: ['sysctl', '-w', 'vm.max_map_count=262144'], securityContext: { privileged: true } });
  });

  test('a single node uses single-node discovery, and an explicit heap is used as given', () => {
    const sts = objectNamed(objects({ storage: LogStorage.elasticsearch({ replicas: 1, heap: '3g', memory: '8Gi', maxMapCount: MaxMapCountSetup.NODE }) }), 'StatefulSet', 'elasticsearch-master');
    const env = envOf(podSpec(sts).containers[0]);
    expect(env['discovery.type']).toBe('single-node');
    expect(env['cluster.initial_master_nodes']).toBeUndefined();
    expect(env.ES_JAVA_OPTS).toBe('-Xms3g -Xmx3g');
    expect(podSpec(sts).initContainers).toStrictEqual([]);
  });

  test('the retention is an index lifecycle policy installed by a Job named after what it installs', () => {
    const jobOf = (days: number): Json => objects({ storage: LogStorage.elasticsearch({ retentionDays: days }) }).find((o) => o.kind === 'Job')!;
    const week = jobOf(7);
    const month = jobOf(30);
    expect(podSpec(week).containers[0].command[2]).toContain('"delete":{"min_age":"7d"');
    expect(podSpec(month).containers[0].command[2]).toContain('"delete":{"min_age":"30d"');
    expect(week.metadata.name).toMatch(/^elasticsearch-retention-[0-9a-f]{8}$/);
    expect(week.metadata.name).not.toBe(month.metadata.name);
  });

  test('Kibana reaches Elasticsearch through its Service, with the CA and the token by reference', () => {
    const kibana = objectNamed(objects(), 'Deployment', 'kibana-kibana');
    const c = podSpec(kibana).containers[0];
    expect(envOf(c)).toStrictEqual({
      ELASTICSEARCH_HOSTS: 'https://elasticsearch-master:9200',
      ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES: '/usr/share/kibana/config/certs/ca.crt',
      SERVER_HOST: '0.0.0.0',
      ELASTICSEARCH_SERVICEACCOUNTTOKEN: { secretKeyRef: { name: 'kibana-kibana-es-token', key: 'token', optional: false } },
      NODE_OPTIONS: '--max-old-space-size=1800',
    });
    expect(podSpec(kibana).volumes).toContainEqual({ name: 'elasticsearch-certs', secret: { secretName: 'elasticsearch-master-certs' } });
    expect(objectNamed(objects(), 'Service', 'kibana-kibana').spec.ports).toStrictEqual([{ port: 5601, protocol: 'TCP', name: 'http', targetPort: 5601 }]);
  });

  test('an external Elasticsearch gets no StatefulSet; collectors and Kibana use its URL', () => {
    const storage = LogStorage.external({ url: 'https://logs.example.com:9243', credentials: { secretName: 'writer' }, ca: { secretName: 'corp-ca', key: 'ca.pem' } });
    const all = objects({ storage });
    expect(all.filter((o) => o.kind === 'StatefulSet')).toStrictEqual([]);
    expect(envOf(podSpec(objectNamed(all, 'Deployment', 'kibana-kibana')).containers[0]).ELASTICSEARCH_HOSTS).toBe('https://logs.example.com:9243');
  });

  test('the Fluentd collector parses CRI logs and writes to Elasticsearch with the Secret\'s credentials', () => {
    const ds = objectNamed(objects({ collector: LogCollector.fluentd() }), 'DaemonSet', 'fluentd');
    expect(envOf(podSpec(ds).containers[0])).toMatchObject({
      FLUENT_CONTAINER_TAIL_PARSER_TYPE: 'cri',
      FLUENT_ELASTICSEARCH_HOST: 'elasticsearch-master',
      FLUENT_ELASTICSEARCH_SCHEME: 'https',
      FLUENT_ELASTICSEARCH_PASSWORD: { secretKeyRef: { name: 'elasticsearch-master-credentials', key: 'password' } },
      SSL_CERT_FILE: '/fluentd/etc/elasticsearch-ca/ca.crt',
    });
  });

  test('the aggregator receives forward traffic on 24224 and reads its own fluent.conf', () => {
    const all = objects({ aggregator: { replicas: 3 } });
    const deployment = objectNamed(all, 'Deployment', 'fluentd-aggregator');
    expect(deployment.spec.replicas).toBe(3);
    const conf = objectNamed(all, 'ConfigMap', 'fluentd-aggregator').data['fluent.conf'];
    expect(conf).toContain('<source>\n  @type forward\n  @id in_forward\n  port 24224\n  bind 0.0.0.0\n</source>');
    expect(conf).toContain('<match **>\n  @type elasticsearch\n');
  });

  test('bootstrap/logging-runbook.md says which Secrets to create and how, and what is collected', () => {
    // WHEN
    const synthesis = synth(loggingCluster({ auditLogPath: '/var/log/kubernetes/audit/audit.log' }));
    const runbook = synthesis.bootstrapFiles.find((f) => f.path === 'logging-runbook.md')!.content;

    // THEN every Secret the manifests reference has its command, and no value is in it
    expect(runbook).toContain('kubectl -n logging create secret generic elasticsearch-master-certs --type=kubernetes.io/tls');
    expect(runbook).toContain('kubectl -n logging create secret generic elasticsearch-master-credentials \\\n  --from-literal=username=elastic --from-literal=password="$(openssl rand -base64 24)"');
    expect(runbook).toContain('kubectl -n logging create secret generic kibana-kibana-es-token --from-literal=token="$TOKEN"');
    expect(runbook).toContain('| kube-apiserver audit log (control-plane nodes) | `/var/log/kubernetes/audit/audit.log` | `audit-*` |');
    expect(runbook).toContain('Indices are deleted after 7 days');
  });

  test('the audit log follows the control plane: collected from its path by default, not at all when audit is off, and a mismatching path warns', () => {
    // GIVEN a control plane writing its audit log elsewhere
    const cp = { nodes: [{ name: 'cp-1', address: '10.0.0.10' }] };
    const runbook = (s: ReturnType<typeof synth>) => s.bootstrapFiles.find((f) => f.path === 'logging-runbook.md')!.content;

    // WHEN / THEN
    const moved = synth(loggingCluster({}, { controlPlane: { ...cp, security: { audit: { logPath: '/var/log/apiserver/audit.log' } } } }));
    expect(runbook(moved)).toContain('| kube-apiserver audit log (control-plane nodes) | `/var/log/apiserver/audit.log` | `audit-*` |');
    const off = synth(loggingCluster({}, { controlPlane: { ...cp, security: { audit: { enabled: false } } } }));
    expect(runbook(off)).not.toContain('audit log');
    const mismatch = synth(loggingCluster({ auditLogPath: '/var/log/audit.log' }));
    expect(mismatch.warnings.filter((w) => w.rule === 'logging/audit-log-path').map((w) => [w.path, w.field, w.received])).toStrictEqual([
      ['test/Logging', 'auditLogPath', '/var/log/audit.log'],
    ]);
  });

  describe('NetworkPolicies', () => {
    const collector = { namespace: 'logging', labels: { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'fluent-bit' } };
    const es = { namespace: 'logging', labels: { app: 'elasticsearch-master' } };
    const kibana = { namespace: 'logging', labels: { app: 'kibana' } };
    const aggregator = { namespace: 'logging', labels: { 'app.kubernetes.io/name': 'fluentd-aggregator' } };
    const dns = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    const tenantPod = { namespace: 'shop', labels: { app: 'web' } };

    function withTenant(props: Parameters<typeof loggingCluster>[0] = {}): KubeObject[] {
      const cluster = loggingCluster(props);
      cluster.addTenant('shop', { admins: [Subject.group('shop')] });
      return manifests(synth(cluster));
    }

    test('the pipeline\'s paths are open and nothing else is, with a default-deny tenant beside it', () => {
      const all = withTenant({ kibana: { allowIngressFromNamespaces: ['shop'] } });
      const allowed = (from: Json, to: Json, port: number, protocol = 'TCP'): boolean => allowsConnection(all, { from, to, port, protocol });

      expect(allowed(collector, es, 9200)).toBe(true);
      expect(allowed(kibana, es, 9200)).toBe(true);
      expect(allowed(es, es, 9300)).toBe(true);
      expect(allowed(collector, dns, 53, 'UDP')).toBe(true);
      expect(allowed(collector, { ip: '10.0.0.10' }, 6443)).toBe(true);
      expect(allowed({ namespace: 'logging', labels: { app: 'elasticsearch-retention' } }, es, 9200)).toBe(true);
      // AND a tenant cannot reach Elasticsearch, nor the collector's metrics
      expect(allowed(tenantPod, es, 9200)).toBe(false);
      expect(allowed(tenantPod, collector, 2020)).toBe(false);
      // AND Kibana is reachable only from the namespaces named
      expect(allowed(tenantPod, kibana, 5601)).toBe(false); // the tenant's own default-deny egress
      expect(allowed({ namespace: 'other', labels: {} }, kibana, 5601)).toBe(false);
      expect(allowed(es, { ip: '203.0.113.9' }, 443)).toBe(false);
    });

    test('with the aggregator, collectors reach only the aggregator, and the aggregator reaches Elasticsearch', () => {
      const all = withTenant({ aggregator: {} });
      expect(allowsConnection(all, { from: collector, to: aggregator, port: 24224 })).toBe(true);
      expect(allowsConnection(all, { from: aggregator, to: es, port: 9200 })).toBe(true);
      expect(allowsConnection(all, { from: collector, to: es, port: 9200 })).toBe(false);
    });

    test('an external Elasticsearch is reached outside the cluster on its port', () => {
      const storage = LogStorage.external({ url: 'https://logs.example.com:9243', credentials: { secretName: 'writer' } });
      const all = withTenant({ storage });
      expect(allowsConnection(all, { from: collector, to: { ip: '198.51.100.7' }, port: 9243 })).toBe(true);
      expect(allowsConnection(all, { from: collector, to: { ip: '198.51.100.7' }, port: 22 })).toBe(false);
    });
  });
});
