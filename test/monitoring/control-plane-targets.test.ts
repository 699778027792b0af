import { MONITORING } from '../../constructs/monitoring';
import { ClusterSynthesis, Etcd, KubeObject, KubeProxy, formatProblem } from '../../lib';
import { kubeProxyConfiguration } from '../../lib/bootstrap/kubeadm';
import { manifests, synth } from '../support/synth';
import { EXTERNAL_ETCD, monitoringCluster, objectNamed } from './fixtures';

type Json = Record<string, any>;

/** The scrape target of one component: its ServiceMonitor's first endpoint and the Service it selects. */
function target(objects: readonly KubeObject[], monitor: string): { port: number; scheme: string; path: string; portName: string; service: string } {
  const sm = objectNamed(objects, 'ServiceMonitor', monitor, 'monitoring');
  const endpoint = sm.spec.endpoints[0];
  const namespaces: string[] = sm.spec.namespaceSelector?.matchNames ?? ['monitoring'];
  const services = objects.filter(
    (o) => o.kind === 'Service' && namespaces.includes(o.metadata.namespace!) && Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v),
  ) as Json[];
  const port = services.flatMap((s) => s.spec.ports).find((p: Json) => p.name === endpoint.port);
  return { port: port?.port, scheme: endpoint.scheme ?? 'http', path: endpoint.path ?? '/metrics', portName: endpoint.port, service: services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).join(',') };
}

const HARDENED = {
  kubeProxy: KubeProxy.iptables().withMetricsBindAddress('0.0.0.0:10249'),
  controlPlane: {
    nodes: [1, 2, 3].map((i) => ({ name: `cp-${i}`, address: `10.0.0.1${i}` })),
    endpoint: { host: '10.0.0.10' },
    schedulerExtraArgs: [{ name: 'bind-address', value: '0.0.0.0' }],
    controllerManagerExtraArgs: [{ name: 'bind-address', value: '0.0.0.0' }],
  },
};

describe.each([
  ['stacked etcd', Etcd.stacked({ extraArgs: [{ name: 'listen-metrics-urls', value: 'http://0.0.0.0:2381' }] })],
  ['external etcd', EXTERNAL_ETCD],
])('control-plane scrape targets with %s', (topology, etcd) => {
  let synthesis: ClusterSynthesis;
  let objects: KubeObject[];
  const cluster = monitoringCluster({}, { ...HARDENED, etcd });
  beforeAll(() => {
    synthesis = synth(cluster);
    objects = manifests(synthesis);
  });

  test.each([
    ['kube-apiserver', { portName: 'https', scheme: 'https', path: '/metrics', service: 'default/kubernetes' }],
    ['kube-scheduler', { port: 10259, portName: 'https-metrics', scheme: 'https', path: '/metrics', service: 'kube-system/kube-scheduler-metrics' }],
    ['kube-controller-manager', { port: 10257, portName: 'https-metrics', scheme: 'https', path: '/metrics', service: 'kube-system/kube-controller-manager-metrics' }],
    ['coredns', { port: 9153, portName: 'metrics', scheme: 'http', path: '/metrics', service: 'kube-system/kube-dns' }],
    ['kube-proxy', { port: 10249, portName: 'http-metrics', scheme: 'http', path: '/metrics', service: 'kube-system/kube-proxy-metrics' }],
    ['etcd', { port: 2381, portName: 'http-metrics', scheme: 'http', path: '/metrics', service: 'kube-system/etcd-metrics' }],
  ])('%s is scraped on the right port and scheme', (monitor, expected) => {
    const t = target(objects, monitor);
    // The kubernetes Service is the API server's own (kubeadm's), outside the model.
    if (monitor === 'kube-apiserver') expect({ portName: t.portName, scheme: t.scheme, path: t.path }).toStrictEqual({ portName: expected.portName, scheme: expected.scheme, path: expected.path });
    else expect(t).toStrictEqual(expected);
  });

  test('the kubelet is scraped over https on its three metric paths, through the operator-managed kubelet Service', () => {
    const sm = objectNamed(objects, 'ServiceMonitor', 'kubelet', 'monitoring');
    expect(sm.spec.endpoints.map((e: Json) => [e.port, e.scheme, e.path ?? '/metrics'])).toStrictEqual([
      ['https-metrics', 'https', '/metrics'],
      ['https-metrics', 'https', '/metrics/cadvisor'],
      ['https-metrics', 'https', '/metrics/probes'],
    ]);
    expect(sm.spec.selector.matchLabels).toStrictEqual({ 'app.kubernetes.io/name': 'kubelet' });
    expect(objectNamed(objects, 'Deployment', 'prometheus-operator').spec.template.spec.containers[0].args).toContain('--kubelet-service=kube-system/kubelet');
  });

  test('with the bind addresses opened, no component is reported unscrapable', () => {
    expect(synthesis.warnings.map(formatProblem).filter((w) => w.includes('[monitoring/loopback-metrics]'))).toStrictEqual([]);
  });

  test('kube-proxy serves its metrics on the node address through the typed setting', () => {
    expect(kubeProxyConfiguration(cluster)?.metricsBindAddress).toBe('0.0.0.0:10249');
  });

  if (topology === 'external etcd') {
    test('external members are listed in an EndpointSlice on their metrics port', () => {
      const slice = objectNamed(objects, 'EndpointSlice', 'etcd-metrics', 'kube-system');
      expect(slice.endpoints.map((e: Json) => e.addresses[0])).toStrictEqual(['10.0.2.1', '10.0.2.2', '10.0.2.3']);
      expect(slice.ports).toStrictEqual([{ name: 'http-metrics', port: 2381, protocol: 'TCP' }]);
      expect(slice.metadata.labels['kubernetes.io/service-name']).toBe('etcd-metrics');
      expect(objectNamed(objects, 'Service', 'etcd-metrics', 'kube-system').spec.selector).toBeUndefined();
    });
  } else {
    test('stacked members are the control-plane static pods', () => {
      expect(objectNamed(objects, 'Service', 'etcd-metrics', 'kube-system').spec.selector).toStrictEqual({ component: 'etcd', tier: 'control-plane' });
    });
  }
});

