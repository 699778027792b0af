import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { containerResources, restrictedSecurityContext } from '../../lib';

/** A container that passes every gate: requests, memory limit, pinned image, probe, restricted security context. */
export function goodContainer(name = 'app', overrides: Partial<k8s.Container> = {}): k8s.Container {
  return {
    name,
    image: 'registry.example/app:1.0.0',
    resources: containerResources({ cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '64Mi' }),
    securityContext: restrictedSecurityContext(),
    readinessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(8080) } },
    ...overrides,
  };
}

/** The pod spec of a workload whose pods pass Pod Security "restricted". */
export function restrictedPodSpec(containers: readonly k8s.Container[], extra: Partial<k8s.PodSpec> = {}): k8s.PodSpec {
  return { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [...containers], ...extra };
}

/** A Deployment named `name` in `namespace`, made at `scope/id`. */
export function addDeployment(
  scope: Construct,
  id: string,
  namespace: string,
  containers: readonly k8s.Container[] = [goodContainer()],
  extra: Partial<k8s.PodSpec> = {},
  name = id.toLowerCase(),
): k8s.KubeDeployment {
  const labels = { app: name };
  return new k8s.KubeDeployment(scope, id, {
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: restrictedPodSpec(containers, extra) } },
  });
}

/** A DaemonSet named `name` in `namespace`, made at `scope/id`. */
export function addDaemonSet(
  scope: Construct,
  id: string,
  namespace: string,
  containers: readonly k8s.Container[] = [goodContainer()],
  extra: Partial<k8s.PodSpec> = {},
  name = id.toLowerCase(),
): k8s.KubeDaemonSet {
  const labels = { app: name };
  return new k8s.KubeDaemonSet(scope, id, {
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: restrictedPodSpec(containers, extra) } },
  });
}

/** A node agent as CNI agents are: host network and a privileged container; passes only Pod Security "privileged". */
export function privilegedAgent(): { containers: k8s.Container[]; extra: Partial<k8s.PodSpec> } {
  return {
    containers: [goodContainer('agent', { securityContext: { privileged: true } })],
    extra: { hostNetwork: true },
  };
}

/** A pod that needs Pod Security "baseline" only: restricted-hardened except that it may escalate privileges. */
export function baselineContainers(): k8s.Container[] {
  return [goodContainer('app', { securityContext: restrictedSecurityContext({ allowPrivilegeEscalation: true }) })];
}
