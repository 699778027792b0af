import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { MONITORING_PINS } from '../../lib/versions/monitoring';
import { fieldEnv, hostPathVolume, rule } from '../networking/manifest-parts';
import { clusterRbac, componentLabels, kubeRbacProxy, waiveUpstreamProbes } from './parts';
import { ServiceMonitor } from './service-monitor';

// upstream: prometheus-operator/kube-prometheus@cd97c0f7:manifests/nodeExporter-*.yaml

const NAME = 'node-exporter';
/** The port node-exporter serves on every node's address, through kube-rbac-proxy. */
export const NODE_EXPORTER_PORT = 9100;

export interface NodeExporterProps {
  readonly namespace: string;
}

/**
 * node-exporter on every node, with the host network, the host PID namespace and the host's
 * `/` and `/sys` mounted read-only, as upstream runs it; metrics served over TLS by kube-rbac-proxy.
 */
export class NodeExporter extends Construct {
  public readonly podLabels = componentLabels('exporter', NAME);

  constructor(scope: Construct, id: string, props: NodeExporterProps) {
    super(scope, id);
    const ns = props.namespace;
    const labels = this.podLabels;
    waiveUpstreamProbes(this, 'nodeExporter-daemonset.yaml', [NAME, 'kube-rbac-proxy']);
    clusterRbac(this, {
      name: NAME,
      namespace: ns,
      labels,
      rules: [rule(['authentication.k8s.io'], ['tokenreviews'], ['create']), rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create'])],
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, namespace: ns, labels: { ...labels } },
      spec: { clusterIp: 'None', ports: [{ name: 'https', port: NODE_EXPORTER_PORT, targetPort: k8s.IntOrString.fromString('https') }], selector: { ...labels } },
    });
    new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: NAME, namespace: ns, labels: { ...labels } },
      spec: {
        selector: { matchLabels: { ...labels } },
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/default-container': NAME }, labels: { ...labels } },
          spec: {
            automountServiceAccountToken: true,
            containers: [
              {
                name: NAME,
                image: imageRef(MONITORING_PINS.nodeExporter),
                args: [
                  '--web.listen-address=127.0.0.1:9101',
                  '--path.sysfs=/host/sys',
                  '--path.rootfs=/host/root',
                  '--path.procfs=/host/root/proc',
                  '--path.udev.data=/host/root/run/udev/data',
                  '--no-collector.wifi',
                  '--no-collector.hwmon',
                  '--no-collector.btrfs',
                  '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/kubelet/pods/.+)($|/)',
                  '--collector.netclass.ignored-devices=^(veth.*|[a-f0-9]{15})$',
                  '--collector.netdev.device-exclude=^(veth.*|[a-f0-9]{15})$',
                ],
                resources: containerResources({ cpuRequest: '102m', memoryRequest: '180Mi', memoryLimit: '180Mi', cpuLimit: '250m' }),
                securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['SYS_TIME'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
                volumeMounts: [
                  { mountPath: '/host/sys', mountPropagation: 'HostToContainer', name: 'sys', readOnly: true },
                  { mountPath: '/host/root', mountPropagation: 'HostToContainer', name: 'root', readOnly: true },
                ],
              },
              kubeRbacProxy({
                name: 'kube-rbac-proxy',
                listen: `[$(IP)]:${NODE_EXPORTER_PORT}`,
                upstream: 'http://127.0.0.1:9101/',
                port: NODE_EXPORTER_PORT,
                hostPort: NODE_EXPORTER_PORT,
                portName: 'https',
                env: [fieldEnv('IP', 'status.podIP')],
              }),
            ],
            hostNetwork: true,
            hostPid: true,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            priorityClassName: 'system-cluster-critical',
            securityContext: { runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
            serviceAccountName: NAME,
            tolerations: [{ operator: 'Exists' }],
            volumes: [hostPathVolume('sys', '/sys'), hostPathVolume('root', '/')],
          },
        },
        updateStrategy: { rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') }, type: 'RollingUpdate' },
      },
    });
    new ServiceMonitor(this, 'ServiceMonitor', {
      name: NAME,
      namespace: ns,
      selector: labels,
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [
        {
          port: 'https',
          scheme: 'https',
          interval: '15s',
          serviceAccountToken: true,
          tlsConfig: { insecureSkipVerify: true },
          relabelings: [{ action: 'replace', regex: '(.*)', replacement: '$1', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
        },
      ],
    });
  }
}
