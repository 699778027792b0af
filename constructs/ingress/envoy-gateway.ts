import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { dnsEgressRule, tcpPort as tcp } from '../../lib/net/network-policy';
import { CrdSource, IGatewayEndpoint, Namespace, PodSecurityLevel, UpstreamCrds, UpstreamDeviation, WaivableCheck, Waiver, containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { ENVOY_GATEWAY_CRD_KINDS, ENVOY_GATEWAY_IMAGE, ENVOY_GATEWAY_VERSION, ENVOY_RATELIMIT_IMAGE, envoyGatewayCrdUrl } from '../../lib/versions/ingress';
import { env, fieldEnv, rule } from '../networking/manifest-parts';
import { AllowedRoutes, Gateway, GatewayProtocol } from './gateway';
import { GatewayClass } from './gateway-class';
import { EnvoyGatewayController } from './ingress-controller';

// upstream: envoyproxy/gateway@v1.9.0:charts/gateway-helm as the release install.yaml renders it
// without CRDs, in ../shared/upstream/envoy-gateway/v1.9.0/install-without-crds.yaml.

/** @internal The upstream release, for declared deviations. */
export const ENVOY_GATEWAY_COMPONENT = `envoy-gateway ${ENVOY_GATEWAY_VERSION}`;

const NAME = 'envoy-gateway';
const RELEASE = 'eg-gateway-helm';
const LABELS = { 'app.kubernetes.io/name': 'gateway-helm', 'app.kubernetes.io/instance': 'eg' };
const POD_LABELS = { 'control-plane': 'envoy-gateway', ...LABELS };
/** @internal Labels of the Envoy proxy pods the controller creates (internal/infrastructure/kubernetes/proxy/resource.go). */
export const ENVOY_PROXY_POD_LABELS = { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway' };
const PORTS = { grpc: 18000, ratelimit: 18001, wasm: 18002, metrics: 19001, webhook: 9443 } as const;
/** @internal The `controllerName` Envoy Gateway claims GatewayClasses by. */
export const ENVOY_GATEWAY_CONTROLLER_NAME = 'gateway.envoyproxy.io/gatewayclass-controller';

/**
 * Envoy Gateway: the controller (xDS server, certgen Job, topology webhook), its CRDs, the
 * GatewayClass and one shared Gateway. The Envoy proxy Deployment and its LoadBalancer Service
 * are created by the controller at run time, in the same namespace.
 */
export class EnvoyGateway extends Construct implements IGatewayEndpoint {
  public readonly namespace: string;
  public readonly gatewayName: string;
  public readonly gatewayNamespace: string;
  public readonly proxyNamespace: string;
  public readonly proxyPodLabels = ENVOY_PROXY_POD_LABELS;
  public readonly gatewayClassName: string;
  public readonly gateway: Gateway;
  public readonly metricsPort = PORTS.metrics;

  /** @internal ClusterIngress renders the controller it is given. */
  constructor(scope: Construct, id: string, choice: EnvoyGatewayController, clusterDomain: string) {
    super(scope, id);
    const ns = choice.namespace;
    this.namespace = ns;
    this.gatewayNamespace = ns;
    this.proxyNamespace = ns;
    const o = choice.envoyOptions;
    const crds = new Construct(this, 'Crds');
    for (const [kind, plural] of Object.entries(ENVOY_GATEWAY_CRD_KINDS)) {
      new UpstreamCrds(crds, kind, { source: CrdSource.url(envoyGatewayCrdUrl(plural)), group: 'gateway.envoyproxy.io', kinds: [kind] });
    }
    // The proxies are created at run time from EnvoyGateway's own pod template, outside this
    // model; baseline admits them whatever their seccomp settings.
    const namespace = new Namespace(this, 'Namespace', { name: ns, podSecurity: { enforce: PodSecurityLevel.BASELINE } });
    Waiver.add(namespace, WaivableCheck.OVER_PRIVILEGED_NAMESPACE, 'Envoy proxy Deployments are created by Envoy Gateway at run time, outside this model');

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: ns, labels: LABELS }, automountServiceAccountToken: false });
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: 'envoy-gateway-config', namespace: ns, labels: LABELS },
      data: {
        'envoy-gateway.yaml': [
          'apiVersion: gateway.envoyproxy.io/v1alpha1',
          'kind: EnvoyGateway',
          'extensionApis: {}',
          'gateway:',
          `  controllerName: ${ENVOY_GATEWAY_CONTROLLER_NAME}`,
          'logging:',
          '  level:',
          '    default: info',
          'provider:',
          '  kubernetes:',
          '    rateLimitDeployment:',
          '      container:',
          `        image: ${imageRef(ENVOY_RATELIMIT_IMAGE)}`,
          '      patch:',
          '        type: StrategicMerge',
          '        value:',
          '          spec:',
          '            template:',
          '              spec:',
          '                containers:',
          '                - imagePullPolicy: IfNotPresent',
          '                  name: envoy-ratelimit',
          '    shutdownManager:',
          `      image: ${imageRef(ENVOY_GATEWAY_IMAGE)}`,
          '  type: Kubernetes',
          '',
        ].join('\n'),
      },
    });

    const read = ['get', 'list', 'watch'];
    const manage = ['create', 'get', 'list', 'delete', 'deletecollection', 'patch', 'watch'];
    const role = `${RELEASE}-envoy-gateway-role`;
    const gw = 'gateway.networking.k8s.io';
    const egKinds = ['envoyproxies', 'envoypatchpolicies', 'clienttrafficpolicies', 'backendtrafficpolicies', 'securitypolicies', 'envoyextensionpolicies', 'backends'];
    const routes = ['listenersets', 'grpcroutes', 'httproutes', 'tcproutes', 'tlsroutes', 'udproutes', 'backendtlspolicies'];
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: role, labels: LABELS },
      rules: [
        rule([''], ['nodes', 'namespaces'], read),
        rule([gw], ['gatewayclasses'], ['get', 'list', 'patch', 'update', 'watch']),
        rule([gw], ['gatewayclasses/status'], ['update']),
        rule(['multicluster.x-k8s.io'], ['serviceimports'], read),
        rule([''], ['configmaps', 'secrets', 'services'], read),
        rule(['apps'], ['deployments', 'daemonsets'], read),
        rule(['discovery.k8s.io'], ['endpointslices'], read),
        rule(['gateway.envoyproxy.io'], [...egKinds, 'httproutefilters'], read),
        rule(['gateway.envoyproxy.io'], egKinds.map((k) => `${k}/status`), ['update']),
        rule([gw], ['gateways', 'listenersets', 'grpcroutes', 'httproutes', 'referencegrants', 'tcproutes', 'tlsroutes', 'udproutes', 'backendtlspolicies'], read),
        rule([gw], ['gateways/status', ...routes.map((r) => `${r}/status`)], ['update']),
        rule([''], ['pods', 'pods/binding'], ['get', 'list', 'patch', 'update', 'watch']),
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: `${RELEASE}-envoy-gateway-rolebinding`, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });
    const nsRole = (id: string, name: string, bindingName: string, rules: k8s.PolicyRule[], account: string): void => {
      new k8s.KubeRole(this, id, { metadata: { name, namespace: ns, labels: LABELS }, rules });
      new k8s.KubeRoleBinding(this, `${id}Binding`, {
        metadata: { name: bindingName, namespace: ns, labels: LABELS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
      });
    };
    nsRole(
      'InfraManager',
      `${RELEASE}-infra-manager`,
      `${RELEASE}-infra-manager`,
      [
        rule([''], ['serviceaccounts', 'services', 'configmaps'], manage),
        rule(['apps'], ['deployments', 'daemonsets'], manage),
        rule(['autoscaling'], ['horizontalpodautoscalers'], manage),
        rule(['policy'], ['poddisruptionbudgets'], manage),
        rule(['certificates.k8s.io'], ['clustertrustbundles'], ['list', 'get', 'watch']),
      ],
      NAME,
    );
    nsRole(
      'LeaderElection',
      `${RELEASE}-leader-election-role`,
      `${RELEASE}-leader-election-rolebinding`,
      [
        rule([''], ['configmaps'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
        rule(['coordination.k8s.io'], ['leases'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
        rule([''], ['events'], ['create', 'patch']),
      ],
      NAME,
    );

    new k8s.KubeService(this, 'Service', {
      metadata: { name: NAME, namespace: ns, labels: { 'control-plane': 'envoy-gateway', ...LABELS } },
      spec: {
        type: 'ClusterIP',
        selector: POD_LABELS,
        ports: Object.entries(PORTS).map(([name, port]) => ({ name, port, targetPort: k8s.IntOrString.fromNumber(port) })),
      },
    });
    const restricted: k8s.SecurityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65532,
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const podSecurity: k8s.PodSecurityContext = { fsGroup: 65532, runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } };
    const envs = [fieldEnv('ENVOY_GATEWAY_NAMESPACE', 'metadata.namespace', 'v1'), env('KUBERNETES_CLUSTER_DOMAIN', clusterDomain)];
    const health = (path: string, periodSeconds: number, failureThreshold?: number): k8s.Probe => ({
      ...(failureThreshold ? { failureThreshold } : {}),
      httpGet: { path, port: k8s.IntOrString.fromNumber(8081) },
      periodSeconds,
      successThreshold: 1,
      timeoutSeconds: 1,
    });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, namespace: ns, labels: { 'control-plane': 'envoy-gateway', ...LABELS } },
      spec: {
        replicas: 1,
        selector: { matchLabels: POD_LABELS },
        template: {
          metadata: { annotations: { 'prometheus.io/port': String(PORTS.metrics), 'prometheus.io/scrape': 'true' }, labels: POD_LABELS },
          spec: {
            automountServiceAccountToken: true,
            securityContext: podSecurity,
            containers: [
              {
                name: 'envoy-gateway',
                image: imageRef(ENVOY_GATEWAY_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                args: ['server', '--config-path=/config/envoy-gateway.yaml'],
                env: envs,
                startupProbe: health('/healthz', 1, 30),
                livenessProbe: health('/healthz', 20),
                readinessProbe: health('/readyz', 10),
                ports: Object.entries(PORTS).map(([name, containerPort]) => ({ containerPort, name })),
                resources: containerResources({ cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '1024Mi' }),
                securityContext: restricted,
                volumeMounts: [
                  { mountPath: '/config', name: 'envoy-gateway-config', readOnly: true },
                  { mountPath: '/certs', name: 'certs', readOnly: true },
                  { mountPath: '/var/lib/eg/wasm', name: 'wasm-cache' },
                ],
              },
            ],
            serviceAccountName: NAME,
            terminationGracePeriodSeconds: 10,
            volumes: [
              { configMap: { defaultMode: 420, name: 'envoy-gateway-config' }, name: 'envoy-gateway-config' },
              { name: 'certs', secret: { secretName: NAME } },
              { name: 'wasm-cache', emptyDir: {} },
            ],
          },
        },
      },
    });

    // certgen writes the xDS and webhook certificates into Secrets and patches the webhook's caBundle.
    const certgen = `${RELEASE}-certgen`;
    const webhook = `envoy-gateway-topology-injector.${ns}`;
    new k8s.KubeServiceAccount(this, 'CertgenServiceAccount', { metadata: { name: certgen, namespace: ns, labels: LABELS }, automountServiceAccountToken: false });
    new k8s.KubeClusterRole(this, 'CertgenClusterRole', {
      metadata: { name: `${certgen}:${ns}`, labels: LABELS },
      rules: [
        rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], read),
        rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['update', 'patch'], [webhook]),
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'CertgenClusterRoleBinding', {
      metadata: { name: `${certgen}:${ns}`, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${certgen}:${ns}` },
      subjects: [{ kind: 'ServiceAccount', name: certgen, namespace: ns }],
    });
    nsRole('CertgenRole', certgen, certgen, [rule([''], ['secrets'], ['get', 'create', 'update'])], certgen);
    new k8s.KubeJob(this, 'CertgenJob', {
      metadata: { name: certgen, namespace: ns, labels: LABELS },
      spec: {
        backoffLimit: 1,
        completions: 1,
        parallelism: 1,
        template: {
          metadata: { labels: { app: 'certgen' } },
          spec: {
            automountServiceAccountToken: true,
            securityContext: podSecurity,
            containers: [
              {
                name: 'envoy-gateway-certgen',
                command: ['envoy-gateway', 'certgen'],
                env: envs,
                image: imageRef(ENVOY_GATEWAY_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                resources: containerResources({ cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '128Mi' }),
                securityContext: restricted,
              },
            ],
            restartPolicy: 'Never',
            serviceAccountName: certgen,
          },
        },
        ttlSecondsAfterFinished: 30,
      },
    });
    new k8s.KubeMutatingWebhookConfiguration(this, 'TopologyInjector', {
      metadata: { name: webhook, labels: { 'app.kubernetes.io/component': 'topology-injector', ...LABELS } },
      webhooks: [
        {
          name: 'topology.webhook.gateway.envoyproxy.io',
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          clientConfig: { service: { name: NAME, namespace: ns, path: '/inject-pod-topology', port: PORTS.webhook } },
          failurePolicy: 'Ignore',
          rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods/binding'] }],
          namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [ns] }] },
        },
      ],
    });

    this.gatewayClassName = o.gatewayClassName ?? 'eg';
    new GatewayClass(this, 'GatewayClass', { name: this.gatewayClassName, controllerName: ENVOY_GATEWAY_CONTROLLER_NAME });
    const g = o.gateway ?? {};
    this.gatewayName = g.name ?? 'eg';
    this.gateway = new Gateway(this, 'Gateway', {
      name: this.gatewayName,
      namespace: ns,
      gatewayClassName: this.gatewayClassName,
      listeners: [
        { name: 'http', port: 80, protocol: GatewayProtocol.HTTP, allowedRoutes: AllowedRoutes.ALL, ...(g.hostname ? { hostname: g.hostname } : {}) },
        ...(g.certificateSecret
          ? [{ name: 'https', port: 443, protocol: GatewayProtocol.HTTPS, certificateRefs: [{ name: g.certificateSecret }], allowedRoutes: AllowedRoutes.ALL, ...(g.hostname ? { hostname: g.hostname } : {}) }]
          : []),
      ],
    });

    this.networkPolicies(ns);
    const W = `Deployment/envoy-gateway-system/${NAME}`;
    if (clusterDomain !== 'cluster.local') {
      UpstreamDeviation.declare(this, { component: ENVOY_GATEWAY_COMPONENT, item: `${W} container envoy-gateway env KUBERNETES_CLUSTER_DOMAIN`, ours: clusterDomain, why: 'the DNS domain of the model' });
      UpstreamDeviation.declare(this, {
        component: ENVOY_GATEWAY_COMPONENT,
        item: `Job/envoy-gateway-system/${certgen} container envoy-gateway-certgen env KUBERNETES_CLUSTER_DOMAIN`,
        ours: clusterDomain,
        why: 'the DNS domain of the model',
      });
    }
  }

  /**
   * Default deny; the controller serves xDS, rate limit and Wasm to its proxies, metrics and
   * the webhook; the proxies take client traffic on any port (listener ports are mapped at run
   * time) and reach backends in any namespace and the controller.
   */
  private networkPolicies(ns: string): void {
    const policy = (name: string, spec: k8s.NetworkPolicySpec): void => {
      new k8s.KubeNetworkPolicy(this, `NetworkPolicy-${name}`, { metadata: { name, namespace: ns }, spec });
    };
    const dns = dnsEgressRule();
    policy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('envoy-gateway', {
      podSelector: { matchLabels: { ...POD_LABELS } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: { ...ENVOY_PROXY_POD_LABELS } } }], ports: [tcp(PORTS.grpc), tcp(PORTS.ratelimit), tcp(PORTS.wasm)] },
        { ports: [tcp(PORTS.metrics), tcp(PORTS.webhook)] },
      ],
      egress: [{ ports: [tcp(6443)] }, dns],
    });
    policy('envoy-proxy', {
      podSelector: { matchLabels: { ...ENVOY_PROXY_POD_LABELS } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{}],
      egress: [{ to: [{ podSelector: { matchLabels: { ...POD_LABELS } } }], ports: [tcp(PORTS.grpc), tcp(PORTS.ratelimit), tcp(PORTS.wasm)] }, dns, { to: [{ namespaceSelector: {} }] }],
    });
  }
}
