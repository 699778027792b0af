import { Etcd, KubernetesVersion } from '../../lib';
import { ControlPlaneComponent, OWNED_FLAGS, REMOVED_FLAGS } from '../../lib/control-plane/owned-flags';
import { newCluster, synth, synthErrors } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const node = { name: 'cp-1', address: '192.168.56.11' };

describe('extra args: flags the model owns, and flags the target release removed', () => {
  test('owned and removed flags of every component are reported at once, each naming what to use instead, and nothing is written', () => {
    // GIVEN extra args that override the model or that Kubernetes v1.34 no longer has
    const cluster = newCluster({
      kubernetesVersion: KubernetesVersion.of('v1.34.2'),
      controlPlane: {
        nodes: [node],
        apiServerExtraArgs: [
          { name: 'service-cluster-ip-range', value: '10.0.0.0/16' },
          { name: 'event-ttl', value: '2h' },
          { name: 'insecure-port', value: '0' },
          { name: 'enable-admission-plugins', value: 'AlwaysPullImages' },
        ],
        controllerManagerExtraArgs: [
          { name: 'pod-eviction-timeout', value: '1m' },
          { name: 'cluster-cidr', value: '10.0.0.0/8' },
        ],
        schedulerExtraArgs: [{ name: 'policy-config-file', value: '/etc/kubernetes/policy.json' }],
      },
      etcd: Etcd.stacked({ extraArgs: [{ name: 'data-dir', value: '/data/etcd' }] }),
    });

    // WHEN / THEN
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (apiServerExtraArgs[0]): kube-apiserver --service-cluster-ip-range is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition (received "--service-cluster-ip-range=10.0.0.0/16"; expected no --service-cluster-ip-range extra arg: set ClusterProps.networking.serviceSubnet instead) [control-plane/owned-flag]',
      '[error] test/ControlPlane (apiServerExtraArgs[2]): kube-apiserver --insecure-port was removed in Kubernetes v1.24; kube-apiserver v1.34 refuses to start with it (received "--insecure-port=0"; expected no --insecure-port flag) [control-plane/removed-flag]',
      '[error] test/ControlPlane (apiServerExtraArgs[3]): kube-apiserver --enable-admission-plugins is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition (received "--enable-admission-plugins=AlwaysPullImages"; expected no --enable-admission-plugins extra arg: set ControlPlaneProps.security.admission.plugins instead; NodeRestriction is always on) [control-plane/owned-flag]',
      '[error] test/ControlPlane (controllerManagerExtraArgs[0]): kube-controller-manager --pod-eviction-timeout was removed in Kubernetes v1.27; kube-controller-manager v1.34 refuses to start with it (received "--pod-eviction-timeout=1m"; expected tolerationSeconds on the not-ready and unreachable tolerations instead) [control-plane/removed-flag]',
      '[error] test/ControlPlane (controllerManagerExtraArgs[1]): kube-controller-manager --cluster-cidr is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition (received "--cluster-cidr=10.0.0.0/8"; expected no --cluster-cidr extra arg: set ClusterProps.networking.podSubnet instead) [control-plane/owned-flag]',
      '[error] test/ControlPlane (schedulerExtraArgs[0]): kube-scheduler --policy-config-file was removed in Kubernetes v1.23; kube-scheduler v1.34 refuses to start with it (received "--policy-config-file=/etc/kubernetes/policy.json"; expected a KubeSchedulerConfiguration profile instead) [control-plane/removed-flag]',
      '[error] test/ControlPlane (etcd.extraArgs[0]): etcd --data-dir is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition (received "--data-dir=/data/etcd"; expected no --data-dir extra arg: set Etcd.stacked({ dataDir }) instead) [control-plane/owned-flag]',
    ]);
  });

  test.each([
    'advertise-address',
    'authorization-mode',
    'etcd-servers',
    'service-account-issuer',
    'service-account-key-file',
    'service-account-signing-key-file',
    'encryption-provider-config',
  ])('kube-apiserver --%s is owned by the model', (flag) => {
    const errors = synthErrors(newCluster({ controlPlane: { nodes: [node], apiServerExtraArgs: [{ name: flag, value: 'x' }] } }));
    expect(errors.map((e) => [e.rule, e.path, e.field])).toStrictEqual([['control-plane/owned-flag', 'test/ControlPlane', 'apiServerExtraArgs[0]']]);
  });

  test('kube-controller-manager --address and --port, removed with the insecure serving flags in v1.24, are refused', () => {
    const errors = synthErrors(newCluster({ controlPlane: { nodes: [node], controllerManagerExtraArgs: [{ name: 'address', value: '0.0.0.0' }, { name: 'port', value: '0' }] } }));
    expect(errors.map((e) => [e.rule, e.field, e.expected])).toStrictEqual([
      ['control-plane/removed-flag', 'controllerManagerExtraArgs[0]', 'bind-address instead'],
      ['control-plane/removed-flag', 'controllerManagerExtraArgs[1]', 'secure-port instead'],
    ]);
  });

  test('unknown flags stay allowed', () => {
    const cluster = newCluster({
      controlPlane: {
        nodes: [node],
        apiServerExtraArgs: [
          { name: 'some-future-flag', value: 'on' },
        ],
      },
    });
    expect(() => synth(cluster)).not.toThrow();
  });

  test('the tables are typed data: every entry names a component, and no flag is both owned and removed', () => {
    const components = new Set(Object.values(ControlPlaneComponent));
    for (const f of [...OWNED_FLAGS, ...REMOVED_FLAGS]) expect(components.has(f.component)).toBe(true);
    const owned = new Set(OWNED_FLAGS.map((f) => `${f.component} ${f.flag}`));
    expect(REMOVED_FLAGS.filter((f) => owned.has(`${f.component} ${f.flag}`))).toStrictEqual([]);
    expect(owned.size).toBe(OWNED_FLAGS.length);
  });
});
