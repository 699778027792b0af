export * from './advertisement';
export { AddressPool, ADDRESS_POOL_DEFAULTS } from './address-pool';
export type { AddressPoolProps } from './address-pool';
export * from './bgp-peer';
export { MetalLbController, METALLB_COMPONENT } from './metallb-controller';
export { MetalLbSpeaker } from './metallb-speaker';
export * from './metallb-network-policies';
export * from './metallb';
