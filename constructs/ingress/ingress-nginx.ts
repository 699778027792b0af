import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation, containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { INGRESS_NGINX_CERTGEN_IMAGE, INGRESS_NGINX_CONTROLLER_IMAGE, INGRESS_NGINX_VERSION } from '../../lib/versions/ingress';
import { env, fieldEnv, rule } from '../networking/manifest-parts';
import { ControllerEndpoint } from './controller-endpoint';
import { HostPortExposure, ServiceExposure } from './exposure';
import { ingressClass } from './ingress-class';
import { IngressController } from './ingress-controller';
import { IngressControllerNetworkPolicies } from './ingress-controller-network-policies';

// upstream: kubernetes/ingress-nginx@controller-v1.15.1:deploy/static/provider/cloud/deploy.yaml
// (LoadBalancer) and .../baremetal/deploy.yaml (NodePort), in ../shared/upstream/ingress-nginx.

/** @internal The upstream release, for declared deviations. */
export const INGRESS_NGINX_COMPONENT = `ingress-nginx ${INGRESS_NGINX_VERSION}`;

const NAME = 'ingress-nginx';
const CONTROLLER = 'ingress-nginx-controller';
const ADMISSION = 'ingress-nginx-admission';
const PORTS = { http: 80, https: 443, webhook: 8443, metrics: 10254 } as const;
const BASE_LABELS = { 'app.kubernetes.io/instance': NAME, 'app.kubernetes.io/name': NAME };
const PART_OF = { 'app.kubernetes.io/part-of': NAME, 'app.kubernetes.io/version': INGRESS_NGINX_VERSION.slice(1) };

/**
 * ingress-nginx as its static manifests deploy it: the controller with its validating
 * admission webhook, and the two certgen Jobs that create the webhook's certificate Secret and
 * patch the webhook configuration's caBundle (no key material in Git).
 */
export class IngressNginx extends ControllerEndpoint {
  public readonly trafficPorts: readonly number[] = [PORTS.http, PORTS.https];
  public readonly metricsPort = PORTS.metrics;

