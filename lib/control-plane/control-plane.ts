import { Construct, IConstruct } from 'constructs';
import { declareLoadBalancerDeviations } from '../bootstrap/load-balancer-deviations';
import { parseIp } from '../net/cidr';
import { IModelValidator, ValidationContext } from '../validation/context';
import { ClusterCa } from './cluster-ca';
import { ContainerRuntime } from './container-runtime';
import { ControlPlaneProps, EncryptionAlgorithm } from './control-plane-props';
import { EndpointLoadBalancer, EndpointLoadBalancerKind } from './endpoint-load-balancer';
import { Etcd, EtcdTopology, ExtraArg } from './etcd';
import { NodeSpec } from './node';
import { NodePrerequisites } from './node-prerequisites';
import { ResolvedAudit, resolveAudit } from '../security/audit';
import { ResolvedHardening, resolveHardening } from '../security/hardening';
import { ControlPlaneSecurityProps } from '../security/security-props';
import { validateAdmission, validateAudit, validateAuthentication, validateEncryptionAtRest, validateHardening } from '../security/validate-security';

/** @internal Go's time.ParseDuration syntax, as kubeadm decodes metav1.Duration. */
export const GO_DURATION = /^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const HOSTNAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A command-line flag name without the dashes, as kubeadm writes `--<name>=<value>`. */
const FLAG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * @internal
 * Reports extra arguments kubeadm cannot pass: a flag needs a name (kubeadm's Arg refuses an
 * empty one) that survives `--name=value`, and a string value.
 */
export function validateExtraArgs(context: ValidationContext, scope: IConstruct | string, field: string, args: readonly ExtraArg[]): void {
  args.forEach((arg, i) => {
    if (typeof arg?.name !== 'string' || !FLAG_NAME.test(arg.name) || typeof arg.value !== 'string') {
      context.error(scope, {
        rule: 'control-plane/extra-args',
        field: `${field}[${i}]`,
        message: 'not a flag kubeadm can pass: the name must be a flag name without dashes and the value a string',
        received: arg,
        expected: "{ name: 'audit-log-maxage', value: '30' }",
      });
    }
  });
}

/** @internal Defaults of ControlPlaneProps, resolved in one place. */
export const CONTROL_PLANE_DEFAULTS = {
  apiServerPort: 6443,
  certificateValidityPeriod: '8760h',
  caCertificateValidityPeriod: '87600h',
} as const;

/** The resolved control-plane endpoint. */
export interface ResolvedEndpoint {
  readonly host: string;
  readonly port: number;
  /** `host:port`, with brackets around an IPv6 host. */
  readonly address: string;
}

/**
 * The control plane: its nodes, the endpoint in front of them, and how that endpoint
 * is balanced. Validates quorum and endpoint rules; the kubeadm files derive from it.
 */
export class ControlPlane extends Construct implements IModelValidator {
  public readonly nodes: readonly NodeSpec[];
  public readonly endpoint: ResolvedEndpoint;
  public readonly loadBalancer: EndpointLoadBalancer;
  public readonly apiServerExtraArgs: readonly ExtraArg[];
  public readonly controllerManagerExtraArgs: readonly ExtraArg[];
  public readonly schedulerExtraArgs: readonly ExtraArg[];
  public readonly certSANs: readonly string[];
  public readonly certificateValidityPeriod: string;
  public readonly caCertificateValidityPeriod: string;
  public readonly encryptionAlgorithm?: EncryptionAlgorithm;
  public readonly containerRuntime: ContainerRuntime;
  public readonly nodePrerequisites: NodePrerequisites;
  public readonly ca: ClusterCa;
  /** As given; `Cluster` resolves the default, which depends on the worker pools. */
  public readonly schedulableControlPlane?: boolean;
  /** The security options as given. */
  public readonly security: ControlPlaneSecurityProps;
  /** @internal Component hardening with its defaults resolved. */
  public readonly hardening: ResolvedHardening;
  /** @internal The audit log with its defaults resolved. */
  public readonly audit: ResolvedAudit;
  private readonly endpointGiven: boolean;

