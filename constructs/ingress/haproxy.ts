import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { UpstreamDeviation, containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { HAPROXY_INGRESS_CHART_VERSION, HAPROXY_INGRESS_IMAGE } from '../../lib/versions/ingress';
import { fieldEnv, rule } from '../networking/manifest-parts';
import { HostPortExposure, ServiceExposure } from './exposure';
import { ControllerEndpoint } from './controller-endpoint';
import { IngressControllerNetworkPolicies } from './ingress-controller-network-policies';
import { HaproxyController } from './ingress-controller';
import { ingressClass } from './ingress-class';

// upstream: haproxytech/helm-charts@kubernetes-ingress-1.52.1:kubernetes-ingress, rendered with
// default values in ../shared/upstream/haproxy-kubernetes-ingress/1.52.1 (release
// haproxy-kubernetes-ingress, namespace haproxy-controller).

/** @internal The chart's component name, for declared deviations. */
export const HAPROXY_COMPONENT = `haproxy kubernetes-ingress (chart ${HAPROXY_INGRESS_CHART_VERSION})`;

const NAME = 'haproxy-kubernetes-ingress';
const CONTAINER = 'kubernetes-ingress-controller';
const PORTS = { admin: 6060, http: 8080, https: 8443, stat: 1024, healthz: 1042 } as const;

/**
 * The HAProxy Kubernetes Ingress controller as the chart deploys it, with the Job by which
 * the controller binary installs its own CRDs.
 */
export class HaproxyIngress extends ControllerEndpoint {
  public readonly trafficPorts: readonly number[] = [PORTS.http, PORTS.https];
  /** `--prometheus` serves /metrics on the stats port. */
  public readonly metricsPort = PORTS.stat;

  /** @internal ClusterIngress renders the controller it is given. */
  constructor(scope: Construct, id: string, choice: HaproxyController) {
    const labels = { 'app.kubernetes.io/name': 'kubernetes-ingress', 'app.kubernetes.io/instance': NAME };
    super(scope, id, choice, labels);
    const ns = choice.namespace;
    const exposure = choice.exposure;
    const hostPorts = exposure instanceof HostPortExposure;
    const service = exposure instanceof ServiceExposure ? exposure : undefined;
    const defaultCert = choice.haproxyOptions.defaultCertificate?.secretName;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: ns, labels } });
    new k8s.KubeConfigMap(this, 'ConfigMap', { metadata: { name: NAME, namespace: ns, labels } });
    // Cluster-scoped names carry the namespace when it is not upstream's, so two installations do not collide.
    const clusterName = (name: string): string => (ns === 'haproxy-controller' ? name : `${name}-${ns}`);
    const read = ['get', 'list', 'watch'];
    const crdVerbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: clusterName(NAME), labels },
      rules: [
        rule([''], ['configmaps', 'endpoints', 'nodes', 'pods', 'services', 'namespaces', 'events', 'serviceaccounts'], read),
        rule(['extensions', 'networking.k8s.io'], ['ingresses', 'ingresses/status', 'ingressclasses'], read),
        rule(['extensions', 'networking.k8s.io'], ['ingresses/status'], ['update']),
        rule([''], ['secrets'], ['get', 'list', 'watch', 'create', 'patch', 'update']),
        rule(['discovery.k8s.io'], ['endpointslices'], read),
        rule(['core.haproxy.org'], ['*'], ['get', 'list', 'watch', 'update']),
        rule(['ingress.v1.haproxy.org', 'ingress.v1.haproxy.com', 'ingress.v3.haproxy.org', 'ingress.v3.haproxy.com'], ['*'], ['get', 'list', 'watch', 'update']),
        rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], crdVerbs),
        rule(['apps'], ['replicasets', 'deployments', 'daemonsets'], read),
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: clusterName(NAME), labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName(NAME) },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    });

    const securityContext: k8s.SecurityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const podSecurityContext: k8s.PodSecurityContext = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 };
    const probe = (failureThreshold: number, periodSeconds: number): k8s.Probe => ({
      failureThreshold,
      httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(PORTS.healthz), scheme: 'HTTP' },
      initialDelaySeconds: 10,
      periodSeconds,
      successThreshold: 1,
      timeoutSeconds: 1,
    });
    const port = (name: string, containerPort: number, protocol = 'TCP', hostPort?: number): k8s.ContainerPort => ({ name, containerPort, protocol, ...(hostPort ? { hostPort } : {}) });
    const template = {
      metadata: { labels },
      spec: {
        enableServiceLinks: true,
        serviceAccountName: NAME,
        terminationGracePeriodSeconds: 60,
        dnsPolicy: 'ClusterFirst',
        securityContext: podSecurityContext,
        containers: [
          {
            name: CONTAINER,
            image: imageRef(HAPROXY_INGRESS_IMAGE),
            imagePullPolicy: 'IfNotPresent',
            args: [
              ...(defaultCert ? [`--default-ssl-certificate=${ns}/${defaultCert}`] : []),
              `--configmap=${ns}/${NAME}`,
              `--http-bind-port=${PORTS.http}`,
              `--https-bind-port=${PORTS.https}`,
              `--quic-bind-port=${PORTS.https}`,
              '--quic-announce-port=443',
              `--ingress.class=${this.ingressClassName}`,
              ...(service ? [`--publish-service=${ns}/${NAME}`] : []),
              '--log=info',
              '--prometheus',
              '--pprof',
            ],
            securityContext,
            ports: [
              port('admin', PORTS.admin),
              port('http', PORTS.http, 'TCP', hostPorts ? 80 : undefined),
              port('https', PORTS.https, 'TCP', hostPorts ? 443 : undefined),
              port('stat', PORTS.stat),
              port('quic', PORTS.https, 'UDP', hostPorts ? 443 : undefined),
            ],
            livenessProbe: probe(3, 10),
            readinessProbe: probe(3, 10),
            startupProbe: probe(30, 5),
            env: [fieldEnv('POD_NAME', 'metadata.name'), fieldEnv('POD_NAMESPACE', 'metadata.namespace'), fieldEnv('POD_IP', 'status.podIP')],
            resources: containerResources({ cpuRequest: '250m', memoryRequest: '400Mi', memoryLimit: '1Gi' }),
            volumeMounts: [
              { name: 'tmp', mountPath: '/tmp', subPath: 'tmp' },
              { name: 'tmp', mountPath: '/run', subPath: 'run' },
            ],
          },
        ],
        ...(exposure instanceof HostPortExposure && exposure.nodeSelector ? { nodeSelector: { ...exposure.nodeSelector } } : {}),
        volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('64Mi') } }],
      },
    };
    if (service) {
      new k8s.KubeService(this, 'Service', {
        metadata: { name: NAME, namespace: ns, labels },
        spec: {
          type: service.serviceType,
          // Only client traffic: the stats (1024) and pprof (6060) ports stay inside the cluster.
          ports: [
            { name: 'http', port: 80, protocol: 'TCP', appProtocol: 'http', targetPort: k8s.IntOrString.fromString('http'), ...(service.httpNodePort ? { nodePort: service.httpNodePort } : {}) },
            { name: 'https', port: 443, protocol: 'TCP', appProtocol: 'https', targetPort: k8s.IntOrString.fromString('https'), ...(service.httpsNodePort ? { nodePort: service.httpsNodePort } : {}) },
            { name: 'quic', port: 443, protocol: 'UDP', appProtocol: 'https', targetPort: k8s.IntOrString.fromString('quic') },
          ],
          selector: labels,
        },
      });
      new k8s.KubeDeployment(this, 'Deployment', {
        metadata: { name: NAME, namespace: ns, labels },
        spec: { replicas: service.replicas, minReadySeconds: 0, selector: { matchLabels: labels }, strategy: { type: 'RollingUpdate' }, template },
      });
    } else {
      new k8s.KubeDaemonSet(this, 'DaemonSet', {
        metadata: { name: NAME, namespace: ns, labels },
        spec: { selector: { matchLabels: labels }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } }, template },
      });
    }
    ingressClass(this, { name: this.ingressClassName, controller: 'haproxy.org/ingress-controller/haproxy', isDefault: this.isDefaultClass, labels });
    new IngressControllerNetworkPolicies(this, 'NetworkPolicies', { namespace: ns, podLabels: labels, trafficPorts: this.trafficPorts, metricsPort: this.metricsPort, udpPorts: [PORTS.https] });

    // The controller binary installs or upgrades its CRDs (core.haproxy.org, ingress.v3.haproxy.org).
    const jobName = `${NAME}-crdjob`;
    const jobLabels = { 'app.kubernetes.io/name': 'haproxy-kubernetes-ingress-proxy', 'app.kubernetes.io/instance': NAME };
    new k8s.KubeServiceAccount(this, 'CrdJobServiceAccount', { metadata: { name: jobName, namespace: ns, labels: jobLabels } });
    new k8s.KubeClusterRole(this, 'CrdJobClusterRole', { metadata: { name: clusterName(jobName), labels: jobLabels }, rules: [rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], crdVerbs)] });
    new k8s.KubeClusterRoleBinding(this, 'CrdJobClusterRoleBinding', {
      metadata: { name: clusterName(jobName), labels: jobLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName(jobName) },
      subjects: [{ kind: 'ServiceAccount', name: jobName, namespace: ns }],
    });
    new k8s.KubeJob(this, 'CrdJob', {
      metadata: { name: jobName, namespace: ns, labels: jobLabels },
      spec: {
        ttlSecondsAfterFinished: 600,
        backoffLimit: 0,
        template: {
          metadata: { labels: jobLabels },
          spec: {
            restartPolicy: 'Never',
            serviceAccountName: jobName,
            securityContext: podSecurityContext,
            containers: [
              {
                name: 'crd',
                image: imageRef(HAPROXY_INGRESS_IMAGE),
                imagePullPolicy: 'IfNotPresent',
                command: ['/haproxy-ingress-controller', '--job-check-crd'],
                securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, ...securityContext },
                resources: containerResources({ cpuRequest: '250m', memoryRequest: '400Mi', memoryLimit: '512Mi' }),
              },
            ],
          },
        },
      },
    });

    const W = `Deployment/haproxy-controller/${NAME}`;
    const declare = (item: string, ours: string, why: string): void => {
      UpstreamDeviation.declare(this, { component: HAPROXY_COMPONENT, item, ours, why });
    };
    if (defaultCert === undefined || `${ns}/${defaultCert}` !== `haproxy-controller/${NAME}-default-cert`) {
      declare(
        `${W} container ${CONTAINER} arg --default-ssl-certificate`,
        defaultCert ? `${ns}/${defaultCert}` : 'absent',
        'the chart generates a random self-signed key at render time, which would put a private key into Git; a default certificate is a Secret reference (defaultCertificate)',
      );
    }
    if (ns !== 'haproxy-controller') {
      declare(`${W} container ${CONTAINER} arg --configmap`, `${ns}/${NAME}`, 'the namespace of the model');
    }
    if (hostPorts || ns !== 'haproxy-controller') {
      declare(`${W} container ${CONTAINER} arg --publish-service`, hostPorts ? 'absent' : `${ns}/${NAME}`, hostPorts ? 'with host ports no Service publishes an address' : 'the namespace of the model');
    }
    if (this.ingressClassName !== 'haproxy') {
      declare(`${W} container ${CONTAINER} arg --ingress.class`, this.ingressClassName, 'the IngressClass named in the model');
    }
    if (hostPorts) {
      declare(`${W} container ${CONTAINER} port ${PORTS.http}/TCP`, 'hostPort 80', 'Exposure.hostPorts(): every node takes port 80');
      declare(`${W} container ${CONTAINER} port ${PORTS.https}/TCP`, 'hostPort 443', 'Exposure.hostPorts(): every node takes port 443');
      declare(`${W} container ${CONTAINER} port ${PORTS.https}/UDP`, 'hostPort 443', 'Exposure.hostPorts(): every node takes port 443 for QUIC');
    }
  }
}
