import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AddOn } from '../add-on';
import { resolveAddOnGraph } from '../add-on-graph';
import { renderBootstrapFiles } from '../bootstrap/bootstrap-files';
import type { Cluster } from '../cluster';
import { UpstreamCrds } from '../crd-source';
import { IObjectValidator, ValidationContext, isModelValidator, isObjectValidator } from '../validation/context';
import { ClusterValidationError, Severity, ValidationProblem } from '../validation/problem';
import { MODEL_RULES, OBJECT_RULES } from '../validation/rules';
import { KubeObject, objectIdentity } from './kube-object';
import { MAX_GROUPS, ManifestFile, PlacedObject, objectDependencies, planManifestFiles } from './ordering';
import { gatesReport } from '../validation/gates-report';
import { renderGatesFile } from '../validation/gates-file';
import { UpstreamDeviation } from '../validation/upstream-deviation';
import { Waiver } from '../validation/waiver';
import { activePhaseTimer, timed } from './phase-timer';
import { withConstructScan } from '../validation/construct-scan';
import { upgradeBootstrapFiles } from '../upgrade/upgrade-files';
import { ApiObjectRenderer } from './api-object-json';
import { renderLate } from './late-rendering';

/** A file of `dist/<cluster>/bootstrap/`. */
export interface SynthesizedBootstrapFile {
  readonly path: string;
  readonly content: string;
  readonly sensitive: boolean;
}

/** Everything one cluster synthesises to, in memory. */
export interface ClusterSynthesis {
  readonly clusterName: string;
  /** Manifest files in apply order. */
  readonly manifestFiles: readonly ManifestFile[];
  /** Every object, in apply order. */
  readonly objects: readonly PlacedObject[];
  /** Groups (top-level components) in apply order. */
  readonly groupOrder: readonly string[];
  /** Direct dependencies of each object, by identity; the one ordering model both backends use. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  readonly bootstrapFiles: readonly SynthesizedBootstrapFile[];
  /** Pinned upstream CRD URLs to apply before the manifests, sorted. */
  readonly crdUrls: readonly string[];
  readonly warnings: readonly ValidationProblem[];
  /** Markdown summary of the reliability and security gates, written as GATES.md. */
  readonly gatesReport: string;
  /**
   * The waivers of the model with the objects each covers, as JSON, written as gates.json
   * beside GATES.md so that `clusterforge validate` judges a folder of YAML as synthesis did.
   */
  readonly gatesFile: string;
}

export type { IPreparable } from './late-rendering';

/** The group (top-level component) that contains `c`: its first-level construct under the cluster. */
function groupOf(cluster: Cluster, c: IConstruct): string {
  let current = c;
  while (current.node.scope && current.node.scope !== cluster) current = current.node.scope;
  return current.node.scope === cluster ? current.node.id : cluster.clusterName;
}

/**
 * Validates a cluster and renders it in memory. Throws ClusterValidationError, listing
 * every error, when the definition has any; otherwise nothing about the cluster is
 * left unchecked that the rules know of.
 */
export function synthesizeCluster(cluster: Cluster): ClusterSynthesis {
  const timer = activePhaseTimer();
  const context = new ValidationContext();
  // Constructs that render from state added after construction (grants, roles) do it now.
  const constructs = timed(timer, 'late rendering', () => renderLate(cluster));
  return withConstructScan(cluster, constructs, () => {
    // Found in the walk that runs the model validators: one walk of every construct, not two.
    const objectValidators: IObjectValidator[] = [];
    timed(timer, 'validation', () => {
      for (const rule of MODEL_RULES) rule(cluster, context);
      for (const c of constructs) {
        if (c !== cluster && isModelValidator(c)) c.validateModel(context);
        if (isObjectValidator(c)) objectValidators.push(c);
      }
    });
    const modelIsValid = !context.hasErrors;

    const placed = timed(timer, 'object rendering', () => renderObjects(cluster, constructs, modelIsValid, context));
    timed(timer, 'validation', () => {
      for (const rule of OBJECT_RULES) rule(cluster, placed, context);
      for (const c of objectValidators) c.validateObjects(placed, context);
    });
    return timed(timer, 'ordering and reports', () => assemble(cluster, constructs, placed, context));
  });
}

