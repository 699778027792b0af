import { TlsVersion } from '../../lib';
import { newCluster } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const node = { name: 'cp-1', address: '10.0.0.11' };

describe('hardening: bad input', () => {
  test('a bad TLS version, port and cipher suite are reported at once, and nothing is written', () => {
    // GIVEN
    const cluster = newCluster({
      controlPlane: {
        nodes: [node],
        security: { hardening: { tlsMinVersion: 'VersionTLS10' as TlsVersion, kubeletReadOnlyPort: 70000, tlsCipherSuites: ['rc4'] } },
      },
    });

    // WHEN / THEN
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (security.hardening.tlsMinVersion): not a TLS version the components accept as a minimum (received "VersionTLS10"; expected VersionTLS12 or VersionTLS13) [security/tls-min-version]',
      '[error] test/ControlPlane (security.hardening.kubeletReadOnlyPort): not a TCP port (received 70000; expected 0 (closed) or a port from 1 to 65535) [security/kubelet-read-only-port]',
      '[error] test/ControlPlane (security.hardening.tlsCipherSuites[0]): not a Go TLS cipher suite name (received "rc4"; expected an IANA name such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) [security/tls-cipher-suites]',
    ]);
  });

  test('a hardened flag passed as an extra arg names the typed option', () => {
    const cluster = newCluster({
      controlPlane: { nodes: [node], apiServerExtraArgs: [{ name: 'profiling', value: 'true' }], controllerManagerExtraArgs: [{ name: 'use-service-account-credentials', value: 'false' }] },
    });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (apiServerExtraArgs[0]): kube-apiserver --profiling is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition (received "--profiling=true"; expected no --profiling extra arg: set ControlPlaneProps.security.hardening.profiling instead) [control-plane/owned-flag]',
      '[error] test/ControlPlane (controllerManagerExtraArgs[0]): kube-controller-manager --use-service-account-credentials is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition (received "--use-service-account-credentials=false"; expected no --use-service-account-credentials extra arg: set ControlPlaneProps.security.hardening.useServiceAccountCredentials instead) [control-plane/owned-flag]',
    ]);
  });
});
