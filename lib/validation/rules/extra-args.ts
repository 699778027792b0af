import type { Cluster } from '../../cluster';
import { ExtraArg } from '../../control-plane/etcd';
import { ControlPlaneComponent, ownedFlag, removedFlag } from '../../control-plane/owned-flags';
import { KubernetesVersion } from '../../kubernetes-version';
import { ValidationContext } from '../context';

/** Admission plugins the model turns on, which disabling through extra args would silently undo, and what each protects. */
const GUARDED_ADMISSION_PLUGINS: Record<string, string> = {
  NodeRestriction: 'what keeps each kubelet to its own Node and pods',
  PodSecurity: "the cluster-wide Pod Security default and every namespace's Pod Security labels",
  DenyServiceExternalIPs: 'the refusal of Service externalIPs (CVE-2020-8554)',
};

/**
 * Extra args of the control-plane components: a flag the model owns (OWNED_FLAGS) would
 * override the model's value, and a flag the target release removed stops the component
 * from starting. Malformed args are reported by the control plane itself.
 */
export function validateExtraArgFlags(cluster: Cluster, context: ValidationContext): void {
  const cp = cluster.controlPlane;
  const lists: [ControlPlaneComponent, string, readonly ExtraArg[]][] = [
    [ControlPlaneComponent.API_SERVER, 'apiServerExtraArgs', cp?.apiServerExtraArgs ?? []],
    [ControlPlaneComponent.CONTROLLER_MANAGER, 'controllerManagerExtraArgs', cp?.controllerManagerExtraArgs ?? []],
    [ControlPlaneComponent.SCHEDULER, 'schedulerExtraArgs', cp?.schedulerExtraArgs ?? []],
    [ControlPlaneComponent.ETCD, 'etcd.extraArgs', cluster.etcd.stackedOptions?.extraArgs ?? []],
  ];
  const scope = cp ?? cluster;
  // A version outside the supported range is reported elsewhere; judge removals by the newest.
  const minor = cluster.kubernetesVersion.parts?.minor ?? KubernetesVersion.MAX_SUPPORTED_MINOR;
  for (const [component, field, args] of lists) {
    args.forEach((arg, i) => {
      if (typeof arg?.name !== 'string' || typeof arg.value !== 'string') return;
      const received = `--${arg.name}=${arg.value}`;
      const owned = ownedFlag(component, arg.name);
      if (owned) {
        context.error(scope, {
          rule: 'control-plane/owned-flag',
          field: `${field}[${i}]`,
          message: `${component} --${arg.name} is set from the cluster model; an extra arg would override it, and the cluster would silently disagree with its own definition`,
          received,
          expected: `no --${arg.name} extra arg: ${owned.useInstead}`,
        });
        return;
      }
      const removed = removedFlag(component, arg.name, minor);
      if (removed) {
        context.error(scope, {
          rule: 'control-plane/removed-flag',
          field: `${field}[${i}]`,
          message: `${component} --${arg.name} was removed in Kubernetes v1.${removed.removedInMinor}; ${component} v1.${minor} refuses to start with it`,
          received,
          expected: removed.replacement ? `${removed.replacement} instead` : `no --${arg.name} flag`,
        });
        return;
      }
      const kept = Object.keys(GUARDED_ADMISSION_PLUGINS)
        .filter((p) => p !== 'DenyServiceExternalIPs' || !cp?.security?.admission?.allowServiceExternalIPs)
        .filter((p) => arg.value.split(',').includes(p));
      if (component === ControlPlaneComponent.API_SERVER && arg.name === 'disable-admission-plugins' && kept.length > 0) {
        const instead = [
          ...(kept.some((p) => p !== 'DenyServiceExternalIPs') ? ['loosen Pod Security with ControlPlaneProps.security.admission.podSecurity'] : []),
          ...(kept.includes('DenyServiceExternalIPs') ? ['allow Service external IPs with ControlPlaneProps.security.admission.allowServiceExternalIPs'] : []),
        ].join(', and ');
        context.error(scope, {
          rule: 'control-plane/admission-plugins',
          field: `${field}[${i}]`,
          message: `disabling ${kept.join(' and ')} removes ${kept.map((p) => GUARDED_ADMISSION_PLUGINS[p]).join(', and ')}`,
          received,
          expected: `a list without ${kept.join(' or ')}; ${instead} instead`,
        });
      }
    });
  }
}
