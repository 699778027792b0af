import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { ClusterNetwork, Cni, Provisioner } from '../../constructs';
import { Cluster, EndpointLoadBalancer, PodSecurityLevel, Subject, synthesizeToDirectory } from '../../lib';

// The README's definition, with its package imports mapped to the repository; if this
// stops compiling or synthesising, the README is wrong.
describe('README', () => {
  test('the example definition synthesises', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-readme-'));
    const cluster = new Cluster(new App(), 'prod', {
      networking: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', nodeSubnets: ['10.20.0.0/22'] },
      controlPlane: {
        nodes: [
          { name: 'cp-1', address: '10.20.0.11' },
          { name: 'cp-2', address: '10.20.0.12' },
          { name: 'cp-3', address: '10.20.0.13' },
        ],
        endpoint: { host: '10.20.0.10' },
        loadBalancer: EndpointLoadBalancer.kubeVip({ interface: 'eth0' }),
      },
    });
    cluster.addNodePool('workers', { nodes: [{ name: 'w-1', address: '10.20.1.11' }] });
    new ClusterNetwork(cluster, 'Networking', { cni: Cni.calico() });
    cluster.addStorageClass('local', { provisioner: Provisioner.localPath(), default: true });
    cluster.addTenant('payments', {
      admins: [Subject.group('payments-leads')],
      quota: { requestsCpu: '20', limitsMemory: '64Gi', pods: 200 },
      limitRange: { container: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' } } },
      podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
    });
    synthesizeToDirectory(cluster, outdir);

    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain("cluster.addTenant('payments', {");
    expect(fs.readdirSync(path.join(outdir, 'prod')).sort()).toStrictEqual(['GATES.md', 'bootstrap', 'gates.json', 'manifests']);
  });
});
