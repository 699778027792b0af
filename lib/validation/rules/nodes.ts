import type { Cluster } from '../../cluster';
import { EndpointLoadBalancerKind } from '../../control-plane/endpoint-load-balancer';
import { validateExtraArgs } from '../../control-plane/control-plane';
import { EtcdTopology } from '../../control-plane/etcd';
import { IpvsScheduler, KubeProxyMode } from '../../kube-proxy';
import { cidrContains, parseCidr, parseIp, splitCidrList } from '../../net/cidr';
import { ValidationContext } from '../context';
import { DNS1123_LABEL_EXPECTED, DNS1123_SUBDOMAIN_EXPECTED, isDns1123Label, isDns1123Subdomain } from '../formats';

interface Machine {
  readonly path: string;
  readonly field: string;
  readonly name: string;
  readonly address: string;
}

function machines(cluster: Cluster): Machine[] {
  const cp = cluster.controlPlane;
  const list: Machine[] = [];
  cp?.nodes.forEach((n, i) => list.push({ path: cp.node.path, field: `nodes[${i}]`, name: n.name, address: n.address }));
  for (const pool of cluster.nodePools) {
    pool.nodes.forEach((n, i) => list.push({ path: pool.node.path, field: `nodes[${i}]`, name: n.name, address: n.address }));
  }
  return list;
}

/** Node names and addresses: syntax, uniqueness, and placement in the address plan. */
export function validateNodes(cluster: Cluster, context: ValidationContext): void {
  const all = machines(cluster);
  const nodeSubnets = cluster.networking.nodeSubnets.map(parseCidr).flatMap((r) => (r.ok ? [r.cidr] : []));
  const clusterNets = [cluster.networking.podSubnet, cluster.networking.serviceSubnet]
    .flatMap(splitCidrList)
    .map(parseCidr)
    .flatMap((r) => (r.ok ? [r.cidr] : []));
  const names = new Map<string, Machine>();
  const addresses = new Map<string, Machine>();
  for (const m of all) {
    if (!isDns1123Subdomain(m.name)) {
      context.error(m.path, { rule: 'nodes/name', field: `${m.field}.name`, message: 'node name is not a valid DNS-1123 subdomain', received: m.name, expected: DNS1123_SUBDOMAIN_EXPECTED });
    }
    const ip = parseIp(m.address);
    if (!ip) {
      context.error(m.path, { rule: 'nodes/address', field: `${m.field}.address`, message: 'node address is not an IP address', received: m.address, expected: 'an IPv4 or IPv6 address' });
    } else {
      if (nodeSubnets.length > 0 && !nodeSubnets.some((s) => cidrContains(s, ip))) {
        context.error(m.path, {
          rule: 'nodes/address',
          field: `${m.field}.address`,
          message: 'node address is outside every declared node subnet',
          received: m.address,
          expected: `an address in ${cluster.networking.nodeSubnets.join(', ')}`,
        });
      }
      const inside = clusterNets.find((s) => cidrContains(s, ip));
      if (inside) {
        context.error(m.path, {
          rule: 'nodes/address',
          field: `${m.field}.address`,
          message: `node address lies in the cluster network ${inside.text}; pod or service routing would capture node traffic`,
          received: m.address,
          expected: 'an address outside the pod and service subnets',
        });
      }
    }
    const sameName = names.get(m.name);
    if (sameName) {
      context.error(m.path, {
        rule: 'nodes/duplicate-name',
        field: `${m.field}.name`,
        message: `node name is also used by ${sameName.path} ${sameName.field}; the second node would take over the first one's Node object`,
        received: m.name,
        expected: 'a unique node name',
      });
    } else names.set(m.name, m);
    const sameAddress = addresses.get(m.address);
    if (sameAddress) {
      context.error(m.path, {
        rule: 'nodes/duplicate-address',
        field: `${m.field}.address`,
        message: `node address is also used by ${sameAddress.path} ${sameAddress.field} (${sameAddress.name})`,
        received: m.address,
        expected: 'a unique address per node',
      });
    } else addresses.set(m.address, m);
  }

  const cp = cluster.controlPlane;
  if (cp && cp.loadBalancer.kind === EndpointLoadBalancerKind.KUBE_VIP && cp.endpoint.port !== 6443) {
    context.error(cp, {
      rule: 'control-plane/load-balancer',
      field: 'endpoint.port',
      message: 'kube-vip moves the VIP between nodes but does not proxy, so clients reach kube-apiserver on its own port',
      received: cp.endpoint.port,
      expected: '6443',
    });
  }
  validateExternalEtcd(cluster, context, addresses);
}

