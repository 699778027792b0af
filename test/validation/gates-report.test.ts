import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Cluster, KubeObject, Namespace, PlacedObject, PodSecurityLevel, WaivableCheck, UpstreamDeviation, formatProblem, Waiver, restrictedSecurityContext } from '../../lib';
import { gateCounts, gatesReport } from '../../lib/validation/gates-report';
import { newCluster, synth, synthErrors } from '../support/synth';
import { addDaemonSet, addDeployment, goodContainer, privilegedAgent } from './fixtures';

/** The rows of the Markdown table that follows `header`, as arrays of cell texts. */
function tableAfter(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  if (start < 0) throw new Error(`no table with header ${header}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(2, -2).split(/ (?<!\\)\| /).map((c) => c.trim()));
  }
  return rows;
}

const GATES_HEADER = '| Gate | Rule | Checked | Passed | Waived | Failed |';
const WAIVERS_HEADER = '| Check | Scope | Container | Lifted | Reason |';

/** A cluster that passes every gate, three of them thanks to waivers. */
function platform(): Cluster {
  const cluster = newCluster({}, 'prod');
  const apps = new Namespace(cluster, 'Apps', { name: 'apps' });
  addDeployment(apps, 'Web', 'apps');
  const upstream = addDeployment(apps, 'Upstream', 'apps', [goodContainer('app', { readinessProbe: undefined })]);
  Waiver.add(upstream, WaivableCheck.PROBES, 'upstream | ships\nno probes', { container: 'app' });

  const cni = new Construct(cluster, 'Cni');
  new Namespace(cni, 'Namespace', { name: 'cni', podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
  const agent = privilegedAgent();
  addDaemonSet(cni, 'Agent', 'cni', agent.containers, agent.extra);
  addDaemonSet(cni, 'Proxy', 'kube-system', agent.containers, agent.extra);
  const admin = new k8s.KubeClusterRole(cni, 'Admin', { metadata: { name: 'cni-admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] });
  Waiver.add(admin, WaivableCheck.CLUSTER_ADMIN, 'the operator manages arbitrary resources');

  const helpers = new Namespace(cluster, 'Helpers', { name: 'helpers', podSecurity: { enforce: PodSecurityLevel.PRIVILEGED } });
  Waiver.add(helpers, WaivableCheck.OVER_PRIVILEGED_NAMESPACE, 'helper pods are created here at run time');

  addDeployment(new Construct(cluster, 'Stray'), 'Web', 'elsewhere');
  new k8s.KubeSecret(apps, 'Tls', { metadata: { name: 'tls', namespace: 'apps' }, type: 'kubernetes.io/tls' });
  return cluster;
}

describe('gates report', () => {
  test('one row per gate with checked, passed, waived and failed counts, then the waivers and their reasons', () => {
    // GIVEN a cluster passing every gate, with three waivers and a workload in an undeclared namespace
    const cluster = platform();
    const synthesis = synth(cluster);

    // WHEN
    const report = gatesReport(synthesis.clusterName, synthesis.objects, synthesis.warnings, Waiver.of(cluster));

    // THEN
    expect(report.split('\n')[0]).toBe('# Gates of cluster prod');
    expect(tableAfter(report, GATES_HEADER)).toStrictEqual([
      ['Pod Security', '`pod-security/<check>`', '4', '4', '0', '0'],
      ['Namespace levels', '`pod-security/over-privileged-namespace`', '3', '2', '1', '0'],
      ['CPU and memory requests', '`hygiene/requests`', '5', '5', '0', '0'],
      ['Memory limits', '`hygiene/memory-limit`', '5', '5', '0', '0'],
      ['Pinned images', '`hygiene/image-pinned`', '5', '5', '0', '0'],
      ['Probes', '`hygiene/probes`', '5', '4', '1', '0'],
      ['No cluster-admin ClusterRoles', '`hygiene/cluster-admin`', '1', '0', '1', '0'],
      ['No Secrets in Git', '`secrets/in-git`', '1', '1', '0', '0'],
    ]);
    expect(report).toContain('\nNot checked for Pod Security: 1 workload in namespaces of unknown level (elsewhere).\n');
    expect(tableAfter(report, WAIVERS_HEADER)).toStrictEqual([
      ['`hygiene/probes`', '`prod/Apps/Upstream`', 'app', '1', 'upstream \\| ships no probes'],
      ['`hygiene/cluster-admin`', '`prod/Cni/Admin`', '', '1', 'the operator manages arbitrary resources'],
      ['`pod-security/over-privileged-namespace`', '`prod/Helpers`', '', '1', 'helper pods are created here at run time'],
    ]);
  });

  test('gates.json carries every waiver with its reason and the objects its scope covers, for clusterforge validate', () => {
    // GIVEN a cluster with three waivers: on a Deployment (one container), a ClusterRole and a Namespace
    const cluster = platform();

    // WHEN synthesising it
    const synthesis = synth(cluster);

    // THEN the waivers are listed in declaration order with the identities of the objects they cover
    expect(JSON.parse(synthesis.gatesFile)).toStrictEqual({
      kind: 'ClusterforgeGates',
      version: 1,
      cluster: 'prod',
      waivers: [
        { check: 'hygiene/probes', scope: 'prod/Apps/Upstream', container: 'app', reason: 'upstream | ships\nno probes', objects: ['apps/v1|Deployment|apps|upstream'] },
        { check: 'hygiene/cluster-admin', scope: 'prod/Cni/Admin', reason: 'the operator manages arbitrary resources', objects: ['rbac.authorization.k8s.io/v1|ClusterRole||cni-admin'] },
        { check: 'pod-security/over-privileged-namespace', scope: 'prod/Helpers', reason: 'helper pods are created here at run time', objects: ['v1|Namespace||helpers'] },
      ],
    });
    // AND the same definition gives the same text
    expect(synth(platform()).gatesFile).toBe(synthesis.gatesFile);
  });

  test('a cluster without waivers says so', () => {
    const cluster = newCluster({}, 'bare');
    new Namespace(cluster, 'Apps', { name: 'apps' });
    const synthesis = synth(cluster);
    const report = gatesReport(synthesis.clusterName, synthesis.objects, synthesis.warnings, Waiver.of(cluster));
    expect(report.endsWith('## Waivers\n\nNone.\n\n## Warnings\n\nNone.\n\n## Upstream deviations\n\nNone.\n')).toBe(true);
    expect(report).not.toContain('Not checked');
  });

  test('the warnings of synthesis are listed, grouped by rule and counted as the CLI prints them', () => {
    // GIVEN a valid cluster whose three waivers lift nothing, and a node pool without nodes
    const define = () => {
      const cluster = newCluster({}, 'warned');
      const apps = new Namespace(cluster, 'Apps', { name: 'apps' });
      const web = addDeployment(apps, 'Web', 'apps');
      Waiver.add(web, WaivableCheck.PROBES, 'kept from an older release', { container: 'app' });
      Waiver.add(web, WaivableCheck.REQUESTS, 'kept ```too```');
      Waiver.add(apps, WaivableCheck.IMAGE_PINNED, 'kept as well');
      cluster.addNodePool('Empty', { nodes: [] });
      return cluster;
    };

    // WHEN synthesising it
    const synthesis = synth(define());
    const report = synthesis.gatesReport;

    // THEN the section lists every warning once, the most frequent rule first, each as formatted
    const section = report.slice(report.indexOf('## Warnings\n'), report.indexOf('## Upstream deviations'));
    const unused = synthesis.warnings.filter((w) => w.rule === 'waiver/unused');
    const empty = synthesis.warnings.filter((w) => w.rule === 'nodes/empty-pool');
    expect([unused.length, empty.length, synthesis.warnings.length]).toStrictEqual([3, 1, 4]);
    expect(section).toBe(
      [
        '## Warnings',
        '',
        '4 warnings, grouped by rule as `clusterforge synth` prints them.',
        '',
        '### 3 × `waiver/unused`',
        '',
        '````text',
        ...unused.map(formatProblem),
        '````',
        '',
        '### 1 × `nodes/empty-pool`',
        '',
        '```text',
        formatProblem(empty[0]),
        '```',
        '',
        '',
      ].join('\n'),
    );
    expect(section).toContain('[warning] warned/Apps/Web (hygiene/requests): the waiver of hygiene/requests covers nothing');
    // AND the same definition gives the same report
    expect(synth(define()).gatesReport).toBe(report);
  });

  test('declared upstream deviations are listed per component, with what we do and why', () => {
    // GIVEN deviations of two components, declared on two constructs
    const cluster = newCluster({}, 'deviating');
    const net = new Namespace(cluster, 'Net', { name: 'net' });
    UpstreamDeviation.declare(net, { component: 'zeta v1', item: 'DaemonSet/net/agent pod priorityClassName', ours: 'none', why: 'a | pipe' });
    UpstreamDeviation.declare(net, { component: 'alpha v2', item: 'rbac net/sa cluster core/secrets list', ours: 'not granted', why: 'unused' });
    const synthesis = synth(cluster);

    // WHEN
    const report = synthesis.gatesReport;

    // THEN components are sorted, each with its table
    expect(report.slice(report.indexOf('## Upstream deviations'))).toBe(
      [
        '## Upstream deviations',
        '',
        '### alpha v2',
        '',
        '| Upstream item | Ours | Why |',
        '| --- | --- | --- |',
        '| `rbac net/sa cluster core/secrets list` | not granted | unused |',
        '',
        '### zeta v1',
        '',
        '| Upstream item | Ours | Why |',
        '| --- | --- | --- |',
        '| `DaemonSet/net/agent pod priorityClassName` | none | a \\| pipe |',
        '',
      ].join('\n'),
    );
    // AND the same item cannot be declared twice on one scope
    expect(() =>
      UpstreamDeviation.declare(net, { component: 'alpha v2', item: 'rbac net/sa cluster core/secrets list', ours: 'x', why: 'y' }),
    ).toThrow("upstream deviation 'rbac net/sa cluster core/secrets list' of alpha v2 is already declared on 'deviating/Net'");
  });

  test('failures are counted from the objects, and from the problems for Secrets in Git', () => {
    // GIVEN a failing definition: a privileged pod in a restricted namespace, a container without probes, a Secret with data
    const cluster = newCluster({}, 'broken');
    const apps = new Namespace(cluster, 'Apps', { name: 'apps' });
    addDeployment(apps, 'Root', 'apps', [goodContainer('app', { securityContext: restrictedSecurityContext({ privileged: true }) })]);
    addDeployment(apps, 'Quiet', 'apps', [goodContainer('app', { readinessProbe: undefined })]);
    new k8s.KubeSecret(apps, 'Password', { metadata: { name: 'password', namespace: 'apps' }, stringData: { password: 'hunter2' } });
    const problems = synthErrors(cluster);
    const objects: PlacedObject[] = cluster.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((c) => ({ manifest: c.toJson() as KubeObject, group: 'Apps', sourcePath: c.node.path }));

    // WHEN
    const counts = gateCounts(objects, problems, Waiver.of(cluster));

    // THEN
    expect(counts.map((c) => [c.gate, c.checked, c.passed, c.waived, c.failed])).toStrictEqual([
      ['Pod Security', 2, 1, 0, 1],
      ['Namespace levels', 1, 1, 0, 0],
      ['CPU and memory requests', 2, 2, 0, 0],
      ['Memory limits', 2, 2, 0, 0],
      ['Pinned images', 2, 2, 0, 0],
      ['Probes', 2, 1, 0, 1],
      ['No cluster-admin ClusterRoles', 0, 0, 0, 0],
      ['No Secrets in Git', 1, 0, 0, 1],
    ]);
  });
});
