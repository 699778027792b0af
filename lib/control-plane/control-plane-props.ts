import { ClusterCa } from './cluster-ca';
import { ContainerRuntime } from './container-runtime';
import { EndpointLoadBalancer } from './endpoint-load-balancer';
import { ExtraArg } from './etcd';
import { NodePrerequisites } from './node-prerequisites';
import { NodeSpec } from './node';
import { ControlPlaneSecurityProps } from '../security/security-props';

/** kubeadm's key algorithms (`encryptionAlgorithm`). */
export enum EncryptionAlgorithm {
  RSA_2048 = 'RSA-2048',
  RSA_3072 = 'RSA-3072',
  RSA_4096 = 'RSA-4096',
  ECDSA_P256 = 'ECDSA-P256',
}

/** Where clients reach the API servers: a DNS name or a VIP, and a port. */
export interface ControlPlaneEndpoint {
  readonly host: string;
  /**
   * @default - the port the load balancer listens on: haproxy's port (8443 unless set) with
   * EndpointLoadBalancer.haproxyKeepalived(), else 6443 (kube-apiserver's own port)
   */
  readonly port?: number | undefined;
}

/** The control plane of a cluster: nodes, endpoint, load balancer and component settings. */
export interface ControlPlaneProps {
  /** Control-plane nodes: 1, 3 or 5. The first one runs `kubeadm init`. */
  readonly nodes: readonly NodeSpec[];
  /**
   * The load-balanced endpoint. Required with more than one node.
   * @default - the first node's address on port 6443, for a single node
   */
  readonly endpoint?: ControlPlaneEndpoint | undefined;
  /**
   * What balances the endpoint.
   * @default EndpointLoadBalancer.external()
   */
  readonly loadBalancer?: EndpointLoadBalancer | undefined;
  /**
   * Extra kube-apiserver flags.
   * @default - none
   */
  readonly apiServerExtraArgs?: readonly ExtraArg[] | undefined;
  /**
   * Extra kube-controller-manager flags.
   * @default - none
   */
  readonly controllerManagerExtraArgs?: readonly ExtraArg[] | undefined;
  /**
   * Extra kube-scheduler flags.
   * @default - none
   */
  readonly schedulerExtraArgs?: readonly ExtraArg[] | undefined;
  /**
   * Extra API server certificate SANs, beyond the endpoint and node addresses.
   * @default - none
   */
  readonly extraCertSANs?: readonly string[] | undefined;
  /**
   * Validity of the certificates kubeadm signs (Go duration).
   * @default '8760h'
   */
  readonly certificateValidityPeriod?: string | undefined;
  /**
   * Validity of the CA certificates (Go duration).
   * @default '87600h'
   */
  readonly caCertificateValidityPeriod?: string | undefined;
  /**
   * Key algorithm for kubeadm's certificates.
   * @default - kubeadm's default (RSA-2048), not written
   */
  readonly encryptionAlgorithm?: EncryptionAlgorithm | undefined;
  /**
   * The container runtime of every node (control plane and pools).
   * @default ContainerRuntime.containerd()
   */
  readonly containerRuntime?: ContainerRuntime | undefined;
  /**
   * How every node gets kubeadm, the kubelet, kubectl and the runtime.
   * @default NodePrerequisites.preinstalled()
   */
  readonly nodePrerequisites?: NodePrerequisites | undefined;
  /**
   * The cluster CA: created by `kubeadm init`, or brought by the user.
   * @default ClusterCa.generated()
   */
  readonly ca?: ClusterCa | undefined;
  /**
   * Whether pods may run on the control-plane nodes: `false` keeps kubeadm's
   * `node-role.kubernetes.io/control-plane:NoSchedule` taint, `true` registers them without it.
   * @default - true when the cluster has no worker pool with nodes (nothing else could run
   * pods, not even the default StorageClass's provisioner), false otherwise
   */
  readonly schedulableControlPlane?: boolean | undefined;
  /**
   * Component hardening, admission, audit and encryption at rest.
   * @default - hardened components (see ControlPlaneSecurityProps)
   */
  readonly security?: ControlPlaneSecurityProps | undefined;
}

/** A pool of worker nodes with shared labels, taints and sizes. */
export interface NodePoolProps {
  /** The pool's nodes. */
  readonly nodes: readonly NodeSpec[];
  /**
   * Node labels, set by the kubelet at registration.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /**
   * Taints, set at registration.
   * @default - none
   */
  readonly taints?: readonly import('./node').Taint[] | undefined;
  /**
   * CPU of one node, for quota overcommit checks (Kubernetes quantity).
   * @default - unknown; no overcommit check
   */
  readonly nodeCpu?: string | undefined;
  /**
   * Memory of one node, for quota overcommit checks (Kubernetes quantity).
   * @default - unknown; no overcommit check
   */
  readonly nodeMemory?: string | undefined;
  /**
   * How many of the pool's nodes an upgrade drains and upgrades at once (`clusterforge plan`
   * and `bootstrap/upgrade-runbook.md`). PodDisruptionBudgets still hold: a drain waits for them.
   * @default 1
   */
  readonly maxUnavailable?: number | undefined;
  /**
   * The release this pool's kubelet runs, when it is held back during a phased upgrade. The
   * planner leaves the pool at it and refuses a control-plane version more than three minors
   * ahead (the version-skew policy); it never may be newer than the cluster's.
   * @default - the cluster's kubernetesVersion: the pool is upgraded with the cluster
   */
  readonly kubeletVersion?: import('../kubernetes-version').KubernetesVersion | undefined;
}
