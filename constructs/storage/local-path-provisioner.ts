import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { stringify } from 'yaml';
import { AddOn, AddOnKey } from '../../lib/add-on';
import type { Cluster } from '../../lib/cluster';
import { Namespace } from '../../lib/namespace';
import { IModelValidator, ValidationContext } from '../../lib/validation/context';
import { PodSecurityLevel } from '../../lib/validation/pod-security';
import { imageRef } from '../../lib/versions/image';
import { LOCAL_PATH_HELPER_IMAGE, LOCAL_PATH_PROVISIONER_IMAGE } from '../../lib/versions/storage';
import { containerResources, restrictedSecurityContext } from '../../lib/workload';
import { PROVISIONER_DEFAULTS } from './defaults';
import { addedSecurityContextItems, declareDeviations } from './deviations';
import { WaivableCheck, Waiver } from '../../lib/validation/waiver';

/** Add-on key of LocalPathProvisioner. */
export const LOCAL_PATH_PROVISIONER = new AddOnKey<LocalPathProvisioner>('local-path-provisioner');

/** Props of LocalPathProvisioner. */
export interface LocalPathProvisionerProps {
  /**
   * Directories on every node that volumes are created under (`nodePathMap` for all nodes).
   * @default ['/opt/local-path-provisioner']
   */
  readonly nodePaths?: readonly string[] | undefined;
  /**
   * Namespace of the provisioner and of its helper pods.
   * @default 'local-path-storage'
   */
  readonly namespace?: string | undefined;
}

const APP = 'local-path-provisioner';
const SERVICE_ACCOUNT = 'local-path-provisioner-service-account';
const ROLE = 'local-path-provisioner-role';
const BINDING = 'local-path-provisioner-bind';
const CONFIG_MAP = 'local-path-config';
const CONFIG_DIR = '/etc/config/';
/** The node name local-path-provisioner reads as "every node not listed". */
const ALL_NODES = 'DEFAULT_PATH_FOR_NON_LISTED_NODES';
const COMPONENT = `local-path-provisioner ${LOCAL_PATH_PROVISIONER_IMAGE.tag}`;
/** The provisioner's pod and container security contexts: it only talks to the API server. */
const POD_SECURITY: k8s.PodSecurityContext = { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } };
const CONTAINER_SECURITY: k8s.SecurityContext = restrictedSecurityContext();

/**
 * Rancher's local-path-provisioner, as its deploy/local-path-storage.yaml installs it: a
 * Deployment that turns claims into directories on nodes by starting short-lived helper
 * pods there. It is added by the first local-path StorageClass; add it yourself first to
 * choose its node paths.
 *
 * The namespace is Pod Security "privileged": the provisioner itself runs restricted, but
 * the helper pods it creates in its own namespace mount the node directory as a hostPath
 * volume, which baseline and restricted forbid. The alternative, a baseline namespace plus
 * an exemption, lives in the API server's AdmissionConfiguration, where it is invisible
 * in the manifests and exempts the namespace entirely anyway; the label says it here.
 */
export class LocalPathProvisioner extends AddOn implements IModelValidator {
  public readonly nodePaths: readonly string[];
  public readonly namespace: Namespace;
  public readonly configMap: ApiObject;
  public readonly deployment: ApiObject;

