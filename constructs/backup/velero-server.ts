import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation, containerResources } from '../../lib';
import { VELERO_PINS } from '../../lib/versions/backup';
import { imageRef } from '../../lib/versions/image';
import { env, fieldEnv, rule } from '../networking/manifest-parts';
import { BackupCredentials, VeleroPlugin } from './backup-target';

// upstream: vmware-tanzu/helm-charts@velero-12.1.0:charts/velero rendered with the aws-minio values
// (../shared/upstream/velero/1.18.1/helm-velero-12.1.0-aws-minio.yaml) and
// vmware-tanzu/velero@v1.18.1:pkg/install/deployment.go, which `velero install` uses.

/** Names shared by the server, the node agent and the tests. */
export const VELERO_NAMES = {
  serviceAccount: 'velero-server',
  deployment: 'velero',
  nodeAgent: 'node-agent',
  service: 'velero',
  repoMaintenanceConfig: 'velero-repo-maintenance',
  metricsPort: 8085,
  credentialsVolume: 'cloud-credentials',
  /** Where upstream mounts the credentials Secret, and the file name the providers read. */
  credentialsFile: '/credentials/cloud',
} as const;

/** The component name deviations are declared under. */
export const VELERO_COMPONENT = `velero ${VELERO_PINS.version}`;

/**
 * Declares the hardening we add to a container upstream leaves without a securityContext.
 * `workload` is the upstream workload as parity items name it, e.g. `Deployment/velero/velero`.
 */
export function declareHardening(scope: Construct, workload: string, container: string): void {
  const items: [string, string][] = [
    ['allowPrivilegeEscalation', 'allowPrivilegeEscalation: false'],
    ['capabilities.drop ALL', 'every capability dropped'],
    ['seccompProfile.type', 'the RuntimeDefault seccomp profile'],
  ];
  for (const [leaf, ours] of items) {
    UpstreamDeviation.declare(scope, {
      component: VELERO_COMPONENT,
      item: `${workload} container ${container} securityContext.${leaf}`,
      ours,
      why: 'upstream sets no securityContext; Velero and its plugin copy step need no Linux capability, no setuid and no unusual syscalls',
    });
  }
}

/** The pod labels of the server, which its Service and NetworkPolicies select. */
export const VELERO_SERVER_LABELS = { 'app.kubernetes.io/name': 'velero', 'app.kubernetes.io/component': 'server', name: 'velero' } as const;

/** Env vars every Velero container gets: each provider SDK reads its credentials file from its own variable. */
export function credentialsEnv(): k8s.EnvVar[] {
  return ['AWS_SHARED_CREDENTIALS_FILE', 'GOOGLE_APPLICATION_CREDENTIALS', 'AZURE_CREDENTIALS_FILE', 'ALIBABA_CLOUD_CREDENTIALS_FILE'].map((n) =>
    env(n, VELERO_NAMES.credentialsFile),
  );
}

/** The credentials Secret as a volume, the chosen key at the file name the providers read. */
export function credentialsVolume(credentials: BackupCredentials | undefined): k8s.Volume {
  return {
    name: VELERO_NAMES.credentialsVolume,
    secret: {
      secretName: credentials?.secretName ?? '',
      items: [{ key: credentials?.key ?? '', path: 'cloud' }],
      // upstream pkg/install: read-only for owner, group, public.
      defaultMode: 0o444,
    },
  };
}

export interface VeleroServerProps {
  readonly namespace: string;
  readonly plugins: readonly VeleroPlugin[];
  /** The default location's credentials, mounted for the server's own use. */
  readonly credentials?: BackupCredentials | undefined;
}

/**
 * The Velero server: its ServiceAccount and RBAC, the repository-maintenance config, the
 * metrics Service and the Deployment with one init container per plugin.
 */
