import { CalicoCni, CalicoProps } from './calico';
import { CanalCni, CanalProps } from './canal';
import { CiliumCni, CiliumProps } from './cilium';
import { FlannelCni, FlannelProps } from './flannel';
import { WeaveCni, WeaveProps } from './weave';

/**
 * The choice of CNI plugin, one typed call each:
 * `new ClusterNetwork(cluster, 'Networking', { cni: Cni.cilium({ kubeProxyReplacement: true }) })`.
 */
export class Cni {
  /** Flannel (vxlan, host-gw or wireguard). Does not enforce NetworkPolicies. */
  public static flannel(props: FlannelProps = {}): FlannelCni {
    return new FlannelCni(props);
  }

  /** Calico, installed and managed by the Tigera operator. */
  public static calico(props: CalicoProps = {}): CalicoCni {
    return new CalicoCni(props);
  }

  /** Canal: flannel networking with Calico network policy. IPv4 only. */
  public static canal(props: CanalProps = {}): CanalCni {
    return new CanalCni(props);
  }

  /** Cilium, optionally replacing kube-proxy. */
  public static cilium(props: CiliumProps = {}): CiliumCni {
    return new CiliumCni(props);
  }

  /** Weave Net. Archived upstream: synthesis warns. IPv4 only. */
  public static weave(props: WeaveProps = {}): WeaveCni {
    return new WeaveCni(props);
  }

  private constructor() {}
}
