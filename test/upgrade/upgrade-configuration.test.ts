import { Etcd, KubeProxy } from '../../lib';
import { upgradeConfiguration } from '../../lib/upgrade/upgrade-configuration';
import { parseYamlDocuments, synth } from '../support/synth';
import { validateConfigDocument } from '../support/schema-validator';
import { clusterAt } from './fixtures';

const file = (s: ReturnType<typeof synth>, path: string) => s.bootstrapFiles.find((f) => f.path === path)!.content;

describe('kubeadm UpgradeConfiguration', () => {
  test('bootstrap/kubeadm-upgrade.yaml: apply, node and plan sections for the cluster’s release, strictly valid v1beta4', () => {
    // WHEN
    const [doc] = parseYamlDocuments(file(synth(clusterAt('v1.35.7')), 'kubeadm-upgrade.yaml'));

    // THEN
    expect(doc).toStrictEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'UpgradeConfiguration',
      apply: { certificateRenewal: true, etcdUpgrade: true, imagePullPolicy: 'IfNotPresent', kubernetesVersion: 'v1.35.7' },
      node: { certificateRenewal: true, etcdUpgrade: true, imagePullPolicy: 'IfNotPresent' },
      plan: { etcdUpgrade: true, kubernetesVersion: 'v1.35.7' },
    });
    expect(validateConfigDocument(doc)).toStrictEqual([]);
  });

  test('external etcd: kubeadm does not upgrade it', () => {
    const cluster = clusterAt('v1.34.2', {
      props: {
        etcd: Etcd.external({
          members: [{ name: 'etcd-a', address: '10.0.2.1' }],
          caFile: '/etc/kubernetes/pki/etcd/ca.crt',
          certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
          keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
        }),
      },
    });
    const doc = upgradeConfiguration(cluster) as Record<string, Record<string, unknown>>;
    expect([doc.apply.etcdUpgrade, doc.node.etcdUpgrade, doc.plan.etcdUpgrade, doc.apply.kubernetesVersion]).toStrictEqual([false, false, false, 'v1.34.2']);
    expect(validateConfigDocument(doc)).toStrictEqual([]);
  });

  test('kube-proxy replaced by the CNI: the upgrade skips its add-on phase, as init did', () => {
    const cluster = clusterAt('v1.35.7', { props: { kubeProxy: KubeProxy.disabled() } });
    const doc = upgradeConfiguration(cluster) as Record<string, Record<string, unknown>>;
    expect([doc.apply.skipPhases, doc.node.skipPhases]).toStrictEqual([['addon/kube-proxy'], ['addon/kube-proxy']]);
    expect(validateConfigDocument(doc)).toStrictEqual([]);
  });

  test('the strict schema refuses a misspelt section (the check is not vacuous)', () => {
    expect(validateConfigDocument({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'UpgradeConfiguration', aply: {} }).length).toBeGreaterThan(0);
  });
});
