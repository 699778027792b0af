import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { AddOn, AddOnKey } from '../../lib/add-on';
import type { Cluster } from '../../lib/cluster';
import { CONTROL_PLANE_DEFAULTS } from '../../lib/control-plane/control-plane';
import { IModelValidator, ValidationContext } from '../../lib/validation/context';
import { WaivableCheck, Waiver } from '../../lib/validation/waiver';
import { imageRef } from '../../lib/versions/image';
import { EXTERNAL_SNAPSHOTTER_VERSION, SNAPSHOT_CONTROLLER_IMAGE } from '../../lib/versions/storage';
import { containerResources, restrictedSecurityContext } from '../../lib/workload';
import { addedSecurityContextItems, declareDeviations } from './deviations';

/** The add-on key of the snapshot controller; `SnapshotController.of` adds it on first use, so add-ons that need VolumeSnapshots share one. */
export const SNAPSHOT_CONTROLLER = new AddOnKey<SnapshotController>('snapshot-controller');

/** Configures the CSI snapshot controller (kubernetes-csi/external-snapshotter). */
export interface SnapshotControllerProps {
  /**
   * Controller replicas; one leads, the others wait on the lease.
   * @default 2
   */
  readonly replicas?: number | undefined;
}

/** @internal Every default of the snapshot-controller, resolved in one place. */
export const SNAPSHOT_CONTROLLER_DEFAULTS = {
  /** upstream: setup-snapshot-controller.yaml `replicas: 2` */
  replicas: 2,
} as const;

const NAME = 'snapshot-controller';
// Upstream: "installed as part of the base Kubernetes distribution ... kube-system makes sense".
const NAMESPACE = 'kube-system';
const LEADER_ELECTION = 'snapshot-controller-leaderelection';
const RUNNER = 'snapshot-controller-runner';
/** The distroless image runs as root unless told otherwise; this is distroless' `nonroot`. */
const NON_ROOT_UID = 65532;
const COMPONENT = `external-snapshotter ${EXTERNAL_SNAPSHOTTER_VERSION} snapshot-controller`;
const POD_SECURITY: k8s.PodSecurityContext = { runAsNonRoot: true, runAsUser: NON_ROOT_UID, runAsGroup: NON_ROOT_UID, seccompProfile: { type: 'RuntimeDefault' } };
const CONTAINER_SECURITY: k8s.SecurityContext = restrictedSecurityContext();

/**
 * The CSI snapshot-controller of kubernetes-csi/external-snapshotter: it turns
 * VolumeSnapshots into VolumeSnapshotContents, which each driver's csi-snapshotter sidecar
 * then takes. Without it no snapshot is ever taken, whatever the driver; one per cluster.
 * Added with the first VolumeSnapshotClass, together with the snapshot.storage.k8s.io CRDs
 * (see `Storage`); add it yourself first to choose its replicas.
 *
 * upstream: kubernetes-csi/external-snapshotter@v8.6.0:deploy/kubernetes/snapshot-controller/
 * (rbac-snapshot-controller.yaml, setup-snapshot-controller.yaml), in kube-system as there.
 */
export class SnapshotController extends AddOn implements IModelValidator {
  public readonly replicas: number;
  public readonly deployment: ApiObject;

  /** The cluster's snapshot-controller, added on first use. */
  public static of(cluster: Cluster): SnapshotController {
    return cluster.addOn(SNAPSHOT_CONTROLLER) ?? new SnapshotController(cluster, 'SnapshotController');
  }