/** Every ApiObject's manifest, with where it came from; errors of unrenderable objects go to `context`. */
function renderObjects(cluster: Cluster, constructs: readonly IConstruct[], modelIsValid: boolean, context: ValidationContext): PlacedObject[] {
  const placed: PlacedObject[] = [];
  const renderer = new ApiObjectRenderer(cluster);
  for (const c of constructs) {
    if (!(c instanceof ApiObject)) continue;
    let manifest: KubeObject;
    try {
      manifest = renderer.render(c) as KubeObject;
    } catch (e) {
      // A definition with errors may not render; its errors are reported below. A valid
      // model that still cannot render is reported at the construct, never thrown raw.
      if (modelIsValid) {
        context.error(c, {
          rule: 'synth/render',
          message: `the object cannot be rendered: ${(e as Error).message.split('\n')[0]}`,
          expected: 'values cdk8s can render (plain strings, numbers, booleans, arrays and maps)',
        });
      }
      continue;
    }
    placed.push({ manifest, group: groupOf(cluster, c), sourcePath: c.node.path });
  }
  return placed;
}

/** Apply order, dependencies, bootstrap files and the gates report; throws when `context` has errors. */
function assemble(cluster: Cluster, constructs: readonly IConstruct[], placed: PlacedObject[], context: ValidationContext): ClusterSynthesis {
  const graph = resolveAddOnGraph(cluster.addOns);
  const addOnIds = new Set(cluster.addOns.map((a) => a.node.id));
  const coreGroups = [...new Set(placed.map((p) => p.group))].filter((g) => !addOnIds.has(g)).sort();
  const groupOrder = [...coreGroups, ...graph.order.map((a) => a.node.id)];
  if (groupOrder.length > MAX_GROUPS) {
    context.error(cluster, {
      rule: 'synth/too-many-groups',
      message: 'the cluster has more top-level components than manifest file numbering allows',
      received: groupOrder.length,
      expected: `at most ${MAX_GROUPS} add-ons and core components`,
    });
  }

  if (context.hasErrors) throw new ClusterValidationError(cluster.node.path, context.problems);

  const manifestFiles = planManifestFiles(placed, groupOrder);
  const groupDependencies = new Map<string, string[]>(
    cluster.addOns.map((a: AddOn) => [
      a.node.id,
      a.dependencies.map((k) => cluster.addOn(k)?.node.id).filter((g): g is string => g !== undefined),
    ]),
  );
  const objects = manifestFiles.flatMap((f) => f.objects);
  const bootstrapFiles = [
    ...renderBootstrapFiles(cluster),
    ...[...cluster.bootstrapFiles.entries()].map(([path, options]) => ({ path, content: options.render(), sensitive: options.sensitive ?? false })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const fields: Omit<ClusterSynthesis, 'dependencies'> = {
    clusterName: cluster.clusterName,
    manifestFiles,
    objects,
    groupOrder,
    bootstrapFiles,
    crdUrls: [...new Set(constructs.flatMap((c) => (c instanceof UpstreamCrds ? c.urls : [])))].sort(),
    gatesReport: gatesReport(cluster.clusterName, placed, context.problems, Waiver.of(cluster), UpstreamDeviation.of(cluster)),
    gatesFile: renderGatesFile(cluster.clusterName, placed, Waiver.of(cluster)),
    warnings: context.problems.filter((p) => p.severity === Severity.WARNING),
  };
  // Only the Pulumi backend reads the dependencies: written YAML needs none, so they are
  // computed when first read (at 10,000 tenants, 90,000 sorted lists a synth would not use).
  let dependencies: Map<string, string[]> | undefined;
  const withDependencies = (f: Omit<ClusterSynthesis, 'dependencies'>): ClusterSynthesis =>
    Object.defineProperty({ ...f }, 'dependencies', { enumerable: true, get: () => (dependencies ??= objectDependencies(objects, groupDependencies)) }) as ClusterSynthesis;
  const synthesis = withDependencies(fields);
  // The upgrade runbook is planned from the rest of the output (manifest files, backup units).
  const upgradeFiles = upgradeBootstrapFiles(cluster, synthesis);
  if (upgradeFiles.length === 0) return synthesis;
  return withDependencies({ ...fields, bootstrapFiles: [...bootstrapFiles, ...upgradeFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) });
}

/** @internal Identity of every object, in apply order. */
export function identities(synthesis: ClusterSynthesis): string[] {
  return synthesis.objects.map((o) => objectIdentity(o.manifest));
}