export class VeleroServer extends Construct {
  constructor(scope: Construct, id: string, props: VeleroServerProps) {
    super(scope, id);
    const ns = props.namespace;
    const sa = VELERO_NAMES.serviceAccount;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: sa, namespace: ns }, automountServiceAccountToken: true });
    // Velero backs up and restores any kind, CRDs and RBAC included, so upstream binds it to
    // cluster-admin (templates/clusterrolebinding.yaml); a narrower role fails restores.
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: sa },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
    });
    new k8s.KubeRole(this, 'Role', { metadata: { name: sa, namespace: ns }, rules: [rule(['*'], ['*'], ['*'])] });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: sa, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sa },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
    });
    new k8s.KubeConfigMap(this, 'RepoMaintenanceConfig', {
      metadata: { name: VELERO_NAMES.repoMaintenanceConfig, namespace: ns },
      data: {
        // Maintenance Jobs get requests and a memory limit like every other pod we run.
        global: `${JSON.stringify({ keepLatestMaintenanceJobs: 3, podResources: { cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '1Gi' } }, null, 2)}\n`,
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: VELERO_NAMES.service, namespace: ns, labels: { 'app.kubernetes.io/name': 'velero' } },
      spec: {
        type: 'ClusterIP',
        ports: [{ name: 'http-monitoring', port: VELERO_NAMES.metricsPort, targetPort: k8s.IntOrString.fromString('http-monitoring') }],
        selector: { ...VELERO_SERVER_LABELS },
      },
    });

    const workload = 'Deployment/velero/velero';
    declareHardening(this, workload, 'velero');
    for (const p of props.plugins) {
      declareHardening(this, workload, p.name);
      UpstreamDeviation.declare(this, {
        component: VELERO_COMPONENT,
        item: `${workload} container ${p.name} image`,
        ours: `${p.imageRef} (registry written out)`,
        why: 'a short image name depends on the runtime\'s registry search list; CRI-O and Podman in enforcing short-name mode refuse it',
      });
    }
    const probe: k8s.Probe = {
      httpGet: { path: '/metrics', port: k8s.IntOrString.fromString('http-monitoring'), scheme: 'HTTP' },
      failureThreshold: 5,
      initialDelaySeconds: 10,
      periodSeconds: 30,
      successThreshold: 1,
      timeoutSeconds: 5,
    };
    // Velero needs no Linux capability; the plugins only copy a binary.
    const hardened: k8s.SecurityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: VELERO_NAMES.deployment, namespace: ns, labels: { 'app.kubernetes.io/name': 'velero', component: 'velero' } },
      spec: {
        replicas: 1,
        // Two servers would run the same backups twice.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { ...VELERO_SERVER_LABELS } },
        template: {
          metadata: {
            labels: { ...VELERO_SERVER_LABELS },
            annotations: { 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(VELERO_NAMES.metricsPort), 'prometheus.io/scrape': 'true' },
          },
          spec: {
            restartPolicy: 'Always',
            serviceAccountName: sa,
            automountServiceAccountToken: true,
            // Lets a running backup finish on shutdown, as upstream does.
            terminationGracePeriodSeconds: 3600,
            dnsPolicy: 'ClusterFirst',
            initContainers: props.plugins.map((p) => ({
              name: p.name,
              image: p.imageRef,
              imagePullPolicy: 'IfNotPresent',
              resources: containerResources({ cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '128Mi' }),
              securityContext: hardened,
              volumeMounts: [{ name: 'plugins', mountPath: '/target' }],
            })),
            containers: [
              {
                name: 'velero',
                image: imageRef(VELERO_PINS.velero),
                imagePullPolicy: 'IfNotPresent',
                command: ['/velero'],
                args: ['server', '--uploader-type=kopia', `--repo-maintenance-job-configmap=${VELERO_NAMES.repoMaintenanceConfig}`],
                ports: [{ name: 'http-monitoring', containerPort: VELERO_NAMES.metricsPort }],
                livenessProbe: probe,
                readinessProbe: probe,
                // upstream pkg/install defaults: 500m / 128Mi requested, 512Mi memory limit.
                resources: containerResources({ cpuRequest: '500m', memoryRequest: '128Mi', memoryLimit: '512Mi' }),
                securityContext: hardened,
                volumeMounts: [
                  { name: 'plugins', mountPath: '/plugins' },
                  { name: VELERO_NAMES.credentialsVolume, mountPath: '/credentials' },
                  { name: 'scratch', mountPath: '/scratch' },
                ],
                env: [
                  env('VELERO_SCRATCH_DIR', '/scratch'),
                  fieldEnv('VELERO_NAMESPACE', 'metadata.namespace', 'v1'),
                  env('LD_LIBRARY_PATH', '/plugins'),
                  ...credentialsEnv(),
                ],
              },
            ],
            volumes: [credentialsVolume(props.credentials), { name: 'plugins', emptyDir: {} }, { name: 'scratch', emptyDir: {} }],
          },
        },
      },
    });
  }
}
