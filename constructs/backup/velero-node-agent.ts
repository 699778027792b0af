import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation, containerResources } from '../../lib';
import { VELERO_PINS } from '../../lib/versions/backup';
import { imageRef } from '../../lib/versions/image';
import { Waiver, WaivableCheck } from '../../lib/validation/waiver';
import { env, fieldEnv, hostPathVolume } from '../networking/manifest-parts';
import { BackupCredentials } from './backup-target';
import { VELERO_COMPONENT, VELERO_NAMES, credentialsEnv, credentialsVolume } from './velero-server';

// upstream: vmware-tanzu/helm-charts@velero-12.1.0:charts/velero/templates/node-agent-daemonset.yaml
// (deployNodeAgent: true) and vmware-tanzu/velero@v1.18.1:pkg/install/daemonset.go.

export interface VeleroNodeAgentProps {
  readonly namespace: string;
  readonly credentials?: BackupCredentials | undefined;
  /**
   * The kubelet's root directory on the nodes.
   * @default '/var/lib/kubelet'
   */
  readonly kubeletRootDir?: string | undefined;
}

/**
 * The node agent: file-system backups of pod volumes with kopia. It reads the volumes
 * through the kubelet's directories on the host, so it runs as root in a privileged
 * namespace, with the host mounts upstream uses.
 */
export class VeleroNodeAgent extends Construct {
  constructor(scope: Construct, id: string, props: VeleroNodeAgentProps) {
    super(scope, id);
    const kubeletRoot = props.kubeletRootDir ?? '/var/lib/kubelet';
    Waiver.add(this, WaivableCheck.PROBES, 'upstream (chart velero-12.1.0, pkg/install/daemonset.go) defines no probes for the node agent; it exits on fatal errors and the DaemonSet restarts it', {
      container: VELERO_NAMES.nodeAgent,
    });
    UpstreamDeviation.declare(this, {
      component: VELERO_COMPONENT,
      item: 'DaemonSet/velero/node-agent container node-agent securityContext.',
      ours: 'no securityContext key',
      why: 'the chart renders an empty `securityContext:` (null); omitting it gives the same runtime defaults. The agent keeps root\'s default capabilities to read every pod\'s volume files',
    });
    new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: VELERO_NAMES.nodeAgent, namespace: props.namespace, labels: { 'app.kubernetes.io/name': 'velero', 'app.kubernetes.io/component': 'node-agent' } },
      spec: {
        selector: { matchLabels: { name: VELERO_NAMES.nodeAgent } },
        template: {
          metadata: {
            labels: { name: VELERO_NAMES.nodeAgent, role: 'node-agent', 'app.kubernetes.io/name': 'velero' },
            annotations: { 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(VELERO_NAMES.metricsPort), 'prometheus.io/scrape': 'true' },
          },
          spec: {
            serviceAccountName: VELERO_NAMES.serviceAccount,
            automountServiceAccountToken: true,
            // Root reads every pod's volume whatever its owner.
            securityContext: { runAsUser: 0 },
            terminationGracePeriodSeconds: 3600,
            dnsPolicy: 'ClusterFirst',
            containers: [
              {
                name: VELERO_NAMES.nodeAgent,
                image: imageRef(VELERO_PINS.velero),
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http-monitoring', containerPort: VELERO_NAMES.metricsPort }],
                command: ['/velero'],
                args: ['node-agent', 'server'],
                // Kopia holds file data in memory while it uploads; upstream sets no defaults.
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '2Gi' }),
                volumeMounts: [
                  { name: VELERO_NAMES.credentialsVolume, mountPath: '/credentials' },
                  // HostToContainer: volumes the kubelet mounts after the agent started become visible to it.
                  { name: 'host-pods', mountPath: '/host_pods', mountPropagation: 'HostToContainer' },
                  { name: 'host-plugins', mountPath: '/host_plugins', mountPropagation: 'HostToContainer' },
                  { name: 'scratch', mountPath: '/scratch' },
                ],
                env: [fieldEnv('VELERO_NAMESPACE', 'metadata.namespace'), fieldEnv('NODE_NAME', 'spec.nodeName'), env('VELERO_SCRATCH_DIR', '/scratch'), ...credentialsEnv()],
              },
            ],
            volumes: [
              credentialsVolume(props.credentials),
              hostPathVolume('host-pods', `${kubeletRoot}/pods`),
              hostPathVolume('host-plugins', `${kubeletRoot}/plugins`),
              { name: 'scratch', emptyDir: {} },
            ],
          },
        },
      },
    });
  }
}
