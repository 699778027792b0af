import type { ControlPlane } from '../control-plane/control-plane';
import { EndpointLoadBalancerKind } from '../control-plane/endpoint-load-balancer';
import { UpstreamDeviation } from '../validation/upstream-deviation';
import { HAPROXY_IMAGE, imageRef, KUBE_VIP_IMAGE, KUBEADM_HA_GUIDE } from '../versions';
import { KUBE_VIP_INIT_KUBECONFIG } from './load-balancer';

/**
 * Declares, on the control plane, how the endpoint load balancer's static pods and configs
 * (load-balancer.ts) differ from their upstream: kube-vip's `manifest pod` output, and the
 * files of kubeadm's HA guide. Static pods are files, not constructs, so the control plane
 * that owns them carries their deviations.
 */
export function declareLoadBalancerDeviations(cp: ControlPlane): void {
  switch (cp.loadBalancer.kind) {
    case EndpointLoadBalancerKind.KUBE_VIP:
      for (const env of ['svc_enable', 'svc_leasename']) {
        UpstreamDeviation.declare(cp, {
          component: `kube-vip ${KUBE_VIP_IMAGE.tag}`,
          item: `Pod/kube-system/kube-vip container kube-vip env ${env}`,
          ours: 'not set: kube-vip announces the control-plane VIP only (the guide passes --services)',
          why:
            'Services of type LoadBalancer belong to a Service load balancer such as MetalLB; two controllers announcing the same ' +
            'Service addresses would fight over ARP, and the Service watcher would run on the static pod\'s admin kubeconfig',
        });
      }
      UpstreamDeviation.declare(cp, {
        component: `kube-vip ${KUBE_VIP_IMAGE.tag}`,
        item: 'Pod/kube-system/kube-vip container kube-vip mount /etc/kubernetes/admin.conf',
        ours: `on the node that runs kubeadm init, ${KUBE_VIP_INIT_KUBECONFIG} until the post-init step switches it to admin.conf`,
        why:
          'since Kubernetes 1.29 admin.conf is not authorised until kubeadm init has created its RBAC, which needs the VIP kube-vip ' +
          'provides (kube-vip issue #684; the guide and kube-vip docs say to use super-admin.conf for init)',
      });
      break;
    case EndpointLoadBalancerKind.HAPROXY_KEEPALIVED: {
      const component = (name: string) => `${name} (${KUBEADM_HA_GUIDE})`;
      UpstreamDeviation.declare(cp, {
        component: component('haproxy'),
        item: 'Pod/kube-system/haproxy container haproxy image',
        ours: imageRef(HAPROXY_IMAGE),
        why: 'the guide names the floating haproxy:2.8 tag; a patch release of the same LTS branch is pinned so that every node runs the same binary',
      });
      for (const key of ['script_user', 'enable_script_security']) {
        UpstreamDeviation.declare(cp, {
          component: component('keepalived'),
          item: `keepalived.conf key global_defs.${key}`,
          ours: 'script_user root and enable_script_security',
          why:
            'without them keepalived runs the health check as root with a SECURITY VIOLATION warning and `keepalived --config-test` ' +
            'fails; with them it refuses a check script or folder that a non-root user can write',
        });
      }
      for (const key of ['auth_type', 'auth_pass']) {
        UpstreamDeviation.declare(cp, {
          component: component('keepalived'),
          item: `keepalived.conf key vrrp_instance VI_1.authentication.${key}`,
          ours: 'no VRRP authentication block',
          why: 'VRRP PASS authentication is sent in clear on the wire, protects nothing, and would put a shared secret into Git (RFC 3768 deprecated it)',
        });
      }
      break;
    }
    default:
      break;
  }
}
