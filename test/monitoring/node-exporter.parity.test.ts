import { KubeObject } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { KP, monitoringCluster, objectNamed } from './fixtures';

const DS = { kind: 'DaemonSet', name: 'node-exporter', namespace: 'monitoring' };
const FILES = ['daemonset', 'clusterRole', 'clusterRoleBinding', 'serviceAccount', 'service'].map((f) => `${KP}/nodeExporter-${f}.yaml`);
const SA = { 'monitoring/node-exporter': 'monitoring/node-exporter' };

describe('node-exporter upstream parity (kube-prometheus main-cd97c0f7, node-exporter v1.12.1)', () => {
  let ours: KubeObject[];
  beforeAll(() => {
    ours = manifests(synth(monitoringCluster()));
  });

  test('the DaemonSet and its RBAC match upstream exactly', () => {
    expect(upstreamDifferences({ upstream: FILES.flatMap(loadUpstream), ours, workloads: [{ upstream: DS, ours: DS }], serviceAccounts: SA })).toStrictEqual([]);
  });

  test('host network, host PID and the read-only host mounts are upstream\'s', () => {
    const pod = objectNamed(ours, 'DaemonSet', 'node-exporter').spec.template.spec;
    expect({ hostNetwork: pod.hostNetwork, hostPID: pod.hostPID }).toStrictEqual({ hostNetwork: true, hostPID: true });
    expect(pod.containers[0].volumeMounts).toStrictEqual([
      { mountPath: '/host/sys', mountPropagation: 'HostToContainer', name: 'sys', readOnly: true },
      { mountPath: '/host/root', mountPropagation: 'HostToContainer', name: 'root', readOnly: true },
    ]);
    expect(pod.volumes).toStrictEqual([
      { name: 'sys', hostPath: { path: '/sys' } },
      { name: 'root', hostPath: { path: '/' } },
    ]);
  });

  test('dropping the host root mount or the host network fails the parity test', () => {
    const mutated = JSON.parse(JSON.stringify(ours));
    const pod = mutated.find((o: any) => o.kind === 'DaemonSet' && o.metadata.name === 'node-exporter').spec.template.spec;
    pod.hostNetwork = false;
    pod.containers[0].volumeMounts = pod.containers[0].volumeMounts.filter((m: any) => m.mountPath !== '/host/root');
    const run = (): void => expectUpstreamParity({ upstream: FILES.flatMap(loadUpstream), ours: mutated, workloads: [{ upstream: DS, ours: DS }], serviceAccounts: SA, deviations: [] });
    expect(run).toThrow('undeclared: DaemonSet/monitoring/node-exporter pod hostNetwork');
    expect(run).toThrow('undeclared: DaemonSet/monitoring/node-exporter container node-exporter mount /host/root');
  });
});
