import { App } from 'cdk8s';
import { Construct } from 'constructs';
// Imported as a user would, by package name: the Pulumi program (examples/Pulumi.yaml) runs this
// file against the installed package, and a copy of it works unchanged in a user's project.
import {
  Advertisement,
  AlertReceiver,
  BackupCredentials,
  BackupTarget,
  CalicoEncapsulation,
  ClusterBackup,
  ClusterIngress,
  ClusterLogging,
  ClusterMonitoring,
  ClusterNetwork,
  Cni,
  EtcdSnapshotTarget,
  LogCollector,
  LogFilter,
  LogStorage,
  MetalLb,
  PrometheusStorage,
  Provisioner,
} from 'clusterforge/constructs';
import {
  AdmissionPlugin,
  BuiltInRole,
  Cluster,
  EndpointLoadBalancer,
  EncryptionProvider,
  Etcd,
  EvictionSignal,
  KubeProxy,
  NetworkPolicyWriters,
  PodSecurityLevel,
  PreemptionPolicy,
  QuotaScope,
  Subject,
  Verb,
} from 'clusterforge';

/**
 * A shared platform: HA control plane behind haproxy + keepalived, Calico, Ceph block
 * storage by default with fast node-local volumes, EFK logging, Prometheus monitoring with
 * Grafana, MetalLB and Traefik for traffic in, and three tenants at three
 * Pod Security levels with quotas sized to the declared node pools.
 */
