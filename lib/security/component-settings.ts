import { ExtraArg } from '../control-plane/etcd';
import { KUBELET_KERNEL_TUNABLES, ResolvedHardening } from './hardening';

/** kube-apiserver flags of the hardening items. */
export function hardenedApiServerArgs(h: ResolvedHardening): ExtraArg[] {
  return [
    { name: 'profiling', value: String(h.profiling) },
    { name: 'service-account-lookup', value: String(h.serviceAccountLookup) },
    { name: 'tls-min-version', value: h.tlsMinVersion },
    ...(h.tlsCipherSuites.length > 0 ? [{ name: 'tls-cipher-suites', value: h.tlsCipherSuites.join(',') }] : []),
  ];
}

export function hardenedControllerManagerArgs(h: ResolvedHardening): ExtraArg[] {
  return [
    { name: 'profiling', value: String(h.profiling) },
    { name: 'use-service-account-credentials', value: String(h.useServiceAccountCredentials) },
  ];
}

export function hardenedSchedulerArgs(h: ResolvedHardening): ExtraArg[] {
  return [{ name: 'profiling', value: String(h.profiling) }];
}

/**
 * KubeletConfiguration fields of the hardening items. Serving certificates stay
 * self-signed (`serverTLSBootstrap` off): kube-controller-manager never approves
 * kubelet-serving CSRs, so turning it on without an approver leaves `kubectl logs/exec`
 * failing on every node. Client certificates rotate.
 */
export function hardenedKubeletSettings(h: ResolvedHardening): Record<string, unknown> {
  return {
    authentication: { anonymous: { enabled: h.kubeletAnonymousAuth }, webhook: { enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } },
    authorization: { mode: 'Webhook' },
    readOnlyPort: h.kubeletReadOnlyPort,
    protectKernelDefaults: h.protectKernelDefaults,
    rotateCertificates: true,
    tlsMinVersion: h.tlsMinVersion,
    ...(h.tlsCipherSuites.length > 0 ? { tlsCipherSuites: [...h.tlsCipherSuites] } : {}),
  };
}

/** The sysctl.d lines the kubelet needs with protectKernelDefaults, else none. */
export function kubeletKernelTunablesConf(h: ResolvedHardening): string {
  if (!h.protectKernelDefaults) return '';
  return Object.entries(KUBELET_KERNEL_TUNABLES).map(([k, v]) => `${k} = ${v}\n`).join('');
}
