import { PinnedImage } from './image';

// Monitoring: the kube-prometheus stack. Pinned to kube-prometheus main at commit cd97c0f7
// (2026-07-28), the one kube-prometheus state whose manifests pin prometheus-operator v0.93.0,
// so the operator, its CRDs (prometheus-operator@v0.93.0:example/prometheus-operator-crd) and
// the stack come from one release set. The v0.18.0 tag pins operator v0.92.0.
// Each image below is read from prometheus-operator/kube-prometheus@cd97c0f7:manifests/<file>;
// metrics-server from kubernetes-sigs/metrics-server@v0.8.1:manifests (kube-prometheus uses
// prometheus-adapter instead; the Resource Metrics API here is served by metrics-server).

/** @internal The kube-prometheus state the monitoring add-on follows. */
export const KUBE_PROMETHEUS_REF = 'kube-prometheus main-cd97c0f7';

/** @internal Versions and images of the monitoring stack, each read from the upstream file named beside it. */
export const MONITORING_PINS = {
  operatorVersion: '0.93.0',
  /** prometheusOperator-deployment.yaml */
  operator: { repository: 'quay.io/prometheus-operator/prometheus-operator', tag: 'v0.93.0' } as PinnedImage,
  /** prometheusOperator-deployment.yaml, the --prometheus-config-reloader argument */
  configReloader: { repository: 'quay.io/prometheus-operator/prometheus-config-reloader', tag: 'v0.93.0' } as PinnedImage,
  /** every kube-rbac-proxy sidecar */
  kubeRbacProxy: { repository: 'quay.io/brancz/kube-rbac-proxy', tag: 'v0.22.1' } as PinnedImage,
  /** prometheus-prometheus.yaml (spec.image and spec.version) */
  prometheusVersion: '3.13.1',
  prometheus: { repository: 'quay.io/prometheus/prometheus', tag: 'v3.13.1' } as PinnedImage,
  /** alertmanager-alertmanager.yaml */
  alertmanagerVersion: '0.33.1',
  alertmanager: { repository: 'quay.io/prometheus/alertmanager', tag: 'v0.33.1' } as PinnedImage,
  /** nodeExporter-daemonset.yaml */
  nodeExporter: { repository: 'quay.io/prometheus/node-exporter', tag: 'v1.12.1' } as PinnedImage,
  /** kubeStateMetrics-deployment.yaml */
  kubeStateMetrics: { repository: 'registry.k8s.io/kube-state-metrics/kube-state-metrics', tag: 'v2.19.1' } as PinnedImage,
  /** grafana-deployment.yaml */
  grafana: { repository: 'grafana/grafana', tag: '13.1.1' } as PinnedImage,
  /** kubernetes-sigs/metrics-server@v0.8.1:manifests/components/release/kustomization.yaml */
  metricsServer: { repository: 'registry.k8s.io/metrics-server/metrics-server', tag: 'v0.8.1' } as PinnedImage,
  /**
   * The monitoring.coreos.com CRDs of the operator release, as its install docs apply them
   * (server-side: the Prometheus CRD is larger than the client-side apply annotation allows).
   */
  crdsUrl: 'https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.93.0/stripped-down-crds.yaml',
} as const;
