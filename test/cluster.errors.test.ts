import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AddOnKey, Cluster, ClusterValidationError, formatProblem, KubernetesVersion, Namespace, synthesizeToDirectory } from '../lib';
import { newCluster, synthErrors, synthWarnings } from './support/synth';
import { refusedWithoutWriting } from './support/refused';
import { TestAddOn } from './support/test-add-on';

describe('cluster validation errors', () => {
  test('a construct in a plain cdk8s Chart is not inside a Cluster, though Chart answers instanceof for every Chart', () => {
    // GIVEN a construct in a plain Chart, and one in a Cluster inside a plain Chart
    const chart = new Chart(new App(), 'plain');
    const outside = new Construct(chart, 'Ns');
    const cluster = new Cluster(new Chart(new App(), 'outer'), 'inner');
    const inside = new Construct(cluster, 'Ns');
    // THEN only the Cluster is one, and each construct finds the cluster it is really in
    expect([chart instanceof Cluster, cluster instanceof Cluster, Cluster.isCluster(chart), Cluster.isCluster(cluster)]).toStrictEqual([false, true, false, true]);
    expect(() => Cluster.of(outside)).toThrow(`'plain/Ns' is not inside a clusterforge Cluster`);
    expect(Cluster.of(inside)).toBe(cluster);
    // AND a subclass answers for its own instances only
    class EdgeCluster extends Cluster {}
    const edge = new EdgeCluster(new App(), 'edge');
    expect([edge instanceof EdgeCluster, edge instanceof Cluster, cluster instanceof EdgeCluster]).toStrictEqual([true, true, false]);
  });

  test('an invalid name and overlapping subnets are reported together, and dist/ is left untouched', () => {
    // GIVEN a previous good synthesis in an output folder
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-errors-'));
    synthesizeToDirectory(newCluster({ name: 'good' }), outdir);
    const before = fs.readdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'marker'), 'previous output');

    // AND a cluster with an invalid name and a pod subnet inside the service subnet
    const cluster = newCluster({
      name: 'Bad_Name',
      networking: { podSubnet: '10.96.0.0/16', serviceSubnet: '10.96.0.0/12' },
    });

    // WHEN synthesising it to the same folder
    let error: unknown;
    try {
      synthesizeToDirectory(cluster, outdir);
    } catch (e) {
      error = e;
    }

    // THEN one ClusterValidationError lists both problems with path, value and expectation
    expect(error).toBeInstanceOf(ClusterValidationError);
    const e = error as ClusterValidationError;
    expect(e.errors.map((p) => p.rule)).toStrictEqual(['names/dns1123-label', 'network/cidr-overlap']);
    expect(e.message).toContain("Cluster 'test' has 2 validation errors; nothing was synthesised:");
    expect(e.message).toContain(
      '[error] test (name): cluster name is not a valid DNS-1123 label (received "Bad_Name"; expected a DNS-1123 label',
    );
    expect(e.message).toContain(
      '[error] test (networking.serviceSubnet): networking.serviceSubnet overlaps networking.podSubnet; pod, service and node networks must be disjoint or routing breaks (received {"networking.podSubnet":"10.96.0.0/16","networking.serviceSubnet":"10.96.0.0/12"}; expected non-overlapping CIDR blocks) [network/cidr-overlap]',
    );

    // AND nothing was written
    expect(fs.readdirSync(outdir).sort()).toStrictEqual([...before, 'marker'].sort());
    expect(fs.existsSync(path.join(outdir, 'Bad_Name'))).toBe(false);
  });

  test('without a name, a CDK-style id gives a DNS-1123 cluster name, and synthesis says so', () => {
    const cluster = new Cluster(new App(), 'MyCluster_Prod');
    expect(cluster.clusterName).toBe('my-cluster-prod');
    expect(synthWarnings(cluster).map(formatProblem)).toStrictEqual([
      "[warning] MyCluster_Prod (name): no name is given and the construct id is not a DNS-1123 label, so the cluster is named 'my-cluster-prod' (kubeadm's clusterName and dist/my-cluster-prod/) (received \"MyCluster_Prod\"; expected name: 'my-cluster-prod' to make it explicit, or another DNS-1123 label) [names/derived-cluster-name]",
    ]);
  });

  test('an id with nothing to derive a name from is refused, and nothing is written', () => {
    expect(refusedWithoutWriting(new Cluster(new App(), '___'))).toStrictEqual([
      '[error] ___ (name): no name is given and the construct id holds no letter or digit to derive one from (received "___"; expected name: a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit) [names/dns1123-label]',
    ]);
  });

  test('CIDR syntax errors name the field, the value and the reason', () => {
    const errors = synthErrors(newCluster({ networking: { podSubnet: '10.244.0.1/16', serviceSubnet: 'ten' } }));
    expect(errors.map((e) => [e.field, e.message, e.received])).toStrictEqual([
      ['networking.podSubnet', 'not a valid CIDR: host bits are set; the network address is 10.244.0.0/16', '10.244.0.1/16'],
      ['networking.serviceSubnet', 'not a valid CIDR: missing /prefix-length', 'ten'],
    ]);
  });

  test('pod and node networks may not overlap', () => {
    const errors = synthErrors(newCluster({ networking: { podSubnet: '192.168.0.0/16', nodeSubnets: ['192.168.1.0/24'] } }));
    expect(errors.map((e) => [e.rule, e.field])).toStrictEqual([['network/cidr-overlap', 'networking.nodeSubnets[0]']]);
  });

  test('mismatched IP families between pod and service networks', () => {
    const errors = synthErrors(newCluster({ networking: { podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: '10.96.0.0/12' } }));
    expect(errors.map((e) => e.rule)).toStrictEqual(['network/dual-stack']);
    expect(errors[0].expected).toBe('the same families in both: IPv4, IPv6, or both for dual-stack');
  });

  test.each([
    ['v1.30.0', 'versions/supported-range', 'Kubernetes version is outside the range clusterforge supports'],
    ['v2.0.0', 'versions/supported-range', 'Kubernetes version is outside the range clusterforge supports'],
    ['1.35', 'versions/syntax', 'Kubernetes version is not a release version'],
    ['latest', 'versions/syntax', 'Kubernetes version is not a release version'],
  ])('version %s is refused', (version, rule, message) => {
    const errors = synthErrors(newCluster({ kubernetesVersion: KubernetesVersion.of(version) }));
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message, e.received, e.expected])).toStrictEqual([
      [rule, 'test', 'kubernetesVersion', message, version, 'a Kubernetes release from v1.33.0 to v1.35.x, written vMAJOR.MINOR.PATCH'],
    ]);
  });

  test('a missing add-on dependency names the add-on and what is missing', () => {
    const cluster = newCluster();
    const cni = new AddOnKey('cni');
    new TestAddOn(cluster, 'Monitoring', { key: new AddOnKey('monitoring'), dependencies: [cni] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.message])).toStrictEqual([
      ['add-ons/missing-dependency', 'test/Monitoring', "add-on 'monitoring' needs the 'cni' add-on, which the cluster does not have"],
    ]);
  });

  test('a dependency cycle is reported once, with its path', () => {
    const cluster = newCluster();
    const a = new AddOnKey('a');
    const b = new AddOnKey('b');
    const c = new AddOnKey('c');
    new TestAddOn(cluster, 'A', { key: a, dependencies: [c] });
    new TestAddOn(cluster, 'B', { key: b, dependencies: [a] });
    new TestAddOn(cluster, 'C', { key: c, dependencies: [b] });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.message])).toStrictEqual([
      ['add-ons/dependency-cycle', 'add-on dependencies form a cycle: a -> c -> b -> a'],
    ]);
  });

  test('two objects with the same identity', () => {
    const cluster = newCluster();
    new k8s.KubeConfigMap(cluster, 'One', { metadata: { name: 'settings', namespace: 'default' } });
    new k8s.KubeConfigMap(cluster, 'Two', { metadata: { name: 'settings', namespace: 'default' } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.message])).toStrictEqual([
      [
        'objects/duplicate-identity',
        'test/Two',
        "ConfigMap default/settings (v1) is also defined by 'test/One'; one would silently overwrite the other",
      ],
    ]);
  });

  test('a Secret with values is refused because the output goes to Git', () => {
    const cluster = newCluster();
    new k8s.KubeSecret(cluster, 'Creds', { metadata: { name: 'creds', namespace: 'default' }, stringData: { password: 'hunter2' } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.received])).toStrictEqual([['secrets/in-git', ['stringData']]]);
    expect(errors[0].message).not.toContain('hunter2');
  });

  test('a namespace with an invalid name and a bad Pod Security version', () => {
    const cluster = newCluster();
    new Namespace(cluster, 'Apps', { podSecurity: { version: '1.35' }, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } });
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path, e.received])).toStrictEqual([
      ['names/dns1123-label', 'test/Apps', 'Apps'],
      ['pod-security/version', 'test/Apps', '1.35'],
      ['pod-security/labels', 'test/Apps', ['pod-security.kubernetes.io/enforce']],
    ]);
  });

  test('a duplicate add-on key is a located problem, and the second add-on renders nothing', () => {
    const cluster = newCluster();
    const key = new AddOnKey('cni');
    new TestAddOn(cluster, 'Flannel', { key });
    new TestAddOn(cluster, 'Calico', { key });
    expect(cluster.node.tryFindChild('Calico')).toBeUndefined();
    expect(synthErrors(cluster).map((e) => [e.rule, e.path, e.field, e.message])).toStrictEqual([
      ['add-ons/duplicate-key', 'test', 'Calico', "a second 'cni' add-on: test/Flannel fills that slot already, and a cluster has one add-on per key"],
    ]);
  });
});

describe('render failures', () => {
  test('an object cdk8s cannot render is a located error, not a raw exception', () => {
    // GIVEN a ConfigMap key named constructor, which cdk8s reads as the object's type
    const cluster = newCluster();
    new ApiObject(cluster, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' }, data: { constructor: 'x' } } as never);

    // THEN
    const errors = synthErrors(cluster);
    expect(errors.map((e) => [e.rule, e.path])).toStrictEqual([['synth/render', 'test/cm']]);
    expect(errors[0].message).toContain('the object cannot be rendered');
  });
});
