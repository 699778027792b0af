export * from './bootstrap-files';
export * from './etcd-member';
export * from './kubeadm';
export * from './load-balancer';
export * from './ports';
export * from './secrets';
export * from './fill-directory';
