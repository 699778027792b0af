export * from './control-plane';
export * from './control-plane-props';
export * from './endpoint-load-balancer';
export * from './etcd';
export * from './kubelet';
export * from './node';
export * from './node-pool';
export * from './owned-flags';
