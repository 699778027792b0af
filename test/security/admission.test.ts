import { AdmissionPlugin, AdmissionProps, ClusterSynthesis, PodSecurityLevel } from '../../lib';
import { KNOWN_ADMISSION_PLUGINS } from '../../lib/security/admission';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';

const node = { name: 'cp-1', address: '10.0.0.11' };

function synthWith(admission?: AdmissionProps): ClusterSynthesis {
  return synth(newCluster({ controlPlane: { nodes: [node, { name: 'cp-2', address: '10.0.0.12' }, { name: 'cp-3', address: '10.0.0.13' }], endpoint: { host: 'api.example.com' }, security: { admission } } }));
}

function file(s: ClusterSynthesis, path: string): any {
  return parseYamlDocuments(s.bootstrapFiles.find((f) => f.path === path)!.content);
}

function apiServerArg(s: ClusterSynthesis, name: string): string | undefined {
  return file(s, 'kubeadm/cp-1.yaml')[1].apiServer.extraArgs.find((a: any) => a.name === name)?.value;
}

describe('admission', () => {
  test('by default NodeRestriction and DenyServiceExternalIPs are on and Pod Security enforces baseline cluster-wide, audits and warns restricted, kube-system exempt', () => {
    // WHEN
    const s = synthWith();

    // THEN
    expect(apiServerArg(s, 'enable-admission-plugins')).toBe('NodeRestriction,DenyServiceExternalIPs');
    expect(apiServerArg(s, 'admission-control-config-file')).toBe('/etc/kubernetes/clusterforge/security/admission.yaml');
    expect(file(s, 'security/admission.yaml')).toStrictEqual([
      {
        apiVersion: 'apiserver.config.k8s.io/v1',
        kind: 'AdmissionConfiguration',
        plugins: [
          {
            name: 'PodSecurity',
            configuration: {
              apiVersion: 'pod-security.admission.config.k8s.io/v1',
              kind: 'PodSecurityConfiguration',
              defaults: { enforce: 'baseline', 'enforce-version': 'v1.35', audit: 'restricted', 'audit-version': 'v1.35', warn: 'restricted', 'warn-version': 'v1.35' },
              exemptions: { namespaces: ['kube-system'] },
            },
          },
        ],
      },
    ]);
  });

  test('every control-plane node gets the file before kubeadm runs, and kube-apiserver mounts its directory read-only', () => {
    const s = synthWith();
    for (const n of ['cp-1', 'cp-2', 'cp-3']) {
      const [cloudInit] = file(s, `cloud-init/${n}.yaml`);
      const written = cloudInit.write_files.find((f: any) => f.path === '/etc/kubernetes/clusterforge/security/admission.yaml');
      expect(parseYamlDocuments(written.content)).toStrictEqual(file(s, 'security/admission.yaml'));
      expect(written.permissions).toBe('0600');
    }
    expect(file(s, 'kubeadm/cp-1.yaml')[1].apiServer.extraVolumes[0]).toStrictEqual({
      name: 'clusterforge-security',
      hostPath: '/etc/kubernetes/clusterforge/security',
      mountPath: '/etc/kubernetes/clusterforge/security',
      readOnly: true,
      pathType: 'Directory',
    });
  });

  test('allowing Service externalIPs drops DenyServiceExternalIPs, warns, and the security report says who turned it off', () => {
    // WHEN
    const s = synthWith({ allowServiceExternalIPs: true });

    // THEN
    expect(apiServerArg(s, 'enable-admission-plugins')).toBe('NodeRestriction');
    expect(s.warnings.filter((w) => w.field === 'security.admission.allowServiceExternalIPs').map((w) => [w.rule, w.message])).toStrictEqual([
      ['security/loosened', 'hardening turned off: anyone who may create a Service can set externalIPs and intercept traffic to those IPs cluster-wide (CVE-2020-8554)'],
    ]);
    const report = s.bootstrapFiles.find((f) => f.path === 'security-report.md')!.content;
    expect(report).toContain('| Service externalIPs refused (DenyServiceExternalIPs, CVE-2020-8554) | **off** — `security.admission.allowServiceExternalIPs` | DenyServiceExternalIPs not enabled |');
  });

  test('once external IPs are allowed, disabling DenyServiceExternalIPs through extra args undoes nothing and is accepted', () => {
    // WHEN
    const s = synth(
      newCluster({ controlPlane: { nodes: [node], security: { admission: { allowServiceExternalIPs: true } }, apiServerExtraArgs: [{ name: 'disable-admission-plugins', value: 'DenyServiceExternalIPs' }] } }),
    );

    // THEN
    expect(apiServerArg(s, 'disable-admission-plugins')).toBe('DenyServiceExternalIPs');
  });

  test('typed opt-ins join NodeRestriction; EventRateLimit gets its configuration', () => {
    // WHEN
    const s = synthWith({
      plugins: [AdmissionPlugin.ALWAYS_PULL_IMAGES, AdmissionPlugin.EVENT_RATE_LIMIT, AdmissionPlugin.DENY_SERVICE_EXTERNAL_IPS],
      podSecurity: { enforce: PodSecurityLevel.RESTRICTED, version: 'latest', exemptNamespaces: ['kube-system', 'metallb-system'], exemptRuntimeClasses: ['kata'] },
    });

    // THEN
    expect(apiServerArg(s, 'enable-admission-plugins')).toBe('NodeRestriction,DenyServiceExternalIPs,AlwaysPullImages,EventRateLimit');
    const [config] = file(s, 'security/admission.yaml');
    expect(config.plugins[0].configuration.defaults.enforce).toBe('restricted');
    expect(config.plugins[0].configuration.defaults['enforce-version']).toBe('latest');
    expect(config.plugins[0].configuration.exemptions).toStrictEqual({ namespaces: ['kube-system', 'metallb-system'], runtimeClasses: ['kata'] });
    expect(config.plugins[1]).toStrictEqual({
      name: 'EventRateLimit',
      configuration: {
        apiVersion: 'eventratelimit.admission.k8s.io/v1alpha1',
        kind: 'Configuration',
        limits: [
          { type: 'Server', qps: 50, burst: 100 },
          { type: 'Namespace', qps: 10, burst: 50, cacheSize: 2000 },
        ],
      },
    });
  });

  test('the known plugins are exactly those of kube-apiserver v1.35: PodTopologyLabels and NodeDeclaredFeatureValidator in, the v1.36 ones out', () => {
    expect([...KNOWN_ADMISSION_PLUGINS].sort()).toStrictEqual([...KNOWN_ADMISSION_PLUGINS]);
    expect(KNOWN_ADMISSION_PLUGINS).toHaveLength(37);
    expect(KNOWN_ADMISSION_PLUGINS).toEqual(expect.arrayContaining(['PodTopologyLabels', 'NodeDeclaredFeatureValidator', 'MutatingAdmissionPolicy']));
    for (const later of ['JobValidation', 'PodGroupWorkloadExists', 'PodGroupProtection', 'PodResizeValidator', 'PodSecurityPolicy', 'SecurityContextDeny', 'PersistentVolumeLabel']) {
      expect(KNOWN_ADMISSION_PLUGINS).not.toContain(later);
    }
    // Every typed opt-in is a real plugin.
    for (const p of Object.values(AdmissionPlugin)) expect(KNOWN_ADMISSION_PLUGINS).toContain(p);
  });
});
