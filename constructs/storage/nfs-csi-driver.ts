import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { AddOn, AddOnKey } from '../../lib/add-on';
import type { Cluster } from '../../lib/cluster';
import { Namespace } from '../../lib/namespace';
import { PodSecurityLevel } from '../../lib/validation/pod-security';
import { imageRef } from '../../lib/versions/image';
import {
  CSI_DRIVER_NFS_VERSION,
  CSI_LIVENESS_PROBE_IMAGE,
  CSI_NODE_DRIVER_REGISTRAR_IMAGE,
  CSI_PROVISIONER_IMAGE,
  CSI_RESIZER_IMAGE,
  CSI_SNAPSHOTTER_IMAGE,
  NFS_PLUGIN_IMAGE,
} from '../../lib/versions/storage';
import { containerResources } from '../../lib/workload';
import { PROVISIONER_DEFAULTS } from './defaults';
import { addedSecurityContextItems, declareDeviations } from './deviations';
import { WaivableCheck, Waiver } from '../../lib/validation/waiver';

/** Add-on key of NfsCsiDriver. */
export const NFS_CSI_DRIVER = new AddOnKey<NfsCsiDriver>('nfs-csi-driver');

/** Props of NfsCsiDriver. */
export interface NfsCsiDriverProps {
  /**
   * Namespace of the controller and node plugin.
   * @default 'csi-nfs'
   */
  readonly namespace?: string | undefined;
}

const CONTROLLER = 'csi-nfs-controller';
const NODE = 'csi-nfs-node';
const CONTROLLER_SA = 'csi-nfs-controller-sa';
const NODE_SA = 'csi-nfs-node-sa';
const PROVISIONER_ROLE = 'nfs-external-provisioner-role';
const RESIZER_ROLE = 'nfs-external-resizer-role';
const SOCKET_DIR = '/csi';
const KUBELET_PODS = '/var/lib/kubelet/pods';
const CONTROLLER_HEALTH_PORT = 29652;
const NODE_HEALTH_PORT = 29653;

/** What the sidecars add to upstream's `capabilities.drop: [ALL]`. */
const SIDECAR_HARDENING = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true } as const;
/** Sidecars only talk to the driver's socket and the API server. */
const SIDECAR_SECURITY: k8s.SecurityContext = { ...SIDECAR_HARDENING, capabilities: { drop: ['ALL'] } };
const COMPONENT = `csi-driver-nfs ${CSI_DRIVER_NFS_VERSION}`;
/** The sidecars of each upstream workload, as the parity test names them. */
const SIDECARS: Readonly<Record<string, readonly string[]>> = {
  [`Deployment/kube-system/${CONTROLLER}`]: ['csi-provisioner', 'csi-resizer', 'csi-snapshotter', 'liveness-probe'],
  [`DaemonSet/kube-system/${NODE}`]: ['liveness-probe', 'node-driver-registrar'],
};

/** The driver mounts NFS exports, in the controller to create directories and on nodes for pods. */
const MOUNTER_SECURITY: k8s.SecurityContext = {
  privileged: true,
  capabilities: { add: ['SYS_ADMIN'], drop: ['ALL'] },
  allowPrivilegeEscalation: true,
};

/**
 * kubernetes-csi/csi-driver-nfs, as its deploy/v4.13.4 manifests install it: a controller
 * Deployment (provisioner, resizer, snapshotter) and a node DaemonSet, both privileged on
 * the host network because they mount NFS exports. Added by the first NFS StorageClass.
 *
 * Chosen over nfs-subdir-external-provisioner: it is a CSI driver, so one installation
 * serves any number of servers and exports (server and share are class parameters,
 * where nfs-subdir needs a Deployment per export), and it supports expansion and CSI
 * snapshots; nfs-subdir has had no release since 2022.
 *
 * Upstream installs into kube-system; here it gets its own namespace, labelled Pod
 * Security "privileged" because both workloads use the host network, hostPath and
 * privileged containers.
 */
export class NfsCsiDriver extends AddOn {
  public readonly namespace: Namespace;
  public readonly driverName = PROVISIONER_DEFAULTS.nfsDriverName;
  public readonly controller: ApiObject;
  public readonly nodePlugin: ApiObject;

