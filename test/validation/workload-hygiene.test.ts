import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Namespace } from '../../lib';
import { imagePinningProblem } from '../../lib/validation/rules/workload-hygiene';
import { newCluster, synth } from '../support/synth';
import { addDaemonSet, addDeployment, goodContainer, restrictedPodSpec } from './fixtures';

describe('workload hygiene gate', () => {
  test('containers with requests, a memory limit, a pinned image and a probe pass; init containers need no probe', () => {
    // GIVEN a Deployment with an init container (no probe) and a container with only a liveness probe,
    // and a DaemonSet whose container has only a readiness probe
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    const { readinessProbe, ...withoutProbe } = goodContainer('setup');
    addDeployment(ns, 'Web', 'apps', [goodContainer('web', { readinessProbe: undefined, livenessProbe: readinessProbe })], {
      initContainers: [withoutProbe],
    });
    addDaemonSet(ns, 'Agent', 'apps', [goodContainer('agent')]);

    // WHEN
    const synthesis = synth(cluster);

    // THEN
    expect(synthesis.warnings).toStrictEqual([]);
  });

  test('Jobs and bare Pods run to completion: their containers need no probes', () => {
    // GIVEN a Job and a Pod whose containers have no probe
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Batch', { name: 'batch' });
    const noProbe = goodContainer('task', { readinessProbe: undefined });
    new k8s.KubeJob(ns, 'Migrate', {
      metadata: { name: 'migrate', namespace: 'batch' },
      spec: { template: { spec: restrictedPodSpec([noProbe], { restartPolicy: 'Never' }) } },
    });
    new k8s.KubePod(ns, 'Once', { metadata: { name: 'once', namespace: 'batch' }, spec: restrictedPodSpec([noProbe], { restartPolicy: 'Never' }) });

    // THEN
    expect(synth(cluster).warnings).toStrictEqual([]);
  });

  test('ClusterRoles granting all verbs on some resources, or some verbs on all resources, pass', () => {
    // GIVEN
    const cluster = newCluster();
    const rbac = new Construct(cluster, 'Rbac');
    new k8s.KubeClusterRole(rbac, 'Pods', {
      metadata: { name: 'pod-admin' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }],
    });
    new k8s.KubeClusterRole(rbac, 'Reader', {
      metadata: { name: 'reader' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }, { nonResourceUrLs: ['*'], verbs: ['*'] }],
    });

    // THEN
    expect(synth(cluster).warnings).toStrictEqual([]);
  });

  test.each([
    ['registry.k8s.io/pause:3.10', undefined],
    ['docker.io/flannel/flannel:v0.27.4', undefined],
    ['registry:5000/team/app:1.2.3', undefined],
    ['app@sha256:' + 'a'.repeat(64), undefined],
    ['registry:5000/app:latest@sha256:' + '0'.repeat(64), undefined],
    ['nginx', 'has no tag, so the runtime pulls "latest"'],
    ['registry:5000/team/app', 'has no tag, so the runtime pulls "latest"'],
    ['nginx:latest', 'uses the tag "latest"'],
    ['registry:5000/app:latest', 'uses the tag "latest"'],
    ['nginx:', 'has a malformed tag ""'],
    ['app@sha256:abc', 'has a malformed digest "sha256:abc"'],
    ['', 'has no image'],
    [undefined, 'has no image'],
  ])('image %p: %p', (image, problem) => {
    expect(imagePinningProblem(image)).toBe(problem);
  });
});
