import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterSynthesis, KubeObject, RenderOptions, renderClusterFiles } from '../../lib';
import { ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE } from '../../lib/synth/gitops';
import { objectIdentity } from '../../lib/synth/kube-object';
import { CRD_KUSTOMIZATION_PATH, ROOT_KUSTOMIZATION_PATH } from '../../lib/synth/render';
import { writeTreeAtomically } from '../../lib/synth/writer';
import { EXAMPLES } from '../../examples';
import { parseYamlDocuments, synth } from '../support/synth';
import { which } from '../support/programs';

// Builds the GitOps layout of every example with a real `kubectl kustomize` (Debian's
// kubernetes-client in CI), as `kubectl apply --server-side -k`, Argo CD and Flux do.

const kubectl = which('kubectl');
if (!kubectl && process.env.CI) throw new Error('kubectl must be installed in CI (.ci/run installs kubernetes-client)');
if (!kubectl) console.warn('SKIPPED kubectl kustomize tests: kubectl not installed (apt-get install kubernetes-client)');
const describeIfKubectl = kubectl ? describe : describe.skip;

/** Older kustomize (kubectl < 1.21) spells the flag differently; Flux folders need it either way. */
function loadRestrictorNone(): string[] {
  const help = execFileSync(kubectl!, ['kustomize', '--help'], { encoding: 'utf8' });
  return help.includes('--load-restrictor') ? ['--load-restrictor', 'LoadRestrictionsNone'] : ['--load_restrictor', 'none'];
}

function kustomize(dir: string, extra: string[] = []): KubeObject[] {
  const out = execFileSync(kubectl!, ['kustomize', ...extra, dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return parseYamlDocuments(out).filter((d) => d !== null) as KubeObject[];
}

const STAND_IN_GROUP = 'stand-in.clusterforge.test';

/**
 * Writes the output to a temporary folder. CI has no internet, so each pinned CRD URL is
 * replaced by a local stand-in CRD (the same way a user vendors them with CrdSource.file()).
 */
function writeOffline(synthesis: ClusterSynthesis, options: RenderOptions = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-kustomize-'));
  const files = renderClusterFiles(synthesis, options);
  const dir = path.join(root, synthesis.clusterName);
  writeTreeAtomically(dir, files);
  if (files.has(CRD_KUSTOMIZATION_PATH)) {
    const crdDir = path.join(dir, path.dirname(CRD_KUSTOMIZATION_PATH));
    const text = fs.readFileSync(path.join(dir, CRD_KUSTOMIZATION_PATH), 'utf8');
    const standIns = synthesis.crdUrls.map((url, i) => {
      const file = `url-${i}.yaml`;
      const plural = `standins${i}`;
      fs.writeFileSync(
        path.join(crdDir, file),
        `# stands in for ${url}\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${plural}.${STAND_IN_GROUP}\n`,
      );
      return { url, file };
    });
    let local = text;
    for (const s of standIns) local = local.replace(s.url, s.file);
    fs.writeFileSync(path.join(dir, CRD_KUSTOMIZATION_PATH), local);
  }
  return dir;
}

const isStandIn = (o: KubeObject) => o.metadata.name.endsWith(`.${STAND_IN_GROUP}`);

describeIfKubectl('kubectl kustomize on manifests/', () => {
  test.each(Object.keys(EXAMPLES))('%s: builds every object; the kustomization lists CRDs first, then every file in apply order', (name) => {
    // GIVEN the synthesised example
    const synthesis = synth(EXAMPLES[name]());
    const dir = writeOffline(synthesis);

    // WHEN kustomize builds the root folder
    const built = kustomize(path.join(dir, 'manifests'));

    // THEN it holds exactly the cluster's objects plus one stand-in per CRD URL
    const expected = synthesis.objects.map((o) => objectIdentity(o.manifest)).sort();
    expect(built.filter((o) => !isStandIn(o)).map(objectIdentity).sort()).toStrictEqual(expected);
    expect(built.filter(isStandIn)).toHaveLength(synthesis.crdUrls.length);
    // AND the root kustomization lists the URL folder first, then every file in apply order
    const root = parseYamlDocuments(fs.readFileSync(path.join(dir, ROOT_KUSTOMIZATION_PATH), 'utf8'))[0];
    expect(root).toStrictEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [...(synthesis.crdUrls.length > 0 ? ['000-crds'] : []), ...synthesis.manifestFiles.map((f) => f.fileName)],
    });
  });
});

