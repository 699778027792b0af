import { EndpointLoadBalancer, Etcd, KubeProxy, ClusterSynthesis } from '../../lib';
import { KUBELET_DEFAULTS } from '../../lib/bootstrap/kubeadm';
import { STRONG_TLS_CIPHER_SUITES } from '../../lib/security/hardening';
import { defineHaExternalEtcd } from '../../examples/ha-external-etcd';
import { defineHaStacked } from '../../examples/ha-stacked';
import { defineMinimal } from '../../examples/minimal';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';

function docs(s: ClusterSynthesis, path: string): Record<string, any>[] {
  const file = s.bootstrapFiles.find((f) => f.path === path);
  if (!file) throw new Error(`no bootstrap file ${path}; have ${s.bootstrapFiles.map((f) => f.path).join(', ')}`);
  return parseYamlDocuments(file.content) as Record<string, any>[];
}

const HARDENED_API_SERVER_ARGS = [
  { name: 'profiling', value: 'false' },
  { name: 'service-account-lookup', value: 'true' },
  { name: 'tls-min-version', value: 'VersionTLS12' },
  { name: 'tls-cipher-suites', value: STRONG_TLS_CIPHER_SUITES.join(',') },
];
const ADMISSION_ARGS = [
  { name: 'enable-admission-plugins', value: 'NodeRestriction,DenyServiceExternalIPs' },
  { name: 'admission-control-config-file', value: '/etc/kubernetes/clusterforge/security/admission.yaml' },
  { name: 'authentication-config', value: '/etc/kubernetes/clusterforge/security/authentication.yaml' },
];
const AUDIT_ARGS = [
  { name: 'audit-policy-file', value: '/etc/kubernetes/clusterforge/security/audit-policy.yaml' },
  { name: 'audit-log-path', value: '/var/log/kubernetes/audit/audit.log' },
  { name: 'audit-log-maxage', value: '30' },
  { name: 'audit-log-maxbackup', value: '10' },
  { name: 'audit-log-maxsize', value: '100' },
];
const AUDIT_VOLUME = { name: 'audit-log', hostPath: '/var/log/kubernetes/audit', mountPath: '/var/log/kubernetes/audit', readOnly: false, pathType: 'DirectoryOrCreate' };
const SECURITY_VOLUME = {
  name: 'clusterforge-security',
  hostPath: '/etc/kubernetes/clusterforge/security',
  mountPath: '/etc/kubernetes/clusterforge/security',
  readOnly: true,
  pathType: 'Directory',
};
const HARDENED_KUBELET = {
  authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } },
  authorization: { mode: 'Webhook' },
  readOnlyPort: 0,
  protectKernelDefaults: true,
  rotateCertificates: true,
  tlsMinVersion: 'VersionTLS12',
  tlsCipherSuites: [...STRONG_TLS_CIPHER_SUITES],
};

