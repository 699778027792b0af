import { X509Certificate } from 'crypto';
import type { Cluster } from '../../cluster';
import { ClusterCaKind } from '../../control-plane/cluster-ca';
import { ContainerRuntimeKind } from '../../control-plane/container-runtime';
import { EndpointLoadBalancerKind } from '../../control-plane/endpoint-load-balancer';
import { NodeSpec } from '../../control-plane/node';
import { NodePrerequisitesKind } from '../../control-plane/node-prerequisites';
import { KubeProxyMode } from '../../kube-proxy';
import { parseCidr, parseIp, splitCidrList } from '../../net/cidr';
import { ValidationContext } from '../context';

// Debian policy 5.6.7: package names.
const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;

/**
 * What the bootstrap files need to bring nodes up: a runtime and packages clusterforge can
 * configure, one address per family on dual-stack nodes, a usable provided CA, a VIP the
 * nodes can hold, a control plane that can schedule when nothing else can, and no deprecated
 * kube-proxy mode without a word.
 */
export function validateBootstrap(cluster: Cluster, context: ValidationContext): void {
  validateKubeProxyDeprecation(cluster, context);
  const cp = cluster.controlPlane;
  if (!cp) return;
  validateNodeFamilies(cluster, context);

  const runtime = cp.containerRuntime;
  if (runtime.kind === ContainerRuntimeKind.CONTAINERD && runtime.majorVersion !== 1 && runtime.majorVersion !== 2) {
    context.error(cp, {
      rule: 'bootstrap/container-runtime',
      field: 'containerRuntime.majorVersion',
      message: 'clusterforge writes containerd configs for containerd 1.6/1.7 (config version 2) and 2.x (config version 3) only',
      received: runtime.majorVersion,
      expected: '1 or 2',
    });
  }
  const prereq = cp.nodePrerequisites;
  if (prereq.kind === NodePrerequisitesKind.APT_PACKAGES && runtime.kind === ContainerRuntimeKind.CONTAINERD && !DEBIAN_PACKAGE.test(prereq.containerdPackage ?? '')) {
    context.error(cp, {
      rule: 'bootstrap/node-prerequisites',
      field: 'nodePrerequisites.containerdPackage',
      message: 'not a Debian package name; apt-get would refuse the install line',
      received: prereq.containerdPackage,
      expected: "a package name such as 'containerd' or 'containerd.io'",
    });
  }

  if (cp.ca.kind === ClusterCaKind.PROVIDED) validateProvidedCa(cp.ca.certificate, cp, context);

  const workers = cluster.nodePools.reduce((n, p) => n + p.nodes.length, 0);
  if (workers === 0 && cp.schedulableControlPlane === false) {
    context.warn(cp, {
      rule: 'bootstrap/schedulable-control-plane',
      field: 'schedulableControlPlane',
      message: 'no worker node exists and the control plane keeps its NoSchedule taint, so no ordinary pod (CoreDNS aside) can run, not even a storage provisioner',
      received: false,
      expected: 'schedulableControlPlane left unset or true, or a node pool with nodes',
    });
  }

  const lb = cp.loadBalancer.kind;
  const vip = parseIp(cp.endpoint.host);
  if (lb !== EndpointLoadBalancerKind.EXTERNAL && vip) {
    const families = new Set(cp.nodes.flatMap((n) => addressesOf(n)).map((a) => parseIp(a)?.family));
    if (cp.nodes.length > 0 && !families.has(vip.family)) {
      context.error(cp, {
        rule: 'control-plane/load-balancer',
        field: 'endpoint.host',
        message: `the VIP is IPv${vip.family} but no control-plane node has an IPv${vip.family} address, so ${lb} cannot hold it on their network`,
        received: cp.endpoint.host,
        expected: `an IPv${vip.family === 4 ? 6 : 4} VIP, or nodes with an IPv${vip.family} address (address or secondaryAddress)`,
      });
    }
  }
}

function addressesOf(n: NodeSpec): string[] {
  return [n.address, ...(n.secondaryAddress !== undefined ? [n.secondaryAddress] : [])];
}

