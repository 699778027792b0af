import { ClusterLogging, LOGGING, LogCollector } from '../../constructs/logging';
import { UpstreamDeviation } from '../../lib';
import { manifests, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { loggingCluster } from './fixtures';

const UPSTREAM = 'fluent-bit/chart-0.58.1/rendered-es.yaml';
const DS = { kind: 'DaemonSet', name: 'fluent-bit', namespace: 'logging' };
const SA = { 'logging/fluent-bit': 'logging/fluent-bit' };

function parity(cluster = loggingCluster()): { upstream: ReturnType<typeof loadUpstream>; ours: ReturnType<typeof manifests>; logging: ClusterLogging } {
  const ours = manifests(synth(cluster));
  return { upstream: loadUpstream(UPSTREAM), ours, logging: cluster.addOn(LOGGING)! };
}

describe('Fluent Bit upstream parity (fluent/helm-charts fluent-bit-0.58.1, Elasticsearch output)', () => {
  test('the collector matches the chart, but for the declared deviations', () => {
    // GIVEN the default collector writing to the in-cluster Elasticsearch
    const { upstream, ours, logging } = parity();

    // THEN
    expectUpstreamParity({
      upstream,
      ours,
      workloads: [{ upstream: DS, ours: DS }],
      serviceAccounts: SA,
      deviations: UpstreamDeviation.of(logging.node.findChild('FluentBit')),
    });
  });

  test('forwarding to the aggregator drops the Elasticsearch credentials, as declared', () => {
    const { upstream, ours, logging } = parity(loggingCluster({ aggregator: {} }));
    expectUpstreamParity({
      upstream,
      ours,
      workloads: [{ upstream: DS, ours: DS }],
      serviceAccounts: SA,
      deviations: UpstreamDeviation.of(logging.node.findChild('FluentBit')),
    });
  });

  test('the RBAC grants are exactly upstream\'s: get, list, watch on pods and namespaces', () => {
    const { upstream, ours } = parity();
    expect(upstreamDifferences({ upstream, ours, serviceAccounts: SA })).toStrictEqual([]);
  });

  test('dropping one upstream grant or mount fails the parity test', () => {
    // GIVEN ours with the pods grant and the /etc/machine-id mount removed
    const { upstream, ours, logging } = parity(loggingCluster({ collector: LogCollector.fluentBit() }));
    const mutated = JSON.parse(JSON.stringify(ours));
    const role = mutated.find((o: any) => o.kind === 'ClusterRole' && o.metadata.name === 'fluent-bit');
    role.rules[0].resources = ['namespaces'];
    const ds = mutated.find((o: any) => o.kind === 'DaemonSet' && o.metadata.name === 'fluent-bit');
    ds.spec.template.spec.containers[0].volumeMounts = ds.spec.template.spec.containers[0].volumeMounts.filter((m: any) => m.mountPath !== '/etc/machine-id');

    // THEN
    const run = (): void =>
      expectUpstreamParity({
        upstream,
        ours: mutated,
        workloads: [{ upstream: DS, ours: DS }],
        serviceAccounts: SA,
        deviations: UpstreamDeviation.of(logging.node.findChild('FluentBit')),
      });
    expect(run).toThrow('undeclared: rbac logging/fluent-bit cluster core/pods get');
    expect(run).toThrow('undeclared: DaemonSet/logging/fluent-bit container fluent-bit mount /etc/machine-id');
  });
});
