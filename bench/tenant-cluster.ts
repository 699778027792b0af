import { App } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Cluster, containerResources, restrictedSecurityContext, Verb } from '../lib';
import { BENCH_IMAGE } from './floor';

/** The app every benchmark tenant runs: a pinned, hardened Deployment and its Service. */
export function appContainer(): k8s.Container {
  return {
    name: 'app',
    image: BENCH_IMAGE,
    ports: [{ containerPort: 8080, name: 'http' }],
    resources: containerResources({ cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' }),
    securityContext: restrictedSecurityContext({ runAsUser: 10001 }),
    readinessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromString('http') } },
    livenessProbe: { httpGet: { path: '/live', port: k8s.IntOrString.fromString('http') } },
  };
}

/** Deployment and Service of one tenant namespace, as L1 objects under `scope`. */
export function addApp(scope: Construct, namespace: string): void {
  const labels = { 'app.kubernetes.io/name': 'app' };
  new k8s.KubeDeployment(scope, 'App', {
    metadata: { name: 'app', namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'app',
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [appContainer()],
        },
      },
    },
  });
  new k8s.KubeService(scope, 'AppService', {
    metadata: { name: 'app', namespace },
    spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromString('http') }] },
  });
}

/**
 * A cluster of `count` tenants, each with a namespace, quota, LimitRange, one
 * NetworkPolicy, a ServiceAccount, a Role and RoleBinding, one Deployment and one Service.
 */
export function defineTenantCluster(count: number, scope: Construct = new App()): Cluster {
  const cluster = new Cluster(scope, `tenants-${count}`);
  for (let i = 0; i < count; i++) {
    const name = `team-${i}`;
    const tenant = cluster.addTenant(name, {
      quota: { requestsCpu: '4', requestsMemory: '8Gi', limitsMemory: '16Gi', pods: 50 },
      limitRange: { container: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '256Mi' } } },
      networkPolicy: { allowSameNamespace: false, allowDns: false },
    });
    const sa = tenant.addServiceAccount('app');
    tenant.addRole('app', { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: [Verb.GET, Verb.LIST, Verb.WATCH] }], subjects: [sa] });
    addApp(tenant.node.findChild(name), name);
  }
  return cluster;
}
