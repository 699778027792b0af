import { resolveAddOnGraph } from '../add-on-graph';
import type { Cluster } from '../cluster';
import { NodePrerequisitesKind } from '../control-plane/node-prerequisites';
import { KubernetesVersion } from '../kubernetes-version';
import { describeObject, KubeObject } from '../synth/kube-object';
import type { ClusterSynthesis } from '../synth/synthesize';
import { Severity, ValidationProblem } from '../validation/problem';
import { imageRepository, podImages, supportedRange } from '../validation/rules/add-on-support';
import { ADD_ON_KUBERNETES_SUPPORT, AddOnKubernetesSupport } from '../versions/upgrade';
import { DEPRECATION_GUIDE_SOURCE, notServedReason, removalFor, ServedApis } from './removed-apis';
import { addOnSteps, backupSteps, controlPlaneSteps, HopVersions, poolSteps, UpgradeStep } from './upgrade-steps';
import { MAX_MINOR_STEP, SkewComponent, skewViolation, VERSION_SKEW_POLICY_SOURCE } from './version-skew';

/** An API object and where it was read, for messages: `manifests/100-networking.yaml: Deployment ns/name`. */
export interface LocatedObject {
  readonly location: string;
  readonly object: KubeObject;
}

/** What the cluster runs now. */
export interface UpgradeFrom {
  /** The control plane's release now. */
  readonly version: KubernetesVersion;
  /** Where that came from, for messages: `dist/demo` or `--from v1.34.2`. */
  readonly source: string;
  /**
   * The objects deployed now (a committed `dist/<cluster>/`); each is checked against the target too.
   * @default - none: only the new output is checked
   */
  readonly objects?: readonly LocatedObject[] | undefined;
  /**
   * How the current version is shown: `v1.34.x` for any patch of a minor.
   * @default - the version's own text
   */
  readonly label?: string | undefined;
}

/** Options of planUpgrade. */
export interface UpgradePlanOptions {
  /**
   * Plan through every skipped minor instead of refusing the skip.
   * @default false
   */
  readonly chain?: boolean | undefined;
  /**
   * What the target release serves, from its OpenAPI documents. Objects of a group they describe
   * but of a version or kind they do not serve fail the plan.
   * @default - only the deprecation guide's table is checked
   */
  readonly served?: ServedApis | undefined;
  /**
   * Declared Kubernetes ranges of add-on releases. A table given here replaces the built-in one.
   * @default - the ranges clusterforge declares for the releases it pins (Cilium, Calico, Velero), each with its source
   */
  readonly addOnSupport?: readonly AddOnKubernetesSupport[] | undefined;
}

/** One minor release of an upgrade and its steps, in order. */
export interface UpgradeHop {
  /** `v1.34.2` or `v1.34` */
  readonly from: string;
  /** `v1.35.7` on the last hop, `v1.34 (newest patch)` before it. */
  readonly to: string;
  readonly steps: readonly UpgradeStep[];
}

/** A checked upgrade plan, or why there is none. */
export interface UpgradePlan {
  readonly clusterName: string;
  readonly from: string;
  readonly to: string;
  /** Minor releases the upgrade goes through, from first to last (`[34, 35]`). */
  readonly route: readonly number[];
  /** Empty when refused, or when there is nothing to upgrade. */
  readonly hops: readonly UpgradeHop[];
  /** Every reason the plan is refused; empty when it may run. */
  readonly refusals: readonly ValidationProblem[];
  /** Facts the operator should know that do not block the plan. */
  readonly notes: readonly string[];
}

const refusal = (rule: string, path: string, message: string, received: unknown, expected: string, field?: string): ValidationProblem => ({
  severity: Severity.ERROR,
  rule,
  path,
  field,
  message,
  received,
  expected,
});

const versionRefusals = (cluster: Cluster, from: UpgradeFrom, chain: boolean): ValidationProblem[] => {
  const path = cluster.node.path;
  const to = cluster.kubernetesVersion;
  const f = from.version.parts;
  const t = to.parts;
  if (!f || f.major !== 1) return [refusal('upgrade/from-version', path, `the current version from ${from.source} is not a Kubernetes release`, from.version.text, "a release such as 'v1.34.2'")];
  if (!t || !to.isSupported) return []; // synthesis reports an unsupported kubernetesVersion
  if (t.minor < f.minor || (t.minor === f.minor && t.patch < f.patch)) {
    return [
      refusal(
        'upgrade/downgrade',
        path,
        `Kubernetes ${to.kubeadmVersion} is older than the ${from.version.kubeadmVersion} the cluster runs (${from.source}); kubeadm does not downgrade, restore an etcd snapshot taken at that version instead`,
        to.kubeadmVersion,
        `${from.version.kubeadmVersion} or newer`,
        'kubernetesVersion',
      ),
    ];
  }
  if (t.minor - f.minor > MAX_MINOR_STEP && !chain) {
    const route = Array.from({ length: t.minor - f.minor + 1 }, (_, i) => `1.${f.minor + i}`).join(' → ');
    return [
      refusal(
        'upgrade/skipped-minor',
        path,
        `kube-apiserver must not skip minor releases (${VERSION_SKEW_POLICY_SOURCE}); upgrade through every minor instead: ${route} (clusterforge plan --chain prints that plan)`,
        `${from.version.kubeadmVersion} → ${to.kubeadmVersion}`,
        `one minor at a time: ${route}`,
        'kubernetesVersion',
      ),
    ];
  }
  return [];
};