  constructor(cluster: Cluster, id: string, props: NfsCsiDriverProps = {}) {
    super(cluster, id, { key: NFS_CSI_DRIVER });
    this.namespace = new Namespace(this, 'Namespace', {
      name: props.namespace ?? PROVISIONER_DEFAULTS.nfsNamespace,
      podSecurity: { enforce: PodSecurityLevel.PRIVILEGED },
    });
    // upstream deploy/v4.13.4: only the nfs container has a liveness probe; the sidecars expose none.
    for (const container of ['csi-provisioner', 'csi-resizer', 'csi-snapshotter', 'liveness-probe', 'node-driver-registrar']) {
      Waiver.add(this, WaivableCheck.PROBES, `upstream csi-driver-nfs deploy/v4.13.4 defines no probe for the ${container} sidecar`, { container });
    }
    const namespace = this.namespace.name;
    declareDeviations(
      this,
      COMPONENT,
      'the sidecars only talk to the driver socket and the API server: they cannot gain privileges nor write their image; only the nfs container mounts',
      Object.fromEntries(
        Object.entries(SIDECARS).flatMap(([w, containers]) =>
          containers.flatMap((c) => Object.entries(addedSecurityContextItems(`${w} container ${c}`, SIDECAR_HARDENING))),
        ),
      ),
    );

    // upstream: kubernetes-csi/csi-driver-nfs@v4.13.4:deploy/v4.13.4/csi-nfs-driverinfo.yaml
    new k8s.KubeCsiDriver(this, 'CsiDriver', {
      metadata: { name: this.driverName },
      spec: { attachRequired: false, volumeLifecycleModes: ['Persistent'], fsGroupPolicy: 'File' },
    });

    // upstream: kubernetes-csi/csi-driver-nfs@v4.13.4:deploy/v4.13.4/rbac-csi-nfs.yaml
    new k8s.KubeServiceAccount(this, 'ControllerServiceAccount', { metadata: { name: CONTROLLER_SA, namespace } });
    new k8s.KubeServiceAccount(this, 'NodeServiceAccount', { metadata: { name: NODE_SA, namespace } });
    const leases = { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] };
    new k8s.KubeClusterRole(this, 'ProvisionerRole', {
      metadata: { name: PROVISIONER_ROLE },
      rules: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses', 'volumesnapshots'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents/status'], verbs: ['get', 'update', 'patch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        leases,
        // The provisioner reads the optional mount-options secret a class may reference.
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ProvisionerBinding', {
      metadata: { name: 'nfs-csi-provisioner-binding' },
      subjects: [{ kind: 'ServiceAccount', name: CONTROLLER_SA, namespace }],
      roleRef: { kind: 'ClusterRole', name: PROVISIONER_ROLE, apiGroup: 'rbac.authorization.k8s.io' },
    });
    new k8s.KubeClusterRole(this, 'ResizerRole', {
      metadata: { name: RESIZER_ROLE },
      rules: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims/status'], verbs: ['update', 'patch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch', 'create', 'update', 'patch'] },
        leases,
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ResizerBinding', {
      metadata: { name: 'nfs-csi-resizer-role' },
      subjects: [{ kind: 'ServiceAccount', name: CONTROLLER_SA, namespace }],
      roleRef: { kind: 'ClusterRole', name: RESIZER_ROLE, apiGroup: 'rbac.authorization.k8s.io' },
    });

