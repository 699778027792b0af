import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Advertisement } from './advertisement';

/** Configures an address pool (`MetalLb.addAddressPool`): its addresses and how they are announced. */
export interface AddressPoolProps {
  /**
   * Addresses MetalLB hands out: CIDRs (`10.20.3.0/24`) or ranges (`10.20.3.10-10.20.3.50`).
   * They must not overlap the pod or service networks, and inside a node subnet must avoid
   * every node address and the control-plane endpoint.
   */
  readonly addresses: readonly string[];
  /** How the addresses are announced: `Advertisement.l2()` or `Advertisement.bgp({...})`. */
  readonly advertisement: Advertisement;
  /**
   * Whether Services get addresses from this pool without asking for it
   * (`metallb.io/address-pool` annotation).
   * @default true
   */
  readonly autoAssign?: boolean | undefined;
  /**
   * Skip `.0` and `.255` addresses, which some old clients drop.
   * @default false
   */
  readonly avoidBuggyIPs?: boolean | undefined;
}

/** @internal Defaults of `AddressPoolProps`, resolved here only. */
export const ADDRESS_POOL_DEFAULTS = { autoAssign: true, avoidBuggyIPs: false } as const;

/** An `IPAddressPool` and the advertisement that announces it. */
export class AddressPool extends Construct {
  /** The pool's object name: its construct id. */
  public readonly poolName: string;
  public readonly addresses: readonly string[];
  public readonly advertisement: Advertisement;

  constructor(scope: Construct, id: string, namespace: string, props: AddressPoolProps) {
    super(scope, id);
    this.poolName = id;
    this.addresses = props.addresses;
    this.advertisement = props.advertisement;
    new ApiObject(this, 'Pool', {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name: id, namespace },
      spec: {
        addresses: [...props.addresses],
        autoAssign: props.autoAssign ?? ADDRESS_POOL_DEFAULTS.autoAssign,
        avoidBuggyIPs: props.avoidBuggyIPs ?? ADDRESS_POOL_DEFAULTS.avoidBuggyIPs,
      },
    });
    new ApiObject(this, 'Advertisement', {
      apiVersion: 'metallb.io/v1beta1',
      kind: props.advertisement.kind,
      metadata: { name: id, namespace },
      spec: { ipAddressPools: [id], ...props.advertisement.spec() },
    });
  }
}
