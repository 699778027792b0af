import { k8s } from 'cdk8s-plus-27';
import { ServiceMonitor } from './service-monitor';
import { Construct } from 'constructs';
import { WaivableCheck, Waiver, containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { MONITORING_PINS } from '../../lib/versions/monitoring';

// Pod-spec fragments every kube-prometheus component repeats; the values come from
// prometheus-operator/kube-prometheus@cd97c0f7:manifests.

import type { Labels } from './labels';

export type { Labels };

/** @internal The TLS cipher suites every kube-rbac-proxy sidecar of kube-prometheus allows. */
export const TLS_CIPHER_SUITES = [
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
].join(',');

/** @internal The container security context kube-prometheus gives its kube-rbac-proxy sidecars. */
export const RBAC_PROXY_SECURITY_CONTEXT: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsGroup: 65532,
  runAsNonRoot: true,
  runAsUser: 65532,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** @internal A kube-rbac-proxy sidecar: TLS and authorisation (TokenReview + SubjectAccessReview) in front of a loopback exporter. */
export function kubeRbacProxy(props: {
  readonly name: string;
  readonly listen: string;
  readonly upstream: string;
  readonly port: number;
  readonly portName: string;
  readonly hostPort?: number | undefined;
  readonly env?: k8s.EnvVar[] | undefined;
  readonly cpuRequest?: string | undefined;
  readonly memoryLimit?: string | undefined;
}): k8s.Container {
  return {
    name: props.name,
    image: imageRef(MONITORING_PINS.kubeRbacProxy),
    args: [`--secure-listen-address=${props.listen}`, `--tls-cipher-suites=${TLS_CIPHER_SUITES}`, `--upstream=${props.upstream}`],
    ...(props.env ? { env: props.env } : {}),
    ports: [{ containerPort: props.port, name: props.portName, ...(props.hostPort ? { hostPort: props.hostPort } : {}) }],
    resources: containerResources({ cpuRequest: props.cpuRequest ?? '10m', memoryRequest: '20Mi', memoryLimit: props.memoryLimit ?? '40Mi' }),
    securityContext: RBAC_PROXY_SECURITY_CONTEXT,
  };
}

/** @internal kube-prometheus's selector labels of one component. */
export function componentLabels(component: string, name: string, instance?: string): Labels {
  return { 'app.kubernetes.io/component': component, 'app.kubernetes.io/name': name, ...(instance ? { 'app.kubernetes.io/instance': instance } : {}), 'app.kubernetes.io/part-of': 'kube-prometheus' };
}

/** @internal A ServiceAccount, ClusterRole and ClusterRoleBinding of one name. */
export function clusterRbac(scope: Construct, props: { name: string; namespace: string; labels: Labels; rules: k8s.PolicyRule[]; serviceAccount?: string | undefined }): void {
  const sa = props.serviceAccount ?? props.name;
  new k8s.KubeServiceAccount(scope, 'ServiceAccount', { metadata: { name: sa, namespace: props.namespace, labels: { ...props.labels } }, automountServiceAccountToken: false });
  new k8s.KubeClusterRole(scope, 'ClusterRole', { metadata: { name: props.name, labels: { ...props.labels } }, rules: props.rules });
  new k8s.KubeClusterRoleBinding(scope, 'ClusterRoleBinding', {
    metadata: { name: props.name, labels: { ...props.labels } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.name },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: props.namespace }],
  });
}

/** @internal Waives the probe check for containers kube-prometheus ships without probes. */
export function waiveUpstreamProbes(scope: Construct, file: string, containers: readonly string[]): void {
  for (const container of containers) {
    Waiver.add(scope, WaivableCheck.PROBES, `upstream kube-prometheus@cd97c0f7:manifests/${file} defines no probes; the exporter listens on loopback behind kube-rbac-proxy, and Prometheus's up series is its health check`, { container });
  }
}

/**
 * @internal The Service, PodDisruptionBudget and self-scraping ServiceMonitor of a server the
 * operator runs as a StatefulSet (Prometheus, Alertmanager): its web port and its config
 * reloader's, as kube-prometheus writes them.
 */
export function operatedServerObjects(
  scope: Construct,
  props: { readonly name: string; readonly namespace: string; readonly labels: Labels; readonly port: number; readonly disruption: { minAvailable: number } | { maxUnavailable: number } },
): void {
  const metadata = { name: props.name, namespace: props.namespace, labels: { ...props.labels } };
  new k8s.KubeService(scope, 'Service', {
    metadata,
    spec: {
      ports: [
        { name: 'web', port: props.port, targetPort: k8s.IntOrString.fromString('web') },
        { name: 'reloader-web', port: 8080, targetPort: k8s.IntOrString.fromString('reloader-web') },
      ],
      selector: { ...props.labels },
      sessionAffinity: 'ClientIP',
    },
  });
  const d = props.disruption;
  new k8s.KubePodDisruptionBudget(scope, 'PodDisruptionBudget', {
    metadata,
    spec: {
      ...('minAvailable' in d ? { minAvailable: k8s.IntOrString.fromNumber(d.minAvailable) } : { maxUnavailable: k8s.IntOrString.fromNumber(d.maxUnavailable) }),
      selector: { matchLabels: { ...props.labels } },
    },
  });
  new ServiceMonitor(scope, 'ServiceMonitor', {
    name: props.name,
    namespace: props.namespace,
    selector: props.labels,
    endpoints: [
      { port: 'web', interval: '30s' },
      { port: 'reloader-web', interval: '30s' },
    ],
  });
}
