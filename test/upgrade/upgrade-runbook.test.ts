import { defineHaExternalEtcd } from '../../examples/ha-external-etcd';
import { definePlatform } from '../../examples/platform';
import { synth } from '../support/synth';
import { clusterAt } from './fixtures';
import { EXTERNAL } from '../backup/fixtures';
import { Cni } from '../../constructs/networking';

const runbook = (s: ReturnType<typeof synth>) => s.bootstrapFiles.find((f) => f.path === 'upgrade-runbook.md')!.content;
const numbered = (md: string) => md.split('\n').filter((l) => /^\d+\. /.test(l));

describe('bootstrap/upgrade-runbook.md', () => {
  test('the platform example: backup by its CronJob, the three control-plane nodes in order, objects, then the six workers', () => {
    const md = runbook(synth(definePlatform()));
    expect(md.split('\n')[0]).toBe('# Upgrading platform from v1.34.x to v1.35.7');
    const steps = numbered(md).map((l) => l.replace(/ — .*$/, ''));
    expect(steps.slice(0, 14)).toStrictEqual([
      "1. **workstation**: etcd snapshot by the backup add-on's CronJob etcd-backup/etcd-snapshot",
      '2. **cp-1**: kubeadm upgrade apply on cp-1, the first control-plane node',
      '3. **workstation**: drain cp-1',
      '4. **cp-1**: kubelet and kubectl on cp-1',
      '5. **workstation**: uncordon cp-1',
      '6. **cp-2**: kubeadm upgrade node on cp-2',
      '7. **workstation**: drain cp-2',
      '8. **cp-2**: kubelet and kubectl on cp-2',
      '9. **workstation**: uncordon cp-2',
      '10. **cp-3**: kubeadm upgrade node on cp-3',
      '11. **workstation**: drain cp-3',
      '12. **cp-3**: kubelet and kubectl on cp-3',
      '13. **workstation**: uncordon cp-3',
      '14. **workstation**: the pinned upstream CRDs',
    ]);
    expect(steps.filter((l) => l.includes('drain general-')).length).toBe(6);
    expect(md).toContain("apt-get install -y kubeadm='1.35.7-1.1'");
  });

  test('external etcd snapshots from its first member’s endpoint', () => {
    const md = runbook(synth(clusterAt('v1.35.7', { props: { etcd: EXTERNAL.etcd } })));
    expect(md).toContain('etcdctl --endpoints=https://10.0.1.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/apiserver-etcd-client.crt');
    expect(md).toContain('External etcd is not touched by kubeadm');
  });

  test('the ha-external-etcd example runs Cilium v1.18.9, which upstream tests up to 1.33 only: its runbook is refused', () => {
    const md = runbook(synth(defineHaExternalEtcd()));
    expect(md).toContain('upgrade add-on Cilium first: its pinned release v1.18.9 supports Kubernetes 1.30–1.33');
  });

  test('a refused upgrade is written as refused, with every reason, and no commands', () => {
    const md = runbook(synth(clusterAt('v1.34.2', { cni: Cni.cilium() })));
    expect(md).toContain('## Refused');
    expect(md).toContain('[upgrade/add-on-support]');
    expect(md).not.toContain('```sh');
  });
});
