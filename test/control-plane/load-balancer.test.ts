import { Cluster, EndpointLoadBalancer, PodSecurityLevel, evaluatePodSecurity } from '../../lib';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';

const nodes = [
  { name: 'cp-1', address: '10.0.0.11' },
  { name: 'cp-2', address: '10.0.0.12' },
  { name: 'cp-3', address: '10.0.0.13' },
];

function file(cluster: Cluster, path: string): string {
  return synth(cluster).bootstrapFiles.find((f) => f.path === path)!.content;
}

describe('endpoint load balancers', () => {
  test('kube-vip: ARP VIP static pod as kube-vip generates it, super-admin.conf only on the init node', () => {
    // GIVEN
    const cluster = () => newCluster({ controlPlane: { nodes, endpoint: { host: '10.0.0.10' }, loadBalancer: EndpointLoadBalancer.kubeVip({ interface: 'eth0' }) } });

    // WHEN
    const [first] = parseYamlDocuments(file(cluster(), 'static-pods/cp-1/kube-vip.yaml')) as any[];
    const [second] = parseYamlDocuments(file(cluster(), 'static-pods/cp-2/kube-vip.yaml')) as any[];

    // THEN
    const c = first.spec.containers[0];
    expect(c.image).toBe('ghcr.io/kube-vip/kube-vip:v1.2.3');
    expect(c.args).toStrictEqual(['manager']);
    expect(Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]))).toStrictEqual({
      vip_arp: 'true',
      port: '6443',
      vip_interface: 'eth0',
      vip_subnet: '32',
      dns_mode: 'first',
      cp_enable: 'true',
      cp_namespace: 'kube-system',
      vip_leaderelection: 'true',
      vip_leasename: 'plndr-cp-lock',
      vip_leaseduration: '15',
      vip_renewdeadline: '10',
      vip_retryperiod: '2',
      address: '10.0.0.10',
      prometheus_server: ':2112',
    });
    expect(c.securityContext).toStrictEqual({ capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } });
    expect(first.spec.hostNetwork).toBe(true);
    expect(first.spec.volumes[0].hostPath.path).toBe('/etc/kubernetes/super-admin.conf');
    expect(second.spec.volumes[0].hostPath.path).toBe('/etc/kubernetes/admin.conf');
    expect(c.volumeMounts).toStrictEqual([{ mountPath: '/etc/kubernetes/admin.conf', name: 'kubeconfig' }]);
    // A static pod in kube-system: host access is what it is for, so it fails baseline by design.
    expect(evaluatePodSecurity(first, PodSecurityLevel.BASELINE).map((v) => v.check)).toStrictEqual(['hostNamespaces', 'capabilities_baseline', 'hostPathVolumes']);
  });

  test('haproxy + keepalived: configs and static pods of the kubeadm HA guide', () => {
    const cluster = () =>
      newCluster({ controlPlane: { nodes, endpoint: { host: '10.0.0.10', port: 8443 }, loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth1' }) } });
    const s = synth(cluster());
    const cloudInit = parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'cloud-init/cp-2.yaml')!.content)[0] as any;
    const written = Object.fromEntries(cloudInit.write_files.map((f: any) => [f.path, f.content]));

    const haproxyCfg: string = written['/etc/haproxy/haproxy.cfg'];
    expect(haproxyCfg).toContain('frontend apiserver\n    bind *:8443\n    mode tcp');
    expect(haproxyCfg).toContain(
      '    http-check send meth GET uri /healthz\n    http-check expect status 200\n    mode tcp\n    balance roundrobin\n' +
        '    server cp-1 10.0.0.11:6443 check verify none\n    server cp-2 10.0.0.12:6443 check verify none\n    server cp-3 10.0.0.13:6443 check verify none\n',
    );
    const keepalived: string = written['/etc/keepalived/keepalived.conf'];
    expect(keepalived).toContain('    state BACKUP\n    interface eth1\n    virtual_router_id 51\n    priority 100\n');
    expect(keepalived).toContain('virtual_ipaddress {\n        10.0.0.10\n    }');
    expect(keepalived).not.toContain('auth_pass');
    expect(written['/etc/keepalived/check_apiserver.sh']).toContain('https://localhost:8443/healthz');

    const [haproxyPod] = parseYamlDocuments(written['/etc/kubernetes/manifests/haproxy.yaml']) as any[];
    expect(haproxyPod.spec.containers[0].livenessProbe).toStrictEqual({
      failureThreshold: 8,
      httpGet: { host: 'localhost', path: '/healthz', port: 8443, scheme: 'HTTPS' },
    });
    const [keepalivedPod] = parseYamlDocuments(written['/etc/kubernetes/manifests/keepalived.yaml']) as any[];
    expect(keepalivedPod.spec.containers[0].securityContext).toStrictEqual({ capabilities: { add: ['NET_ADMIN', 'NET_BROADCAST', 'NET_RAW'] } });
    expect(keepalivedPod.spec.hostNetwork).toBe(true);
    const firstKeepalived = file(cluster(), 'cloud-init/cp-1.yaml');
    expect(firstKeepalived).toContain('state MASTER');
  });

  test('an external load balancer adds no static pods', () => {
    const s = synth(newCluster({ controlPlane: { nodes, endpoint: { host: 'api.example.com' } } }));
    expect(s.bootstrapFiles.filter((f) => f.path.startsWith('static-pods/'))).toStrictEqual([]);
  });
});