/** Held-back pools against every minor the control plane passes through. */
const kubeletRefusals = (cluster: Cluster, route: readonly number[]): ValidationProblem[] =>
  cluster.nodePools.flatMap((pool) => {
    const held = pool.kubeletVersion?.parts;
    if (!held) return [];
    for (const minor of route) {
      const violation = skewViolation(SkewComponent.KUBELET, held.minor, minor);
      if (violation) {
        return [refusal('upgrade/kubelet-skew', pool.node.path, `the pool's kubelet breaks the version-skew policy when the control plane is at 1.${minor}: ${violation}`, pool.kubeletVersion!.text, `a kubelet from v1.${minor - 3} to v1.${minor} at every step; upgrade the pool with the cluster (remove kubeletVersion) or change it`, 'kubeletVersion')];
      }
    }
    return [];
  });

/** Add-on releases, found by their images, whose declared range leaves out a minor they must run on. */
const addOnRefusals = (
  cluster: Cluster,
  synthesis: ClusterSynthesis,
  from: UpgradeFrom,
  route: readonly number[],
  table: readonly AddOnKubernetesSupport[],
): ValidationProblem[] => {
  const found = (objects: readonly { object: KubeObject; path: string }[]) =>
    table.flatMap((entry) => {
      const hit = objects.find((o) => podImages(o.object).some((i) => entry.images.includes(imageRepository(i))));
      return hit ? [{ entry, path: hit.path }] : [];
    });
  const fresh = found(synthesis.objects.map((o) => ({ object: o.manifest, path: `${cluster.node.path}/${o.group}` })));
  // The add-ons running now must also run on every intermediate minor of a chained plan.
  const running = found((from.objects ?? []).map((o) => ({ object: o.object, path: `${from.source}: ${o.location}` })));
  const checks = [...fresh.map((f) => ({ ...f, minors: route.slice(-1) })), ...running.map((r) => ({ ...r, minors: route.slice(0, -1) }))];
  const out: ValidationProblem[] = [];
  const seen = new Set<string>();
  for (const { entry, path, minors } of checks) {
    const minor = minors.find((m) => (entry.minMinor !== undefined && m < entry.minMinor) || (entry.maxMinor !== undefined && m > entry.maxMinor));
    if (minor === undefined || seen.has(`${entry.component}@${minor}`)) continue;
    seen.add(`${entry.component}@${minor}`);
    const range = supportedRange(entry);
    const newer = entry.newerRelease && entry.newerRelease.maxMinor >= minor ? `${entry.component} ${entry.newerRelease.release} supports up to 1.${entry.newerRelease.maxMinor} (${entry.newerRelease.source})` : `no release that supports it is recorded in lib/versions; check ${entry.source}`;
    out.push(
      refusal(
        'upgrade/add-on-support',
        path,
        `upgrade add-on ${entry.component} first: its pinned release ${entry.release} supports Kubernetes ${range} (${entry.source}), not 1.${minor}; ${newer}`,
        `${entry.component} ${entry.release} on Kubernetes 1.${minor}`,
        `a ${entry.component} release that supports Kubernetes 1.${minor}`,
      ),
    );
  }
  return out;
};

/** Objects of the new output and of the deployed one that the target release does not serve. */
const apiRefusals = (synthesis: ClusterSynthesis, from: UpgradeFrom, target: number, served: ServedApis | undefined): ValidationProblem[] => {
  const fileOf = new Map(synthesis.manifestFiles.flatMap((f) => f.objects.map((o) => [o, f.fileName] as const)));
  const objects: LocatedObject[] = [
    ...synthesis.objects.map((o) => ({ location: `manifests/${fileOf.get(o)}: ${describeObject(o.manifest)}`, object: o.manifest })),
    ...(from.objects ?? []).map((o) => ({ location: `${from.source}/${o.location}`, object: o.object })),
  ];
  const out: ValidationProblem[] = [];
  for (const { location, object } of objects) {
    const removal = removalFor(object, target);
    if (removal) {
      out.push(
        refusal(
          'upgrade/removed-api',
          location,
          `${object.apiVersion} ${object.kind} is no longer served since Kubernetes 1.${removal.removedInMinor} (${DEPRECATION_GUIDE_SOURCE}); migrate the object first`,
          object.apiVersion,
          removal.replacement,
          'apiVersion',
        ),
      );
      continue;
    }
    const reason = served ? notServedReason(object, served) : undefined;
    if (reason) out.push(refusal('upgrade/removed-api', location, `${reason}; migrate the object first`, object.apiVersion, 'an apiVersion the target release serves', 'apiVersion'));
  }
  return out;
};

