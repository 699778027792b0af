import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Namespace, PodSecurityLevel, Severity, restrictedSecurityContext } from '../../lib';
import { newCluster, synthErrors } from '../support/synth';
import { addDaemonSet, addDeployment, baselineContainers, goodContainer, privilegedAgent, restrictedPodSpec } from './fixtures';

const ENFORCE = 'metadata.labels[pod-security.kubernetes.io/enforce]';
const WHY_LOOSER = 'a level looser than its workloads need lets any pod later created there run with privileges nothing in the model needs';
const OR_WAIVE = 'Waiver.add(scope, WaivableCheck.OVER_PRIVILEGED_NAMESPACE, reason) naming the pods created at run time that need it';

describe('Pod Security gate errors', () => {
  test('a privileged container in a restricted namespace fails, naming the check, the field, the object and the level', () => {
    // GIVEN a restricted namespace with a DaemonSet that is hardened except for privileged: true
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Apps', { name: 'apps' });
    addDaemonSet(ns, 'Agent', 'apps', [goodContainer('agent', { securityContext: restrictedSecurityContext({ privileged: true }) })]);

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Apps/Agent',
        rule: 'pod-security/privileged',
        field: 'spec.template.spec.containers[agent].securityContext.privileged',
        message:
          'DaemonSet apps/agent fails the privileged check of Pod Security "restricted", which namespace "apps" enforces, ' +
          'so the API server would reject its pods: container "agent" must not set securityContext.privileged=true; allowed: false or unset',
        received: true,
        expected: 'false or unset (Pod Security "restricted")',
      },
    ]);
  });

  test('every violation of a workload is reported, with fields under the CronJob and Pod template prefixes', () => {
    // GIVEN a CronJob whose pods lack every restricted setting, and a bare Pod on the host network
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Batch', { name: 'batch' });
    new k8s.KubeCronJob(ns, 'Report', {
      metadata: { name: 'report', namespace: 'batch' },
      spec: {
        schedule: '0 * * * *',
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [goodContainer('report', { securityContext: {} })] } } } },
      },
    });
    new k8s.KubePod(ns, 'Debug', {
      metadata: { name: 'debug', namespace: 'batch' },
      spec: restrictedPodSpec([goodContainer('debug')], { hostNetwork: true }),
    });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    const prefix = 'spec.jobTemplate.spec.template.spec.containers[report].securityContext';
    expect(errors.map((e) => [e.path, e.rule, e.field, e.received, e.expected])).toStrictEqual([
      [
        'test/Batch/Report',
        'pod-security/allowPrivilegeEscalation',
        `${prefix}.allowPrivilegeEscalation`,
        undefined,
        'securityContext.allowPrivilegeEscalation=false (Pod Security "restricted")',
      ],
      ['test/Batch/Report', 'pod-security/runAsNonRoot', `${prefix}.runAsNonRoot`, undefined, 'securityContext.runAsNonRoot=true (Pod Security "restricted")'],
      [
        'test/Batch/Report',
        'pod-security/seccompProfile_restricted',
        `${prefix}.seccompProfile.type`,
        undefined,
        'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" (Pod Security "restricted")',
      ],
      [
        'test/Batch/Report',
        'pod-security/capabilities_restricted',
        `${prefix}.capabilities.drop`,
        undefined,
        'securityContext.capabilities.drop=["ALL"] (Pod Security "restricted")',
      ],
      ['test/Batch/Debug', 'pod-security/hostNamespaces', 'spec.hostNetwork', true, 'false or unset (Pod Security "restricted")'],
    ]);
    // an unset field is left out of the problem, not reported as received undefined
    expect('received' in errors[0]).toBe(false);
  });

  test('a baseline namespace rejects what only privileged allows', () => {
    // GIVEN a node agent (host network, privileged container) in a baseline namespace
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Agents', { name: 'agents', podSecurity: { enforce: PodSecurityLevel.BASELINE } });
    const agent = privilegedAgent();
    addDaemonSet(ns, 'Agent', 'agents', agent.containers, agent.extra);

    // WHEN
    const errors = synthErrors(cluster);

    // THEN only the baseline checks fail, and the level named is the namespace's
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([
      ['pod-security/hostNamespaces', 'spec.template.spec.hostNetwork'],
      ['pod-security/privileged', 'spec.template.spec.containers[agent].securityContext.privileged'],
    ]);
    expect(errors[0].message).toBe(
      'DaemonSet agents/agent fails the hostNamespaces check of Pod Security "baseline", which namespace "agents" enforces, ' +
        'so the API server would reject its pods: hostNetwork=true shares a host namespace with the pod; allowed: false or unset',
    );
  });

  test('a privileged namespace whose workloads only need baseline is an error suggesting baseline', () => {
    // GIVEN a privileged namespace with one baseline-only and one restricted workload
    const cluster = newCluster();
    const ns = new Namespace(cluster, 'Tools', { name: 'tools', podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
    addDeployment(ns, 'Escalating', 'tools', baselineContainers());
    addDeployment(ns, 'Hardened', 'tools');

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Tools/Resource',
        rule: 'pod-security/over-privileged-namespace',
        field: ENFORCE,
        message: `namespace "tools" is labelled privileged but none of its workloads needs more than baseline; ${WHY_LOOSER}`,
        received: 'privileged',
        expected: `enforce: baseline (the loosest level its workloads need), or ${OR_WAIVE}`,
      },
    ]);
  });

  test('privileged or baseline namespaces whose workloads all pass restricted are errors suggesting restricted', () => {
    // GIVEN a privileged and a baseline namespace, each with a restricted-compatible workload only
    const cluster = newCluster();
    const privileged = new Namespace(cluster, 'Privileged', { name: 'wide-open', podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
    addDeployment(privileged, 'Web', 'wide-open');
    const baseline = new Namespace(cluster, 'Baseline', { name: 'half-open', podSecurity: { enforce: PodSecurityLevel.BASELINE } });
    addDeployment(baseline, 'Web', 'half-open');

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors.map((e) => [e.path, e.rule, e.message, e.received, e.expected])).toStrictEqual([
      [
        'test/Privileged/Resource',
        'pod-security/over-privileged-namespace',
        `namespace "wide-open" is labelled privileged but none of its workloads needs more than restricted; ${WHY_LOOSER}`,
        'privileged',
        `enforce: restricted (the loosest level its workloads need), or ${OR_WAIVE}`,
      ],
      [
        'test/Baseline/Resource',
        'pod-security/over-privileged-namespace',
        `namespace "half-open" is labelled baseline but none of its workloads needs more than restricted; ${WHY_LOOSER}`,
        'baseline',
        `enforce: restricted (the loosest level its workloads need), or ${OR_WAIVE}`,
      ],
    ]);
  });

  test('a privileged namespace without workloads is an error: nothing justifies it', () => {
    // GIVEN
    const cluster = newCluster();
    new Namespace(cluster, 'Empty', { name: 'empty', podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Empty/Resource',
        rule: 'pod-security/over-privileged-namespace',
        field: ENFORCE,
        message: `namespace "empty" is labelled privileged but has no workloads, so nothing justifies it; ${WHY_LOOSER}`,
        received: 'privileged',
        expected: `enforce: restricted, or ${OR_WAIVE}`,
      },
    ]);
  });

  test('a Namespace object without an enforce label is held to what the API server enforces then: privileged', () => {
    // GIVEN a raw, unlabelled Namespace with a restricted-compatible workload
    const cluster = newCluster();
    const scope = new Construct(cluster, 'Raw');
    new k8s.KubeNamespace(scope, 'Namespace', { metadata: { name: 'raw' } });
    addDeployment(scope, 'Web', 'raw');

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors.map((e) => [e.path, e.rule, e.message, e.received])).toStrictEqual([
      [
        'test/Raw/Namespace',
        'pod-security/over-privileged-namespace',
        'namespace "raw" has no pod-security.kubernetes.io/enforce label (so the API server enforces privileged) but none of its ' +
          `workloads needs more than restricted; ${WHY_LOOSER}`,
        'privileged',
      ],
    ]);
  });

  test('an enforce label that is not a level is an error, and the workloads there are left unchecked', () => {
    // GIVEN a Namespace object labelled with a made-up level, holding a privileged agent
    const cluster = newCluster();
    const scope = new Construct(cluster, 'Odd');
    new ApiObject(scope, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'odd', labels: { 'pod-security.kubernetes.io/enforce': 'strict' } },
    });
    const agent = privilegedAgent();
    addDaemonSet(scope, 'Agent', 'odd', agent.containers, agent.extra);

    // WHEN
    const errors = synthErrors(cluster);

    // THEN
    expect(errors).toStrictEqual([
      {
        severity: Severity.ERROR,
        path: 'test/Odd/Namespace',
        rule: 'pod-security/namespace-level',
        field: ENFORCE,
        message:
          'namespace "odd" has an enforce label that is not a Pod Security level; the API server rejects it, and its workloads were not checked',
        received: 'strict',
        expected: '"restricted", "baseline", "privileged"',
      },
    ]);
  });
});
