import { Construct } from 'constructs';
import { Namespace, PodSecurityLevel, Severity } from '../../lib';
import { evaluatePodSecurity, podTemplateOf } from '../../lib/validation/pod-security';
import { assessPodSecurity, valueAt } from '../../lib/validation/rules/pod-security-levels';
import { manifests, newCluster, synth, synthWarnings } from '../support/synth';
import { addDaemonSet, addDeployment, baselineContainers, privilegedAgent } from './fixtures';

describe('Pod Security gate', () => {
  test('a restricted-compatible workload passes in a restricted namespace', () => {
    // GIVEN a restricted namespace with a hardened Deployment
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    addDeployment(ns, 'Web', 'apps');

    // WHEN
    const synthesis = synth(cluster);

    // THEN it synthesises without problems, and its pods pass restricted
    expect(synthesis.warnings).toStrictEqual([]);
    const deployment = manifests(synthesis).find((o) => o.kind === 'Deployment')!;
    const template = podTemplateOf(deployment)!;
    expect(evaluatePodSecurity(template, PodSecurityLevel.RESTRICTED)).toStrictEqual([]);
  });

  test('kube-system, left unlabelled by kubeadm, is treated as privileged', () => {
    // GIVEN a node agent needing privileged, in the undeclared kube-system namespace
    const cluster = newCluster();
    const agent = privilegedAgent();
    addDaemonSet(new Construct(cluster, 'Agents'), 'Agent', 'kube-system', agent.containers, agent.extra);

    // WHEN
    const synthesis = synth(cluster);

    // THEN no error and no unknown-namespace warning
    expect(synthesis.warnings).toStrictEqual([]);
    expect(assessPodSecurity(synthesis.objects).workloads.map((w) => [w.workload.namespace, w.level, w.needs])).toStrictEqual([
      ['kube-system', PodSecurityLevel.PRIVILEGED, PodSecurityLevel.PRIVILEGED],
    ]);
  });

  test('privileged and baseline namespaces pass when a workload needs their level', () => {
    // GIVEN a privileged namespace with a node agent beside a hardened controller,
    // and a baseline namespace with a workload that escalates privileges
    const cluster = newCluster();
    const cni = new Namespace(cluster, 'Cni', { name: 'cni', podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
    const agent = privilegedAgent();
    addDaemonSet(cni, 'Agent', 'cni', agent.containers, agent.extra);
    addDeployment(cni, 'Controller', 'cni');
    const legacy = new Namespace(cluster, 'Legacy', { name: 'legacy', podSecurity: { enforce: PodSecurityLevel.BASELINE } });
    addDeployment(legacy, 'App', 'legacy', baselineContainers());

    // WHEN
    const synthesis = synth(cluster);

    // THEN
    expect(synthesis.warnings).toStrictEqual([]);
    expect(assessPodSecurity(synthesis.objects).namespaces.map((ns) => [ns.name, ns.level, ns.needs])).toStrictEqual([
      ['cni', PodSecurityLevel.PRIVILEGED, PodSecurityLevel.PRIVILEGED],
      ['legacy', PodSecurityLevel.BASELINE, PodSecurityLevel.BASELINE],
    ]);
  });

  test('a restricted namespace without workloads is fine', () => {
    // GIVEN
    const cluster = newCluster();
    new Namespace(cluster, 'Apps', { name: 'apps' });

    // THEN
    expect(synthWarnings(cluster)).toStrictEqual([]);
  });

  test('a workload in a namespace the cluster does not declare is a warning: its level is unknown', () => {
    // GIVEN a Deployment in the namespace "elsewhere", which no Namespace construct declares
    const cluster = newCluster();
    addDeployment(new Construct(cluster, 'Stray'), 'Web', 'elsewhere');

    // WHEN
    const warnings = synthWarnings(cluster);

    // THEN
    expect(warnings).toStrictEqual([
      {
        severity: Severity.WARNING,
        path: 'test/Stray/Web',
        rule: 'pod-security/unknown-namespace',
        field: 'metadata.namespace',
        message:
          'Deployment elsewhere/web runs in namespace "elsewhere", which the cluster does not declare; its Pod Security level is unknown, so its pods were not checked',
        received: 'elsewhere',
        expected: 'a Namespace construct named "elsewhere" in the cluster, so that its enforce level is known',
      },
    ]);
  });

  test('field paths resolve list items by name or index and map keys with dots', () => {
    const object = {
      spec: {
        containers: [{ name: 'a', ports: [{ hostPort: 80 }] }, { ports: [] }],
        securityContext: { sysctls: [{ name: 'net.ipv4.ip_forward', value: '1' }] },
      },
      metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' } },
    };
    expect(valueAt(object, 'spec.containers[a].ports[0].hostPort')).toBe(80);
    expect(valueAt(object, 'spec.containers[1].ports')).toStrictEqual([]);
    expect(valueAt(object, 'spec.securityContext.sysctls[net.ipv4.ip_forward].value')).toBe('1');
    expect(valueAt(object, 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/a]')).toBe('unconfined');
    expect(valueAt(object, 'spec.containers[missing].image')).toBeUndefined();
    expect(valueAt(null, 'spec.hostNetwork')).toBeUndefined();
  });

  test('odd objects are judged without throwing', () => {
    // GIVEN objects without spec, with a non-array container list, and an unnamed container
    const odd = [
      { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'a', namespace: 'x' } },
      { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'b', namespace: 'x' }, spec: { template: { spec: { containers: 'nope' } } } },
      { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'c' }, spec: { containers: [{ securityContext: { privileged: true } }] } },
      { kind: 'Deployment', apiVersion: 'example.com/v1', metadata: { name: 'd' }, spec: { template: { spec: {} } } },
    ].map((manifest, i) => ({ manifest, group: 'g', sourcePath: `p/${i}` }));

    // WHEN
    const assessment = assessPodSecurity(odd);

    // THEN custom resources are not workloads; a bare Pod lands in "default"
    expect(assessment.workloads.map((w) => [w.workload.object.sourcePath, w.workload.namespace, w.level, w.needs])).toStrictEqual([
      ['p/1', 'x', undefined, PodSecurityLevel.RESTRICTED],
      ['p/2', 'default', undefined, PodSecurityLevel.PRIVILEGED],
    ]);
  });
});
