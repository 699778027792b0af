import { EndpointLoadBalancer } from './endpoint-load-balancer';
import { ExtraArg } from './etcd';
import { NodeSpec } from './node';

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
   * @default 6443
   */
  readonly port?: number;
}

/** The control plane of a cluster: nodes, endpoint, load balancer and component settings. */
export interface ControlPlaneProps {
  /** Control-plane nodes: 1, 3 or 5. The first one runs `kubeadm init`. */
  readonly nodes: readonly NodeSpec[];
  /**
   * The load-balanced endpoint. Required with more than one node.
   * @default - the first node's address on port 6443, for a single node
   */
  readonly endpoint?: ControlPlaneEndpoint;
  /**
   * What balances the endpoint.
   * @default EndpointLoadBalancer.external()
   */
  readonly loadBalancer?: EndpointLoadBalancer;
  /**
   * Extra kube-apiserver flags.
   * @default - none
   */
  readonly apiServerExtraArgs?: readonly ExtraArg[];
  /**
   * Extra kube-controller-manager flags.
   * @default - none
   */
  readonly controllerManagerExtraArgs?: readonly ExtraArg[];
  /**
   * Extra kube-scheduler flags.
   * @default - none
   */
  readonly schedulerExtraArgs?: readonly ExtraArg[];
  /**
   * Extra API server certificate SANs, beyond the endpoint and node addresses.
   * @default - none
   */
  readonly extraCertSANs?: readonly string[];
  /**
   * Validity of the certificates kubeadm signs (Go duration).
   * @default '8760h'
   */
  readonly certificateValidityPeriod?: string;
  /**
   * Validity of the CA certificates (Go duration).
   * @default '87600h'
   */
  readonly caCertificateValidityPeriod?: string;
  /**
   * Key algorithm for kubeadm's certificates.
   * @default - kubeadm's default (RSA-2048), not written
   */
  readonly encryptionAlgorithm?: EncryptionAlgorithm;
}

/** A pool of worker nodes with shared labels, taints and sizes. */
export interface NodePoolProps {
  /** The pool's nodes. */
  readonly nodes: readonly NodeSpec[];
  /**
   * Node labels, set by the kubelet at registration.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Taints, set at registration.
   * @default - none
   */
  readonly taints?: readonly import('./node').Taint[];
  /**
   * CPU of one node, for quota overcommit checks (Kubernetes quantity).
   * @default - unknown; no overcommit check
   */
  readonly nodeCpu?: string;
  /**
   * Memory of one node, for quota overcommit checks (Kubernetes quantity).
   * @default - unknown; no overcommit check
   */
  readonly nodeMemory?: string;
}
