import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { METALLB_SPEAKER_IMAGE } from '../../lib/versions/ingress';
import { env, fieldEnv, rule } from '../networking/manifest-parts';
import { healthProbe } from './health-probe';
import { METRICS_PORT } from './metallb-controller';

// upstream: metallb/metallb@v0.16.1:config/manifests/metallb-native.yaml (speaker half).

const LABELS = { app: 'metallb' };
export const SPEAKER_POD_LABELS = { app: 'metallb', component: 'speaker' };
/** memberlist, by which speakers detect failed nodes quickly (TCP and UDP). */
export const MEMBERLIST_PORT = 7946;

/** Interfaces speakers never announce on, as upstream ships them. */
const EXCLUDED_INTERFACES = ['^docker.*', '^cbr.*', '^dummy.*', '^virbr.*', '^lxcbr.*', '^veth.*', '^lo$', '^cali.*', '^tunl.*', '^flannel.*', '^kube-ipvs.*', '^cni.*', '^nodelocaldns.*', '^lxc.*'];

/** @internal What `MetalLb` passes to `MetalLbSpeaker`. */
export interface MetalLbSpeakerProps {
  readonly namespace: string;
  readonly logLevel: string;
}

/**
 * The MetalLB speaker on every node: host network and NET_RAW, because it answers ARP/NDP for
 * Service addresses on the node's own interfaces (L2) or peers with routers (BGP).
 *
 * @internal
 */
export class MetalLbSpeaker extends Construct {
  constructor(scope: Construct, id: string, props: MetalLbSpeakerProps) {
    super(scope, id);
    const ns = props.namespace;
    const read = ['get', 'list', 'watch'];

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: 'speaker', namespace: ns, labels: LABELS } });
    // pod-lister is bound to both service accounts upstream.
    new k8s.KubeRole(this, 'PodListerRole', {
      metadata: { name: 'pod-lister', namespace: ns, labels: LABELS },
      rules: [
        rule([''], ['pods'], ['list', 'get']),
        rule([''], ['secrets'], read),
        rule([''], ['configmaps'], read),
        rule(['metallb.io'], ['bfdprofiles'], read),
        rule(['metallb.io'], ['bgppeers'], read),
        rule(['metallb.io'], ['l2advertisements'], read),
        rule(['metallb.io'], ['bgpadvertisements'], read),
        rule(['metallb.io'], ['ipaddresspools'], read),
        rule(['metallb.io'], ['communities'], read),
        rule(['metallb.io'], ['servicebgpstatuses', 'servicebgpstatuses/status'], ['*']),
      ],
    });
    new k8s.KubeRoleBinding(this, 'PodListerRoleBinding', {
      metadata: { name: 'pod-lister', namespace: ns, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-lister' },
      subjects: [
        { kind: 'ServiceAccount', name: 'controller', namespace: ns },
        { kind: 'ServiceAccount', name: 'speaker', namespace: ns },
      ],
    });
    const clusterRole = `${ns}:speaker`;
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: clusterRole, labels: LABELS },
      rules: [
        rule(['metallb.io'], ['servicel2statuses', 'servicel2statuses/status', 'configurationstates', 'configurationstates/status'], ['*']),
        rule([''], ['services', 'endpoints', 'nodes', 'namespaces'], read),
        rule(['discovery.k8s.io'], ['endpointslices'], read),
        rule([''], ['events'], ['create', 'patch']),
        rule(['policy'], ['podsecuritypolicies'], ['use'], ['speaker']),
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: clusterRole, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
      subjects: [{ kind: 'ServiceAccount', name: 'speaker', namespace: ns }],
    });
    new k8s.KubeConfigMap(this, 'ExcludeL2', {
      metadata: { name: 'metallb-excludel2', namespace: ns },
      data: { 'excludel2.yaml': `announcedInterfacesToExclude: [${EXCLUDED_INTERFACES.map((i) => JSON.stringify(i)).join(', ')}]\n` },
    });

    const probe = (path: string) => healthProbe(path, '127.0.0.1');
    new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: 'speaker', namespace: ns, labels: SPEAKER_POD_LABELS },
      spec: {
        selector: { matchLabels: SPEAKER_POD_LABELS },
        template: {
          metadata: { annotations: { 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/scrape': 'true' }, labels: SPEAKER_POD_LABELS },
          spec: {
            containers: [
              {
                name: 'speaker',
                image: imageRef(METALLB_SPEAKER_IMAGE),
                args: [`--port=${METRICS_PORT}`, `--log-level=${props.logLevel}`],
                env: [
                  fieldEnv('METALLB_NODE_NAME', 'spec.nodeName'),
                  fieldEnv('METALLB_POD_NAME', 'metadata.name'),
                  fieldEnv('METALLB_HOST', 'status.hostIP'),
                  fieldEnv('METALLB_ML_BIND_ADDR', 'status.podIP'),
                  env('METALLB_ML_LABELS', 'app=metallb,component=speaker'),
                  env('METALLB_ML_SECRET_KEY_PATH', '/etc/ml_secret_key'),
                ],
                livenessProbe: probe('/healthz'),
                readinessProbe: probe('/readyz'),
                ports: [
                  { containerPort: METRICS_PORT, name: 'metricshttps' },
                  { containerPort: MEMBERLIST_PORT, name: 'memberlist-tcp' },
                  { containerPort: MEMBERLIST_PORT, name: 'memberlist-udp', protocol: 'UDP' },
                ],
                resources: containerResources({ cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '256Mi' }),
                securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_RAW'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
                volumeMounts: [
                  { mountPath: '/etc/ml_secret_key', name: 'memberlist', readOnly: true },
                  { mountPath: '/etc/metallb', name: 'metallb-excludel2', readOnly: true },
                  { mountPath: '/etc/metallb/memberlist', name: 'memberlist-config', readOnly: true },
                ],
              },
            ],
            hostNetwork: true,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            serviceAccountName: 'speaker',
            terminationGracePeriodSeconds: 2,
            tolerations: [
              { effect: 'NoSchedule', key: 'node-role.kubernetes.io/master', operator: 'Exists' },
              { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' },
            ],
            volumes: [
              // Created by the controller (METALLB_ML_SECRET_NAME); the kubelet retries until it exists.
              { name: 'memberlist', secret: { defaultMode: 420, secretName: 'memberlist' } },
              { name: 'metallb-excludel2', configMap: { defaultMode: 256, name: 'metallb-excludel2' } },
              { name: 'memberlist-config', configMap: { name: 'metallb-memberlist-config', optional: true } },
            ],
          },
        },
      },
    });
  }
}
