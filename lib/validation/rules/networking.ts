import type { Cluster } from '../../cluster';
import { Cidr, cidrsOverlap, parseCidr, splitCidrList } from '../../net/cidr';
import { ValidationContext } from '../context';
import { isDns1123Subdomain } from '../formats';

interface NamedCidr {
  readonly field: string;
  readonly cidr: Cidr;
}

const CIDR_EXPECTED = 'a CIDR block with its network address, e.g. 10.244.0.0/16 or fd00:10:244::/56';

/**
 * Parses a kubeadm-style subnet list (one block per IP family). Reports syntax
 * problems and returns the blocks that parsed.
 */
export function parseSubnetList(
  cluster: Cluster,
  context: ValidationContext,
  field: string,
  text: string,
): NamedCidr[] {
  const parsed: NamedCidr[] = [];
  const families = new Set<number>();
  for (const part of splitCidrList(text)) {
    const result = parseCidr(part);
    if (!result.ok) {
      context.error(cluster, {
        rule: 'network/cidr-syntax',
        field,
        message: `not a valid CIDR: ${result.reason}`,
        received: part,
        expected: CIDR_EXPECTED,
      });
      continue;
    }
    if (families.has(result.cidr.family)) {
      context.error(cluster, {
        rule: 'network/dual-stack',
        field,
        message: `more than one IPv${result.cidr.family} block`,
        received: text,
        expected: 'at most one IPv4 and one IPv6 block, comma-separated',
      });
    }
    families.add(result.cidr.family);
    parsed.push({ field, cidr: result.cidr });
  }
  return parsed;
}

/** CIDR syntax, IP-family consistency and overlaps between pod, service and node networks. */
export function validateNetworking(cluster: Cluster, context: ValidationContext): void {
  const net = cluster.networking;
  const pods = parseSubnetList(cluster, context, 'networking.podSubnet', net.podSubnet);
  const services = parseSubnetList(cluster, context, 'networking.serviceSubnet', net.serviceSubnet);
  const nodes = net.nodeSubnets.flatMap((subnet, i) =>
    parseSubnetList(cluster, context, `networking.nodeSubnets[${i}]`, subnet),
  );

  const podFamilies = pods.map((p) => p.cidr.family).sort().join(',');
  const serviceFamilies = services.map((s) => s.cidr.family).sort().join(',');
  if (pods.length > 0 && services.length > 0 && podFamilies !== serviceFamilies) {
    context.error(cluster, {
      rule: 'network/dual-stack',
      field: 'networking.serviceSubnet',
      message: 'pod and service networks use different IP families',
      received: { podSubnet: net.podSubnet, serviceSubnet: net.serviceSubnet },
      expected: 'the same families in both: IPv4, IPv6, or both for dual-stack',
    });
  }

  const all = [...pods, ...services, ...nodes];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i];
      const b = all[j];
      // Node subnets may legitimately be listed as adjacent or nested ranges of one network.
      if (a.field.startsWith('networking.nodeSubnets') && b.field.startsWith('networking.nodeSubnets')) continue;
      if (cidrsOverlap(a.cidr, b.cidr)) {
        context.error(cluster, {
          rule: 'network/cidr-overlap',
          field: b.field,
          message: `${b.field} overlaps ${a.field}; pod, service and node networks must be disjoint or routing breaks`,
          received: { [a.field]: a.cidr.text, [b.field]: b.cidr.text },
          expected: 'non-overlapping CIDR blocks',
        });
      }
    }
  }

  if (!isDns1123Subdomain(net.dnsDomain)) {
    context.error(cluster, {
      rule: 'network/dns-domain',
      field: 'networking.dnsDomain',
      message: 'DNS domain is not a valid DNS-1123 subdomain',
      received: net.dnsDomain,
      expected: 'a DNS-1123 subdomain such as cluster.local',
    });
  }
}
