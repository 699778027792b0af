import { PinnedImage } from './image';

/**
 * kube-vip: the newest release whose chart bump merged upstream
 * (kube-vip/helm-charts PR #112, appVersion v1.2.3).
 */
export const KUBE_VIP_IMAGE: PinnedImage = { repository: 'ghcr.io/kube-vip/kube-vip', tag: 'v1.2.3' };

/**
 * haproxy and keepalived for kubeadm's HA guide (kubernetes/kubeadm docs/ha-considerations.md,
 * "tested with haproxy 2.4 and 2.8" and "keepalived 2.0.20"). haproxy 2.8 is an LTS branch
 * and understands the guide's `http-check connect ssl` health check.
 */
export const HAPROXY_IMAGE: PinnedImage = { repository: 'haproxy', tag: '2.8.10' };
export const KEEPALIVED_IMAGE: PinnedImage = { repository: 'osixia/keepalived', tag: '2.0.20' };

/**
 * etcd that kubeadm v1.35 installs for stacked etcd (constants.go SupportedEtcdVersion,
 * kubernetes/kubernetes PR #135271), and the release external members should run.
 */
export const ETCD_VERSION = 'v3.6.6';
