/** Where etcd runs: on the control-plane nodes (stacked) or on hosts of its own (external). */
export enum EtcdTopology {
  /** etcd runs as a static pod on every control-plane node (kubeadm `etcd.local`). */
  STACKED = 'stacked',
  /** etcd runs on its own hosts (kubeadm `etcd.external`). */
  EXTERNAL = 'external',
}

/** A `--flag=value` pair; kubeadm v1beta4 writes extraArgs as such a list. */
export interface ExtraArg {
  readonly name: string;
  readonly value: string;
}

/** Options of Etcd.stacked(). */
export interface StackedEtcdOptions {
  /**
   * Data directory on each control-plane node.
   * @default '/var/lib/etcd'
   */
  readonly dataDir?: string | undefined;
  /**
   * Extra etcd flags.
   * @default - none
   */
  readonly extraArgs?: readonly ExtraArg[] | undefined;
  /**
   * Extra SANs of the etcd server certificate.
   * @default - none
   */
  readonly serverCertSANs?: readonly string[] | undefined;
  /**
   * Extra SANs of the etcd peer certificate.
   * @default - none
   */
  readonly peerCertSANs?: readonly string[] | undefined;
}

/** One member of an external etcd cluster. */
export interface EtcdMember {
  /** Member name (`--name`), unique in the cluster. */
  readonly name: string;
  /** Address clients and peers reach the member at. */
  readonly address: string;
  /**
   * Client port.
   * @default 2379
   */
  readonly clientPort?: number | undefined;
  /**
   * Peer port.
   * @default 2380
   */
  readonly peerPort?: number | undefined;
  /**
   * Metrics port (plain HTTP, for Prometheus).
   * @default 2381
   */
  readonly metricsPort?: number | undefined;
  /**
   * Data directory on this member's host.
   * @default - the topology's dataDir
   */
  readonly dataDir?: string | undefined;
  /**
   * URL scheme for client and peer traffic. Anything but https with TLS files is refused.
   * @default 'https'
   */
  readonly scheme?: string | undefined;
}

/** Options of Etcd.external(). */
export interface ExternalEtcdOptions {
  /** The members; 3 or 5 for production, 1 allowed with a warning. */
  readonly members: readonly EtcdMember[];
  /** CA that signed the etcd server certificates, on the control-plane nodes. */
  readonly caFile: string;
  /** Client certificate the API server presents to etcd. */
  readonly certFile: string;
  /** Key of that client certificate. */
  readonly keyFile: string;
  /**
   * Data directory on each etcd host.
   * @default '/var/lib/etcd'
   */
  readonly dataDir?: string | undefined;
  /**
   * Folder of each etcd host's own TLS material: `ca.crt`, `server.crt`/`server.key`
   * and `peer.crt`/`peer.key` (kubeadm's layout under /etc/kubernetes/pki/etcd).
   * @default '/etc/kubernetes/pki/etcd'
   */
  readonly pkiDir?: string | undefined;
  /**
   * `--initial-cluster-token`: keeps members of different clusters from joining each other.
   * @default - `<cluster name>-etcd`
   */
  readonly clusterToken?: string | undefined;
  /**
   * Path of the etcd binary in the systemd unit.
   * @default '/usr/local/bin/etcd'
   */
  readonly binaryPath?: string | undefined;
}

/** An external etcd member with every default applied. */
export interface ResolvedEtcdMember {
  readonly name: string;
  readonly address: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly metricsPort: number;
  readonly scheme: string;
  readonly dataDir: string;
}

/** etcd, stacked on the control plane or external. */
export class Etcd {
  /** Stacked on the control-plane nodes: one member per control-plane node. */
  public static stacked(options: StackedEtcdOptions = {}): Etcd {
    return new Etcd(EtcdTopology.STACKED, options, undefined);
  }

  /** On dedicated hosts; clusterforge writes a systemd unit for each member. */
  public static external(options: ExternalEtcdOptions): Etcd {
    return new Etcd(EtcdTopology.EXTERNAL, undefined, options);
  }

  private constructor(
    public readonly topology: EtcdTopology,
    public readonly stackedOptions: StackedEtcdOptions | undefined,
    public readonly externalOptions: ExternalEtcdOptions | undefined,
  ) {}

  public get dataDir(): string {
    return (this.stackedOptions ?? this.externalOptions)?.dataDir ?? '/var/lib/etcd';
  }

  /** External members with defaults applied; [] for stacked etcd. */
  public get members(): ResolvedEtcdMember[] {
    return (this.externalOptions?.members ?? []).map((m) => ({
      name: m.name,
      address: m.address,
      clientPort: m.clientPort ?? 2379,
      peerPort: m.peerPort ?? 2380,
      metricsPort: m.metricsPort ?? 2381,
      scheme: m.scheme ?? 'https',
      dataDir: m.dataDir ?? this.dataDir,
    }));
  }
}