/**
 * The PodDisruptionBudgets every drain waits for, and those that can never let a drain through
 * (`maxUnavailable: 0`, `minAvailable: 100%`): those nodes will not drain until the budget changes.
 */
const disruptionBudgetNotes = (synthesis: ClusterSynthesis): string[] => {
  const budgets = synthesis.objects.map((o) => o.manifest).filter((o) => o.kind === 'PodDisruptionBudget');
  if (budgets.length === 0) return [];
  const spec = (o: KubeObject) => (o as unknown as { spec?: { maxUnavailable?: unknown; minAvailable?: unknown } }).spec ?? {};
  const blocking = budgets.filter((o) => spec(o).maxUnavailable === 0 || spec(o).maxUnavailable === '0%' || spec(o).minAvailable === '100%');
  return [
    `drains wait for ${budgets.length} PodDisruptionBudget${budgets.length === 1 ? '' : 's'}: ${budgets.map((o) => describeObject(o)).join(', ')}`,
    ...blocking.map((o) => `${describeObject(o)} allows no disruption: a node running its pods cannot drain until it changes`),
  ];
};

/**
 * Plans the upgrade of `cluster` from what runs now to its kubernetesVersion, minor by minor, and
 * checks it: the version-skew policy, held-back kubelets, add-on support and removed APIs. Pure:
 * reads nothing but its arguments.
 */
export function planUpgrade(cluster: Cluster, synthesis: ClusterSynthesis, from: UpgradeFrom, options: UpgradePlanOptions = {}): UpgradePlan {
  const to = cluster.kubernetesVersion;
  const f = from.version.parts;
  const t = to.parts;
  const base = { clusterName: cluster.clusterName, from: from.label ?? from.version.kubeadmVersion, to: to.kubeadmVersion };
  const refusals = versionRefusals(cluster, from, options.chain ?? false);
  if (refusals.length > 0 || !f || !t) return { ...base, route: [], hops: [], refusals, notes: [] };
  const route = Array.from({ length: t.minor - f.minor }, (_, i) => f.minor + i + 1);
  const target = t.minor;
  refusals.push(
    ...kubeletRefusals(cluster, route.length > 0 ? route : [target]),
    ...addOnRefusals(cluster, synthesis, from, route.length > 0 ? route : [target], options.addOnSupport ?? ADD_ON_KUBERNETES_SUPPORT),
    ...apiRefusals(synthesis, from, target, options.served),
  );
  const notes: string[] = [];
  if (cluster.controlPlane && cluster.controlPlane.nodePrerequisites.kind !== NodePrerequisitesKind.APT_PACKAGES) {
    notes.push('the machine images carry kubeadm, kubelet and kubectl (NodePrerequisites.preinstalled()): the apt commands show the versions to install; use your image process where it differs');
  }
  notes.push(...disruptionBudgetNotes(synthesis));
  if (!cluster.controlPlane) notes.push('the cluster models no control plane: upgrade it with your provider, then apply the objects; only the objects are planned here');
  if (from.version.kubeadmVersion === to.kubeadmVersion) notes.push(`the cluster runs ${to.kubeadmVersion} already: only the objects are re-applied`);
  const declared = new Set((options.addOnSupport ?? ADD_ON_KUBERNETES_SUPPORT).map((e) => e.component));
  const graph = resolveAddOnGraph(cluster.addOns);
  if (graph.order.length > 0) notes.push(`add-on Kubernetes ranges declared in lib/versions: ${[...declared].join(', ')}; other add-ons state none upstream and are not checked`);
  if (refusals.length > 0) return { ...base, route, hops: [], refusals, notes };

  const bootstrapPaths = synthesis.bootstrapFiles.map((b) => b.path);
  const minors = route.length > 0 ? route : [target];
  const hops = minors.map((minor, i): UpgradeHop => {
    const last = i === minors.length - 1;
    const hop: HopVersions = { fromMinor: i === 0 ? f.minor : minors[i - 1], toMinor: minor, exact: last ? to.kubeadmVersion : undefined };
    const steps: UpgradeStep[] = [
      ...backupSteps(cluster, synthesis.manifestFiles, bootstrapPaths, hop),
      ...controlPlaneSteps(cluster, hop),
      ...(last ? addOnSteps(cluster.clusterName, synthesis.manifestFiles, synthesis.crdUrls, graph.order.map((a) => ({ id: a.node.id, key: a.key.name }))) : []),
      ...cluster.nodePools.filter((p) => p.kubeletVersion === undefined).flatMap((p) => poolSteps(p, hop)),
    ];
    return { from: i === 0 ? base.from : `v1.${hop.fromMinor}`, to: last ? to.kubeadmVersion : `v1.${minor} (newest patch)`, steps };
  });
  for (const pool of cluster.nodePools.filter((p) => p.kubeletVersion !== undefined)) {
    notes.push(`pool ${pool.node.id} stays at kubelet ${pool.kubeletVersion!.text} (kubeletVersion); it is not drained or upgraded`);
  }
  return { ...base, route, hops, refusals, notes };
}
