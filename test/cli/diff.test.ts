import * as fs from 'fs';
import * as path from 'path';
import { clusterforge, definitionOf, userProject } from '../support/cli';

// `clusterforge diff`: a fresh synthesis against the committed output, object by object.
describe('clusterforge diff', () => {
  test('nothing differs right after synth: exit 0', () => {
    const dir = userProject({ 'cluster.ts': definitionOf('demo') });
    expect(clusterforge(['synth', 'cluster.ts'], dir).status).toBe(0);
    const r = clusterforge(['diff', 'cluster.ts'], dir);
    expect([r.status, r.stdout]).toStrictEqual([0, 'dist/demo:\ndemo: 0 added, 0 removed, 0 changed objects; 0 other files differ\n']);
  });

  test('added, removed and changed objects with their field paths; exit 1', () => {
    // GIVEN committed output, then a definition that renames one namespace and labels the other
    const dir = userProject({ 'cluster.ts': definitionOf('demo', '{}', "  new Namespace(cluster, 'web');") });
    expect(clusterforge(['synth', 'cluster.ts'], dir).status).toBe(0);
    fs.writeFileSync(
      path.join(dir, 'cluster.ts'),
      definitionOf('demo', '{}', "  new Namespace(cluster, 'api', { labels: { team: 'a' } });").replace("new Namespace(cluster, 'apps');", "new Namespace(cluster, 'apps', { labels: { team: 'b' } });"),
    );

    // WHEN diffing
    const r = clusterforge(['diff', 'cluster.ts'], dir);

    // THEN every change is listed
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')).toStrictEqual([
      'dist/demo:',
      '+ v1 Namespace api (manifests/010-namespaces.yaml)',
      '~ v1 Namespace apps (manifests/010-namespaces.yaml)',
      '    + metadata.labels.team: "b"',
      '- v1 Namespace web (manifests/010-namespaces.yaml)',
      'demo: 1 added, 1 removed, 1 changed objects; 0 other files differ',
      '',
    ]);
  });

  test('no previous output is a usage error', () => {
    const dir = userProject({ 'cluster.ts': definitionOf('demo') });
    const r = clusterforge(['diff', 'cluster.ts'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("there is no previous output of cluster 'demo' to diff against");
  });
});