  constructor(
    scope: Construct,
    id: string,
    props: ControlPlaneProps,
    private readonly etcd: Etcd,
  ) {
    super(scope, id);
    this.nodes = props.nodes ?? [];
    this.endpointGiven = props.endpoint !== undefined;
    this.loadBalancer = props.loadBalancer ?? EndpointLoadBalancer.external();
    const host = props.endpoint?.host ?? this.nodes[0]?.address ?? '';
    // haproxy cannot take 6443 beside kube-apiserver: clients reach its own port.
    const port = props.endpoint?.port ?? this.loadBalancer.haproxyPort ?? CONTROL_PLANE_DEFAULTS.apiServerPort;
    this.endpoint = { host, port, address: `${host.includes(':') ? `[${host}]` : host}:${port}` };
    this.apiServerExtraArgs = props.apiServerExtraArgs ?? [];
    this.controllerManagerExtraArgs = props.controllerManagerExtraArgs ?? [];
    this.schedulerExtraArgs = props.schedulerExtraArgs ?? [];
    this.certificateValidityPeriod = props.certificateValidityPeriod ?? CONTROL_PLANE_DEFAULTS.certificateValidityPeriod;
    this.caCertificateValidityPeriod = props.caCertificateValidityPeriod ?? CONTROL_PLANE_DEFAULTS.caCertificateValidityPeriod;
    this.encryptionAlgorithm = props.encryptionAlgorithm;
    this.containerRuntime = props.containerRuntime ?? ContainerRuntime.containerd();
    this.nodePrerequisites = props.nodePrerequisites ?? NodePrerequisites.preinstalled();
    this.ca = props.ca ?? ClusterCa.generated();
    this.schedulableControlPlane = props.schedulableControlPlane;
    this.security = props.security ?? {};
    this.hardening = resolveHardening(this.security.hardening);
    this.audit = resolveAudit(this.security.audit);
    // The endpoint, every node's name and address, and loopback: what clients dial.
    this.certSANs = [...new Set([host, ...this.nodes.flatMap((n) => [n.name, n.address, ...(n.secondaryAddress ? [n.secondaryAddress] : [])]), ...(props.extraCertSANs ?? [])])].filter(
      (s) => s !== '',
    );
    declareLoadBalancerDeviations(this);
  }

  /** The node that runs `kubeadm init`. */
  public get firstNode(): NodeSpec | undefined {
    return this.nodes[0];
  }

  /**
   * Whether control-plane nodes take pods: as given, else only when no worker node exists.
   * @param workerNodeCount nodes in the cluster's worker pools
   */
  public isSchedulable(workerNodeCount: number): boolean {
    return this.schedulableControlPlane ?? workerNodeCount === 0;
  }

  public get isHighlyAvailable(): boolean {
    return this.nodes.length > 1;
  }

  public validateModel(context: ValidationContext): void {
    const count = this.nodes.length;
    if (count === 0) {
      context.error(this, {
        rule: 'control-plane/node-count',
        field: 'nodes',
        message: 'the control plane has no nodes',
        received: count,
        expected: '1, 3 or 5 control-plane nodes',
      });
    } else if (this.etcd.topology === EtcdTopology.STACKED && count % 2 === 0) {
      context.error(this, {
        rule: 'control-plane/quorum',
        field: 'nodes',
        message:
          `${count} control-plane nodes with stacked etcd: an etcd cluster of ${count} members tolerates no more failures than one of ${count - 1}` +
          (count === 2 ? ' (none at all), while doubling the chance that a failure loses quorum' : ', while adding a member that can fail'),
        received: count,
        expected: 'an odd number of control-plane nodes: 1, 3 or 5',
      });
    } else if (count > 5) {
      context.warn(this, {
        rule: 'control-plane/node-count',
        field: 'nodes',
        message: 'more than 5 control-plane nodes slow etcd writes without adding useful fault tolerance',
        received: count,
        expected: '1, 3 or 5 control-plane nodes',
      });
    }

    if (count > 1 && !this.endpointGiven) {
      context.error(this, {
        rule: 'control-plane/endpoint-required',
        field: 'endpoint',
        message: `a control plane of ${count} nodes needs a load-balanced endpoint; without it every node and client would pin the first API server`,
        received: undefined,
        expected: 'endpoint: { host: <DNS name or VIP>, port }',
      });
    }
    const { host, port } = this.endpoint;
    const pinned = count > 1 && this.endpointGiven && this.loadBalancer.kind === EndpointLoadBalancerKind.EXTERNAL
      ? this.nodes.find((n) => n.address === host || n.name === host)
      : undefined;
    if (pinned) {
      context.error(this, {
        rule: 'control-plane/endpoint',
        field: 'endpoint.host',
        message: `the endpoint of a ${count}-node control plane is node ${pinned.name}'s own ${pinned.address === host ? 'address' : 'name'}: every node and client would pin that one API server, and losing it stops the cluster`,
        received: host,
        expected: 'the address or DNS name of a load balancer in front of every control-plane node, or a VIP with EndpointLoadBalancer.kubeVip() or haproxyKeepalived()',
      });
    }
    if (this.endpointGiven && !parseIp(host) && !(HOSTNAME.test(host) && host.length <= 253)) {
      context.error(this, {
        rule: 'control-plane/endpoint',
        field: 'endpoint.host',
        message: 'endpoint host is neither an IP address nor a DNS name',
        received: host,
        expected: 'an IPv4/IPv6 address or a DNS-1123 subdomain',
      });
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      context.error(this, {
        rule: 'control-plane/endpoint',
        field: 'endpoint.port',
        message: 'endpoint port is not a TCP port',
        received: port,
        expected: 'an integer from 1 to 65535',
      });
    }
    this.validateLoadBalancer(context);
    validateHardening(context, this, this.hardening);
    validateAdmission(context, this, this.security.admission);
    validateAudit(context, this, this.audit);
    validateEncryptionAtRest(context, this, this.security.encryptionAtRest);
    validateAuthentication(context, this, this.security);
    validateExtraArgs(context, this, 'apiServerExtraArgs', this.apiServerExtraArgs);
    validateExtraArgs(context, this, 'controllerManagerExtraArgs', this.controllerManagerExtraArgs);
    validateExtraArgs(context, this, 'schedulerExtraArgs', this.schedulerExtraArgs);

    for (const [field, value] of [
      ['certificateValidityPeriod', this.certificateValidityPeriod],
      ['caCertificateValidityPeriod', this.caCertificateValidityPeriod],
    ] as const) {
      if (!GO_DURATION.test(value)) {
        context.error(this, {
          rule: 'control-plane/duration',
          field,
          message: 'not a Go duration',
          received: value,
          expected: "a duration such as '8760h' or '720h0m0s'",
        });
      }
    }
    if (this.encryptionAlgorithm !== undefined && !Object.values(EncryptionAlgorithm).includes(this.encryptionAlgorithm)) {
      context.error(this, {
        rule: 'control-plane/encryption-algorithm',
        field: 'encryptionAlgorithm',
        message: 'unknown key algorithm',
        received: this.encryptionAlgorithm,
        expected: Object.values(EncryptionAlgorithm).join(', '),
      });
    }
  }

