import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { AddOn, AddOnKey } from './add-on';
import { CLUSTER_DEFAULTS } from './defaults';
import { ControlPlane, ControlPlaneProps, Etcd, KubeletProps, NodePool, NodePoolProps } from './control-plane';
import { KubeProxy } from './kube-proxy';
import { KubernetesVersion } from './kubernetes-version';
import { addStorageClass, StorageClass, StorageClassProps } from './storage-class';
import { ClusterAccess, ClusterRole, ClusterRoleProps } from './tenancy/cluster-access';
import { PriorityClass, PriorityClassProps } from './tenancy/priority-class';
import { Subject } from './tenancy/subject';
import { Tenant, TenantProps } from './tenancy/tenant';
import { TenantRoles } from './tenancy/tenant-roles';
import { addChild } from './validation/construct-ids';
import { toDns1123Label } from './validation/formats';
import { isBuiltInNamespace } from './validation/rules/reserved-namespaces';
import { deferProblem } from './validation/deferred';
import { Severity } from './validation/problem';
import { synthesizeCluster } from './synth/synthesize';

/** Marks Clusters, across copies of this module too (as cdk8s marks Charts). */
const CLUSTER_MARK = Symbol.for('clusterforge.Cluster');

/** Address plan of the cluster; kubeadm, the CNI and CoreDNS all derive from it. */
export interface NetworkingProps {
  /**
   * Pod network, one CIDR per IP family, comma-separated for dual-stack as kubeadm
   * writes it (`10.244.0.0/16,fd00:10:244::/56`).
   * @default '10.244.0.0/16'
   */
  readonly podSubnet?: string | undefined;
  /**
   * Service network, one CIDR per IP family, comma-separated for dual-stack.
   * @default '10.96.0.0/12'
   */
  readonly serviceSubnet?: string | undefined;
  /**
   * Networks the nodes live on. Node addresses must lie inside them, and pod and
   * service networks must not overlap them.
   * @default - none declared; node addresses are not range-checked
   */
  readonly nodeSubnets?: readonly string[] | undefined;
  /**
   * Cluster DNS domain.
   * @default 'cluster.local'
   */
  readonly dnsDomain?: string | undefined;
}

/** The resolved address plan. */
export interface Networking {
  readonly podSubnet: string;
  readonly serviceSubnet: string;
  readonly nodeSubnets: readonly string[];
  readonly dnsDomain: string;
}

/** Props of a Cluster: its name, version, address plan, control plane, etcd and node settings. */
export interface ClusterProps {
  /**
   * Cluster name: kubeadm's `clusterName` and the output folder `dist/<name>/`.
   * @default - the construct id made a DNS-1123 label (`MyCluster` gives `my-cluster`); synthesis warns when it differs from the id
   */
  readonly name?: string | undefined;
  /**
   * Kubernetes release to install.
   * @default KubernetesVersion.V1_35
   */
  readonly kubernetesVersion?: KubernetesVersion | undefined;
  /**
   * Address plan.
   * @default - see NetworkingProps for each field's default
   */
  readonly networking?: NetworkingProps | undefined;
  /**
   * kube-proxy mode, or disabled when the CNI replaces it.
   * @default KubeProxy.iptables()
   */
  readonly kubeProxy?: KubeProxy | undefined;
  /**
   * The control plane. Without it, only manifests are synthesised (for a cluster
   * that exists already); with it, `bootstrap/` gets every kubeadm file.
   * @default - no control plane is managed
   */
  readonly controlPlane?: ControlPlaneProps | undefined;
  /**
   * etcd topology.
   * @default Etcd.stacked()
   */
  readonly etcd?: Etcd | undefined;
  /**
   * Kubelet settings for every node.
   * @default - see KubeletProps for each field's default
   */
  readonly kubelet?: KubeletProps | undefined;
  /**
   * How far the sum of tenant CPU and memory request quotas may exceed the capacity the
   * node pools declare before synthesis warns.
   * @default 1.5
   */
  readonly quotaOvercommitRatio?: number | undefined;
}

/** Options of a file written to `dist/<cluster>/bootstrap/`. */
export interface BootstrapFileOptions {
  /** Produces the file's content. Called only after validation passed. */
  readonly render: () => string;
  /**
   * Whether the file holds placeholders for secrets that a documented step fills in.
   * The Pulumi backend exports such files as secrets.
   * @default false
   */
  readonly sensitive?: boolean | undefined;
}

/**
 * A whole Kubernetes cluster: its version and address plan, control plane, add-ons
 * and tenants. One Cluster synthesises to `dist/<name>/` or registers with Pulumi.
 */
