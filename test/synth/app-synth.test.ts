import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { Cluster, ClusterValidationError, Subject, Verb, synthesizeToDirectory } from '../../lib';
import { EXAMPLES } from '../../examples';
import { main } from '../../bin/synth';
import { parseYamlDocuments } from '../support/synth';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The objects of `dist/<cluster>/manifests/`, in file (apply) order. */
function manifestObjects(outdir: string, clusterName: string): unknown[] {
  const dir = path.join(outdir, clusterName, 'manifests');
  return filesUnder(dir)
    .filter((f) => !f.includes(path.sep) && f !== 'kustomization.yaml')
    .flatMap((f) => parseYamlDocuments(fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** A cluster whose tenant gets a role and a grant after construction, as the README's reader would. */
function withLateGrants(scope: App): Cluster {
  const cluster = EXAMPLES['ha-stacked'](scope);
  const tenant = cluster.addTenant('payments', { admins: [Subject.group('payments-leads')] });
  tenant.addRole('deployer', { rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: [Verb.GET, Verb.LIST] }] });
  tenant.grantRole('deployer', Subject.group('ci'));
  cluster.grantClusterReader(Subject.group('auditors'));
  return cluster;
}

describe('cdk8s-native synthesis (app.synth())', () => {
  const definitions: Record<string, (scope: App) => Cluster> = { ...EXAMPLES, 'late grants': withLateGrants };

  test.each(Object.keys(definitions))('%s: app.synth() writes exactly the objects synthesizeToDirectory writes, in order', (name) => {
    // GIVEN the definition synthesised both ways, each in its own App
    const cdk8sOut = tempDir('cf-app-synth-');
    const app = new App({ outdir: cdk8sOut });
    const cluster = definitions[name](app);
    const dist = tempDir('cf-dist-');
    synthesizeToDirectory(definitions[name](new App()), dist);

    // WHEN
    app.synth();

    // THEN one file for the cluster, holding the very objects of manifests/
    const written = filesUnder(cdk8sOut);
    expect(written).toStrictEqual([`${cluster.node.id}.k8s.yaml`]);
    const objects = parseYamlDocuments(fs.readFileSync(path.join(cdk8sOut, written[0]), 'utf8'));
    expect(objects).toStrictEqual(manifestObjects(dist, cluster.clusterName));
    expect(parseYamlDocuments(app.synthYaml())).toStrictEqual(objects);
  });

  test('late roles and bindings are rendered: none is missing from app.synth()', () => {
    // GIVEN
    const app = new App({ outdir: tempDir('cf-app-synth-') });
    const cluster = withLateGrants(app);

    // WHEN
    const objects = cluster.toJson() as { kind: string; metadata: { name: string; namespace?: string } }[];

    // THEN
    const rbac = objects.filter((o) => /^(Cluster)?Role(Binding)?$/.test(o.kind)).map((o) => `${o.kind}:${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(rbac).toEqual(
      expect.arrayContaining([
        'Role:payments/deployer',
        'RoleBinding:payments/deployer',
        'ClusterRole:/clusterforge:cluster-reader',
        'ClusterRoleBinding:/clusterforge:auditors-view',
      ]),
    );
  });

  test('an invalid definition: app.synth() throws the ClusterValidationError synthesizeToDirectory throws, and writes nothing', () => {
    // GIVEN a definition the library refuses
    const outdir = tempDir('cf-app-synth-');
    const app = new App({ outdir });
    new Cluster(app, 'bad', { name: 'Bad_Name', networking: { podSubnet: '10.0.0.0/8', serviceSubnet: '10.96.0.0/12' } });
    let expected: unknown;
    try {
      synthesizeToDirectory(new Cluster(new App(), 'bad', { name: 'Bad_Name', networking: { podSubnet: '10.0.0.0/8', serviceSubnet: '10.96.0.0/12' } }), outdir);
    } catch (e) {
      expected = e;
    }

    // WHEN / THEN
    expect(expected).toBeInstanceOf(ClusterValidationError);
    expect(() => app.synth()).toThrow(ClusterValidationError);
    expect(() => app.synth()).toThrow((expected as Error).message);
    expect(filesUnder(outdir)).toStrictEqual([]);
  });
});

describe('the program of cdk8s.yaml, as `cdk8s synth` runs it', () => {
  test('writes only API objects to $CDK8S_OUTDIR and the bootstrap files to dist/<cluster>/bootstrap/', () => {
    // GIVEN the working directory the CLI runs the program in, and the output dir it passes
    const cwd = tempDir('cf-cdk8s-cli-');
    const cdk8sOut = path.join(cwd, 'cdk8s.out');
    const previous = process.cwd();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    // WHEN
    let code: number;
    try {
      process.chdir(cwd);
      code = main(['minimal', 'ha-stacked'], { CDK8S_OUTDIR: cdk8sOut });
    } finally {
      process.chdir(previous);
      log.mockRestore();
      warn.mockRestore();
    }

    // THEN the cdk8s output holds one file per cluster, every document an API object of manifests/
    expect(code).toBe(0);
    expect(filesUnder(cdk8sOut)).toStrictEqual(['ha-stacked.k8s.yaml', 'minimal.k8s.yaml']);
    for (const name of ['minimal', 'ha-stacked']) {
      const docs = parseYamlDocuments(fs.readFileSync(path.join(cdk8sOut, `${name}.k8s.yaml`), 'utf8'));
      expect(docs).toStrictEqual(manifestObjects(path.join(cwd, 'dist'), name));
    }
    expect(filesUnder(path.join(cwd, 'dist', 'ha-stacked'))).toEqual(expect.arrayContaining(['GATES.md', path.join('bootstrap', 'kubeadm', 'cp-1.yaml')]));
  });
});