describe('kubeadm v1beta4 bootstrap files', () => {
  test('the first control-plane node gets Init, Cluster, Kubelet and KubeProxy configurations', () => {
    // WHEN
    const s = synth(defineHaStacked());
    const [init, clusterConfig, kubelet, proxy] = docs(s, 'kubeadm/cp-1.yaml');

    // THEN
    expect(init.kind).toBe('InitConfiguration');
    expect(init.localAPIEndpoint).toStrictEqual({ advertiseAddress: '10.0.10.11', bindPort: 6443 });
    expect(init.certificateKey).toBe('@@CLUSTERFORGE_CERTIFICATE_KEY@@');
    expect(init.bootstrapTokens[0].token).toBe('@@CLUSTERFORGE_BOOTSTRAP_TOKEN@@');
    expect(init.nodeRegistration).toStrictEqual({
      name: 'cp-1',
      criSocket: 'unix:///var/run/containerd/containerd.sock',
      kubeletExtraArgs: [{ name: 'node-ip', value: '10.0.10.11' }],
      taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }],
    });
    expect(clusterConfig).toStrictEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'ClusterConfiguration',
      apiServer: {
        certSANs: ['10.0.10.10', 'cp-1', '10.0.10.11', 'cp-2', '10.0.10.12', 'cp-3', '10.0.10.13'],
        extraArgs: [...HARDENED_API_SERVER_ARGS, ...ADMISSION_ARGS, ...AUDIT_ARGS],
        extraVolumes: [SECURITY_VOLUME, AUDIT_VOLUME],
      },
      caCertificateValidityPeriod: '87600h',
      certificateValidityPeriod: '8760h',
      clusterName: 'ha-stacked',
      controlPlaneEndpoint: '10.0.10.10:6443',
      controllerManager: {
        extraArgs: [
          { name: 'profiling', value: 'false' },
          { name: 'use-service-account-credentials', value: 'true' },
        ],
      },
      etcd: { local: { dataDir: '/var/lib/etcd', extraArgs: [{ name: 'quota-backend-bytes', value: '8589934592' }] } },
      kubernetesVersion: 'v1.35.7',
      networking: { dnsDomain: 'cluster.local', podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12' },
      scheduler: { extraArgs: [{ name: 'profiling', value: 'false' }] },
    });
    expect(kubelet).toStrictEqual({
      ...HARDENED_KUBELET,
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      cgroupDriver: 'systemd',
      evictionHard: { 'imagefs.available': '15%', 'memory.available': '100Mi', 'nodefs.available': '10%', 'nodefs.inodesFree': '5%' },
      evictionSoft: { 'memory.available': '500Mi' },
      evictionSoftGracePeriod: { 'memory.available': '1m30s' },
      kubeReserved: { cpu: '100m', memory: '256Mi' },
      maxPods: 110,
      systemReserved: { cpu: '100m', memory: '256Mi' },
    });
    expect(proxy).toStrictEqual({
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      clusterCIDR: '10.244.0.0/16',
      ipvs: { scheduler: 'rr' },
      mode: 'ipvs',
    });
  });

  test('other control-plane nodes join with the certificate key; workers with their labels and taints', () => {
    const s = synth(defineHaStacked());
    const [cp2] = docs(s, 'kubeadm/cp-2.yaml');
    expect(cp2.controlPlane).toStrictEqual({
      localAPIEndpoint: { advertiseAddress: '10.0.10.12', bindPort: 6443 },
      certificateKey: '@@CLUSTERFORGE_CERTIFICATE_KEY@@',
    });
    expect(cp2.discovery).toStrictEqual({
      bootstrapToken: {
        apiServerEndpoint: '10.0.10.10:6443',
        caCertHashes: ['@@CLUSTERFORGE_CA_CERT_HASH@@'],
        token: '@@CLUSTERFORGE_BOOTSTRAP_TOKEN@@',
      },
    });
    const [gpu] = docs(s, 'kubeadm/gpu-1.yaml');
    expect(gpu.controlPlane).toBeUndefined();
    expect(gpu.nodeRegistration).toStrictEqual({
      name: 'gpu-1',
      criSocket: 'unix:///var/run/containerd/containerd.sock',
      kubeletExtraArgs: [
        { name: 'node-ip', value: '10.0.10.31' },
        { name: 'node-labels', value: 'example.com/accelerator=nvidia' },
      ],
      taints: [{ effect: 'NoSchedule', key: 'nvidia.com/gpu', value: 'present' }],
    });
  });

  test('external etcd: endpoints over TLS and the client certificate of the API server', () => {
    const s = synth(defineHaExternalEtcd());
    const clusterConfig = docs(s, 'kubeadm/cp-1.yaml')[1];
    expect(clusterConfig.etcd).toStrictEqual({
      external: {
        caFile: '/etc/kubernetes/pki/etcd/ca.crt',
        certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
        endpoints: ['https://172.20.1.11:2379', 'https://172.20.1.12:2379', 'https://172.20.1.13:2379'],
        keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
      },
    });
    expect(clusterConfig.encryptionAlgorithm).toBe('ECDSA-P256');
    expect(clusterConfig.certificateValidityPeriod).toBe('4380h');
    expect(clusterConfig.controlPlaneEndpoint).toBe('api.ha-external-etcd.example.com:6443');
  });

  test('each external member gets a systemd unit with name, URLs, initial cluster, token, TLS and metrics', () => {
    const s = synth(defineHaExternalEtcd());
    const unit = s.bootstrapFiles.find((f) => f.path === 'etcd/etcd-etcd-2.service')!.content;
    const flags = unit.split('\n').filter((l) => l.startsWith('  --')).map((l) => l.trim().replace(/ \\$/, ''));
    expect(flags).toStrictEqual([
      '--name=etcd-2',
      '--data-dir=/var/lib/etcd',
      '--listen-client-urls=https://172.20.1.12:2379,https://127.0.0.1:2379',
      '--advertise-client-urls=https://172.20.1.12:2379',
      '--listen-peer-urls=https://172.20.1.12:2380',
      '--initial-advertise-peer-urls=https://172.20.1.12:2380',
      '--initial-cluster=etcd-1=https://172.20.1.11:2380,etcd-2=https://172.20.1.12:2380,etcd-3=https://172.20.1.13:2380',
      '--initial-cluster-token=ha-external-etcd-etcd',
      '--initial-cluster-state=new',
      '--client-cert-auth=true',
      '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
      '--key-file=/etc/kubernetes/pki/etcd/server.key',
      '--peer-client-cert-auth=true',
      '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
      '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
      '--listen-metrics-urls=http://172.20.1.12:2381',
      '--snapshot-count=10000',
      '--watch-progress-notify-interval=5s',
      '--feature-gates=InitialCorruptCheck=true',
    ]);
    expect(unit).toContain('ExecStart=/usr/local/bin/etcd \\');
  });

  test('kube-proxy disabled: kubeadm skips its add-on and no KubeProxyConfiguration is written', () => {
    const s = synth(newCluster({ kubeProxy: KubeProxy.disabled(), controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] } }));
    const all = docs(s, 'kubeadm/cp-1.yaml');
    expect(all.map((d) => d.kind)).toStrictEqual(['InitConfiguration', 'ClusterConfiguration', 'KubeletConfiguration']);
    expect(all[0].skipPhases).toStrictEqual(['addon/kube-proxy']);
    expect(all[1].proxy).toStrictEqual({ disabled: true });
  });

  test('a single node defaults its endpoint to its own address', () => {
    const s = synth(defineMinimal());
    expect(docs(s, 'kubeadm/cp-1.yaml')[1].controlPlaneEndpoint).toBe('192.168.56.10:6443');
    expect(s.bootstrapFiles.map((f) => f.path)).toStrictEqual([
      'PORTS.md',
      'README.md',
      'cloud-init/cp-1.yaml',
      'cloud-init/worker-1.yaml',
      'kubeadm-upgrade.yaml',
      'kubeadm/cp-1.yaml',
      'kubeadm/worker-1.yaml',
      'runtime/config.toml',
      'security-report.md',
      'security/admission.yaml',
      'security/audit-policy.yaml',
      'security/authentication.yaml',
      'upgrade-runbook.md',
    ]);
    expect(KUBELET_DEFAULTS.maxPods).toBe(110);
  });

  test('cloud-init writes the files, configures and restarts containerd, runs kubeadm, installing nothing', () => {
    const s = synth(newCluster({
      controlPlane: {
        nodes: [{ name: 'cp-1', address: '10.0.0.11' }, { name: 'cp-2', address: '10.0.0.12' }, { name: 'cp-3', address: '10.0.0.13' }],
        endpoint: { host: '10.0.0.10' },
        loadBalancer: EndpointLoadBalancer.kubeVip({ interface: 'ens3' }),
      },
      etcd: Etcd.stacked(),
    }));
    const file = s.bootstrapFiles.find((f) => f.path === 'cloud-init/cp-1.yaml')!;
    expect(file.content.startsWith('#cloud-config\n')).toBe(true);
    const [doc] = parseYamlDocuments(file.content) as any[];
    expect(doc.write_files.map((f: any) => [f.path, f.permissions])).toStrictEqual([
      ['/etc/modules-load.d/k8s.conf', '0644'],
      ['/etc/sysctl.d/k8s.conf', '0644'],
      ['/etc/sysctl.d/90-kubelet.conf', '0644'],
      ['/etc/containerd/config.toml', '0644'],
      ['/etc/kubernetes/clusterforge/kubeadm.yaml', '0600'],
      ['/etc/kubernetes/clusterforge/security/admission.yaml', '0600'],
      ['/etc/kubernetes/clusterforge/security/authentication.yaml', '0600'],
      ['/etc/kubernetes/clusterforge/security/audit-policy.yaml', '0600'],
      ['/etc/kubernetes/manifests/kube-vip.yaml', '0600'],
    ]);
    expect(doc.write_files[1].content).toContain('net.bridge.bridge-nf-call-iptables = 1');
    expect(doc.runcmd).toStrictEqual([
      'swapoff -a',
      "sed -i '/\\sswap\\s/ s/^#*/#/' /etc/fstab",
      'modprobe overlay',
      'modprobe br_netfilter',
      'sysctl --system',
      'systemctl enable containerd',
      'systemctl restart containerd',
      'systemctl enable kubelet',
      'kubeadm init --config /etc/kubernetes/clusterforge/kubeadm.yaml --upload-certs',
      "sed -i 's#path: /etc/kubernetes/super-admin.conf#path: /etc/kubernetes/admin.conf#' /etc/kubernetes/manifests/kube-vip.yaml",
    ]);
    expect(file.content).not.toMatch(/curl|apt-get|wget/);
    expect(file.sensitive).toBe(true);
  });
});
