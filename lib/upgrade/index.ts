export * from './version-skew';
export * from './removed-apis';
export * from './upgrade-configuration';
export * from './upgrade-steps';
export * from './upgrade-plan';
export * from './upgrade-runbook';
export * from './upgrade-files';