  constructor(cluster: Cluster, id: string, props: SnapshotControllerProps = {}) {
    super(cluster, id, { key: SNAPSHOT_CONTROLLER });
    this.replicas = props.replicas ?? SNAPSHOT_CONTROLLER_DEFAULTS.replicas;
    this.declareDeviations();
    Waiver.add(this, WaivableCheck.PROBES, 'upstream setup-snapshot-controller.yaml (v8.6.0) defines no probes and serves no HTTP endpoint by default', { container: NAME });

    // upstream: external-snapshotter@v8.6.0:deploy/kubernetes/snapshot-controller/rbac-snapshot-controller.yaml
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: NAMESPACE } });
    const snapshot = 'snapshot.storage.k8s.io';
    // Group snapshots stay granted as upstream does: the CSIVolumeGroupSnapshot gate is off by
    // default, but enabling it must not need an RBAC change.
    const group = 'groupsnapshot.storage.k8s.io';
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: RUNNER },
      rules: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch', 'create', 'update', 'patch'] },
        { apiGroups: [snapshot], resources: ['volumesnapshotclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [snapshot], resources: ['volumesnapshotcontents'], verbs: ['create', 'get', 'list', 'watch', 'update', 'delete', 'patch'] },
        { apiGroups: [snapshot], resources: ['volumesnapshotcontents/status'], verbs: ['patch'] },
        { apiGroups: [snapshot], resources: ['volumesnapshots'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
        { apiGroups: [snapshot], resources: ['volumesnapshots/status'], verbs: ['update', 'patch'] },
        { apiGroups: [group], resources: ['volumegroupsnapshotclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [group], resources: ['volumegroupsnapshotcontents'], verbs: ['create', 'get', 'list', 'watch', 'update', 'delete', 'patch'] },
        { apiGroups: [group], resources: ['volumegroupsnapshotcontents/status'], verbs: ['patch'] },
        { apiGroups: [group], resources: ['volumegroupsnapshots'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [group], resources: ['volumegroupsnapshots/status'], verbs: ['update', 'patch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: 'snapshot-controller-role' },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }],
      roleRef: { kind: 'ClusterRole', name: RUNNER, apiGroup: 'rbac.authorization.k8s.io' },
    });
    new k8s.KubeRole(this, 'LeaderElectionRole', {
      metadata: { name: LEADER_ELECTION, namespace: NAMESPACE },
      rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'watch', 'list', 'delete', 'update', 'create'] }],
    });
    new k8s.KubeRoleBinding(this, 'LeaderElectionRoleBinding', {
      metadata: { name: LEADER_ELECTION, namespace: NAMESPACE },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }],
      roleRef: { kind: 'Role', name: LEADER_ELECTION, apiGroup: 'rbac.authorization.k8s.io' },
    });

    const labels = { 'app.kubernetes.io/name': NAME };
    // It serves no port and only calls the API server (in-cluster config: an address, no DNS).
    // Only its own pods are selected: the rest of kube-system is left as kubeadm has it.
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: NAME, namespace: NAMESPACE },
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress', 'Egress'],
        egress: [{ ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(CONTROL_PLANE_DEFAULTS.apiServerPort) }] }],
      },
    });

    // upstream: external-snapshotter@v8.6.0:deploy/kubernetes/snapshot-controller/setup-snapshot-controller.yaml
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, namespace: NAMESPACE },
      spec: {
        replicas: this.replicas,
        selector: { matchLabels: labels },
        // Not Ready until the v1 CRDs answer; --retry-crd-interval-max defaults to 30 s.
        minReadySeconds: 35,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(0), maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            // It only talks to the API server.
            securityContext: POD_SECURITY,
            containers: [
              {
                name: NAME,
                image: imageRef(SNAPSHOT_CONTROLLER_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                args: ['--v=5', '--leader-election=true'],
                resources: containerResources({ cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '256Mi' }),
                securityContext: CONTAINER_SECURITY,
              },
            ],
          },
        },
      },
    });
  }

  private declareDeviations(): void {
    const w = `Deployment/${NAMESPACE}/${NAME}`;
    declareDeviations(this, COMPONENT, 'the deploy manifest at the v8.6.0 tag still names the previous release; upstream bumps it after tagging (master 1d996efb), and the controller should match the v8.6.0 CRDs and the v8.6.0 csi-snapshotter sidecars', {
      [`${w} container ${NAME} image`]: imageRef(SNAPSHOT_CONTROLLER_IMAGE),
    });
    declareDeviations(
      this,
      COMPONENT,
      'the controller only talks to the API server, so it runs as Pod Security restricted; its distroless image would otherwise run as root',
      { ...addedSecurityContextItems(`${w} pod`, POD_SECURITY), ...addedSecurityContextItems(`${w} container ${NAME}`, CONTAINER_SECURITY) },
    );
  }

  public validateModel(context: ValidationContext): void {
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      context.error(this, {
        rule: 'storage/snapshot-controller-replicas',
        field: 'replicas',
        message: 'the snapshot-controller needs at least one replica; with none no snapshot is ever taken',
        received: this.replicas,
        expected: 'a whole number of at least 1 (default 2: one leads, one waits on the lease)',
      });
    }
  }
}
