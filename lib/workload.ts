import { k8s } from 'cdk8s-plus-27';

/** What a container asks for and may use. Every container clusterforge writes has these. */
export interface ContainerResourcesProps {
  /** CPU request, e.g. `100m`. */
  readonly cpuRequest: string;
  /** Memory request, e.g. `64Mi`. */
  readonly memoryRequest: string;
  /** Memory limit, e.g. `128Mi`; memory is not compressible, so it is always capped. */
  readonly memoryLimit: string;
  /**
   * CPU limit. Left unset on purpose by default: CPU limits throttle latency-sensitive
   * agents without protecting neighbours that requests already protect.
   * @default - none
   */
  readonly cpuLimit?: string;
}

/** Container requests and limits from props: always a memory limit, a CPU limit only when given. */
export function containerResources(props: ContainerResourcesProps): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(props.cpuRequest), memory: k8s.Quantity.fromString(props.memoryRequest) },
    limits: {
      ...(props.cpuLimit ? { cpu: k8s.Quantity.fromString(props.cpuLimit) } : {}),
      memory: k8s.Quantity.fromString(props.memoryLimit),
    },
  };
}

/**
 * A container security context that passes Pod Security "restricted": non-root, no
 * privilege escalation, every capability dropped, the runtime's seccomp profile and a
 * read-only root filesystem.
 */
export function restrictedSecurityContext(overrides: k8s.SecurityContext = {}): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    ...overrides,
  };
}
