import { AdmissionPlugin, PodSecurityLevel } from '../../lib';
import { newCluster } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const node = { name: 'cp-1', address: '10.0.0.11' };

describe('admission: bad input', () => {
  test('PodSecurityPolicy, unknown plugins, bad levels and a privileged default are all reported, and nothing is written', () => {
    // GIVEN
    const cluster = newCluster({
      controlPlane: {
        nodes: [node],
        security: {
          admission: {
            podSecurityPolicy: true,
            plugins: ['PodSecurityPolicy' as AdmissionPlugin, 'AlwaysPullImage' as AdmissionPlugin],
            podSecurity: { enforce: PodSecurityLevel.PRIVILEGED, warn: 'strict' as PodSecurityLevel, version: '1.35' },
          },
        },
      },
    });

    // WHEN / THEN
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (security.admission.podSecurityPolicy): PodSecurityPolicy was removed in Kubernetes v1.25; kube-apiserver no longer has the admission plugin or the API (received true; expected Pod Security Admission: security.admission.podSecurity for the cluster-wide default, and NamespaceProps.podSecurity per namespace) [security/pod-security-policy]',
      '[error] test/ControlPlane (security.admission.plugins[0]): PodSecurityPolicy was removed in Kubernetes v1.25; kube-apiserver refuses to start with it (received "PodSecurityPolicy"; expected Pod Security Admission: security.admission.podSecurity) [security/admission-plugin]',
      '[error] test/ControlPlane (security.admission.plugins[1]): not an admission plugin of kube-apiserver v1.35; kube-apiserver refuses to start with an unknown plugin (received "AlwaysPullImage"; expected one of AdmissionPlugin: AlwaysPullImages, EventRateLimit, DenyServiceExternalIPs, PodNodeSelector, PodTolerationRestriction, OwnerReferencesPermissionEnforcement) [security/admission-plugin]',
      '[error] test/ControlPlane (security.admission.podSecurity.warn): not a Pod Security level (received "strict"; expected privileged, baseline, restricted) [security/pod-security-level]',
      '[error] test/ControlPlane (security.admission.podSecurity.enforce): a privileged cluster-wide default lets anyone who can create a pod in a namespace without labels (default, any new one) run privileged or hostPath pods (received "privileged"; expected baseline or restricted; label the namespaces that need more with NamespaceProps.podSecurity, or add them to exemptNamespaces) [security/pod-security-default]',
      '[error] test/ControlPlane (security.admission.podSecurity.version): Pod Security version is not one the admission controller accepts (received "1.35"; expected \'latest\' or \'vMAJOR.MINOR\', e.g. \'v1.35\') [security/pod-security-version]',
    ]);
  });

  test('allowing Service externalIPs while listing DenyServiceExternalIPs is a contradiction', () => {
    const cluster = newCluster({
      controlPlane: { nodes: [node], security: { admission: { allowServiceExternalIPs: true, plugins: [AdmissionPlugin.ALWAYS_PULL_IMAGES, AdmissionPlugin.DENY_SERVICE_EXTERNAL_IPS] } } },
    });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (security.admission.plugins[1]): DenyServiceExternalIPs refuses the external IPs that allowServiceExternalIPs lets Services set (received "DenyServiceExternalIPs"; expected either allowServiceExternalIPs or the DenyServiceExternalIPs plugin, not both) [security/admission-plugin]',
    ]);
  });

  test('disabling DenyServiceExternalIPs through extra args is refused and names the typed option', () => {
    const cluster = newCluster({ controlPlane: { nodes: [node], apiServerExtraArgs: [{ name: 'disable-admission-plugins', value: 'DenyServiceExternalIPs' }] } });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (apiServerExtraArgs[0]): disabling DenyServiceExternalIPs removes the refusal of Service externalIPs (CVE-2020-8554) (received "--disable-admission-plugins=DenyServiceExternalIPs"; expected a list without DenyServiceExternalIPs; allow Service external IPs with ControlPlaneProps.security.admission.allowServiceExternalIPs instead) [control-plane/admission-plugins]',
    ]);
  });

  test('disabling NodeRestriction or PodSecurity through extra args is refused; other plugins may be disabled', () => {
    const cluster = newCluster({ controlPlane: { nodes: [node], apiServerExtraArgs: [{ name: 'disable-admission-plugins', value: 'DefaultStorageClass,PodSecurity' }] } });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/ControlPlane (apiServerExtraArgs[0]): disabling PodSecurity removes the cluster-wide Pod Security default and every namespace\'s Pod Security labels (received "--disable-admission-plugins=DefaultStorageClass,PodSecurity"; expected a list without PodSecurity; loosen Pod Security with ControlPlaneProps.security.admission.podSecurity instead) [control-plane/admission-plugins]',
    ]);
  });
});
