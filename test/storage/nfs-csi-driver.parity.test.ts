import { Cluster, KubeObject, UpstreamDeviation } from '../../lib';
import { addStorageClass } from '../../lib/storage-class';
import { NFS_CSI_DRIVER, Provisioner } from '../../constructs/storage';
import { manifests, newCluster, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';

type Json = Record<string, any>;

// upstream: kubernetes-csi/csi-driver-nfs@v4.13.4:deploy/v4.13.4/ (what install-driver.sh v4.13.4 applies)
const DIR = 'csi-driver-nfs/v4.13.4';
const FILES = ['rbac-csi-nfs.yaml', 'csi-nfs-driverinfo.yaml', 'csi-nfs-controller.yaml', 'csi-nfs-node.yaml'];
const NS = 'csi-nfs';
const CONTROLLER_SA = 'kube-system/csi-nfs-controller-sa';
const NODE_SA = 'kube-system/csi-nfs-node-sa';

function upstream(): KubeObject[] {
  return FILES.flatMap((f) => loadUpstream(`${DIR}/${f}`));
}

function rendered(): { cluster: Cluster; ours: Json[] } {
  const cluster = newCluster();
  addStorageClass(cluster, 'shared', { provisioner: Provisioner.nfs({ server: 'nfs.internal', path: '/exports' }), default: true });
  return { cluster, ours: manifests(synth(cluster)) as Json[] };
}

function options(ours: Json[]) {
  return {
    upstream: upstream(),
    ours: ours as KubeObject[],
    namespaces: { 'kube-system': NS },
    serviceAccounts: { [CONTROLLER_SA]: `${NS}/csi-nfs-controller-sa`, [NODE_SA]: `${NS}/csi-nfs-node-sa` },
    workloads: [
      { upstream: { kind: 'Deployment', name: 'csi-nfs-controller', namespace: 'kube-system' }, ours: { kind: 'Deployment', name: 'csi-nfs-controller', namespace: NS } },
      { upstream: { kind: 'DaemonSet', name: 'csi-nfs-node', namespace: 'kube-system' }, ours: { kind: 'DaemonSet', name: 'csi-nfs-node', namespace: NS } },
    ],
  };
}

function find(objects: readonly Json[], kind: string, name: string): Json {
  return objects.find((o) => o.kind === kind && o.metadata.name === name)!;
}

describe('csi-driver-nfs v4.13.4 upstream parity', () => {
  test('controller, node plugin and their RBAC match upstream but for the declared deviations', () => {
    // GIVEN
    const { cluster, ours } = rendered();

    // THEN
    expectUpstreamParity({ ...options(ours), deviations: UpstreamDeviation.of(cluster.addOn(NFS_CSI_DRIVER)!) });
  });

  test('the CSIDriver object is upstream\'s', () => {
    // GIVEN
    const ours = find(rendered().ours, 'CSIDriver', 'nfs.csi.k8s.io');
    const theirs = find(upstream(), 'CSIDriver', 'nfs.csi.k8s.io');

    // THEN
    expect(ours.spec).toStrictEqual(theirs.spec);
  });

  test('the test fails when one upstream grant, arg or probe is dropped', () => {
    // GIVEN ours without `get` on secrets, without the provisioner's --timeout and without the node plugin's liveness probe
    const { ours } = rendered();
    const role = find(ours, 'ClusterRole', 'nfs-external-provisioner-role');
    role.rules = role.rules.filter((r: Json) => !r.resources.includes('secrets'));
    const controller = find(ours, 'Deployment', 'csi-nfs-controller').spec.template.spec.containers;
    const provisioner = controller.find((c: Json) => c.name === 'csi-provisioner');
    provisioner.args = provisioner.args.filter((a: string) => !a.startsWith('--timeout'));
    delete find(ours, 'DaemonSet', 'csi-nfs-node').spec.template.spec.containers.find((c: Json) => c.name === 'nfs').livenessProbe;

    // THEN
    expect(upstreamDifferences(options(ours)).map((d) => d.item)).toStrictEqual(
      expect.arrayContaining([
        `rbac ${CONTROLLER_SA} cluster core/secrets get`,
        'Deployment/kube-system/csi-nfs-controller container csi-provisioner arg --timeout',
        'DaemonSet/kube-system/csi-nfs-node container nfs probe liveness',
      ]),
    );
  });
});
