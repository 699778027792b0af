export type { PortRule, IFirewallPortSource } from './ports';
export { caCertHash } from './secrets';
export type { BootstrapSecrets } from './secrets';
