import { manifests, synth } from '../support/synth';
import { loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { KP, monitoringCluster } from './fixtures';

const DEPLOY = { kind: 'Deployment', name: 'kube-state-metrics', namespace: 'monitoring' };
const FILES = ['deployment', 'clusterRole', 'clusterRoleBinding', 'serviceAccount', 'service'].map((f) => `${KP}/kubeStateMetrics-${f}.yaml`);

describe('kube-state-metrics upstream parity (kube-prometheus main-cd97c0f7, kube-state-metrics v2.19.1)', () => {
  test('the Deployment, its two kube-rbac-proxy sidecars and every RBAC grant match upstream exactly', () => {
    const ours = manifests(synth(monitoringCluster()));
    expect(upstreamDifferences({ upstream: FILES.flatMap(loadUpstream), ours, workloads: [{ upstream: DEPLOY, ours: DEPLOY }], serviceAccounts: { 'monitoring/kube-state-metrics': 'monitoring/kube-state-metrics' } })).toStrictEqual([]);
  });
});
