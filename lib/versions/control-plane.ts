import { PinnedImage } from './image';

/**
 * @internal
 * kube-vip v1.2.3, the newest release (kube-vip/helm-charts PR #112 bumps appVersion to it).
 * The static pod follows what `kube-vip manifest pod` emits at that tag
 * (kube-vip/kube-vip@v1.2.3:pkg/kubevip/config_generator.go, cmd/kube-vip.go flag defaults).
 */
export const KUBE_VIP_IMAGE: PinnedImage = { repository: 'ghcr.io/kube-vip/kube-vip', tag: 'v1.2.3' };

/**
 * @internal
 * The revision of kubeadm's HA guide whose haproxy/keepalived files and static pods we follow
 * (kubernetes/kubeadm@25ccfcf:docs/ha-considerations.md, the last change to the file; the
 * guide is not versioned per Kubernetes release).
 */
export const KUBEADM_HA_GUIDE = 'kubeadm HA guide 25ccfcf';

/**
 * @internal
 * haproxy and keepalived for kubeadm's HA guide (kubernetes/kubeadm@25ccfcf:docs/ha-considerations.md:
 * haproxy.cfg "successfully used with haproxy version 2.4 and 2.8", static pod image haproxy:2.8;
 * keepalived.conf "used with keepalived version 2.0.20 and 2.2.4", static pod image
 * osixia/keepalived:2.0.20). haproxy 2.8 is an LTS branch and understands the guide's
 * `http-check connect ssl` health check.
 */
export const HAPROXY_IMAGE: PinnedImage = { repository: 'haproxy', tag: '2.8.10' };
/** @internal Image of the keepalived static pod that holds the endpoint VIP. */
export const KEEPALIVED_IMAGE: PinnedImage = { repository: 'osixia/keepalived', tag: '2.0.20' };

/**
 * @internal
 * etcd that kubeadm v1.35 installs for stacked etcd (constants.go SupportedEtcdVersion,
 * kubernetes/kubernetes PR #135271), and the release external members should run.
 */
export const ETCD_VERSION = 'v3.6.6';
