import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { CrdSource, UpstreamCrds, UpstreamDeviation, containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { TRAEFIK_CHART_VERSION, TRAEFIK_CRD_KINDS, TRAEFIK_IMAGE, traefikCrdUrl } from '../../lib/versions/ingress';
import { env, fieldEnv, rule } from '../networking/manifest-parts';
import { HostPortExposure, ServiceExposure } from './exposure';
import { IngressController } from './ingress-controller';
import { ControllerEndpoint } from './controller-endpoint';
import { IngressControllerNetworkPolicies } from './ingress-controller-network-policies';
import { ingressClass } from './ingress-class';

// upstream: traefik/traefik-helm-chart@v41.3.0:traefik, rendered with default values in
// ../shared/upstream/traefik/41.3.0 (release traefik, namespace traefik).

/** @internal The chart's component name, for declared deviations. */
export const TRAEFIK_COMPONENT = `traefik (traefik-helm-chart ${TRAEFIK_CHART_VERSION})`;

const NAME = 'traefik';
const PORTS = { metrics: 9100, traefik: 8080, web: 8000, websecure: 8443 } as const;

/**
 * Traefik as the chart deploys it: the Kubernetes Ingress and CRD providers, the traefik.io
 * CRDs, a ClusterRole to read routes, Services and Secrets, and its IngressClass.
 */
export class Traefik extends ControllerEndpoint {
  public readonly trafficPorts: readonly number[] = [PORTS.web, PORTS.websecure];
  public readonly metricsPort = PORTS.metrics;

  /** @internal ClusterIngress renders the controller it is given. */
  constructor(scope: Construct, id: string, choice: IngressController) {
    const labels = { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': `traefik-${choice.namespace}` };
    super(scope, id, choice, labels);
    const ns = choice.namespace;
    const exposure = choice.exposure;
    const podLabels = labels;

    const crds = new Construct(this, 'Crds');
    for (const [kind, plural] of Object.entries(TRAEFIK_CRD_KINDS)) {
      new UpstreamCrds(crds, kind, { source: CrdSource.url(traefikCrdUrl(plural)), group: 'traefik.io', kinds: [kind] });
    }
    const hostPorts = exposure instanceof HostPortExposure;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: ns, labels }, automountServiceAccountToken: false });
    const read = ['get', 'list', 'watch'];
    const roleName = `traefik-${ns}`;
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: roleName, labels },
      rules: [
        rule([''], ['configmaps', 'nodes', 'services'], read),
        rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch']),
        rule([''], ['pods'], ['get']),
        rule([''], ['secrets'], read),
        rule(['extensions', 'networking.k8s.io'], ['ingressclasses', 'ingresses'], read),
        rule(['extensions', 'networking.k8s.io'], ['ingresses/status'], ['update']),
        rule([''], ['namespaces'], ['list', 'watch']),
        rule(['traefik.io'], Object.values(TRAEFIK_CRD_KINDS), read),
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: roleName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });

    const service = exposure instanceof ServiceExposure ? exposure : undefined;
    const port = (name: keyof typeof PORTS, hostPort?: number): k8s.ContainerPort => ({ containerPort: PORTS[name], name, protocol: 'TCP', ...(hostPort ? { hostPort } : {}) });
    const probe = (failureThreshold: number): k8s.Probe => ({
      failureThreshold,
      httpGet: { path: '/ping', port: k8s.IntOrString.fromNumber(PORTS.traefik), scheme: 'HTTP' },
      initialDelaySeconds: 2,
      periodSeconds: 10,
      successThreshold: 1,
      timeoutSeconds: 2,
    });
    const podSpec: k8s.PodSpec = {
      automountServiceAccountToken: true,
      containers: [
        {
          name: 'traefik',
          image: imageRef(TRAEFIK_IMAGE),
          imagePullPolicy: 'IfNotPresent',
          args: [
            `--entryPoints.metrics.address=:${PORTS.metrics}/tcp`,
            `--entryPoints.traefik.address=:${PORTS.traefik}/tcp`,
            `--entryPoints.web.address=:${PORTS.web}/tcp`,
            `--entryPoints.websecure.address=:${PORTS.websecure}/tcp`,
            '--api.dashboard=true',
            '--ping=true',
            '--metrics.prometheus=true',
            '--metrics.prometheus.entrypoint=metrics',
            '--providers.kubernetescrd',
            '--providers.kubernetescrd.allowEmptyServices=true',
            '--providers.kubernetesingress',
            '--providers.kubernetesingress.allowEmptyServices=true',
            // With host ports there is no Service whose address Ingresses could publish.
            ...(hostPorts ? [] : [`--providers.kubernetesingress.ingressendpoint.publishedservice=${ns}/${NAME}`]),
            `--providers.kubernetesingress.ingressclass=${this.ingressClassName}`,
            '--entryPoints.websecure.http.tls=true',
            '--log.level=INFO',
          ],
          env: [fieldEnv('POD_NAME', 'metadata.name'), fieldEnv('POD_NAMESPACE', 'metadata.namespace'), env('USER', 'traefik')],
          livenessProbe: probe(3),
          readinessProbe: probe(1),
          ports: [port('metrics'), port('traefik'), port('web', hostPorts ? 80 : undefined), port('websecure', hostPorts ? 443 : undefined)],
          resources: containerResources({ cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '512Mi' }),
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
          volumeMounts: [
            { mountPath: '/data', name: 'data' },
            { mountPath: '/tmp', name: 'tmp' },
          ],
        },
      ],
      hostNetwork: false,
      ...(exposure instanceof HostPortExposure && exposure.nodeSelector ? { nodeSelector: { ...exposure.nodeSelector } } : {}),
      securityContext: { runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
      serviceAccountName: NAME,
      terminationGracePeriodSeconds: 60,
      volumes: [
        { emptyDir: {}, name: 'data' },
        { emptyDir: {}, name: 'tmp' },
      ],
    };
    const template = {
      metadata: { annotations: { 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(PORTS.metrics), 'prometheus.io/scrape': 'true' }, labels: podLabels },
      spec: podSpec,
    };
    if (service) {
      new k8s.KubeService(this, 'Service', {
        metadata: { name: NAME, namespace: ns, labels },
        spec: {
          type: service.serviceType,
          selector: podLabels,
          ports: [
            { port: 80, name: 'web', targetPort: k8s.IntOrString.fromString('web'), protocol: 'TCP', ...(service.httpNodePort ? { nodePort: service.httpNodePort } : {}) },
            { port: 443, name: 'websecure', targetPort: k8s.IntOrString.fromString('websecure'), protocol: 'TCP', ...(service.httpsNodePort ? { nodePort: service.httpsNodePort } : {}) },
          ],
        },
      });
      new k8s.KubeDeployment(this, 'Deployment', {
        metadata: { name: NAME, namespace: ns, labels },
        spec: {
          replicas: service.replicas,
          selector: { matchLabels: podLabels },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
          minReadySeconds: 0,
          template,
        },
      });
    } else {
      new k8s.KubeDaemonSet(this, 'DaemonSet', {
        metadata: { name: NAME, namespace: ns, labels },
        // Two pods cannot hold one node's ports 80/443: replace old pods before starting new ones.
        spec: { selector: { matchLabels: podLabels }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } }, template },
      });
    }
    ingressClass(this, { name: this.ingressClassName, controller: 'traefik.io/ingress-controller', isDefault: this.isDefaultClass, labels });
    new IngressControllerNetworkPolicies(this, 'NetworkPolicies', { namespace: ns, podLabels, trafficPorts: this.trafficPorts, metricsPort: this.metricsPort });

    const W = 'Deployment/traefik/traefik';
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: TRAEFIK_COMPONENT, item, ours, why });
    };
    declare(`${W} container traefik arg --providers.kubernetesingress.ingressclass`, this.ingressClassName, 'serves only Ingresses of its own IngressClass, so several controllers can share the cluster');
    if (ns !== 'traefik') {
      declare(`${W} container traefik arg --providers.kubernetesingress.ingressendpoint.publishedservice`, hostPorts ? 'absent' : `${ns}/${NAME}`, 'the namespace of the model');
    } else if (hostPorts) {
      declare(`${W} container traefik arg --providers.kubernetesingress.ingressendpoint.publishedservice`, 'absent', 'with host ports no Service publishes an address; Ingress status stays empty');
    }
    if (hostPorts) {
      declare(`${W} container traefik port ${PORTS.web}/TCP`, 'hostPort 80', 'Exposure.hostPorts(): every node takes port 80');
      declare(`${W} container traefik port ${PORTS.websecure}/TCP`, 'hostPort 443', 'Exposure.hostPorts(): every node takes port 443');
    }
  }
}