function validateExternalEtcd(cluster: Cluster, context: ValidationContext, nodeAddresses: ReadonlyMap<string, Machine>): void {
  const etcd = cluster.etcd;
  const path = cluster.controlPlane?.node.path ?? cluster.node.path;
  if (etcd.topology !== EtcdTopology.EXTERNAL) {
    validateExtraArgs(context, path, 'etcd.extraArgs', etcd.stackedOptions?.extraArgs ?? []);
    return;
  }
  const members = etcd.members;
  const count = members.length;
  if (count === 0 || count % 2 === 0) {
    context.error(path, {
      rule: 'etcd/member-count',
      field: 'etcd.members',
      message:
        count === 0
          ? 'external etcd has no members'
          : `${count} etcd members tolerate no more failures than ${count - 1}, and need a larger majority to commit`,
      received: count,
      expected: 'an odd number of members: 3 or 5',
    });
  } else if (count === 1) {
    context.warn(path, {
      rule: 'etcd/member-count',
      field: 'etcd.members',
      message: 'a single etcd member is a single point of failure for the whole cluster',
      received: count,
      expected: '3 or 5 members for production',
    });
  }
  const names = new Set<string>();
  const endpoints = new Map<string, string>();
  members.forEach((m, i) => {
    const field = `etcd.members[${i}]`;
    if (!isDns1123Label(m.name)) {
      context.error(path, { rule: 'etcd/member-name', field: `${field}.name`, message: 'etcd member name is not a DNS-1123 label', received: m.name, expected: DNS1123_LABEL_EXPECTED });
    }
    if (names.has(m.name)) {
      context.error(path, { rule: 'etcd/member-name', field: `${field}.name`, message: 'etcd member name is used twice; --initial-cluster would be ambiguous', received: m.name, expected: 'unique member names' });
    }
    names.add(m.name);
    if (!parseIp(m.address)) {
      context.error(path, { rule: 'etcd/member-address', field: `${field}.address`, message: 'etcd member address is not an IP address', received: m.address, expected: 'an IPv4 or IPv6 address' });
    }
    const node = nodeAddresses.get(m.address);
    if (node) {
      context.error(path, {
        rule: 'etcd/member-address',
        field: `${field}.address`,
        message: `external etcd member shares its address with node ${node.name}; external etcd runs on dedicated hosts`,
        received: m.address,
        expected: 'an address no Kubernetes node uses, or Etcd.stacked()',
      });
    }
    if (m.scheme !== 'https') {
      context.error(path, {
        rule: 'etcd/tls',
        field: `${field}.scheme`,
        message: `etcd member URLs use '${m.scheme}' while TLS files are given; the API server would send client certificates over a plain connection, or fail`,
        received: `${m.scheme}://${m.address}:${m.clientPort}`,
        expected: 'https',
      });
    }
    for (const [kind, port] of [
      ['client', m.clientPort],
      ['peer', m.peerPort],
      ['metrics', m.metricsPort],
    ] as const) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        context.error(path, { rule: 'etcd/port', field: `${field}.${kind}Port`, message: `${kind} port is not a TCP port`, received: port, expected: 'an integer from 1 to 65535' });
        continue;
      }
      const key = `${m.address}:${port}`;
      const taken = endpoints.get(key);
      if (taken) {
        context.error(path, {
          rule: 'etcd/port-collision',
          field: `${field}.${kind}Port`,
          message: `${kind} URL ${key} collides with ${taken}; two listeners cannot share an address and port`,
          received: key,
          expected: 'distinct address:port pairs for every client, peer and metrics listener',
        });
      } else endpoints.set(key, `${m.name} ${kind}`);
    }
  });
}

/** kube-proxy: a known mode, and an IPVS scheduler only in IPVS mode. */
export function validateKubeProxy(cluster: Cluster, context: ValidationContext): void {
  const proxy = cluster.kubeProxy;
  if (proxy.mode !== undefined && !Object.values(KubeProxyMode).includes(proxy.mode)) {
    context.error(cluster, {
      rule: 'kube-proxy/mode',
      field: 'kubeProxy',
      message: 'unknown kube-proxy mode',
      received: proxy.mode,
      expected: `one of ${Object.values(KubeProxyMode).join(', ')}, or KubeProxy.disabled()`,
    });
  }
  if (proxy.ipvsScheduler !== undefined && !Object.values(IpvsScheduler).includes(proxy.ipvsScheduler)) {
    context.error(cluster, {
      rule: 'kube-proxy/ipvs-scheduler',
      field: 'kubeProxy',
      message: 'unknown IPVS scheduler',
      received: proxy.ipvsScheduler,
      expected: Object.values(IpvsScheduler).join(', '),
    });
  }
}
