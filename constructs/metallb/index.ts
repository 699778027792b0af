export { Advertisement } from './advertisement';
export type { L2AdvertisementOptions, BgpAdvertisementOptions } from './advertisement';
export { AddressPool } from './address-pool';
export type { AddressPoolProps } from './address-pool';
export * from './bgp-peer';
export { METALLB, MetalLbLogLevel, MetalLb } from './metallb';
export type { MetalLbProps } from './metallb';
