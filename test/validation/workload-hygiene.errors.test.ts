import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Namespace, Severity } from '../../lib';
import { newCluster, synthErrors } from '../support/synth';
import { addDaemonSet, addDeployment, goodContainer } from './fixtures';

const REQUESTS_EXPECTED =
  'resources.requests.cpu and resources.requests.memory, e.g. containerResources({ cpuRequest, memoryRequest, memoryLimit })';
const IMAGE_EXPECTED = 'a version tag or a digest, e.g. "registry.k8s.io/pause:3.10" or "repository@sha256:<64 hex digits>", from lib/versions';
const IMAGE_WHY = 'a moving image changes what runs without any change in Git, and nodes drift apart';

describe('workload hygiene gate errors', () => {
  test('a container or init container without CPU or memory requests is an error', () => {
    // GIVEN a Deployment whose container has no requests at all and whose init container lacks the CPU request
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    addDeployment(ns, 'Web', 'apps', [goodContainer('web', { resources: { limits: { memory: k8s.Quantity.fromString('64Mi') } } })], {
      initContainers: [
        goodContainer('setup', {
          readinessProbe: undefined,
          resources: {
            requests: { memory: k8s.Quantity.fromString('16Mi') },
            limits: { memory: k8s.Quantity.fromString('16Mi') },
          },
        }),
      ],
    });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Web',
        rule: 'hygiene/requests',
        field: 'spec.template.spec.initContainers[setup].resources.requests',
        message:
          'init container "setup" of Deployment apps/web has no cpu request; without requests the scheduler places it blind ' +
          'and the kubelet evicts it first under node pressure',
        received: { memory: '16Mi' },
        expected: REQUESTS_EXPECTED,
      },
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Web',
        rule: 'hygiene/requests',
        field: 'spec.template.spec.containers[web].resources.requests',
        message:
          'container "web" of Deployment apps/web has no cpu or memory request; without requests the scheduler places it blind ' +
          'and the kubelet evicts it first under node pressure',
        expected: REQUESTS_EXPECTED,
      },
    ]);
  });

  test('a container without a memory limit is an error', () => {
    // GIVEN a container with requests and a CPU limit only
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    const resources: k8s.ResourceRequirements = {
      requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') },
      limits: { cpu: k8s.Quantity.fromString('1') },
    };
    addDeployment(ns, 'Web', 'apps', [goodContainer('web', { resources })]);

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Web',
        rule: 'hygiene/memory-limit',
        field: 'spec.template.spec.containers[web].resources.limits.memory',
        message:
          'container "web" of Deployment apps/web has no memory limit; memory cannot be throttled, so a leak in it exhausts the node and gets its neighbours killed',
        received: { cpu: '1' },
        expected: 'resources.limits.memory, e.g. "128Mi"',
      },
    ]);
  });

  test('images referenced by latest or by no tag are errors, registry ports included', () => {
    // GIVEN containers using "latest", no tag behind a registry port, and a pinned image
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    addDeployment(ns, 'Web', 'apps', [
      goodContainer('latest', { image: 'nginx:latest' }),
      goodContainer('untagged', { image: 'registry:5000/team/app' }),
      goodContainer('pinned', { image: 'registry:5000/team/app:2.0' }),
    ]);

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Web',
        rule: 'hygiene/image-pinned',
        field: 'spec.template.spec.containers[latest].image',
        message: `container "latest" of Deployment apps/web uses the tag "latest"; ${IMAGE_WHY}`,
        received: 'nginx:latest',
        expected: IMAGE_EXPECTED,
      },
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Web',
        rule: 'hygiene/image-pinned',
        field: 'spec.template.spec.containers[untagged].image',
        message: `container "untagged" of Deployment apps/web has no tag, so the runtime pulls "latest"; ${IMAGE_WHY}`,
        received: 'registry:5000/team/app',
        expected: IMAGE_EXPECTED,
      },
    ]);
  });

  test('a long-running container with neither a liveness nor a readiness probe is an error; a startup probe is not enough', () => {
    // GIVEN a DaemonSet container with no probe and a StatefulSet container with only a startup probe
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    addDaemonSet(ns, 'Agent', 'apps', [goodContainer('agent', { readinessProbe: undefined })]);
    new k8s.KubeStatefulSet(ns, 'Db', {
      metadata: { name: 'db', namespace: 'apps' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: {
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              goodContainer('db', {
                readinessProbe: undefined,
                startupProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(5432) } },
              }),
            ],
          },
        },
      },
    });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    const expected =
      'a livenessProbe and/or readinessProbe as upstream defines them, or Waiver.add(scope, WaivableCheck.PROBES, reason) when upstream ships none';
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Agent',
        rule: 'hygiene/probes',
        field: 'spec.template.spec.containers[agent]',
        message:
          'container "agent" of DaemonSet apps/agent has neither a liveness nor a readiness probe; Kubernetes can then neither restart it ' +
          'when it hangs nor hold traffic and rollouts while it is not ready',
        expected,
      },
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Db',
        rule: 'hygiene/probes',
        field: 'spec.template.spec.containers[db]',
        message:
          'container "db" of StatefulSet apps/db has neither a liveness nor a readiness probe; Kubernetes can then neither restart it ' +
          'when it hangs nor hold traffic and rollouts while it is not ready',
        expected,
      },
    ]);
  });

  test('a ClusterRole granting every verb on every resource, in any API group, is an error', () => {
    // GIVEN a ClusterRole with a wildcard rule in the core group
    const cluster = newCluster();
    const rbac = new Construct(cluster, 'Rbac');
    const everything = { apiGroups: [''], resources: ['*'], verbs: ['*'] };
    new k8s.KubeClusterRole(rbac, 'Everything', {
      metadata: { name: 'everything' },
      rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }, everything],
    });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Rbac/Everything',
        rule: 'hygiene/cluster-admin',
        field: 'rules[1]',
        message:
          'ClusterRole everything grants every verb on every resource, as cluster-admin does; whoever is bound to it controls the whole cluster, Secrets included',
        received: everything,
        expected:
          'the verbs and resources the component needs, or Waiver.add(scope, WaivableCheck.CLUSTER_ADMIN, reason) for a deliberate cluster-admin grant',
      },
    ]);
  });
});
