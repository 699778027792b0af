import { KubernetesVersion, REMOVED_APIS, SkewComponent, VERSION_SKEW_RULES } from '../../lib';
import { ETCD_VERSION } from '../../lib/versions/control-plane';
import { KUBEADM_ETCD_VERSIONS } from '../../lib/versions/upgrade';
import { skewViolation } from '../../lib/upgrade/version-skew';
import { SERVED_V1_35 } from './fixtures';

describe('version-skew policy as data', () => {
  test('each component’s allowed distance from kube-apiserver, in minors', () => {
    expect(VERSION_SKEW_RULES.map((r) => [r.component, r.maxNewer, r.maxOlder])).toStrictEqual([
      [SkewComponent.KUBE_APISERVER, 1, 1],
      [SkewComponent.KUBE_CONTROLLER_MANAGER, 0, 1],
      [SkewComponent.KUBE_SCHEDULER, 0, 1],
      [SkewComponent.KUBELET, 0, 3],
      [SkewComponent.KUBE_PROXY, 0, 3],
      [SkewComponent.KUBECTL, 1, 1],
    ]);
  });

  test.each([
    [SkewComponent.KUBELET, 32, 35, false],
    [SkewComponent.KUBELET, 31, 35, true],
    [SkewComponent.KUBELET, 36, 35, true],
    [SkewComponent.KUBE_SCHEDULER, 34, 35, false],
    [SkewComponent.KUBE_SCHEDULER, 33, 35, true],
    [SkewComponent.KUBE_CONTROLLER_MANAGER, 35, 34, true],
    [SkewComponent.KUBECTL, 36, 35, false],
    [SkewComponent.KUBECTL, 33, 35, true],
  ])('%s 1.%i against kube-apiserver 1.%i breaks the policy: %s', (component, minor, apiServer, breaks) => {
    expect(skewViolation(component, minor, apiServer) !== undefined).toBe(breaks);
  });

  test('kubeadm’s etcd per supported minor; the 1.35 entry is the etcd clusterforge pins', () => {
    const minors = Array.from({ length: KubernetesVersion.MAX_SUPPORTED_MINOR - KubernetesVersion.MIN_SUPPORTED_MINOR + 1 }, (_, i) => KubernetesVersion.MIN_SUPPORTED_MINOR + i);
    expect(Object.keys(KUBEADM_ETCD_VERSIONS).map(Number)).toStrictEqual(minors);
    expect(KUBEADM_ETCD_VERSIONS[35].image).toBe(`${ETCD_VERSION.replace(/^v/, '')}-0`);
  });
});

describe('the deprecation guide’s removals agree with the v1.35 OpenAPI documents', () => {
  test('no removed apiVersion and kind is served by v1.35', () => {
    const served = REMOVED_APIS.flatMap((a) => a.kinds.map((k) => `${a.apiVersion}|${k}`)).filter((k) => SERVED_V1_35.kinds.has(k));
    expect(served).toStrictEqual([]);
  });

  test('every replacement that is an apiVersion is served by v1.35 for the kinds it replaces', () => {
    const missing = REMOVED_APIS.filter((a) => /^[a-z0-9.]+\/v\d+$/.test(a.replacement)).flatMap((a) => a.kinds.map((k) => `${a.replacement}|${k}`)).filter((k) => !SERVED_V1_35.kinds.has(k));
    expect(missing).toStrictEqual([]);
  });
});
