/** A machine of the cluster, by the name it registers with and the address it is reached at. */
export interface NodeSpec {
  /** Node name (a DNS-1123 subdomain); kubeadm's `nodeRegistration.name`. */
  readonly name: string;
  /** IPv4 or IPv6 address the node advertises (API server, etcd, kubelet). */
  readonly address: string;
  /**
   * The node's address of the other IP family, on a dual-stack cluster. The kubelet then
   * gets `--node-ip=<v4>,<v6>` in the cluster's family order, and control-plane nodes get
   * it in the API server's certificate.
   * @default - none: the node has one address
   */
  readonly secondaryAddress?: string | undefined;
}

/** The effect of a node taint. */
export enum TaintEffect {
  NO_SCHEDULE = 'NoSchedule',
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  NO_EXECUTE = 'NoExecute',
}

/** A node taint, as kubeadm registers it. */
export interface Taint {
  readonly key: string;
  /** @default - no value */
  readonly value?: string | undefined;
  readonly effect: TaintEffect;
}
