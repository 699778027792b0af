import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation } from '../../lib';
import { env, fieldEnv, hostPathVolume, rule } from '../networking/manifest-parts';
import { ElasticsearchTarget } from './elasticsearch';
import { ContainerLogFormat } from './fluent-bit';
import { FLUENTD_CA_DIR, FLUENTD_COMMON_DEVIATIONS, FLUENTD_COMPONENT, fluentdContainer, fluentdElasticsearchEnv, fluentdTargetDeviations } from './fluentd-container';

const NAME = 'fluentd';
const LABELS = { 'k8s-app': 'fluentd-logging', version: 'v1' };

/** @internal What `ClusterLogging` passes to `FluentdDaemonSet`. */
export interface FluentdDaemonSetProps {
  readonly namespace: string;
  readonly elasticsearch: ElasticsearchTarget;
  readonly logFormat: ContainerLogFormat;
  readonly memoryLimit: string;
}

/**
 * Fluentd on every node as upstream's Elasticsearch DaemonSet: the image's own pipeline
 * (container logs with Kubernetes metadata, kubelet and control-plane logs) with the parser
 * set for the runtime's log format, which upstream leaves at Docker's JSON.
 *
 * @internal
 */
export class FluentdDaemonSet extends Construct {
  public readonly podLabels = LABELS;

  constructor(scope: Construct, id: string, props: FluentdDaemonSetProps) {
    super(scope, id);
    const ns = props.namespace;
    const es = props.elasticsearch;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: ns } });
    new k8s.KubeClusterRole(this, 'ClusterRole', { metadata: { name: NAME }, rules: [rule([''], ['pods', 'namespaces'], ['get', 'list', 'watch'])] });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: NAME },
      roleRef: { kind: 'ClusterRole', name: NAME, apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });
    const cri = props.logFormat === ContainerLogFormat.CRI;
    new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: NAME, namespace: ns, labels: LABELS },
      spec: {
        selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS },
          spec: {
            serviceAccountName: NAME,
            priorityClassName: 'system-node-critical',
            tolerations: [
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
              { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
            ],
            containers: [
              fluentdContainer({
                env: [
                  fieldEnv('K8S_NODE_NAME', 'spec.nodeName'),
                  ...fluentdElasticsearchEnv(es),
                  // tail_container_parse.conf parses JSON unless told otherwise; containerd and
                  // CRI-O write the CRI format, whose timestamps carry an offset.
                  ...(cri
                    ? [env('FLUENT_CONTAINER_TAIL_PARSER_TYPE', 'cri'), env('FLUENT_CONTAINER_TAIL_PARSER_TIME_FORMAT', '%Y-%m-%dT%H:%M:%S.%N%:z')]
                    : []),
                ],
                memoryLimit: props.memoryLimit,
                volumeMounts: [
                  { name: 'varlog', mountPath: '/var/log' },
                  { name: 'dockercontainerlogdirectory', mountPath: '/var/log/pods', readOnly: true },
                  ...(es.ca ? [{ name: 'elasticsearch-ca', mountPath: FLUENTD_CA_DIR, readOnly: true }] : []),
                ],
              }),
            ],
            terminationGracePeriodSeconds: 30,
            volumes: [
              hostPathVolume('varlog', '/var/log'),
              hostPathVolume('dockercontainerlogdirectory', '/var/log/pods'),
              ...(es.ca ? [{ name: 'elasticsearch-ca', secret: { secretName: es.ca.secretName } }] : []),
            ],
          },
        },
      },
    });

    const W = 'DaemonSet/kube-system/fluentd';
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: FLUENTD_COMPONENT, item, ours, why });
    };
    for (const [leaf, ours, why] of FLUENTD_COMMON_DEVIATIONS) declare(`${W} container fluentd ${leaf}`, ours, why);
    declare(`${W} pod priorityClassName`, 'system-node-critical', 'log collection survives node pressure instead of being evicted first');
    for (const [leaf, ours, why] of fluentdTargetDeviations(es)) declare(`${W} container fluentd ${leaf}`, ours, why);
    if (cri) {
      declare(`${W} container fluentd env FLUENT_CONTAINER_TAIL_PARSER_TYPE`, 'cri', 'containerd and CRI-O write the CRI log format; upstream parses Docker JSON');
      declare(`${W} container fluentd env FLUENT_CONTAINER_TAIL_PARSER_TIME_FORMAT`, '%Y-%m-%dT%H:%M:%S.%N%:z', 'CRI timestamps are RFC 3339 with an offset');
    }
  }
}
