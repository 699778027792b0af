import { newCluster } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

describe('audit: bad input', () => {
  test('a relative or root-level log path and bad rotation values are reported at once, and nothing is written', () => {
    const cluster = newCluster({
      controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }], security: { audit: { logPath: 'audit.log', maxAgeDays: 0, maxSizeMegabytes: 1.5 } } },
    });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (security.audit.logPath): the audit log needs an absolute file path in a directory of its own, which kube-apiserver mounts writable (received "audit.log"; expected an absolute path such as /var/log/kubernetes/audit/audit.log) [security/audit-log-path]',
      '[error] test/ControlPlane (security.audit.maxAgeDays): not a positive whole number (received 0; expected an integer of at least 1) [security/audit-log-rotation]',
      '[error] test/ControlPlane (security.audit.maxSizeMegabytes): not a positive whole number (received 1.5; expected an integer of at least 1) [security/audit-log-rotation]',
    ]);
  });
});