describeIfKubectl('Argo CD sync waves', () => {
  test('every object carries the wave of its file; CRDs apply server-side; custom resources wait for their CRD', () => {
    // GIVEN platform (URL CRDs, custom resources) with sync waves
    const synthesis = synth(EXAMPLES.platform());
    const dir = writeOffline(synthesis, { gitOps: { argoCdSyncWaves: true } });

    // WHEN kustomize builds it
    const built = kustomize(path.join(dir, 'manifests'));

    // THEN waves follow the file order: URL CRDs 0, then each file's index
    const waveOf = new Map<string, string>();
    synthesis.manifestFiles.forEach((f, i) => {
      for (const o of f.objects) waveOf.set(objectIdentity(o.manifest), String(i + 1));
    });
    for (const o of built) {
      const annotations = o.metadata.annotations ?? {};
      expect([objectIdentity(o), annotations[ARGOCD_SYNC_WAVE]]).toStrictEqual([objectIdentity(o), isStandIn(o) ? '0' : waveOf.get(objectIdentity(o))]);
      if (o.kind === 'CustomResourceDefinition') expect(annotations[ARGOCD_SYNC_OPTIONS]).toBe('ServerSideApply=true');
    }
    const customResources = synthesis.manifestFiles.filter((f) => f.stage === 'custom-resources').flatMap((f) => f.objects);
    expect(customResources.length).toBeGreaterThan(0);
    for (const o of built.filter((b) => customResources.some((c) => objectIdentity(c.manifest) === objectIdentity(b)))) {
      expect(o.metadata.annotations?.[ARGOCD_SYNC_OPTIONS]).toBe('SkipDryRunOnMissingResource=true');
    }
  });

  test('without the option no object is annotated, and the objects the Pulumi backend gets are unchanged', () => {
    const synthesis = synth(EXAMPLES.minimal());
    const built = kustomize(path.join(writeOffline(synthesis), 'manifests'));
    expect(built.filter((o) => o.metadata.annotations?.[ARGOCD_SYNC_WAVE] !== undefined)).toStrictEqual([]);
    renderClusterFiles(synthesis, { gitOps: { argoCdSyncWaves: true } });
    expect(synthesis.objects.some((o) => o.manifest.metadata.annotations?.[ARGOCD_SYNC_WAVE] !== undefined)).toBe(false);
  });
});

describeIfKubectl('Flux Kustomizations', () => {
  test('one Kustomization per stage, chained by dependsOn; each stage folder builds that stage', () => {
    // GIVEN platform with Flux output
    const synthesis = synth(EXAMPLES.platform());
    const dir = writeOffline(synthesis, { gitOps: { flux: { sourceRef: { name: 'infra' } } } });

    // WHEN reading the Flux objects
    const kustomizations = parseYamlDocuments(fs.readFileSync(path.join(dir, 'flux/kustomizations.yaml'), 'utf8')) as KubeObject[];

    // THEN they chain the stages in apply order
    const stages = ['crds', 'namespaces', 'cluster', 'workloads', 'custom-resources'];
    expect(kustomizations.map((k) => k.metadata.name)).toStrictEqual(stages.map((s) => `platform-${s}`));
    expect(kustomizations[0]).toStrictEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'platform-crds', namespace: 'flux-system' },
      spec: { interval: '10m', path: './dist/platform/flux/00-crds', prune: true, sourceRef: { kind: 'GitRepository', name: 'infra' }, wait: true },
    });
    kustomizations.slice(1).forEach((k, i) => {
      expect((k.spec as { dependsOn: unknown }).dependsOn).toStrictEqual([{ name: `platform-${stages[i]}` }]);
    });
    // AND the stage folders together build every object once, each in its own stage
    const all: string[] = [];
    for (const [i, stage] of stages.entries()) {
      const built = kustomize(path.join(dir, 'flux', `0${i}-${stage}`), loadRestrictorNone());
      const ids = built.filter((o) => !isStandIn(o)).map(objectIdentity);
      const inStage = synthesis.manifestFiles.filter((f) => f.stage === stage).flatMap((f) => f.objects.map((o) => objectIdentity(o.manifest)));
      expect(ids.sort()).toStrictEqual(inStage.sort());
      all.push(...ids);
    }
    expect(all.sort()).toStrictEqual(synthesis.objects.map((o) => objectIdentity(o.manifest)).sort());
  });
});