function validateKubeProxyDeprecation(cluster: Cluster, context: ValidationContext): void {
  if (cluster.kubeProxy.mode === KubeProxyMode.IPVS) {
    context.warn(cluster, {
      rule: 'kube-proxy/ipvs-deprecated',
      field: 'kubeProxy',
      message: 'the IPVS mode of kube-proxy is deprecated as of Kubernetes 1.35 and will be removed; nftables is its successor (GA since 1.33)',
      received: KubeProxyMode.IPVS,
      expected: 'KubeProxy.nftables() (or iptables)',
    });
  }
}

function validateNodeFamilies(cluster: Cluster, context: ValidationContext): void {
  const families = new Set(
    splitCidrList(cluster.networking.podSubnet)
      .map(parseCidr)
      .flatMap((r) => (r.ok ? [r.cidr.family] : [])),
  );
  const dualStack = families.size === 2;
  const cp = cluster.controlPlane!;
  const groups = [{ scope: cp, nodes: cp.nodes }, ...cluster.nodePools.map((p) => ({ scope: p, nodes: p.nodes }))];
  for (const { scope, nodes } of groups) {
    nodes.forEach((n, i) => {
      const field = `nodes[${i}].secondaryAddress`;
      if (n.secondaryAddress === undefined) {
        if (dualStack && parseIp(n.address)) {
          context.warn(scope, {
            rule: 'nodes/dual-stack-address',
            field,
            message: `the cluster is dual-stack but node ${n.name} has one address; the kubelet reports only that family, so host-network pods and node addresses stay single-stack`,
            received: undefined,
            expected: `an address of the other family, e.g. { name: '${n.name}', address: '${n.address}', secondaryAddress: '<IPv${parseIp(n.address)!.family === 4 ? 6 : 4}>' }`,
          });
        }
        return;
      }
      const primary = parseIp(n.address);
      const secondary = parseIp(n.secondaryAddress);
      if (!secondary) {
        context.error(scope, { rule: 'nodes/address', field, message: 'node secondary address is not an IP address', received: n.secondaryAddress, expected: 'an IPv4 or IPv6 address' });
      } else if (!dualStack) {
        context.error(scope, {
          rule: 'nodes/dual-stack-address',
          field,
          message: 'a node gets a second address only on a dual-stack cluster; the kubelet refuses a dual-stack --node-ip otherwise',
          received: n.secondaryAddress,
          expected: "no secondaryAddress, or networking.podSubnet and serviceSubnet with one CIDR per family (e.g. '10.244.0.0/16,fd00:10:244::/56')",
        });
      } else if (primary && primary.family === secondary.family) {
        context.error(scope, {
          rule: 'nodes/dual-stack-address',
          field,
          message: `both addresses of node ${n.name} are IPv${primary.family}; a node carries one address per family`,
          received: { address: n.address, secondaryAddress: n.secondaryAddress },
          expected: `an IPv${primary.family === 4 ? 6 : 4} secondaryAddress`,
        });
      }
    });
  }
}

function validateProvidedCa(certificate: string | undefined, cp: NonNullable<Cluster['controlPlane']>, context: ValidationContext): void {
  const field = 'ca.certificate';
  if (typeof certificate === 'string' && /PRIVATE KEY/.test(certificate)) {
    context.error(cp, {
      rule: 'secrets/in-git',
      field,
      message: 'the CA certificate text holds a private key, which would be written to Git-bound bootstrap files',
      received: '<PEM with a PRIVATE KEY block>',
      expected: 'only the CERTIFICATE block; the key is filled in with `npx clusterforge fill-secrets <cluster> --ca-key <path>`',
    });
    return;
  }
  let cert: X509Certificate | undefined;
  try {
    cert = new X509Certificate(certificate ?? '');
  } catch {
    cert = undefined;
  }
  if (!cert || !cert.ca) {
    context.error(cp, {
      rule: 'bootstrap/cluster-ca',
      field,
      message: cert ? 'the certificate is not a CA (basicConstraints CA:FALSE); kubeadm cannot sign with it' : 'not a PEM X.509 certificate',
      received: typeof certificate === 'string' ? `${certificate.slice(0, 40)}…` : certificate,
      expected: 'the PEM of a CA certificate, e.g. fs.readFileSync("pki/ca.crt", "utf8")',
    });
  }
}