  constructor(cluster: Cluster, id: string, props: LocalPathProvisionerProps = {}) {
    super(cluster, id, { key: LOCAL_PATH_PROVISIONER });
    this.nodePaths = props.nodePaths ?? PROVISIONER_DEFAULTS.localPathNodePaths;
    this.namespace = new Namespace(this, 'Namespace', {
      name: props.namespace ?? PROVISIONER_DEFAULTS.localPathNamespace,
      podSecurity: { enforce: PodSecurityLevel.PRIVILEGED },
    });
    // Helper pods with a hostPath volume are created here at run time, which only privileged admits.
    Waiver.add(this.namespace, WaivableCheck.OVER_PRIVILEGED_NAMESPACE, 'the provisioner creates helper pods with hostPath volumes in this namespace at run time');
    Waiver.add(this, WaivableCheck.PROBES, 'upstream deploy/local-path-storage.yaml (v0.0.36) defines no probes for the provisioner', { container: 'local-path-provisioner' });
    const namespace = this.namespace.name;
    this.declareDeviations();

    // upstream: rancher/local-path-provisioner@v0.0.36:deploy/local-path-storage.yaml
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: SERVICE_ACCOUNT, namespace } });
    new k8s.KubeRole(this, 'Role', {
      metadata: { name: ROLE, namespace },
      // Helper pods are created and deleted in the provisioner's own namespace only.
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] }],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: BINDING, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ROLE },
      subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace }],
    });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: ROLE },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
        // On a failed provisioning the controller clears the claim's selected-node annotation
        // (upstream chart clusterrole.yaml, rancher/local-path-provisioner#530).
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['update'] },
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: BINDING },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ROLE },
      subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace }],
    });

    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: CONFIG_MAP, namespace },
      data: {
        'config.json': JSON.stringify({ nodePathMap: [{ node: ALL_NODES, paths: [...this.nodePaths] }] }, undefined, 2),
        setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"',
        teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"',
        'helperPod.yaml': stringify(helperPodTemplate()),
      },
    });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: APP, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: APP } },
        template: {
          metadata: { labels: { app: APP } },
          spec: {
            serviceAccountName: SERVICE_ACCOUNT,
            // The provisioner only talks to the API server; only its helper pods touch the node.
            securityContext: POD_SECURITY,
            containers: [
              {
                name: APP,
                image: imageRef(LOCAL_PATH_PROVISIONER_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                command: ['local-path-provisioner', '--debug', 'start', '--config', `${CONFIG_DIR}config.json`],
                volumeMounts: [{ name: 'config-volume', mountPath: CONFIG_DIR, readOnly: true }],
                env: [
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  // Makes the provisioner reload helperPod.yaml when the ConfigMap changes.
                  { name: 'CONFIG_MOUNT_PATH', value: CONFIG_DIR },
                ],
                resources: containerResources({ cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '128Mi' }),
                securityContext: CONTAINER_SECURITY,
                // Upstream defines no probes for v0.0.36 (a /health endpoint came later, #583).
              },
            ],
            volumes: [{ name: 'config-volume', configMap: { name: CONFIG_MAP } }],
          },
        },
      },
    });
  }

  private declareDeviations(): void {
    const w = `Deployment/${PROVISIONER_DEFAULTS.localPathNamespace}/${APP}`;
    const sa = `${PROVISIONER_DEFAULTS.localPathNamespace}/${SERVICE_ACCOUNT}`;
    declareDeviations(
      this,
      COMPONENT,
      'the provisioner only talks to the API server (the helper pods it starts do the node work), so it runs as Pod Security restricted: non-root, no capabilities, no privilege escalation, read-only root filesystem',
      { ...addedSecurityContextItems(`${w} pod`, POD_SECURITY), ...addedSecurityContextItems(`${w} container ${APP}`, CONTAINER_SECURITY) },
    );
    declareDeviations(this, COMPONENT, 'the provisioner only reads its configuration; nothing in the pod may rewrite it', {
      [`${w} container ${APP} mount ${CONFIG_DIR}`]: 'the local-path-config ConfigMap mounted read-only',
    });
    declareDeviations(
      this,
      COMPONENT,
      "on a failed provisioning the controller clears the claim's volume.kubernetes.io/selected-node annotation so the scheduler can pick another node; the v0.0.36 manifest lacks the grant the chart has (rancher/local-path-provisioner#530), so the claim would stay stuck",
      { [`rbac+ ${sa} cluster core/persistentvolumeclaims update`]: 'update on persistentvolumeclaims' },
    );
    const helper = 'local-path-config key helperPod.yaml.spec.containers.helper-pod';
    declareDeviations(this, COMPONENT, 'upstream ships an untagged busybox, which resolves to whatever latest is on the day a node pulls it', {
      'local-path-config helperPod.yaml image': imageRef(LOCAL_PATH_HELPER_IMAGE),
    });
    declareDeviations(this, COMPONENT, 'every container clusterforge writes has requests and a memory limit; helpers only mkdir and rm -rf', {
      [`${helper}.resources.limits.memory`]: 'a 64Mi memory limit',
      [`${helper}.resources.requests.cpu`]: 'a 10m CPU request',
      [`${helper}.resources.requests.memory`]: 'a 16Mi memory request',
    });
  }

  public validateModel(context: ValidationContext): void {
    const paths = this.nodePaths;
    // upstream: README "Rules" of config.json
    const invalid = paths.filter((p) => typeof p !== 'string' || !p.startsWith('/') || p.replace(/\/+$/, '') === '');
    const duplicates = paths.filter((p, i) => paths.indexOf(p) !== i);
    if (paths.length === 0 || invalid.length > 0 || duplicates.length > 0) {
      context.error(this, {
        rule: 'storage/local-path-node-paths',
        field: 'nodePaths',
        message:
          paths.length === 0
            ? 'the provisioner needs at least one node path; with none it refuses every claim'
            : 'node paths must be absolute, not the root directory, and listed once; the provisioner refuses such a config',
        received: paths,
        expected: "distinct absolute directories other than '/', e.g. ['/opt/local-path-provisioner']",
      });
    }
  }
}

/**
 * @internal
 * The helper pod template: one container, no volumes of its own (the provisioner adds the
 * node directory and the scripts), and none of the fields v0.0.36 refuses in templates.
 * No securityContext: the provisioner sets the helper's own (privileged, in upstream's
 * createHelperPod), which is why its namespace is labelled privileged; a template value
 * would be replaced, or clash with privileged if merged.
 */
export function helperPodTemplate(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'helper-pod' },
    spec: {
      // Helpers free disk space, so they must run on nodes under disk pressure.
      priorityClassName: 'system-node-critical',
      tolerations: [{ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [
        {
          name: 'helper-pod',
          image: imageRef(LOCAL_PATH_HELPER_IMAGE),
          imagePullPolicy: 'IfNotPresent',
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        },
      ],
    },
  };
}
