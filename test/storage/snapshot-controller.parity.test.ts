import * as fs from 'fs';
import { Cluster, KubeObject, UpstreamDeviation } from '../../lib';
import { addStorageClass } from '../../lib/storage-class';
import { Provisioner, SNAPSHOT_CONTROLLER } from '../../constructs/storage';
import { manifests, parseYamlDocuments, synth } from '../support/synth';
import { expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { SNAPSHOT_CRD_FILES, storageCluster } from './fixtures';

type Json = Record<string, any>;

// upstream: kubernetes-csi/external-snapshotter@v8.6.0:deploy/kubernetes/snapshot-controller/ (its kustomization's resources)
const DIR = 'external-snapshotter/v8.6.0';
const SA = 'kube-system/snapshot-controller';
const DEPLOYMENT = { kind: 'Deployment', name: 'snapshot-controller', namespace: 'kube-system' };

function upstream(): KubeObject[] {
  const kustomization = loadUpstream(`${DIR}/kustomization.yaml`)[0] as Json;
  return (kustomization.resources as string[]).flatMap((f) => loadUpstream(`${DIR}/${f}`));
}

function rendered(): { cluster: Cluster; ours: Json[] } {
  const cluster = storageCluster();
  addStorageClass(cluster, 'shared', {
    provisioner: Provisioner.nfs({ server: 'nfs.internal', path: '/exports' }),
    default: true,
    snapshotClass: {},
  });
  return { cluster, ours: manifests(synth(cluster)) as Json[] };
}

function options(ours: Json[]) {
  return { upstream: upstream(), ours: ours as KubeObject[], serviceAccounts: { [SA]: SA }, workloads: [{ upstream: DEPLOYMENT, ours: DEPLOYMENT }] };
}

describe('snapshot-controller (external-snapshotter v8.6.0) upstream parity', () => {
  test('the controller and its RBAC match upstream but for the declared deviations', () => {
    // GIVEN
    const { cluster, ours } = rendered();

    // THEN
    expectUpstreamParity({ ...options(ours), deviations: UpstreamDeviation.of(cluster.addOn(SNAPSHOT_CONTROLLER)!) });
  });

  test('the Deployment keeps upstream\'s rollout: minReadySeconds past the CRD wait, no surge, selector', () => {
    // GIVEN
    const theirs = upstream().find((o) => o.kind === 'Deployment') as Json;
    const ours = rendered().ours.find((o) => o.kind === 'Deployment' && o.metadata.name === 'snapshot-controller')!;

    // THEN
    const rollout = (d: Json) => ({ replicas: d.spec.replicas, minReadySeconds: d.spec.minReadySeconds, strategy: d.spec.strategy, selector: d.spec.selector });
    expect(rollout(ours)).toStrictEqual(rollout(theirs));
  });

  test('the three CRDs are the pinned release\'s, byte for byte the reference files', () => {
    // GIVEN
    const ours = rendered().ours.filter((o) => o.kind === 'CustomResourceDefinition');

    // THEN
    const reference = SNAPSHOT_CRD_FILES.flatMap((f) => parseYamlDocuments(fs.readFileSync(f, 'utf8'))) as Json[];
    expect(ours.map((o) => o.metadata.name)).toStrictEqual(reference.map((o) => o.metadata.name));
    expect(ours).toStrictEqual(reference.map(({ status: _status, ...crd }) => crd));
  });

  test('the test fails when one upstream grant is dropped', () => {
    // GIVEN ours without `patch` on volumesnapshotcontents/status
    const { ours } = rendered();
    const role = ours.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'snapshot-controller-runner')!;
    role.rules = role.rules.filter((r: Json) => !r.resources.includes('volumesnapshotcontents/status'));

    // THEN
    expect(upstreamDifferences(options(ours)).map((d) => d.item)).toContain(
      `rbac ${SA} cluster snapshot.storage.k8s.io/volumesnapshotcontents/status patch`,
    );
  });
});
