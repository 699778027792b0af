import { DENIED, deniedReason, entryExports, internalNames, sourceEntryPoints } from '../support/public-api';

// The entry points of package.json `exports` are the API: what they export is documented and
// kept stable. Internals are imported by their file inside the package, never from an entry point.
describe('public API', () => {
  const exported = entryExports();

  test('every entry point of package.json exports exists and exports something', () => {
    expect([...sourceEntryPoints().keys()].sort()).toStrictEqual(['.', './constructs', './pulumi']);
    for (const entry of sourceEntryPoints().keys()) expect(exported.filter((e) => e.entry === entry).length).toBeGreaterThan(0);
  });

  test('no entry point exports a declaration tagged @internal', () => {
    expect(exported.filter((e) => e.internal).map((e) => `${e.entry} ${e.name} (${e.file})`)).toStrictEqual([]);
  });

  test('no entry point exports a name of the deny-list', () => {
    expect(exported.filter((e) => deniedReason(e.name) !== undefined).map((e) => `${e.entry} ${e.name} (${e.file}): ${deniedReason(e.name)}`)).toStrictEqual([]);
  });

  test('lib/versions contributes types only: the pins stay inside the package', () => {
    const versions = exported.filter((e) => e.file.startsWith('lib/versions/'));
    expect(versions.filter((e) => e.value).map((e) => e.name)).toStrictEqual([]);
    expect(versions.map((e) => e.name)).toContain('PinnedImage');
  });

  test('the constructs, factories, errors and synthesis functions a user needs are exported', () => {
    const names = (entry: string) => new Set(exported.filter((e) => e.entry === entry).map((e) => e.name));
    const root = names('.');
    for (const n of ['Cluster', 'Namespace', 'Tenant', 'Waiver', 'WaivableCheck', 'ClusterValidationError', 'synthesizeToDirectory', 'synthesizeCluster', 'KubernetesVersion', 'EndpointLoadBalancer', 'Subject', 'PinnedImage']) {
      expect([n, root.has(n)]).toStrictEqual([n, true]);
    }
    const constructs = names('./constructs');
    for (const n of ['ClusterNetwork', 'Cni', 'Provisioner', 'ClusterLogging', 'ClusterMonitoring', 'ClusterIngress', 'ClusterBackup', 'MetalLb']) {
      expect([n, constructs.has(n)]).toStrictEqual([n, true]);
    }
    expect(names('./pulumi').has('ClusterStack')).toBe(true);
  });

  test('the deny-list and the @internal scan catch the internals the entry points used to export', () => {
    for (const n of ['cidrsOverlap', 'stageOf', 'CALICO_PINS', 'ETCD_IMAGE', 'CLUSTER_DEFAULTS', 'FLANNEL_COMPONENT', 'resolveHardening', 'isDns1123Label', 'renderBootstrapFiles', 'renderGatesFile']) {
      expect([n, deniedReason(n) !== undefined]).toStrictEqual([n, true]);
    }
    expect(deniedReason('renderClusterFiles')).toBeUndefined();
    expect(DENIED.every((d) => d.why.length > 0)).toBe(true);
    const internal = internalNames();
    for (const n of ['FluentBitDaemonSet', 'MetalLbController', 'TraefikController', 'objectIdentity', 'imageRef']) expect([n, internal.has(n)]).toStrictEqual([n, true]);
  });
});
