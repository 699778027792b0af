import { IConstruct } from 'constructs';
import { ValidationContext } from '../validation/context';
import { hardeningItems, ResolvedHardening, TlsVersion } from './hardening';

const CIPHER_SUITE = /^TLS_[A-Z0-9_]+$/;

/** Errors for hardening values no component accepts, and one warning per loosened item. */
export function validateHardening(context: ValidationContext, scope: IConstruct, h: ResolvedHardening): void {
  const field = (name: string) => `security.hardening.${name}`;
  if (!Object.values(TlsVersion).includes(h.tlsMinVersion)) {
    context.error(scope, {
      rule: 'security/tls-min-version',
      field: field('tlsMinVersion'),
      message: 'not a TLS version the components accept as a minimum',
      received: h.tlsMinVersion,
      expected: Object.values(TlsVersion).join(' or '),
    });
  }
  if (!Number.isInteger(h.kubeletReadOnlyPort) || h.kubeletReadOnlyPort < 0 || h.kubeletReadOnlyPort > 65535) {
    context.error(scope, {
      rule: 'security/kubelet-read-only-port',
      field: field('kubeletReadOnlyPort'),
      message: 'not a TCP port',
      received: h.kubeletReadOnlyPort,
      expected: '0 (closed) or a port from 1 to 65535',
    });
  }
  h.tlsCipherSuites.forEach((suite, i) => {
    if (typeof suite !== 'string' || !CIPHER_SUITE.test(suite)) {
      context.error(scope, {
        rule: 'security/tls-cipher-suites',
        field: `${field('tlsCipherSuites')}[${i}]`,
        message: 'not a Go TLS cipher suite name',
        received: suite,
        expected: 'an IANA name such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      });
    }
  });
  for (const item of hardeningItems(h)) {
    if (item.on) continue;
    context.warn(scope, {
      rule: 'security/loosened',
      field: field(item.option),
      message: `hardening turned off: ${item.title.charAt(0).toLowerCase()}${item.title.slice(1)} is not in force; ${item.risk}`,
      received: h[item.option],
      expected: 'the hardened default (leave the option unset)',
    });
  }
}
