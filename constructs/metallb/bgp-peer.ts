import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Configures a router MetalLB's speakers establish BGP sessions with (`MetalLb.addBgpPeer`). */
export interface BgpPeerProps {
  /** The cluster's own AS number. */
  readonly myAsn: number;
  /** The router's AS number. */
  readonly peerAsn: number;
  /** The router's address. */
  readonly peerAddress: string;
  /**
   * The router's BGP port.
   * @default 179
   */
  readonly peerPort?: number | undefined;
  /**
   * The session's TCP MD5 password, by reference to a `kubernetes.io/basic-auth` Secret in
   * MetalLB's namespace (key `password`); never a literal.
   * @default - no password
   */
  readonly passwordSecret?: string | undefined;
  /**
   * Only nodes with these labels peer with this router.
   * @default - every node running a speaker
   */
  readonly nodeSelector?: Readonly<Record<string, string>> | undefined;
  /**
   * BGP hold time.
   * @default - MetalLB's default, 90s
   */
  readonly holdTime?: string | undefined;
}

/** A `BGPPeer`: a router the speakers announce BGP pools to. */
export class BgpPeer extends Construct {
  public readonly peerName: string;
  public readonly props: BgpPeerProps;

  constructor(scope: Construct, id: string, namespace: string, props: BgpPeerProps) {
    super(scope, id);
    this.peerName = id;
    this.props = props;
    new ApiObject(this, 'Resource', {
      apiVersion: 'metallb.io/v1beta2',
      kind: 'BGPPeer',
      metadata: { name: id, namespace },
      spec: {
        myASN: props.myAsn,
        peerASN: props.peerAsn,
        peerAddress: props.peerAddress,
        ...(props.peerPort !== undefined ? { peerPort: props.peerPort } : {}),
        ...(props.holdTime !== undefined ? { holdTime: props.holdTime } : {}),
        ...(props.passwordSecret !== undefined ? { passwordSecret: { name: props.passwordSecret, namespace } } : {}),
        ...(props.nodeSelector ? { nodeSelectors: [{ matchLabels: { ...props.nodeSelector } }] } : {}),
      },
    });
  }
}