  private validateLoadBalancer(context: ValidationContext): void {
    const lb = this.loadBalancer;
    const { host, port } = this.endpoint;
    if (lb.kind === EndpointLoadBalancerKind.EXTERNAL) return;
    if (!lb.networkInterface || !/^[A-Za-z0-9_.:-]{1,15}$/.test(lb.networkInterface)) {
      context.error(this, {
        rule: 'control-plane/load-balancer',
        field: 'loadBalancer.interface',
        message: 'network interface name is not valid',
        received: lb.networkInterface,
        expected: 'a Linux interface name such as eth0 (at most 15 characters)',
      });
    }
    if (!parseIp(host)) {
      context.error(this, {
        rule: 'control-plane/load-balancer',
        field: 'endpoint.host',
        message: `${lb.kind} announces the endpoint as a virtual IP, so the endpoint host must be an IP address`,
        received: host,
        expected: 'the VIP, an IP address on the control-plane nodes’ network',
      });
    }
    if (this.nodes.some((n) => n.address === host)) {
      context.error(this, {
        rule: 'control-plane/load-balancer',
        field: 'endpoint.host',
        message: 'the VIP equals a node address; it must be a free address that moves between nodes',
        received: host,
        expected: 'an unused IP address on the control-plane network',
      });
    }
    if (lb.kind === EndpointLoadBalancerKind.HAPROXY_KEEPALIVED) {
      if (lb.haproxyPort === CONTROL_PLANE_DEFAULTS.apiServerPort) {
        context.error(this, {
          rule: 'control-plane/load-balancer',
          field: 'loadBalancer.port',
          message: 'haproxy runs on the control-plane nodes, where kube-apiserver already binds 6443',
          received: lb.haproxyPort,
          expected: 'another port, e.g. 8443',
        });
      }
      if (port !== lb.haproxyPort) {
        context.error(this, {
          rule: 'control-plane/load-balancer',
          field: 'endpoint.port',
          message: 'the endpoint port must be the port haproxy listens on',
          received: port,
          expected: String(lb.haproxyPort),
        });
      }
      const id = lb.virtualRouterId ?? 0;
      if (!Number.isInteger(id) || id < 1 || id > 255) {
        context.error(this, {
          rule: 'control-plane/load-balancer',
          field: 'loadBalancer.virtualRouterId',
          message: 'VRRP virtual router id out of range',
          received: id,
          expected: 'an integer from 1 to 255',
        });
      }
    }
  }
}
