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
  readonly cpuLimit?: string | undefined;
}

/**
 * A quantity as the `k8s.Quantity` classes that `cdk8s import` generates hold it, for any
 * Kubernetes version: what `containerResources` returns fits the imports of cdk8s-plus
 * and of the user's own `cdk8s import k8s@1.x` alike.
 */
export interface QuantityValue {
  readonly value: string | number;
}

/** A container's `resources`, as `containerResources` makes them. */
export interface ContainerResources {
  readonly requests: { readonly cpu: QuantityValue; readonly memory: QuantityValue };
  readonly limits: { readonly memory: QuantityValue; readonly cpu?: QuantityValue | undefined };
}

/** Container requests and limits from props: always a memory limit, a CPU limit only when given. */
export function containerResources(props: ContainerResourcesProps): ContainerResources {
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
export function restrictedSecurityContext(overrides: SecurityContext = {}): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    ...overrides,
  };
}

/**
 * A container `securityContext` with every field of Kubernetes v1.35
 * (`io.k8s.api.core.v1.SecurityContext`), so callers reach fields that the v1.27 types of
 * cdk8s-plus-27 lack (`appArmorProfile`). Arrays stay mutable to fit cdk8s imports.
 */
export interface SecurityContext {
  readonly allowPrivilegeEscalation?: boolean | undefined;
  readonly appArmorProfile?: { readonly type: string; readonly localhostProfile?: string | undefined } | undefined;
  readonly capabilities?: { readonly add?: string[] | undefined; readonly drop?: string[] | undefined } | undefined;
  readonly privileged?: boolean | undefined;
  readonly procMount?: string | undefined;
  readonly readOnlyRootFilesystem?: boolean | undefined;
  readonly runAsGroup?: number | undefined;
  readonly runAsNonRoot?: boolean | undefined;
  readonly runAsUser?: number | undefined;
  readonly seLinuxOptions?:
    | {
        readonly level?: string | undefined;
        readonly role?: string | undefined;
        readonly type?: string | undefined;
        readonly user?: string | undefined;
      }
    | undefined;
  readonly seccompProfile?: { readonly type: string; readonly localhostProfile?: string | undefined } | undefined;
  readonly windowsOptions?:
    | {
        readonly gmsaCredentialSpec?: string | undefined;
        readonly gmsaCredentialSpecName?: string | undefined;
        readonly hostProcess?: boolean | undefined;
        readonly runAsUserName?: string | undefined;
      }
    | undefined;
}
