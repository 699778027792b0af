import { Cluster, EndpointLoadBalancer, PodSecurityLevel } from '../../lib';
import { evaluatePodSecurity } from '../../lib/validation/pod-security';
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
    // No `type: File`: removing super-admin.conf after init must not stop the pod at its next restart.
    expect(first.spec.volumes).toStrictEqual([{ name: 'kubeconfig', hostPath: { path: '/etc/kubernetes/super-admin.conf' } }]);
    expect(second.spec.volumes).toStrictEqual([{ name: 'kubeconfig', hostPath: { path: '/etc/kubernetes/admin.conf' } }]);
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

  test('kube-vip: after kubeadm init the first node switches to admin.conf; the others never run a post-step', () => {
    // GIVEN
    const s = synth(newCluster({ controlPlane: { nodes, endpoint: { host: '10.0.0.10' }, loadBalancer: EndpointLoadBalancer.kubeVip({ interface: 'eth0' }) } }));
    const runcmd = (node: string) => (parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === `cloud-init/${node}.yaml`)!.content)[0] as any).runcmd as string[];

    // THEN the switch runs right after init, and rewrites exactly the hostPath line of the manifest
    const first = runcmd('cp-1');
    expect(first.slice(-2)).toStrictEqual([
      'kubeadm init --config /etc/kubernetes/clusterforge/kubeadm.yaml --upload-certs',
      "sed -i 's#path: /etc/kubernetes/super-admin.conf#path: /etc/kubernetes/admin.conf#' /etc/kubernetes/manifests/kube-vip.yaml",
    ]);
    const manifest = s.bootstrapFiles.find((f) => f.path === 'static-pods/cp-1/kube-vip.yaml')!.content;
    const switched = manifest.replace('path: /etc/kubernetes/super-admin.conf', 'path: /etc/kubernetes/admin.conf');
    expect(switched).toBe(s.bootstrapFiles.find((f) => f.path === 'static-pods/cp-2/kube-vip.yaml')!.content);
    expect(runcmd('cp-2').some((c) => c.includes('super-admin'))).toBe(false);
  });

  test('haproxy binds the address family of the VIP: an IPv6 VIP gets an IPv6 (and IPv4) listener', () => {
    // GIVEN an IPv6 control-plane network and VIP
    const v6nodes = [
      { name: 'cp-1', address: 'fd00:10::11' },
      { name: 'cp-2', address: 'fd00:10::12' },
      { name: 'cp-3', address: 'fd00:10::13' },
    ];
    const s = synth(
      newCluster({
        networking: { podSubnet: 'fd00:244::/56', serviceSubnet: 'fd00:96::/112' },
        controlPlane: { nodes: v6nodes, endpoint: { host: 'fd00:10::10', port: 8443 }, loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth1' }) },
      }),
    );
    const cloudInit = parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'cloud-init/cp-1.yaml')!.content)[0] as any;
    const cfg: string = cloudInit.write_files.find((f: any) => f.path === '/etc/haproxy/haproxy.cfg').content;

    // THEN
    expect(cfg).toContain('frontend apiserver\n    bind :::8443 v4v6\n');
    expect(cfg).toContain('server cp-1 [fd00:10::11]:6443 check verify none');
  });
});