  /** @internal ClusterIngress renders the controller it is given. */
  constructor(scope: Construct, id: string, choice: IngressController) {
    const podLabels = { 'app.kubernetes.io/component': 'controller', ...BASE_LABELS };
    super(scope, id, choice, podLabels, BASE_LABELS);
    const ns = choice.namespace;
    const exposure = choice.exposure;
    const hostPorts = exposure instanceof HostPortExposure;
    const service = exposure instanceof ServiceExposure ? exposure : undefined;
    const controllerLabels = { ...podLabels, ...PART_OF };
    const admissionLabels = { 'app.kubernetes.io/component': 'admission-webhook', ...BASE_LABELS, ...PART_OF };
    const clusterLabels = { ...BASE_LABELS, ...PART_OF };
    const read = ['get', 'list', 'watch'];

    // Controller RBAC.
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: ns, labels: controllerLabels }, automountServiceAccountToken: true });
    new k8s.KubeRole(this, 'Role', {
      metadata: { name: NAME, namespace: ns, labels: controllerLabels },
      rules: [
        rule([''], ['namespaces'], ['get']),
        rule([''], ['configmaps', 'pods', 'secrets', 'endpoints'], read),
        rule([''], ['services'], read),
        rule(['networking.k8s.io'], ['ingresses'], read),
        rule(['networking.k8s.io'], ['ingresses/status'], ['update']),
        rule(['networking.k8s.io'], ['ingressclasses'], read),
        rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['ingress-nginx-leader']),
        rule(['coordination.k8s.io'], ['leases'], ['create']),
        rule([''], ['events'], ['create', 'patch']),
        rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch', 'get']),
      ],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: NAME, namespace: ns, labels: controllerLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });
    const clusterRole = ns === NAME ? NAME : `${NAME}-${ns}`;
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: clusterRole, labels: clusterLabels },
      rules: [
        rule([''], ['configmaps', 'endpoints', 'nodes', 'pods', 'secrets', 'namespaces'], ['list', 'watch']),
        rule(['coordination.k8s.io'], ['leases'], ['list', 'watch']),
        rule([''], ['nodes'], ['get']),
        rule([''], ['services'], read),
        rule(['networking.k8s.io'], ['ingresses'], read),
        rule([''], ['events'], ['create', 'patch']),
        rule(['networking.k8s.io'], ['ingresses/status'], ['update']),
        rule(['networking.k8s.io'], ['ingressclasses'], read),
        rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch', 'get']),
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: clusterRole, labels: clusterLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });

    // Admission webhook certgen RBAC.
    new k8s.KubeServiceAccount(this, 'AdmissionServiceAccount', { metadata: { name: ADMISSION, namespace: ns, labels: admissionLabels }, automountServiceAccountToken: true });
    new k8s.KubeRole(this, 'AdmissionRole', { metadata: { name: ADMISSION, namespace: ns, labels: admissionLabels }, rules: [rule([''], ['secrets'], ['get', 'create'])] });
    new k8s.KubeRoleBinding(this, 'AdmissionRoleBinding', {
      metadata: { name: ADMISSION, namespace: ns, labels: admissionLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ADMISSION },
      subjects: [{ kind: 'ServiceAccount', name: ADMISSION, namespace: ns }],
    });
    const admissionClusterRole = ns === NAME ? ADMISSION : `${ADMISSION}-${ns}`;
    new k8s.KubeClusterRole(this, 'AdmissionClusterRole', {
      metadata: { name: admissionClusterRole, labels: admissionLabels },
      rules: [rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['get', 'update'])],
    });
    new k8s.KubeClusterRoleBinding(this, 'AdmissionClusterRoleBinding', {
      metadata: { name: admissionClusterRole, labels: admissionLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: admissionClusterRole },
      subjects: [{ kind: 'ServiceAccount', name: ADMISSION, namespace: ns }],
    });

    new k8s.KubeConfigMap(this, 'ConfigMap', { metadata: { name: CONTROLLER, namespace: ns, labels: controllerLabels } });
    if (service) {
      new k8s.KubeService(this, 'Service', {
        metadata: { name: CONTROLLER, namespace: ns, labels: controllerLabels },
        spec: {
          // The client's address reaches the controller (cloud manifest); NodePort as baremetal.
          ...(service.serviceType === 'LoadBalancer' ? { externalTrafficPolicy: 'Local' } : {}),
          ipFamilies: ['IPv4'],
          ipFamilyPolicy: 'SingleStack',
          ports: [
            { appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('http'), ...(service.httpNodePort ? { nodePort: service.httpNodePort } : {}) },
            { appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('https'), ...(service.httpsNodePort ? { nodePort: service.httpsNodePort } : {}) },
          ],
          selector: podLabels,
          type: service.serviceType,
        },
      });
    }
    new k8s.KubeService(this, 'AdmissionService', {
      metadata: { name: `${CONTROLLER}-admission`, namespace: ns, labels: controllerLabels },
      spec: { ports: [{ appProtocol: 'https', name: 'https-webhook', port: 443, targetPort: k8s.IntOrString.fromString('webhook') }], selector: podLabels, type: 'ClusterIP' },
    });

    const probe = (failureThreshold: number): k8s.Probe => ({
      failureThreshold,
      httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(PORTS.metrics), scheme: 'HTTP' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      successThreshold: 1,
      timeoutSeconds: 1,
    });
    const publish = service?.serviceType === 'LoadBalancer';
    const port = (name: string, containerPort: number): k8s.ContainerPort => ({ containerPort, name, protocol: 'TCP', ...(hostPorts && name !== 'webhook' ? { hostPort: containerPort } : {}) });
    const template = {
      metadata: { labels: controllerLabels },
      spec: {
        automountServiceAccountToken: true,
        containers: [
          {
            name: 'controller',
            image: imageRef(INGRESS_NGINX_CONTROLLER_IMAGE),
            imagePullPolicy: 'IfNotPresent',
            args: [
              '/nginx-ingress-controller',
              ...(publish ? [`--publish-service=$(POD_NAMESPACE)/${CONTROLLER}`] : []),
              '--election-id=ingress-nginx-leader',
              '--controller-class=k8s.io/ingress-nginx',
              `--ingress-class=${this.ingressClassName}`,
              `--configmap=$(POD_NAMESPACE)/${CONTROLLER}`,
              `--validating-webhook=:${PORTS.webhook}`,
              '--validating-webhook-certificate=/usr/local/certificates/cert',
              '--validating-webhook-key=/usr/local/certificates/key',
            ],
            env: [fieldEnv('POD_NAME', 'metadata.name'), fieldEnv('POD_NAMESPACE', 'metadata.namespace'), env('LD_PRELOAD', '/usr/local/lib/libmimalloc.so')],
            lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } },
            livenessProbe: probe(5),
            readinessProbe: probe(3),
            ports: [port('http', PORTS.http), port('https', PORTS.https), port('webhook', PORTS.webhook)],
            resources: containerResources({ cpuRequest: '100m', memoryRequest: '90Mi', memoryLimit: '512Mi' }),
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
              readOnlyRootFilesystem: false,
              runAsGroup: 82,
              runAsNonRoot: true,
              runAsUser: 101,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            volumeMounts: [{ mountPath: '/usr/local/certificates/', name: 'webhook-cert', readOnly: true }],
          },
        ],
        dnsPolicy: 'ClusterFirst',
        nodeSelector: { 'kubernetes.io/os': 'linux', ...(exposure instanceof HostPortExposure ? exposure.nodeSelector : {}) },
        serviceAccountName: NAME,
        terminationGracePeriodSeconds: 300,
        volumes: [{ name: 'webhook-cert', secret: { secretName: ADMISSION } }],
      },
    };
    if (service) {
      new k8s.KubeDeployment(this, 'Deployment', {
        metadata: { name: CONTROLLER, namespace: ns, labels: controllerLabels },
        spec: {
          replicas: service.replicas,
          minReadySeconds: 0,
          revisionHistoryLimit: 10,
          selector: { matchLabels: podLabels },
          strategy: { rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) }, type: 'RollingUpdate' },
          template,
        },
      });
    } else {
      new k8s.KubeDaemonSet(this, 'DaemonSet', {
        metadata: { name: CONTROLLER, namespace: ns, labels: controllerLabels },
        spec: { revisionHistoryLimit: 10, selector: { matchLabels: podLabels }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } }, template },
      });
    }

    const certgen = (id: string, jobName: string, args: string[]): void => {
      new k8s.KubeJob(this, id, {
        metadata: { name: jobName, namespace: ns, labels: admissionLabels },
        spec: {
          template: {
            metadata: { labels: admissionLabels, name: jobName },
            spec: {
              automountServiceAccountToken: true,
              containers: [
                {
                  name: args[0],
                  image: imageRef(INGRESS_NGINX_CERTGEN_IMAGE),
                  imagePullPolicy: 'IfNotPresent',
                  args,
                  env: [fieldEnv('POD_NAMESPACE', 'metadata.namespace')],
                  resources: containerResources({ cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '64Mi' }),
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ['ALL'] },
                    readOnlyRootFilesystem: true,
                    runAsGroup: 65532,
                    runAsNonRoot: true,
                    runAsUser: 65532,
                    seccompProfile: { type: 'RuntimeDefault' },
                  },
                },
              ],
              nodeSelector: { 'kubernetes.io/os': 'linux' },
              restartPolicy: 'OnFailure',
              serviceAccountName: ADMISSION,
            },
          },
          ttlSecondsAfterFinished: 0,
        },
      });
    };
    certgen('AdmissionCreate', `${ADMISSION}-create`, [
      'create',
      `--host=${CONTROLLER}-admission,${CONTROLLER}-admission.$(POD_NAMESPACE).svc`,
      '--namespace=$(POD_NAMESPACE)',
      `--secret-name=${ADMISSION}`,
    ]);
    const webhookName = ns === NAME ? ADMISSION : `${ADMISSION}-${ns}`;
    certgen('AdmissionPatch', `${ADMISSION}-patch`, [
      'patch',
      `--webhook-name=${webhookName}`,
      '--namespace=$(POD_NAMESPACE)',
      '--patch-mutating=false',
      `--secret-name=${ADMISSION}`,
      '--patch-failure-policy=Fail',
    ]);

    ingressClass(this, { name: this.ingressClassName, controller: 'k8s.io/ingress-nginx', isDefault: this.isDefaultClass, labels: controllerLabels });
    new k8s.KubeValidatingWebhookConfiguration(this, 'Webhook', {
      metadata: { name: webhookName, labels: admissionLabels },
      webhooks: [
        {
          admissionReviewVersions: ['v1'],
          clientConfig: { service: { name: `${CONTROLLER}-admission`, namespace: ns, path: '/networking/v1/ingresses', port: 443 } },
          failurePolicy: 'Fail',
          matchPolicy: 'Equivalent',
          name: 'validate.nginx.ingress.kubernetes.io',
          rules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
          sideEffects: 'None',
        },
      ],
    });
    new IngressControllerNetworkPolicies(this, 'NetworkPolicies', { namespace: ns, podLabels, trafficPorts: this.trafficPorts, metricsPort: this.metricsPort, webhookPort: PORTS.webhook });

    const W = `Deployment/ingress-nginx/${CONTROLLER}`;
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: INGRESS_NGINX_COMPONENT, item, ours, why });
    };
    if (this.ingressClassName !== 'nginx') {
      declare(`${W} container controller arg --ingress-class`, this.ingressClassName, 'the IngressClass named in the model');
    }
    if (hostPorts) {
      declare(`${W} container controller arg --publish-service`, 'absent', 'with host ports no Service publishes an address');
      declare(`${W} container controller port 80/TCP`, 'hostPort 80', 'Exposure.hostPorts(): every node takes port 80');
      declare(`${W} container controller port 443/TCP`, 'hostPort 443', 'Exposure.hostPorts(): every node takes port 443');
    }
    if (ns !== NAME) {
      declare(`Job/ingress-nginx/${ADMISSION}-patch container patch arg --webhook-name`, webhookName, 'cluster-scoped names carry the namespace, so two installations do not collide');
    }
  }
}
