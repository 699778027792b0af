import { parse } from 'yaml';
import { Cluster, KubeObject, UpstreamDeviation } from '../../lib';
import { addStorageClass } from '../../lib/storage-class';
import { LOCAL_PATH_PROVISIONER, Provisioner } from '../../constructs/storage';
import { manifests, newCluster, synth } from '../support/synth';
import { configKeyDifferences, expectUpstreamParity, loadUpstream, upstreamDifferences } from '../support/upstream-parity';

type Json = Record<string, any>;

// upstream: rancher/local-path-provisioner@v0.0.36:deploy/local-path-storage.yaml
const UPSTREAM = 'local-path-provisioner/v0.0.36/local-path-storage.yaml';
const DEPLOYMENT = { kind: 'Deployment', name: 'local-path-provisioner', namespace: 'local-path-storage' };
const SA = 'local-path-storage/local-path-provisioner-service-account';

function rendered() {
  const cluster = newCluster();
  addStorageClass(cluster, 'local-path', { provisioner: Provisioner.localPath(), default: true });
  return { cluster, ours: manifests(synth(cluster)) as Json[] };
}

function options(ours: Json[]) {
  return {
    upstream: loadUpstream(UPSTREAM),
    ours: ours as KubeObject[],
    workloads: [{ upstream: DEPLOYMENT, ours: DEPLOYMENT }],
    serviceAccounts: { [SA]: SA },
  };
}

function find(objects: readonly Json[], kind: string, name: string): Json {
  return objects.find((o) => o.kind === kind && o.metadata.name === name)!;
}

/** The ConfigMap's files parsed, with list items keyed by name so that their keys compare. */
function configFiles(configMap: Json): Json {
  const byName = (v: unknown): unknown =>
    Array.isArray(v)
      ? Object.fromEntries(v.map((x, i) => [(x as Json)?.name ?? (x as Json)?.node ?? String(i), byName(x)]))
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, byName(x)]))
        : v;
  const data = configMap.data as Record<string, string>;
  return {
    'config.json': byName(JSON.parse(data['config.json'])),
    'helperPod.yaml': byName(parse(data['helperPod.yaml'])),
    setup: data.setup,
    teardown: data.teardown,
  };
}

const deviations = (cluster: Cluster) => UpstreamDeviation.of(cluster.addOn(LOCAL_PATH_PROVISIONER)!);
const isConfigItem = (item: string) => item.startsWith('local-path-config ');

describe('local-path-provisioner v0.0.36 upstream parity', () => {
  test('the provisioner and its RBAC match upstream but for the declared deviations', () => {
    // GIVEN
    const { cluster, ours } = rendered();

    // THEN
    expectUpstreamParity({ ...options(ours), deviations: deviations(cluster).filter((d) => !isConfigItem(d.item)) });
  });

  test('local-path-config carries the same files and keys, the scripts verbatim, and differs only as declared', () => {
    // GIVEN
    const { cluster, ours: objects } = rendered();
    const upstream = configFiles(find(loadUpstream(UPSTREAM), 'ConfigMap', 'local-path-config'));
    const ours = configFiles(find(objects, 'ConfigMap', 'local-path-config'));

    // WHEN
    const image = (files: Json) => files['helperPod.yaml'].spec.containers['helper-pod'].image;
    const differences = [
      ...configKeyDifferences('local-path-config', upstream, ours).map((d) => d.item),
      ...(image(upstream) === image(ours) ? [] : ['local-path-config helperPod.yaml image']),
    ];

    // THEN
    expect(differences.sort()).toStrictEqual(deviations(cluster).map((d) => d.item).filter(isConfigItem).sort());
    expect([ours.setup, ours.teardown]).toStrictEqual([upstream.setup, upstream.teardown]);
    expect(ours['config.json']).toStrictEqual(upstream['config.json']);
  });

  test('a class of Provisioner.localPath() is upstream\'s local-path StorageClass', () => {
    // GIVEN
    const upstream = find(loadUpstream(UPSTREAM), 'StorageClass', 'local-path');
    const ours = find(rendered().ours, 'StorageClass', 'local-path');

    // THEN
    const fields = (sc: Json) => [sc.provisioner, sc.volumeBindingMode, sc.reclaimPolicy];
    expect(fields(ours)).toStrictEqual(fields(upstream));
  });

  test('the test fails when one upstream grant or mount is dropped', () => {
    // GIVEN ours without `delete` on persistentvolumes and without the config mount
    const { ours } = rendered();
    const role = find(ours, 'ClusterRole', 'local-path-provisioner-role');
    const pvs = role.rules.find((r: Json) => r.resources.includes('persistentvolumes'));
    pvs.verbs = pvs.verbs.filter((v: string) => v !== 'delete');
    find(ours, 'Deployment', 'local-path-provisioner').spec.template.spec.containers[0].volumeMounts = [];

    // THEN
    const items = upstreamDifferences(options(ours)).map((d) => d.item);
    expect(items).toContain(`rbac ${SA} cluster core/persistentvolumes delete`);
    expect(items).toContain('Deployment/local-path-storage/local-path-provisioner container local-path-provisioner mount /etc/config/');
  });
});
