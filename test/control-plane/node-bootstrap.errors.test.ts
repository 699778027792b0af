import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterCa, ContainerRuntime, EndpointLoadBalancer, KubeProxy, NodePrerequisites } from '../../lib';
import { newCluster, synthErrors, synthWarnings } from '../support/synth';

const dualStack = { podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: '10.96.0.0/16,fd00:10:96::/112' };
const row = (e: { rule: string; path: string; field?: string; received?: unknown; expected?: string }) => [e.rule, e.path, e.field, e.received, e.expected];

describe('node bootstrap: bad input', () => {
  test('a second node address on a single-stack cluster, or of the same family', () => {
    // GIVEN
    const cluster = newCluster({ controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11', secondaryAddress: 'fd00::11' }] } });
    const sameFamily = newCluster({ networking: dualStack, controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11', secondaryAddress: '10.0.0.12' }] } });

    // THEN
    expect(synthErrors(cluster).map(row)).toStrictEqual([
      [
        'nodes/dual-stack-address',
        'test/ControlPlane',
        'nodes[0].secondaryAddress',
        'fd00::11',
        "no secondaryAddress, or networking.podSubnet and serviceSubnet with one CIDR per family (e.g. '10.244.0.0/16,fd00:10:244::/56')",
      ],
    ]);
    const [same] = synthErrors(sameFamily);
    expect(row(same)).toStrictEqual([
      'nodes/dual-stack-address',
      'test/ControlPlane',
      'nodes[0].secondaryAddress',
      { address: '10.0.0.11', secondaryAddress: '10.0.0.12' },
      'an IPv6 secondaryAddress',
    ]);
    expect(same.message).toBe('both addresses of node cp-1 are IPv4; a node carries one address per family');
  });

  test('a dual-stack cluster warns about a node with one address', () => {
    const warnings = synthWarnings(newCluster({ networking: dualStack, controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }] } }));
    expect(warnings.filter((w) => w.rule === 'nodes/dual-stack-address').map((w) => [w.path, w.field])).toStrictEqual([['test/ControlPlane', 'nodes[0].secondaryAddress']]);
  });

  test('an IPv6 VIP for IPv4-only control-plane nodes', () => {
    const errors = synthErrors(
      newCluster({
        controlPlane: {
          nodes: [{ name: 'cp-1', address: '10.0.0.11' }, { name: 'cp-2', address: '10.0.0.12' }, { name: 'cp-3', address: '10.0.0.13' }],
          endpoint: { host: 'fd00::10', port: 8443 },
          loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth0' }),
        },
      }),
    );
    expect(errors.map(row)).toStrictEqual([
      ['control-plane/load-balancer', 'test/ControlPlane', 'endpoint.host', 'fd00::10', 'an IPv4 VIP, or nodes with an IPv6 address (address or secondaryAddress)'],
    ]);
    expect(errors[0].message).toBe('the VIP is IPv6 but no control-plane node has an IPv6 address, so haproxy-keepalived cannot hold it on their network');
  });

  test('a containerd major version clusterforge has no config layout for, and a bad package name', () => {
    const errors = synthErrors(
      newCluster({
        controlPlane: {
          nodes: [{ name: 'cp-1', address: '10.0.0.11' }],
          containerRuntime: ContainerRuntime.containerd({ majorVersion: 3 }),
          nodePrerequisites: NodePrerequisites.aptPackages({ containerdPackage: 'containerd; rm -rf /' }),
        },
      }),
    );
    expect(errors.map(row)).toStrictEqual([
      ['bootstrap/container-runtime', 'test/ControlPlane', 'containerRuntime.majorVersion', 3, '1 or 2'],
      ['bootstrap/node-prerequisites', 'test/ControlPlane', 'nodePrerequisites.containerdPackage', 'containerd; rm -rf /', "a package name such as 'containerd' or 'containerd.io'"],
    ]);
  });

  test('a provided CA that is not a CA certificate, or carries its key', () => {
    // GIVEN a leaf certificate, text that is no certificate, and a PEM with a key
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-leaf-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '1', '-subj', '/CN=leaf', '-addext', 'basicConstraints=critical,CA:FALSE'], { cwd: dir, stdio: 'pipe' });
    const leaf = fs.readFileSync(path.join(dir, 'c.pem'), 'utf8');
    const key = fs.readFileSync(path.join(dir, 'k.pem'), 'utf8');
    const errorsFor = (certificate: string) =>
      synthErrors(newCluster({ controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }], ca: ClusterCa.provided({ certificate }) } }));

    // THEN
    expect(errorsFor(leaf).map((e) => [e.rule, e.field, e.message])).toStrictEqual([
      ['bootstrap/cluster-ca', 'ca.certificate', 'the certificate is not a CA (basicConstraints CA:FALSE); kubeadm cannot sign with it'],
    ]);
    expect(errorsFor('not a certificate').map((e) => [e.rule, e.message, e.received])).toStrictEqual([
      ['bootstrap/cluster-ca', 'not a PEM X.509 certificate', 'not a certificate…'],
    ]);
    const withKey = errorsFor(leaf + key);
    expect(withKey.map((e) => [e.rule, e.field, e.received])).toStrictEqual([['secrets/in-git', 'ca.certificate', '<PEM with a PRIVATE KEY block>']]);
    expect(JSON.stringify(withKey)).not.toContain('BEGIN PRIVATE KEY');
  });

  test('IPVS kube-proxy warns that the mode is deprecated; an unschedulable lone control plane warns', () => {
    const warnings = synthWarnings(
      newCluster({ kubeProxy: KubeProxy.ipvs(), controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.11' }], schedulableControlPlane: false } }),
    );
    expect(warnings.map((w) => [w.rule, w.path, w.field])).toStrictEqual([
      ['networking/no-cni', 'test', 'addOns'],
      ['kube-proxy/ipvs-deprecated', 'test', 'kubeProxy'],
      ['bootstrap/schedulable-control-plane', 'test/ControlPlane', 'schedulableControlPlane'],
    ]);
  });
});
