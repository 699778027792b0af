import type { Cluster } from '../cluster';
import { KubernetesVersion } from '../kubernetes-version';
import type { ClusterSynthesis, SynthesizedBootstrapFile } from '../synth/synthesize';
import { toYaml } from '../synth/yaml';
import { upgradeConfiguration } from './upgrade-configuration';
import { planUpgrade } from './upgrade-plan';
import { upgradeRunbook } from './upgrade-runbook';

/**
 * @internal The upgrade files of `bootstrap/`: kubeadm's UpgradeConfiguration for the cluster's release, and
 * the runbook of the upgrade from the previous minor (any patch), the one step a version change
 * makes. `clusterforge plan --from` checks the upgrade from what actually runs.
 */
export function upgradeBootstrapFiles(cluster: Cluster, synthesis: ClusterSynthesis): SynthesizedBootstrapFile[] {
  const target = cluster.kubernetesVersion.parts;
  if (!cluster.controlPlane || !target) return [];
  const previous = KubernetesVersion.of(`v1.${target.minor - 1}.0`);
  const plan = planUpgrade(cluster, synthesis, { version: previous, source: `v1.${target.minor - 1}`, label: `v1.${target.minor - 1}.x` });
  return [
    { path: 'kubeadm-upgrade.yaml', content: toYaml(upgradeConfiguration(cluster)), sensitive: false },
    { path: 'upgrade-runbook.md', content: upgradeRunbook(plan), sensitive: false },
  ];
}
