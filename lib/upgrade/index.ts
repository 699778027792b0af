export { SkewComponent, VERSION_SKEW_RULES, VERSION_SKEW_POLICY_SOURCE } from './version-skew';
export type { SkewRule } from './version-skew';
export { REMOVED_APIS, DEPRECATION_GUIDE_SOURCE } from './removed-apis';
export type { RemovedApi, ServedApis } from './removed-apis';
export { UpgradePhase } from './upgrade-steps';
export type { UpgradeStep, HopVersions } from './upgrade-steps';
export { planUpgrade } from './upgrade-plan';
export type { LocatedObject, UpgradeFrom, UpgradePlanOptions, UpgradeHop, UpgradePlan } from './upgrade-plan';
export { upgradeRunbook } from './upgrade-runbook';
