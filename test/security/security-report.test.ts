import { ClusterSynthesis, ControlPlaneSecurityProps, EncryptionProvider } from '../../lib';
import { newCluster, synth } from '../support/synth';

const node = { name: 'cp-1', address: '10.0.0.11' };

function report(security?: ControlPlaneSecurityProps): string {
  const s: ClusterSynthesis = synth(newCluster({ controlPlane: { nodes: [node], security } }));
  return s.bootstrapFiles.find((f) => f.path === 'security-report.md')!.content;
}

function row(text: string, item: string): string {
  const line = text.split('\n').find((l) => l.startsWith(`| ${item} |`));
  if (!line) throw new Error(`no row ${item} in\n${text}`);
  return line;
}

describe('bootstrap/security-report.md', () => {
  test('lists each item of the defaults as on with its setting, encryption off until configured', () => {
    const text = report();
    expect(text.startsWith('# Security report: test\n')).toBe(true);
    expect(row(text, 'Profiling off on kube-apiserver, kube-controller-manager and kube-scheduler')).toBe(
      '| Profiling off on kube-apiserver, kube-controller-manager and kube-scheduler | on | --profiling=false |',
    );
    expect(row(text, 'Kubelet read-only port closed')).toBe('| Kubelet read-only port closed | on | KubeletConfiguration readOnlyPort: 0 |');
    expect(row(text, 'Cluster-wide Pod Security default (baseline or stricter)')).toContain('enforce baseline, audit restricted, warn restricted (v1.35); exempt namespaces: kube-system');
    expect(row(text, 'Audit log with policy and rotation')).toContain('| on | --audit-policy-file');
    expect(row(text, 'Secrets encrypted at rest')).toBe('| Secrets encrypted at rest | **off** — `security.encryptionAtRest` not set | Secrets stored as written |');
    expect(row(text, 'Tenants cannot remove or weaken their baseline NetworkPolicies, quotas and limit ranges')).toBe(
      '| Tenants cannot remove or weaken their baseline NetworkPolicies, quotas and limit ranges | not applicable — no tenants | no tenant namespaces |',
    );
  });

  test('names the option behind each loosened item', () => {
    const text = report({
      hardening: { profiling: true, kubeletReadOnlyPort: 10255 },
      audit: { enabled: false },
      authentication: { anonymousEverywhere: true },
      encryptionAtRest: { provider: EncryptionProvider.aescbc() },
    });
    expect(row(text, 'Profiling off on kube-apiserver, kube-controller-manager and kube-scheduler')).toBe(
      '| Profiling off on kube-apiserver, kube-controller-manager and kube-scheduler | **off** — `security.hardening.profiling` | --profiling=true |',
    );
    expect(row(text, 'Kubelet read-only port closed')).toContain('**off** — `security.hardening.kubeletReadOnlyPort`');
    expect(row(text, 'Audit log with policy and rotation')).toContain('**off** — `security.audit.enabled`');
    expect(row(text, 'Anonymous API requests limited to health checks and kubeadm discovery')).toContain('**off** — `security.authentication.anonymousEverywhere`');
    expect(row(text, 'Secrets encrypted at rest')).toContain('| on | --encryption-provider-config (security/encryption.yaml): aescbc for secrets |');
    expect(text).not.toContain('@@');
  });
});

describe('the platform example', () => {
  test('uses encryption at rest, audit, OIDC and a restricted cluster Pod Security default, with no key material in its output', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { definePlatform } = require('../../examples/platform');
    const s: ClusterSynthesis = synth(definePlatform());
    const text = s.bootstrapFiles.find((f) => f.path === 'security-report.md')!.content;
    expect(row(text, 'Secrets encrypted at rest')).toContain('| on | --encryption-provider-config (security/encryption.yaml): aescbc for secrets |');
    expect(row(text, 'Audit log with policy and rotation')).toContain('maxage 90');
    expect(row(text, 'OIDC users')).toBe('| OIDC users | on | issuer https://login.example.com, client kubernetes |');
    expect(row(text, 'Cluster-wide Pod Security default (baseline or stricter)')).toContain('enforce restricted');
    expect(row(text, 'Tenants cannot remove or weaken their baseline NetworkPolicies, quotas and limit ranges')).toBe(
      '| Tenants cannot remove or weaken their baseline NetworkPolicies, quotas and limit ranges | on | ' +
        'grants bind clusterforge:tenant-admin / clusterforge:tenant-edit (Kubernetes admin / edit without NetworkPolicy writes); ' +
        'ValidatingAdmissionPolicy clusterforge-baseline-network-policies refuses changes to policies labelled clusterforge.io/baseline; ' +
        'tenants adding policies of their own: data (tenant-admins) |',
    );
    expect(s.bootstrapFiles.find((f) => f.path === 'security/encryption.yaml')!.content).toContain('@@CLUSTERFORGE_ENCRYPTION_KEY_BASE64@@');
    expect(s.warnings.filter((w) => w.rule === 'security/loosened')).toStrictEqual([]);
  });
});
