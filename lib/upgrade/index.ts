export * from './version-skew';
export * from './removed-apis';
export * from './upgrade-configuration';
export { UpgradePhase } from './upgrade-steps';
export type { UpgradeStep, HopVersions } from './upgrade-steps';
export * from './upgrade-plan';
export * from './upgrade-runbook';
