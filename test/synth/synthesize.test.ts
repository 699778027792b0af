import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AddOnKey, Cluster, renderClusterFiles, synthesizeToDirectory } from '../../lib';
import { objectIdentity } from '../../lib/synth/kube-object';
import * as ordering from '../../lib/synth/ordering';
import { defineMinimal } from '../../examples/minimal';
import { newCluster, synth } from '../support/synth';
import { TestAddOn } from '../support/test-add-on';

function platformLike(): Cluster {
  const cluster = newCluster({}, 'layout');
  const cni = new AddOnKey('cni');
  const monitoring = new AddOnKey('monitoring');
  // Declared in reverse dependency order on purpose: file order must follow the graph.
  new TestAddOn(cluster, 'Logging', { key: new AddOnKey('logging'), dependencies: [monitoring, cni] });
  new TestAddOn(cluster, 'Monitoring', { key: monitoring, dependencies: [cni] });
  new TestAddOn(cluster, 'Networking', { key: cni });
  return cluster;
}

describe('synthesis pipeline', () => {
  test('files follow the stage model and the add-on dependency graph', () => {
    // WHEN
    const synthesis = synth(platformLike());

    // THEN namespaces come first, then one file per add-on in topological order
    expect(synthesis.manifestFiles.map((f) => f.fileName)).toStrictEqual([
      '010-namespaces.yaml',
      '100-networking.yaml',
      '101-monitoring.yaml',
      '102-logging.yaml',
    ]);
    expect(synthesis.groupOrder).toStrictEqual(['Networking', 'Monitoring', 'Logging']);
    expect(synthesis.manifestFiles[0].objects.map((o) => o.manifest.metadata.name)).toStrictEqual(['logging', 'monitoring', 'networking']);
    expect(synthesis.manifestFiles[1].objects.map((o) => o.manifest.kind)).toStrictEqual(['ServiceAccount', 'ConfigMap']);
  });

  test('every dependency edge points to an object applied earlier', () => {
    const synthesis = synth(platformLike());
    const position = new Map(synthesis.objects.map((o, i) => [objectIdentity(o.manifest), i]));
    for (const [id, deps] of synthesis.dependencies) {
      for (const dep of deps) expect(position.get(dep)!).toBeLessThan(position.get(id)!);
    }
    expect(synthesis.dependencies.get('v1|ConfigMap|monitoring|config')).toStrictEqual(['v1|Namespace||monitoring']);
  });

  test('dependencies are computed on first read only, once, for the objects in apply order', () => {
    // GIVEN a synthesis, watched for the dependency computation
    const computed = jest.spyOn(ordering, 'objectDependencies');
    try {
      const synthesis = synth(platformLike());
      renderClusterFiles(synthesis);
      // THEN writing the files did not need them
      expect(computed).not.toHaveBeenCalled();
      // WHEN they are read twice THEN they are computed once, from the objects in apply order
      const first = synthesis.dependencies;
      expect(synthesis.dependencies).toBe(first);
      expect(computed).toHaveBeenCalledTimes(1);
      expect(computed.mock.calls[0][0]).toBe(synthesis.objects);
      expect(first.get('v1|ConfigMap|monitoring|config')).toStrictEqual(['v1|Namespace||monitoring']);
    } finally {
      computed.mockRestore();
    }
  });

  test('synthesising twice gives byte-identical files', () => {
    // GIVEN two independent constructions of the same definition
    const first = renderClusterFiles(synth(platformLike()));
    const second = renderClusterFiles(synth(platformLike()));

    // THEN
    expect([...second.entries()]).toStrictEqual([...first.entries()]);
  });

  test('written output is byte-identical across runs and stale files disappear', () => {
    // GIVEN an output folder with a stale file from an older definition
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-synth-'));
    fs.mkdirSync(path.join(outdir, 'minimal', 'manifests'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'minimal', 'manifests', '999-stale.yaml'), 'stale');

    // WHEN synthesising twice
    synthesizeToDirectory(defineMinimal(), outdir);
    const read = () =>
      fs.readdirSync(path.join(outdir, 'minimal', 'manifests')).map((f) => [f, fs.readFileSync(path.join(outdir, 'minimal', 'manifests', f), 'utf8')]);
    const once = read();
    synthesizeToDirectory(defineMinimal(), outdir);

    // THEN the files are identical and the stale one is gone; no staging folders are left
    expect(read()).toStrictEqual(once);
    expect(once.map(([f]) => f)).not.toContain('999-stale.yaml');
    expect(fs.readdirSync(outdir)).toStrictEqual(['minimal']);
  });

  test('YAML has identity keys first and sorted keys after, independent of construction order', () => {
    const files = renderClusterFiles(synth(defineMinimal()));
    const text = files.get('manifests/010-namespaces.yaml')!;
    expect(text.startsWith('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels:\n')).toBe(true);
  });
});
