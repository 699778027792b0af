import { ClusterSynthesis, formatProblem, HardeningProps, TlsVersion } from '../../lib';
import { KUBELET_KERNEL_TUNABLES, STRONG_TLS_CIPHER_SUITES } from '../../lib/security/hardening';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';

const node = { name: 'cp-1', address: '10.0.0.11' };

function synthWith(hardening?: HardeningProps): ClusterSynthesis {
  return synth(newCluster({ controlPlane: { nodes: [node], security: hardening ? { hardening } : undefined } }));
}

function kubeadmDocs(s: ClusterSynthesis): Record<string, any> {
  const [, clusterConfig, kubelet] = parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === 'kubeadm/cp-1.yaml')!.content) as any[];
  return { clusterConfig, kubelet };
}

function flag(component: any, name: string): string | undefined {
  return (component.extraArgs ?? []).find((a: any) => a.name === name)?.value;
}

describe('component hardening defaults', () => {
  const { clusterConfig, kubelet } = kubeadmDocs(synthWith());

  test('profiling is off on kube-apiserver, kube-controller-manager and kube-scheduler', () => {
    expect([flag(clusterConfig.apiServer, 'profiling'), flag(clusterConfig.controllerManager, 'profiling'), flag(clusterConfig.scheduler, 'profiling')]).toStrictEqual(['false', 'false', 'false']);
  });
  test('kubelet anonymous authentication is off, webhook authentication and authorization on', () => {
    expect(kubelet.authentication.anonymous).toStrictEqual({ enabled: false });
    expect(kubelet.authentication.webhook).toStrictEqual({ enabled: true });
    expect(kubelet.authorization).toStrictEqual({ mode: 'Webhook' });
  });
  test('the kubelet read-only port is closed', () => {
    expect(kubelet.readOnlyPort).toBe(0);
  });
  test('the kubelet protects kernel defaults, and cloud-init sets the tunables it checks before kubeadm runs', () => {
    expect(kubelet.protectKernelDefaults).toBe(true);
    const [cloudInit] = parseYamlDocuments(synthWith().bootstrapFiles.find((f) => f.path === 'cloud-init/cp-1.yaml')!.content) as any[];
    const conf = cloudInit.write_files.find((f: any) => f.path === '/etc/sysctl.d/90-kubelet.conf');
    expect(conf.content).toBe(
      'vm.overcommit_memory = 1\nvm.panic_on_oom = 0\nkernel.panic = 10\nkernel.panic_on_oops = 1\nkernel.keys.root_maxkeys = 1000000\nkernel.keys.root_maxbytes = 25000000\n',
    );
    expect(Object.keys(KUBELET_KERNEL_TUNABLES)).toHaveLength(6);
    expect(cloudInit.runcmd.indexOf('sysctl --system')).toBeLessThan(cloudInit.runcmd.findIndex((c: string) => c.startsWith('kubeadm')));
  });
  test('kubelet client certificates rotate; serving certificates stay self-signed (no CSR approver)', () => {
    expect(kubelet.rotateCertificates).toBe(true);
    expect(kubelet.serverTLSBootstrap).toBeUndefined();
  });
  test('TLS 1.2 minimum and strong cipher suites on kube-apiserver and the kubelet', () => {
    expect(flag(clusterConfig.apiServer, 'tls-min-version')).toBe('VersionTLS12');
    expect(flag(clusterConfig.apiServer, 'tls-cipher-suites')).toBe(STRONG_TLS_CIPHER_SUITES.join(','));
    expect(kubelet.tlsMinVersion).toBe('VersionTLS12');
    expect(kubelet.tlsCipherSuites).toStrictEqual([...STRONG_TLS_CIPHER_SUITES]);
  });
  test('service-account tokens are looked up', () => {
    expect(flag(clusterConfig.apiServer, 'service-account-lookup')).toBe('true');
  });
  test('controllers use their own service accounts', () => {
    expect(flag(clusterConfig.controllerManager, 'use-service-account-credentials')).toBe('true');
  });
  test('the hardened defaults raise no warning', () => {
    expect(synthWith().warnings.filter((w) => w.rule === 'security/loosened')).toStrictEqual([]);
  });
});

describe('each loosening is written and warned about', () => {
  test.each<[HardeningProps, string]>([
    [{ profiling: true }, 'profiling'],
    [{ kubeletAnonymousAuth: true }, 'kubeletAnonymousAuth'],
    [{ kubeletReadOnlyPort: 10255 }, 'kubeletReadOnlyPort'],
    [{ protectKernelDefaults: false }, 'protectKernelDefaults'],
    [{ tlsCipherSuites: [] }, 'tlsCipherSuites'],
    [{ serviceAccountLookup: false }, 'serviceAccountLookup'],
    [{ useServiceAccountCredentials: false }, 'useServiceAccountCredentials'],
  ])('%j warns about security.hardening.%s', (hardening, option) => {
    // WHEN
    const s = synthWith(hardening);

    // THEN exactly that item is warned about, naming the option
    expect(s.warnings.filter((w) => w.rule === 'security/loosened').map((w) => w.field)).toStrictEqual([`security.hardening.${option}`]);
  });

  test('the loosened values reach the components', () => {
    const s = synthWith({ profiling: true, kubeletAnonymousAuth: true, kubeletReadOnlyPort: 10255, protectKernelDefaults: false, tlsCipherSuites: [], tlsMinVersion: TlsVersion.TLS_1_3 });
    const { clusterConfig, kubelet } = kubeadmDocs(s);
    expect(flag(clusterConfig.scheduler, 'profiling')).toBe('true');
    expect(flag(clusterConfig.apiServer, 'tls-cipher-suites')).toBeUndefined();
    expect(flag(clusterConfig.apiServer, 'tls-min-version')).toBe('VersionTLS13');
    expect([kubelet.authentication.anonymous.enabled, kubelet.readOnlyPort, kubelet.protectKernelDefaults, kubelet.tlsCipherSuites]).toStrictEqual([true, 10255, false, undefined]);
    expect(s.bootstrapFiles.find((f) => f.path === 'cloud-init/cp-1.yaml')!.content).not.toContain('90-kubelet.conf');
    expect(formatProblem(s.warnings.find((w) => w.field === 'security.hardening.kubeletReadOnlyPort')!)).toBe(
      '[warning] test/ControlPlane (security.hardening.kubeletReadOnlyPort): hardening turned off: kubelet read-only port closed is not in force; the read-only port serves pod specs and metrics without authentication (received 10255; expected the hardened default (leave the option unset)) [security/loosened]',
    );
  });
});