    const podNamespaceEnv: k8s.EnvVar = { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };
    const nodeIdEnv: k8s.EnvVar = { name: 'NODE_ID', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } };
    const socketMount: k8s.VolumeMount = { name: 'socket-dir', mountPath: SOCKET_DIR };
    const podsMount: k8s.VolumeMount = { name: 'pods-mount-dir', mountPath: KUBELET_PODS, mountPropagation: 'Bidirectional' };
    const sidecarResources = (memoryLimit: string) => containerResources({ cpuRequest: '10m', memoryRequest: '20Mi', memoryLimit });
    const nfsPlugin = (healthPort: number, memoryLimit: string, mounts: k8s.VolumeMount[]): k8s.Container => ({
      name: 'nfs',
      image: imageRef(NFS_PLUGIN_IMAGE),
      imagePullPolicy: 'IfNotPresent',
      args: ['-v=5', '--nodeid=$(NODE_ID)', '--endpoint=$(CSI_ENDPOINT)'],
      env: [nodeIdEnv, { name: 'CSI_ENDPOINT', value: `unix://${SOCKET_DIR}/csi.sock` }],
      securityContext: MOUNTER_SECURITY,
      // Served by the liveness-probe sidecar on the host network.
      livenessProbe: {
        httpGet: { host: 'localhost', path: '/healthz', port: k8s.IntOrString.fromNumber(healthPort) },
        failureThreshold: 5,
        initialDelaySeconds: 30,
        timeoutSeconds: 10,
        periodSeconds: 30,
      },
      volumeMounts: mounts,
      resources: sidecarResources(memoryLimit),
    });
    const livenessSidecar = (healthPort: number): k8s.Container => ({
      name: 'liveness-probe',
      image: imageRef(CSI_LIVENESS_PROBE_IMAGE),
      args: [`--csi-address=${SOCKET_DIR}/csi.sock`, '--probe-timeout=3s', `--http-endpoint=localhost:${healthPort}`, '--v=2'],
      volumeMounts: [socketMount],
      resources: sidecarResources('100Mi'),
      securityContext: SIDECAR_SECURITY,
    });
    const kubeletPodsVolume: k8s.Volume = { name: 'pods-mount-dir', hostPath: { path: KUBELET_PODS, type: 'Directory' } };
    const controlPlaneTolerations: k8s.Toleration[] = [
      'node-role.kubernetes.io/master',
      'node-role.kubernetes.io/controlplane',
      'node-role.kubernetes.io/control-plane',
      'CriticalAddonsOnly',
    ].map((key) => ({ key, operator: 'Exists', effect: 'NoSchedule' }));

    // upstream: kubernetes-csi/csi-driver-nfs@v4.13.4:deploy/v4.13.4/csi-nfs-controller.yaml
    this.controller = new k8s.KubeDeployment(this, 'Controller', {
      metadata: { name: CONTROLLER, namespace },
      spec: {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(0), maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        selector: { matchLabels: { app: CONTROLLER } },
        template: {
          metadata: { labels: { app: CONTROLLER } },
          spec: {
            // The controller mounts the export to create and delete volume directories.
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            serviceAccountName: CONTROLLER_SA,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            priorityClassName: 'system-cluster-critical',
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            tolerations: controlPlaneTolerations,
            containers: [
              {
                name: 'csi-provisioner',
                image: imageRef(CSI_PROVISIONER_IMAGE),
                args: [
                  '-v=2',
                  '--csi-address=$(ADDRESS)',
                  '--leader-election',
                  '--leader-election-namespace=$(POD_NAMESPACE)',
                  '--extra-create-metadata=true',
                  '--feature-gates=VolumeAttributesClass=false',
                  '--timeout=1200s',
                  '--retry-interval-max=30m',
                ],
                env: [{ name: 'ADDRESS', value: `${SOCKET_DIR}/csi.sock` }, podNamespaceEnv],
                volumeMounts: [socketMount],
                resources: sidecarResources('400Mi'),
                securityContext: SIDECAR_SECURITY,
              },
              {
                name: 'csi-resizer',
                image: imageRef(CSI_RESIZER_IMAGE),
                args: [
                  '-csi-address=$(ADDRESS)',
                  '-v=2',
                  '-leader-election',
                  '--leader-election-namespace=$(POD_NAMESPACE)',
                  '-handle-volume-inuse-error=false',
                  '-feature-gates=VolumeAttributesClass=false',
                ],
                env: [{ name: 'ADDRESS', value: `${SOCKET_DIR}/csi.sock` }, podNamespaceEnv],
                volumeMounts: [socketMount],
                resources: sidecarResources('400Mi'),
                securityContext: SIDECAR_SECURITY,
              },
              {
                name: 'csi-snapshotter',
                image: imageRef(CSI_SNAPSHOTTER_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '--v=2',
                  '--csi-address=$(ADDRESS)',
                  '--leader-election-namespace=$(POD_NAMESPACE)',
                  '--leader-election',
                  '--timeout=1200s',
                  '--retry-interval-max=30m',
                ],
                env: [{ name: 'ADDRESS', value: `${SOCKET_DIR}/csi.sock` }, podNamespaceEnv],
                volumeMounts: [socketMount],
                resources: sidecarResources('200Mi'),
                securityContext: SIDECAR_SECURITY,
              },
              livenessSidecar(CONTROLLER_HEALTH_PORT),
              nfsPlugin(CONTROLLER_HEALTH_PORT, '200Mi', [podsMount, socketMount]),
            ],
            volumes: [kubeletPodsVolume, { name: 'socket-dir', emptyDir: {} }],
          },
        },
      },
    });

    // upstream: kubernetes-csi/csi-driver-nfs@v4.13.4:deploy/v4.13.4/csi-nfs-node.yaml
    this.nodePlugin = new k8s.KubeDaemonSet(this, 'Node', {
      metadata: { name: NODE, namespace },
      spec: {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        selector: { matchLabels: { app: NODE } },
        template: {
          metadata: { labels: { app: NODE } },
          spec: {
            // Upstream: NFS connections break without the host network.
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            serviceAccountName: NODE_SA,
            priorityClassName: 'system-node-critical',
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [{ operator: 'Exists' }],
            containers: [
              livenessSidecar(NODE_HEALTH_PORT),
              {
                name: 'node-driver-registrar',
                image: imageRef(CSI_NODE_DRIVER_REGISTRAR_IMAGE),
                args: ['--v=2', `--csi-address=${SOCKET_DIR}/csi.sock`, '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)'],
                env: [
                  { name: 'DRIVER_REG_SOCK_PATH', value: '/var/lib/kubelet/plugins/csi-nfsplugin/csi.sock' },
                  { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                ],
                volumeMounts: [socketMount, { name: 'registration-dir', mountPath: '/registration' }],
                resources: sidecarResources('100Mi'),
                securityContext: SIDECAR_SECURITY,
              },
              nfsPlugin(NODE_HEALTH_PORT, '300Mi', [socketMount, podsMount]),
            ],
            volumes: [
              { name: 'socket-dir', hostPath: { path: '/var/lib/kubelet/plugins/csi-nfsplugin', type: 'DirectoryOrCreate' } },
              kubeletPodsVolume,
              { name: 'registration-dir', hostPath: { path: '/var/lib/kubelet/plugins_registry', type: 'Directory' } },
            ],
          },
        },
      },
    });
  }
}