describe('etcd over TLS with a client certificate from a Secret', () => {
  test.each([
    ['stacked', Etcd.stacked()],
    ['external', EXTERNAL_ETCD],
  ])('%s etcd is scraped on the https client port with the Secret\'s certificate', (_name, etcd) => {
    const cluster = monitoringCluster({ controlPlane: { etcd: { clientCertificateSecret: 'etcd-metrics-client' } } }, { etcd });
    const objects = manifests(synth(cluster));
    expect(target(objects, 'etcd')).toStrictEqual({ port: 2379, portName: 'https-metrics', scheme: 'https', path: '/metrics', service: 'kube-system/etcd-metrics' });
    expect(objectNamed(objects, 'ServiceMonitor', 'etcd').spec.endpoints[0].tlsConfig).toStrictEqual({
      ca: { secret: { name: 'etcd-metrics-client', key: 'ca.crt' } },
      cert: { secret: { name: 'etcd-metrics-client', key: 'tls.crt' } },
      keySecret: { name: 'etcd-metrics-client', key: 'tls.key' },
    });
    const etcdTarget = cluster.addOn(MONITORING)!.controlPlaneTargets.targets.find((t) => t.component === 'etcd')!;
    expect(etcdTarget).toStrictEqual({
      component: 'etcd',
      job: 'etcd',
      port: 2379,
      scheme: 'https',
      addresses: _name === 'stacked' ? ['10.0.0.11', '10.0.0.12', '10.0.0.13'] : ['10.0.2.1', '10.0.2.2', '10.0.2.3'],
    });
  });
});

describe('the model lists every control-plane target with its port, scheme and addresses', () => {
  test('stacked etcd on the control-plane nodes; kubelets and kube-proxy on every node', () => {
    const cluster = monitoringCluster();
    const cp = ['10.0.0.11', '10.0.0.12', '10.0.0.13'];
    const all = [...cp, '10.0.1.1', '10.0.1.2', '10.0.1.3'];
    expect(cluster.addOn(MONITORING)!.controlPlaneTargets.targets).toStrictEqual([
      { component: 'apiserver', job: 'apiserver', port: 6443, scheme: 'https', addresses: cp },
      { component: 'kubelet', job: 'kubelet', port: 10250, scheme: 'https', addresses: all },
      { component: 'kube-scheduler', job: 'kube-scheduler', port: 10259, scheme: 'https', addresses: cp },
      { component: 'kube-controller-manager', job: 'kube-controller-manager', port: 10257, scheme: 'https', addresses: cp },
      { component: 'etcd', job: 'etcd', port: 2381, scheme: 'http', addresses: cp },
      { component: 'coredns', job: 'kube-dns', port: 9153, scheme: 'http', addresses: [] },
      { component: 'kube-proxy', job: 'kube-proxy', port: 10249, scheme: 'http', addresses: all },
    ]);
  });
});

describe('components kubeadm binds to loopback', () => {
  test('each is reported with the setting that fixes it', () => {
    const warnings = synth(monitoringCluster()).warnings.filter((w) => w.rule === 'monitoring/loopback-metrics');
    expect(warnings.map((w) => [w.field, w.expected])).toStrictEqual([
      ['controlPlane.schedulerExtraArgs', "controlPlane.schedulerExtraArgs: [{ name: 'bind-address', value: '0.0.0.0' }] (its secure port still requires authentication)"],
      ['controlPlane.controllerManagerExtraArgs', "controlPlane.controllerManagerExtraArgs: [{ name: 'bind-address', value: '0.0.0.0' }] (its secure port still requires authentication)"],
      ['etcd', "Etcd.stacked({ extraArgs: [{ name: 'listen-metrics-urls', value: 'http://0.0.0.0:2381' }] }), or controlPlane.etcd.clientCertificateSecret of the monitoring add-on"],
      ['kubeProxy', "kubeProxy: KubeProxy.<mode>().withMetricsBindAddress('0.0.0.0:10249')"],
    ]);
  });
});
