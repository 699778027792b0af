import { Cni } from '../../constructs/networking';
import { formatProblem, KubernetesVersion } from '../../lib';
import { refusedWithoutWriting } from '../support/refused';
import { newCluster } from '../support/synth';
import { clusterAt, deployed, planFrom, SERVED_V1_35 } from './fixtures';

const messages = (plan: ReturnType<typeof planFrom>) => plan.refusals.map(formatProblem);

describe('clusterforge plan refusals: the path, the value as written, what is expected, the rule', () => {
  test('downgrade', () => {
    expect(messages(planFrom(clusterAt('v1.34.2'), 'v1.35.1'))).toStrictEqual([
      '[error] test (kubernetesVersion): Kubernetes v1.34.2 is older than the v1.35.1 the cluster runs (--from v1.35.1); kubeadm does not downgrade, restore an etcd snapshot taken at that version instead (received "v1.34.2"; expected v1.35.1 or newer) [upgrade/downgrade]',
    ]);
  });

  test('skipped minor, offering the chained route', () => {
    expect(messages(planFrom(clusterAt('v1.35.7'), 'v1.33.4'))).toStrictEqual([
      '[error] test (kubernetesVersion): kube-apiserver must not skip minor releases (kubernetes/website@01bc0975:content/en/releases/version-skew-policy.md); upgrade through every minor instead: 1.33 → 1.34 → 1.35 (clusterforge plan --chain prints that plan) (received "v1.33.4 → v1.35.7"; expected one minor at a time: 1.33 → 1.34 → 1.35) [upgrade/skipped-minor]',
    ]);
  });

  test('a current version that is not a release', () => {
    expect(messages(planFrom(clusterAt('v1.35.7'), { version: KubernetesVersion.of('latest'), source: '--from latest' }))).toStrictEqual([
      '[error] test: the current version from --from latest is not a Kubernetes release (received "latest"; expected a release such as \'v1.34.2\') [upgrade/from-version]',
    ]);
  });

  test('kubelet newer than the API server it would talk to during a chain', () => {
    const plan = planFrom(clusterAt('v1.35.7', { pool: { kubeletVersion: KubernetesVersion.of('v1.35.7') } }), 'v1.33.4', { chain: true });
    expect(messages(plan)).toStrictEqual([
      '[error] test/NodePools/general (kubeletVersion): the pool\'s kubelet breaks the version-skew policy when the control plane is at 1.34: kubelet 1.35 would be 1 minor newer than kube-apiserver 1.34; the version-skew policy allows 0 (kubelet must not be newer than kube-apiserver, and may be up to three minor versions older) (received "v1.35.7"; expected a kubelet from v1.31 to v1.34 at every step; upgrade the pool with the cluster (remove kubeletVersion) or change it) [upgrade/kubelet-skew]',
    ]);
  });

  test('add-on whose pinned release does not support the target', () => {
    expect(messages(planFrom(clusterAt('v1.34.2', { cni: Cni.cilium() }), 'v1.33.4'))).toStrictEqual([
      '[error] test/Networking: upgrade add-on Cilium first: its pinned release v1.18.9 supports Kubernetes 1.30–1.33 (cilium/cilium@v1.18.14:Documentation/network/kubernetes/compatibility.rst), not 1.34; no release that supports it is recorded in lib/versions; check cilium/cilium@v1.18.14:Documentation/network/kubernetes/compatibility.rst (received "Cilium v1.18.9 on Kubernetes 1.34"; expected a Cilium release that supports Kubernetes 1.34) [upgrade/add-on-support]',
    ]);
  });

  test('objects on removed APIs: every one, with the replacement', () => {
    const objects = [deployed('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'exempt'), deployed('batch/v1beta1', 'CronJob', 'report', 'apps'), deployed('storage.k8s.io/v1alpha1', 'VolumeAttributesClass', 'fast')];
    const plan = planFrom(clusterAt('v1.35.7'), { version: KubernetesVersion.of('v1.34.2'), source: 'dist/test', objects }, { served: SERVED_V1_35 });
    expect(messages(plan)).toStrictEqual([
      '[error] dist/test/manifests/100-apps.yaml: FlowSchema exempt (apiVersion): flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is no longer served since Kubernetes 1.32 (kubernetes/website@main:content/en/docs/reference/using-api/deprecation-guide.md); migrate the object first (received "flowcontrol.apiserver.k8s.io/v1beta3"; expected flowcontrol.apiserver.k8s.io/v1) [upgrade/removed-api]',
      '[error] dist/test/manifests/100-apps.yaml: CronJob apps/report (apiVersion): batch/v1beta1 CronJob is no longer served since Kubernetes 1.25 (kubernetes/website@main:content/en/docs/reference/using-api/deprecation-guide.md); migrate the object first (received "batch/v1beta1"; expected batch/v1) [upgrade/removed-api]',
      '[error] dist/test/manifests/100-apps.yaml: VolumeAttributesClass fast (apiVersion): storage.k8s.io/v1alpha1 VolumeAttributesClass is not served by Kubernetes v1.35 (its OpenAPI documents); it serves storage.k8s.io/v1, storage.k8s.io/v1beta1; migrate the object first (received "storage.k8s.io/v1alpha1"; expected an apiVersion the target release serves) [upgrade/removed-api]',
    ]);
  });
});

describe('node pool upgrade options: refused at synthesis, nothing written', () => {
  test('maxUnavailable below one, or not whole', () => {
    const cluster = newCluster();
    cluster.addNodePool('a', { nodes: [{ name: 'a-1', address: '10.0.0.21' }], maxUnavailable: 0 });
    cluster.addNodePool('b', { nodes: [{ name: 'b-1', address: '10.0.0.22' }], maxUnavailable: 1.5 });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/NodePools/a (maxUnavailable): not a number of nodes an upgrade can take out at once (received 0; expected a whole number of at least 1) [nodes/max-unavailable]',
      '[error] test/NodePools/b (maxUnavailable): not a number of nodes an upgrade can take out at once (received 1.5; expected a whole number of at least 1) [nodes/max-unavailable]',
    ]);
  });

  test('a kubelet pool more than three minors behind the cluster, or newer than it, or not a release', () => {
    const cluster = newCluster({ kubernetesVersion: KubernetesVersion.V1_35 });
    cluster.addNodePool('old', { nodes: [{ name: 'o-1', address: '10.0.0.21' }], kubeletVersion: KubernetesVersion.of('v1.31.4') });
    cluster.addNodePool('new', { nodes: [{ name: 'n-1', address: '10.0.0.22' }], kubeletVersion: KubernetesVersion.of('v1.36.0') });
    cluster.addNodePool('odd', { nodes: [{ name: 'x-1', address: '10.0.0.23' }], kubeletVersion: KubernetesVersion.of('1.34') });
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      '[error] test/NodePools/old (kubeletVersion): kubelet 1.31 would be 4 minors older than kube-apiserver 1.35; the version-skew policy allows 3 (kubelet must not be newer than kube-apiserver, and may be up to three minor versions older) (received "v1.31.4"; expected a kubelet from v1.32 to v1.35 [kubernetes/website@01bc0975:content/en/releases/version-skew-policy.md]) [nodes/kubelet-skew]',
      '[error] test/NodePools/new (kubeletVersion): kubelet 1.36 would be 1 minor newer than kube-apiserver 1.35; the version-skew policy allows 0 (kubelet must not be newer than kube-apiserver, and may be up to three minor versions older) (received "v1.36.0"; expected a kubelet from v1.32 to v1.35 [kubernetes/website@01bc0975:content/en/releases/version-skew-policy.md]) [nodes/kubelet-skew]',
      '[error] test/NodePools/odd (kubeletVersion): not a Kubernetes release (received "1.34"; expected a release such as \'v1.34.4\') [nodes/kubelet-version]',
    ]);
  });
});
