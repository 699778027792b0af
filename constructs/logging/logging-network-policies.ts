import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { dnsEgressRule, tcpPort as tcp } from '../../lib/net/network-policy';
import { ElasticsearchTarget } from './elasticsearch';

type Labels = Readonly<Record<string, string>>;

/** @internal The pods of the logging pipeline that `ClusterLogging` passes, so each policy admits exactly its peers. */
export interface LoggingNetworkPoliciesProps {
  readonly namespace: string;
  readonly collectorPods: Labels;
  readonly aggregator?: { readonly podLabels: Labels; readonly port: number } | undefined;
  readonly kibana?: { readonly podLabels: Labels; readonly port: number; readonly allowFromNamespaces: readonly string[] } | undefined;
  readonly elasticsearch: ElasticsearchTarget;
  /** The port kube-apiserver listens on, behind the `kubernetes` Service. */
  readonly apiServerPort: number;
}

const pods = (labels: Labels): k8s.NetworkPolicyPeer => ({ podSelector: { matchLabels: { ...labels } } });
/** Anywhere outside the cluster's pods; for an external Elasticsearch. */
const ANYWHERE: k8s.NetworkPolicyPeer[] = [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];

/**
 * The logging namespace denies all traffic, then allows exactly the pipeline: collectors to
 * the aggregator or Elasticsearch and to the API server (for metadata), Kibana and the
 * retention Job to Elasticsearch, Elasticsearch nodes to each other, and DNS for everyone.
 * Nothing here depends on tenant namespaces, so tenants' default-deny policies leave it working.
 *
 * @internal
 */
export class LoggingNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: LoggingNetworkPoliciesProps) {
    super(scope, id);
    const ns = props.namespace;
    const es = props.elasticsearch;
    const policy = (name: string, spec: k8s.NetworkPolicySpec): void => {
      new k8s.KubeNetworkPolicy(this, name, { metadata: { name, namespace: ns }, spec });
    };

    policy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        dnsEgressRule(),
      ],
    });

    // Who writes to or reads from Elasticsearch, and where it is.
    const esPeers = es.podLabels ? [pods(es.podLabels)] : ANYWHERE;
    const toElasticsearch: k8s.NetworkPolicyEgressRule = { to: esPeers, ports: [tcp(es.port)] };
    const writer = props.aggregator ? props.aggregator.podLabels : props.collectorPods;

    policy('collector', {
      podSelector: { matchLabels: { ...props.collectorPods } },
      policyTypes: ['Egress'],
      egress: [
        // The Kubernetes metadata filter watches pods and namespaces through the API server.
        { ports: [tcp(props.apiServerPort)] },
        props.aggregator ? { to: [pods(props.aggregator.podLabels)], ports: [tcp(props.aggregator.port)] } : toElasticsearch,
      ],
    });
    if (props.aggregator) {
      policy('aggregator', {
        podSelector: { matchLabels: { ...props.aggregator.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [pods(props.collectorPods)], ports: [tcp(props.aggregator.port)] }],
        egress: [toElasticsearch],
      });
    }
    if (props.kibana) {
      policy('kibana', {
        podSelector: { matchLabels: { ...props.kibana.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: props.kibana.allowFromNamespaces.length
          ? [
              {
                from: props.kibana.allowFromNamespaces.map((name) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } })),
                ports: [tcp(props.kibana.port)],
              },
            ]
          : [],
        egress: [toElasticsearch],
      });
    }
    if (es.podLabels) {
      const readers = [writer, ...(props.kibana ? [props.kibana.podLabels] : []), { app: 'elasticsearch-retention' }, es.podLabels];
      policy('elasticsearch', {
        podSelector: { matchLabels: { ...es.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: readers.map(pods), ports: [tcp(es.port)] },
          { from: [pods(es.podLabels)], ports: [tcp(9300)] },
        ],
        egress: [{ to: [pods(es.podLabels)], ports: [tcp(9300)] }],
      });
      policy('elasticsearch-retention', {
        podSelector: { matchLabels: { app: 'elasticsearch-retention' } },
        policyTypes: ['Egress'],
        egress: [toElasticsearch],
      });
    }
  }
}