export class Cluster extends Chart {
  /**
   * Whether `x` is a Cluster. cdk8s's Chart answers `instanceof` for any Chart, so without this
   * `instanceof Cluster` would be true of every Chart.
   */
  public static isCluster(x: unknown): x is Cluster {
    return typeof x === 'object' && x !== null && (x as { readonly [CLUSTER_MARK]?: unknown })[CLUSTER_MARK] === true;
  }

  /** @internal `instanceof Cluster` as isCluster; a subclass keeps the ordinary prototype check. */
  public static [Symbol.hasInstance](x: unknown): x is Cluster {
    return this === Cluster ? Cluster.isCluster(x) : Function.prototype[Symbol.hasInstance].call(this, x);
  }

  /** The cluster that contains `scope`. */
  public static of(scope: IConstruct): Cluster {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      if (s instanceof Cluster) return s as Cluster;
    }
    throw new Error(`'${scope.node.path}' is not inside a clusterforge Cluster`);
  }

  public readonly clusterName: string;
  public readonly kubernetesVersion: KubernetesVersion;
  public readonly networking: Networking;
  public readonly kubeProxy: KubeProxy;
  public readonly etcd: Etcd;
  public readonly kubelet: KubeletProps;
  public readonly quotaOvercommitRatio: number;
  /** @internal Whether `name` was given; otherwise clusterName derives from the id. */
  public readonly nameGiven: boolean;
  /** The control plane, when the cluster manages one. */
  public readonly controlPlane?: ControlPlane;

  private readonly addOnsByKey = new Map<AddOnKey, AddOn>();
  private readonly bootstrap = new Map<string, BootstrapFileOptions>();
  /** Tenant namespaces and the path of the tenant that claimed each first. */
  private readonly tenantNamespaces = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ClusterProps = {}) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, CLUSTER_MARK, { value: true });
    this.clusterName = props.name ?? toDns1123Label(id);
    this.nameGiven = props.name !== undefined;
    this.kubernetesVersion = props.kubernetesVersion ?? CLUSTER_DEFAULTS.kubernetesVersion;
    this.kubeProxy = props.kubeProxy ?? CLUSTER_DEFAULTS.kubeProxy;
    this.etcd = props.etcd ?? Etcd.stacked();
    this.kubelet = props.kubelet ?? {};
    this.quotaOvercommitRatio = props.quotaOvercommitRatio ?? CLUSTER_DEFAULTS.quotaOvercommitRatio;
    const net = props.networking ?? {};
    this.networking = {
      podSubnet: net.podSubnet ?? CLUSTER_DEFAULTS.podSubnet,
      serviceSubnet: net.serviceSubnet ?? CLUSTER_DEFAULTS.serviceSubnet,
      nodeSubnets: net.nodeSubnets ?? CLUSTER_DEFAULTS.nodeSubnets,
      dnsDomain: net.dnsDomain ?? CLUSTER_DEFAULTS.dnsDomain,
    };
    if (props.controlPlane) this.controlPlane = new ControlPlane(this, 'ControlPlane', props.controlPlane, this.etcd);
    // cdk8s's own synthesis (`app.synth()`, `cdk8s synth`) validates every construct before
    // rendering; this runs the late rendering and every rule there, and throws the same
    // ClusterValidationError as synthesizeToDirectory, so nothing is written.
    this.node.addValidation({
      validate: () => {
        synthesizeCluster(this);
        return [];
      },
    });
  }

  /**
   * The cluster's API objects in apply order, validated: exactly the objects of
   * `manifests/` that synthesizeToDirectory writes, and what `app.synth()` writes for this
   * chart. Bootstrap files and pinned CRD URLs are not API objects and are not included.
   * Throws ClusterValidationError.
   */
  public override toJson(): any[] {
    return synthesizeCluster(this).objects.map((o) => o.manifest);
  }

  /** Adds a pool of worker nodes. A taken or empty id is reported at synthesis. */
  public addNodePool(id: string, props: NodePoolProps): NodePool {
    return addChild(this, this.container('NodePools'), id, { noun: 'node pool', method: 'addNodePool' }, (scope, cid) => new NodePool(scope, cid, props));
  }

  /** Adds a StorageClass under the cluster's 'Storage' construct. A taken or empty id is reported at synthesis. */
  public addStorageClass(id: string, props: StorageClassProps): StorageClass {
    return addStorageClass(this, id, props);
  }

  /**
   * Adds a tenant: namespaces with Pod Security labels, quotas, limit ranges,
   * NetworkPolicies and grants. A taken or empty id is reported at synthesis.
   */
  public addTenant(id: string, props: TenantProps = {}): Tenant {
    let attached = false;
    const tenant = addChild(this, this.container('Tenants'), id, { noun: 'tenant', method: 'addTenant' }, (scope, cid) => {
      attached = scope.node.scope === this;
      return new Tenant(scope, cid, props, this.tenantNamespaces, id);
    });
    if (attached) {
      for (const ns of tenant.namespaces) if (!this.tenantNamespaces.has(ns) && !isBuiltInNamespace(ns)) this.tenantNamespaces.set(ns, tenant.node.path);
      // The roles tenant grants bind to, and the guard of the baseline policies: once per cluster.
      if (!this.container('Rbac').node.tryFindChild('TenantRoles')) new TenantRoles(this.container('Rbac'), 'TenantRoles');
    }
    return tenant;
  }

  /** Tenants, in the order they were added. */
  public get tenants(): readonly Tenant[] {
    const c = this.node.tryFindChild('Tenants');
    return c ? c.node.children.filter((t): t is Tenant => t instanceof Tenant) : [];
  }

  /** Adds a PriorityClass. A taken or empty id is reported at synthesis. */
  public addPriorityClass(id: string, props: PriorityClassProps): PriorityClass {
    return addChild(this, this.container('PriorityClasses'), id, { noun: 'priority class', method: 'addPriorityClass' }, (scope, cid) =>
      new PriorityClass(scope, cid, { ...props, name: props.name ?? id }),
    );
  }

  public get priorityClasses(): readonly PriorityClass[] {
    const c = this.node.tryFindChild('PriorityClasses');
    return c ? c.node.children.filter((p): p is PriorityClass => p instanceof PriorityClass) : [];
  }

  /** Adds a ClusterRole, plain or aggregated. A taken or empty id is reported at synthesis. */
  public addClusterRole(id: string, props: ClusterRoleProps): ClusterRole {
    return addChild(this, this.container('Rbac'), id, { noun: 'cluster role', method: 'addClusterRole' }, (scope, cid) =>
      new ClusterRole(scope, cid, { ...props, name: props.name ?? id }),
    );
  }

  /** Binds `subject` to the built-in cluster-admin role: a platform administrator. */
  public grantClusterAdmin(subject: Subject): void {
    this.access.grantClusterAdmin(subject);
  }

  /** Lets `subject` read everything but Secrets, cluster-wide: an auditor. */
  public grantClusterReader(subject: Subject): void {
    this.access.grantClusterReader(subject);
  }

  private get access(): ClusterAccess {
    return (this.container('Rbac').node.tryFindChild('Access') as ClusterAccess | undefined) ?? new ClusterAccess(this.container('Rbac'), 'Access');
  }

  private container(id: string): Construct {
    return (this.node.tryFindChild(id) as Construct | undefined) ?? new Construct(this, id);
  }

  /** Worker node pools, in the order they were added. */
  public get nodePools(): readonly NodePool[] {
    const pools = this.node.tryFindChild('NodePools');
    return pools ? pools.node.children.filter((c): c is NodePool => c instanceof NodePool) : [];
  }

  /** Nodes that run pods: control-plane nodes and every pool's nodes. */
  public get nodeCount(): number {
    return (this.controlPlane?.nodes.length ?? 0) + this.nodePools.reduce((n, p) => n + p.nodes.length, 0);
  }

  /**
   * @internal Called by the AddOn base class. A second add-on for a taken key is reported
   * at synthesis and detached from the tree, so that it renders nothing.
   */
  public registerAddOn(addOn: AddOn): void {
    const existing = this.addOnsByKey.get(addOn.key);
    if (existing) {
      deferProblem(this, Severity.ERROR, this, {
        rule: 'add-ons/duplicate-key',
        field: addOn.node.id,
        message: `a second '${addOn.key.name}' add-on: ${existing.node.path} fills that slot already, and a cluster has one add-on per key`,
        received: addOn.node.path,
        expected: `one '${addOn.key.name}' add-on`,
      });
      this.node.tryRemoveChild(addOn.node.id);
      return;
    }
    this.addOnsByKey.set(addOn.key, addOn);
  }

  /** The add-on that fills `key`, if any. */
  public addOn<T extends AddOn>(key: AddOnKey<T>): T | undefined {
    return this.addOnsByKey.get(key) as T | undefined;
  }

  /** Every add-on, in the order they were attached. */
  public get addOns(): readonly AddOn[] {
    return [...this.addOnsByKey.values()];
  }

  /**
   * Adds a file to `dist/<cluster>/bootstrap/` (kubeadm configs and the like, which
   * are not API objects). Throws when the path is taken.
   */
  public addBootstrapFile(path: string, options: BootstrapFileOptions): void {
    if (this.bootstrap.has(path)) {
      throw new Error(`Cluster '${this.node.path}' already has a bootstrap file '${path}'`);
    }
    this.bootstrap.set(path, options);
  }

  /** Bootstrap files by path, in the order they were added. */
  public get bootstrapFiles(): ReadonlyMap<string, BootstrapFileOptions> {
    return this.bootstrap;
  }
}
