import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { isIP } from 'net';
import { dnsEgressRule, tcpPort as tcp } from '../../lib/net/network-policy';
import { TargetEndpoint } from './backup-target';

export interface VeleroNetworkPoliciesProps {
  readonly namespace: string;
  /** API server addresses pods reach after the `kubernetes` Service is translated, and the ports. */
  readonly apiServer?: { readonly addresses: readonly string[]; readonly ports: readonly number[] } | undefined;
  /** Object stores at a known URL. */
  readonly stores: readonly TargetEndpoint[];
  /** Whether some location uses a provider's public service (S3, GCS, Azure) over HTTPS. */
  readonly publicStore: boolean;
}

const ANYWHERE: k8s.NetworkPolicyPeer[] = [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];

/** The namespace of an in-cluster Service host name (`name.namespace.svc[.domain]`). */
function serviceNamespace(host: string): string | undefined {
  const m = /^[a-z0-9-]+\.([a-z0-9-]+)\.svc(\.|$)/.exec(host);
  return m?.[1];
}

function peersOf(host: string): k8s.NetworkPolicyPeer[] {
  const family = isIP(host);
  if (family === 4) return [{ ipBlock: { cidr: `${host}/32` } }];
  if (family === 6) return [{ ipBlock: { cidr: `${host}/128` } }];
  const ns = serviceNamespace(host);
  // A Service is reached at its pods' addresses once translated; ipBlocks do not match pods.
  if (ns) return [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }];
  // A DNS name resolves to addresses a NetworkPolicy cannot know.
  return ANYWHERE;
}

/**
 * Default-deny for the Velero namespace, then exactly what Velero, the node agent and
 * the repository-maintenance and data-mover pods need: DNS, the API server and the
 * object stores. Nothing needs to reach them; Prometheus scraping adds its own policy.
 */
export class VeleroNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: VeleroNetworkPoliciesProps) {
    super(scope, id);
    const ns = props.namespace;
    const policy = (cid: string, name: string, spec: k8s.NetworkPolicySpec) =>
      new k8s.KubeNetworkPolicy(this, cid, { metadata: { name, namespace: ns }, spec });

    policy('DefaultDeny', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('AllowDns', 'allow-dns-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [dnsEgressRule()],
    });
    const api = props.apiServer;
    policy('AllowApiServer', 'allow-api-server-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        api
          ? { to: [...new Set(api.addresses)].sort().flatMap(peersOf), ports: [...new Set(api.ports)].sort((a, b) => a - b).map(tcp) }
          : // The cluster's control plane is not modelled: the API server may be anywhere.
            { to: ANYWHERE, ports: [tcp(443), tcp(6443)] },
      ],
    });
    const rules = new Map<string, k8s.NetworkPolicyEgressRule>();
    for (const store of props.stores) {
      rules.set(`${store.host}:${store.port}`, { to: peersOf(store.host), ports: [tcp(store.port)] });
    }
    if (props.publicStore) rules.set('public:443', { to: ANYWHERE, ports: [tcp(443)] });
    if (rules.size > 0) {
      policy('AllowObjectStores', 'allow-object-store-egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [...rules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r),
      });
    }
  }
}