export function definePlatform(scope: Construct = new App()): Cluster {
  const cluster = new Cluster(scope, 'platform', {
    networking: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', nodeSubnets: ['10.20.0.0/22'], dnsDomain: 'cluster.local' },
    // MetalLB's layer-2 mode needs strictARP with IPVS; metrics on the node address for Prometheus.
    kubeProxy: KubeProxy.ipvs({ strictArp: true }).withMetricsBindAddress('0.0.0.0:10249'),
    // Serve stacked etcd's plain-HTTP metrics on the node address, for Prometheus.
    etcd: Etcd.stacked({ extraArgs: [{ name: 'listen-metrics-urls', value: 'http://0.0.0.0:2381' }] }),
    controlPlane: {
      nodes: [
        { name: 'cp-1', address: '10.20.0.11' },
        { name: 'cp-2', address: '10.20.0.12' },
        { name: 'cp-3', address: '10.20.0.13' },
      ],
      endpoint: { host: '10.20.0.10', port: 8443 },
      loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth0', virtualRouterId: 42 }),
      // Secrets encrypted in etcd (the key is filled from CLUSTERFORGE_ENCRYPTION_KEY, never in Git),
      // 90 days of audit log, people signing in through the company's OIDC provider, and namespaces
      // outside the model enforcing restricted Pod Security.
      security: {
        encryptionAtRest: { provider: EncryptionProvider.aescbc({ keyName: 'key-2026-12' }) },
        audit: { maxAgeDays: 90 },
        authentication: { oidc: { issuerUrl: 'https://login.example.com', clientId: 'kubernetes', usernameClaim: 'email' } },
        admission: {
          plugins: [AdmissionPlugin.DENY_SERVICE_EXTERNAL_IPS],
          podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
        },
      },
      // Scheduler and controller-manager metrics reachable by Prometheus (their secure ports still authenticate).
      schedulerExtraArgs: [{ name: 'bind-address', value: '0.0.0.0' }],
      controllerManagerExtraArgs: [{ name: 'bind-address', value: '0.0.0.0' }],
    },
    kubelet: {
      evictionSoft: { [EvictionSignal.MEMORY_AVAILABLE]: { threshold: '1Gi', gracePeriod: '2m' } },
      systemReserved: { cpu: '250m', memory: '512Mi' },
      kubeReserved: { cpu: '250m', memory: '512Mi' },
    },
  });
  cluster.addNodePool('general', {
    nodes: Array.from({ length: 6 }, (_, i) => ({ name: `general-${i + 1}`, address: `10.20.1.${11 + i}` })),
    labels: { 'node.kubernetes.io/pool': 'general' },
    nodeCpu: '16',
    nodeMemory: '64Gi',
  });

  new ClusterNetwork(cluster, 'Networking', {
    cni: Cni.calico({ encapsulation: CalicoEncapsulation.VXLAN_CROSS_SUBNET }),
    coreDns: { replicas: 3 },
  });

  cluster.addStorageClass('ceph-block', { provisioner: Provisioner.cephRbd({ pool: 'replicapool' }), default: true, snapshotClass: {} });
  cluster.addStorageClass('fast-local', { provisioner: Provisioner.localPath() });

  // EFK: Fluent Bit on every node forwards to a Fluentd aggregator, which writes to a
  // three-node Elasticsearch on the default (Ceph) storage; Kibana on top.
  new ClusterLogging(cluster, 'Logging', {
    collector: LogCollector.fluentBit({ filters: [LogFilter.liftJson()] }),
    aggregator: { replicas: 2 },
    storage: LogStorage.elasticsearch({ replicas: 3, memory: '8Gi', storageSize: '200Gi', retentionDays: 14 }),
  });

  // Prometheus monitoring (kube-prometheus shape) with Grafana; alerts to Slack and PagerDuty,
  // whose credentials live in the `alerting` Secret created outside Git.
  new ClusterMonitoring(cluster, 'Monitoring', {
    prometheus: { retention: '30d', retentionSize: '90GB', storage: PrometheusStorage.persistent({ size: '100Gi' }) },
    alertmanager: {
      receivers: [
        AlertReceiver.none('null'),
        AlertReceiver.slack('platform-slack', { apiUrl: { secretName: 'alerting', key: 'slack-url' }, channel: '#platform-alerts' }),
        AlertReceiver.pagerDuty('platform-oncall', { routingKey: { secretName: 'alerting', key: 'pagerduty-routing-key' } }),
      ],
      route: {
        receiver: 'platform-slack',
        groupBy: ['namespace', 'alertname'],
        routes: [
          { receiver: 'null', matchers: [{ name: 'alertname', value: 'Watchdog' }] },
          { receiver: 'platform-oncall', matchers: [{ name: 'severity', value: 'critical' }] },
        ],
      },
    },
    grafana: { adminCredentials: { secretName: 'grafana-admin' } },
  });

  // Traffic in: MetalLB answers ARP for LoadBalancer addresses from a slice of the node
  // subnet that holds no node and not the API VIP (10.20.0.10); Traefik is the default
  // IngressClass behind one of those addresses.
  const metallb = new MetalLb(cluster, 'MetalLB');
  metallb.addAddressPool('lan', { addresses: ['10.20.3.10-10.20.3.99'], advertisement: Advertisement.l2() });
  new ClusterIngress(cluster, 'Ingress');

  cluster.addPriorityClass('platform-critical', { value: 1_000_000, description: 'Platform services' });
  cluster.addPriorityClass('standard', { value: 1000, globalDefault: true, description: 'Default for tenant workloads' });
  cluster.addPriorityClass('batch', { value: 100, preemptionPolicy: PreemptionPolicy.NEVER, description: 'Batch jobs that never preempt' });

  cluster.grantClusterAdmin(Subject.group('platform-admins'));
  cluster.grantClusterReader(Subject.group('auditors'));
  cluster.addClusterRole('snapshot-viewer', {
    name: 'clusterforge:snapshot-viewer',
    rules: [{ apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots', 'volumesnapshotcontents'], verbs: [Verb.GET, Verb.LIST, Verb.WATCH] }],
    aggregateTo: [BuiltInRole.VIEW],
  });

  const containerDefaults = {
    container: {
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '512Mi' },
      max: { cpu: '4', memory: '8Gi' },
    },
  };
  const payments = cluster.addTenant('payments', {
    namespaces: ['payments', 'payments-batch'],
    admins: [Subject.group('payments-leads')],
    developers: [Subject.group('payments-devs')],
    quota: { requestsCpu: '20', limitsMemory: '64Gi', requestsMemory: '48Gi', pods: 200, storage: { 'ceph-block': '500Gi' }, servicesLoadBalancers: 0 },
    scopedQuotas: { 'batch-pods': { pods: 50, priorityClasses: ['batch'] } },
    limitRange: containerDefaults,
    podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
    networkPolicy: { allowIngressFromNamespaces: ['traefik'], allowEgressToTenants: ['data'] },
  });
  payments.addServiceAccount('deployer', 'payments');
  // The Ingress and the NetworkPolicy that admits Traefik to the checkout pods.
  payments.expose(
    { name: 'checkout', port: 80, targetPort: 8080, podLabels: { app: 'checkout' } },
    { host: 'checkout.payments.example.com', tls: { secretName: 'checkout-tls' } },
  );

  cluster.addTenant('data', {
    namespaces: ['data'],
    admins: [Subject.group('data-leads')],
    developers: [Subject.group('data-engineers')],
    viewers: [Subject.group('payments-devs')],
    quota: {
      requestsCpu: '24',
      requestsMemory: '96Gi',
      limitsMemory: '128Gi',
      storage: { 'ceph-block': '2Ti', 'fast-local': '500Gi' },
      storageClaims: { 'fast-local': 20 },
      objectCounts: { 'statefulsets.apps': 10 },
    },
    scopedQuotas: { 'no-best-effort': { pods: 0, scopes: [QuotaScope.BEST_EFFORT] } },
    limitRange: containerDefaults,
    // Database operators here still need baseline (e.g. running as a fixed root UID).
    podSecurity: { enforce: PodSecurityLevel.BASELINE },
    // The data team's leads add policies for their databases' replication; the baseline stays guarded.
    networkPolicy: { allowIngressFromTenants: ['payments'], writableBy: NetworkPolicyWriters.TENANT_ADMINS },
  });

  cluster.addTenant('ml', {
    namespaces: ['ml-training'],
    developers: [Subject.group('ml-team')],
    quota: { requestsCpu: '16', requestsMemory: '64Gi', limitsMemory: '64Gi', extendedResources: { 'nvidia.com/gpu': '4' }, pods: 100 },
    limitRange: containerDefaults,
    podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
  });

  // Velero to an S3-compatible store (credentials in the Secret velero/velero-credentials, created
  // outside Git), a daily backup with volume data, and etcd snapshots every 6 hours on Ceph.
  const backup = new ClusterBackup(cluster, 'Backup', {
    etcdSnapshots: { target: EtcdSnapshotTarget.newClaim({ storageClassName: 'ceph-block', size: '20Gi' }), schedule: '0 */6 * * *', retention: 28 },
  });
  backup.velero.addBackupStorageLocation('default', {
    target: BackupTarget.s3({
      bucket: 'platform-backups',
      prefix: 'platform',
      region: 'us-east-1',
      endpoint: 'https://s3.backup.example.internal:9000',
      credentials: BackupCredentials.fromSecret('velero-credentials'),
    }),
  });
  backup.velero.addSchedule('daily', { schedule: '0 2 * * *', ttl: '720h', fileSystemBackup: true, excludedNamespaces: ['kube-system'] });
  return cluster;
}
