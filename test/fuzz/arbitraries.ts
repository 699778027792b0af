/**
 * Random cluster definitions for property-based tests.
 *
 * A definition is plain data (`ClusterDefinition`), so that a failing case prints as
 * something a person can read and paste into a unit test; `buildCluster(def)` turns it
 * into a Cluster through the public API only. Values mix valid and invalid input at a
 * rate chosen per definition (`clean`, `rare` or `dirty`), so that both outcomes of
 * synthesis, success and ClusterValidationError, are well covered.
 *
 * Construct ids are unique by construction: duplicate ids are programming errors that
 * the API is allowed to throw for. Everything else may be garbage.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import fc from 'fast-check';
import {
  CalicoEncapsulation,
  CiliumRouting,
  ClusterNetwork,
  Cni,
  CniPlugin,
  CoreDnsAntiAffinity,
  FlannelBackend,
} from '../../constructs/networking';
import {
  AzureDiskCachingMode,
  AzureDiskNetworkAccessPolicy,
  AzureDiskSku,
  CephFsMounter,
  EbsVolumeType,
  GcePdReplicationType,
  GcePdType,
  LocalPathProvisioner,
  LonghornDataLocality,
  LonghornSnapshotType,
  NfsCsiDriver,
  NfsOnDelete,
  Provisioner,
  RbdImageFeature,
} from '../../constructs/storage';
import { BuiltInRole, Cluster, ClusterProps, ControlPlaneProps, CrdSource, EncryptionAlgorithm, EndpointLoadBalancer, Etcd, EvictionSignal, FileSystemType, IProvisioner, IpvsScheduler, KubeProxy, KubeProxyMode, KubeletProps, KubernetesVersion, Namespace, PodSecurityLevel, PolicyRule, PreemptionPolicy, QuotaScope, ReclaimPolicy, SnapshotDeletionPolicy, Subject, TaintEffect, Verb, VolumeBindingMode } from '../../lib';
import { Cidr, cidrAddress, parseCidr, splitCidrList } from '../../lib/net/cidr';
import { configureStorage } from '../../lib/storage-class';

// ---------------------------------------------------------------------------------------
// The definition: plain data
// ---------------------------------------------------------------------------------------

/** Enum-typed props are strings here: untyped callers can pass anything. */
export interface NodeDef {
  readonly name: string;
  readonly address: string;
}

export interface EndpointDef {
  readonly host: string;
  readonly port?: number;
}

export type LoadBalancerDef =
  | { readonly kind: 'external' }
  | { readonly kind: 'kube-vip'; readonly interface: string }
  | { readonly kind: 'haproxy-keepalived'; readonly interface: string; readonly virtualRouterId?: number; readonly port?: number };

export interface ExtraArgDef {
  readonly name: string;
  readonly value: string;
}

export interface ControlPlaneDef {
  readonly nodes: readonly NodeDef[];
  readonly endpoint?: EndpointDef;
  readonly loadBalancer?: LoadBalancerDef;
  readonly apiServerExtraArgs?: readonly ExtraArgDef[];
  readonly extraCertSANs?: readonly string[];
  readonly certificateValidityPeriod?: string;
  readonly caCertificateValidityPeriod?: string;
  readonly encryptionAlgorithm?: string;
}

export interface EtcdMemberDef {
  readonly name: string;
  readonly address: string;
  readonly clientPort?: number;
  readonly peerPort?: number;
  readonly metricsPort?: number;
  readonly dataDir?: string;
  readonly scheme?: string;
}

export type EtcdDef =
  | {
      readonly topology: 'stacked';
      readonly dataDir?: string;
      readonly extraArgs?: readonly ExtraArgDef[];
      readonly serverCertSANs?: readonly string[];
      readonly peerCertSANs?: readonly string[];
    }
  | {
      readonly topology: 'external';
      readonly members: readonly EtcdMemberDef[];
      readonly caFile: string;
      readonly certFile: string;
      readonly keyFile: string;
      readonly dataDir?: string;
      readonly pkiDir?: string;
      readonly clusterToken?: string;
      readonly binaryPath?: string;
    };

/** `auto` lets the definition pick the mode that fits its CNI (disabled for Cilium's replacement). */
export interface KubeProxyDef {
  readonly mode: string;
  readonly scheduler?: string;
}

export interface ReservedDef {
  readonly cpu?: string;
  readonly memory?: string;
  readonly ephemeralStorage?: string;
  readonly pid?: string;
}

export interface KubeletDef {
  readonly maxPods?: number;
  readonly systemReserved?: ReservedDef;
  readonly kubeReserved?: ReservedDef;
  readonly evictionHard?: Readonly<Record<string, string>>;
  readonly evictionSoft?: Readonly<Record<string, { readonly threshold: string; readonly gracePeriod: string }>>;
}

export interface TaintDef {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

export interface NodePoolDef {
  readonly id: string;
  readonly nodes: readonly NodeDef[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly TaintDef[];
  readonly nodeCpu?: string;
  readonly nodeMemory?: string;
}

export type CrdSourceDef =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'none' };

export type CniDef =
  | { readonly kind: 'flannel'; readonly backend?: string; readonly mtu?: number; readonly poolCidrs?: readonly string[] }
  | {
      readonly kind: 'calico';
      readonly encapsulation?: string;
      readonly natOutgoing?: boolean;
      readonly blockSize?: number;
      readonly ipv6BlockSize?: number;
      readonly controlPlaneReplicas?: number;
      readonly apiServer?: boolean;
      readonly goldmane?: boolean;
      readonly whisker?: boolean;
      readonly mtu?: number;
      readonly poolCidrs?: readonly string[];
      readonly crds?: CrdSourceDef;
    }
  | { readonly kind: 'canal'; readonly mtu?: number; readonly poolCidrs?: readonly string[]; readonly crds?: CrdSourceDef }
  | {
      readonly kind: 'cilium';
      readonly routing?: string;
      readonly kubeProxyReplacement?: boolean;
      readonly clusterPoolIpv4MaskSize?: number;
      readonly clusterPoolIpv6MaskSize?: number;
      readonly operatorReplicas?: number;
      readonly apiServer?: EndpointDef;
      readonly mtu?: number;
      readonly poolCidrs?: readonly string[];
    }
  | { readonly kind: 'weave'; readonly mtu?: number; readonly poolCidrs?: readonly string[] };

export interface CoreDnsDef {
  readonly replicas?: number;
  readonly antiAffinity?: string;
  readonly maxUnavailable?: number;
  readonly forwarders?: readonly string[];
  readonly stubDomains?: readonly { readonly domain: string; readonly servers: readonly string[] }[];
  readonly cacheTtl?: number;
  readonly serviceIp?: string;
}

export interface NetworkDef {
  readonly cni: CniDef;
  readonly coreDns?: CoreDnsDef;
  readonly allowUnenforcedNetworkPolicies?: boolean;
}

export interface SecretRefDef {
  readonly name: string;
  readonly namespace: string;
}

export interface RookDef {
  readonly clusterId?: string;
  readonly operatorNamespace?: string;
  readonly provisionerSecret?: SecretRefDef;
  readonly nodeSecret?: SecretRefDef;
  readonly encrypted?: boolean;
  readonly encryptionKmsId?: string;
}

export type ProvisionerDef =
  | { readonly kind: 'localPath'; readonly nodePath?: string; readonly pathPattern?: string }
  | {
      readonly kind: 'nfs';
      readonly server: string;
      readonly path: string;
      readonly subDir?: string;
      readonly mountPermissions?: string;
      readonly onDelete?: string;
    }
  | ({ readonly kind: 'cephRbd'; readonly pool: string; readonly dataPool?: string; readonly imageFeatures?: readonly string[]; readonly fsType?: string } & RookDef)
  | ({ readonly kind: 'cephFs'; readonly fsName: string; readonly pool?: string; readonly mounter?: string } & RookDef)
  | {
      readonly kind: 'ebs';
      readonly type?: string;
      readonly iops?: number;
      readonly iopsPerGb?: number;
      readonly allowAutoIopsPerGbIncrease?: boolean;
      readonly throughput?: number;
      readonly encrypted?: boolean;
      readonly kmsKeyId?: string;
      readonly fsType?: string;
      readonly tags?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'gcePd';
      readonly type?: string;
      readonly replicationType?: string;
      readonly diskEncryptionKmsKey?: string;
      readonly labels?: Readonly<Record<string, string>>;
      readonly provisionedIopsOnCreate?: number;
      readonly provisionedThroughputOnCreate?: number;
      readonly fsType?: string;
    }
  | {
      readonly kind: 'azureDisk';
      readonly skuName?: string;
      readonly cachingMode?: string;
      readonly diskIopsReadWrite?: number;
      readonly diskMbpsReadWrite?: number;
      readonly networkAccessPolicy?: string;
      readonly resourceGroup?: string;
      readonly tags?: Readonly<Record<string, string>>;
      readonly fsType?: string;
    }
  | { readonly kind: 'cinder'; readonly type?: string; readonly availability?: string; readonly fsType?: string; readonly forceCreateSnapshots?: boolean }
  | { readonly kind: 'vsphere'; readonly storagePolicyName?: string; readonly datastoreUrl?: string; readonly fsType?: string; readonly zoneCategory?: string }
  | {
      readonly kind: 'longhorn';
      readonly numberOfReplicas?: number;
      readonly staleReplicaTimeout?: number;
      readonly dataLocality?: string;
      readonly diskSelector?: readonly string[];
      readonly nodeSelector?: readonly string[];
      readonly fsType?: string;
      readonly snapshotType?: string;
    }
  | {
      readonly kind: 'custom';
      readonly name: string;
      readonly parameters?: Readonly<Record<string, unknown>>;
      readonly topologyKey?: string;
      readonly supportsSnapshots?: boolean;
      readonly supportsVolumeExpansion?: boolean;
      readonly defaultVolumeBindingMode?: string;
    }
  | { readonly kind: 'glusterfs' };

export interface StorageClassDef {
  readonly id: string;
  readonly provisioner: ProvisionerDef;
  readonly name?: string;
  readonly default?: boolean;
  readonly reclaimPolicy?: string;
  readonly volumeBindingMode?: string;
  readonly allowVolumeExpansion?: boolean;
  readonly mountOptions?: readonly string[];
  readonly zones?: readonly string[];
  readonly snapshotClass?: { readonly name?: string; readonly deletionPolicy?: string; readonly default?: boolean };
  readonly labels?: Readonly<Record<string, string>>;
}

export interface PriorityClassDef {
  readonly id: string;
  readonly name?: string;
  readonly value: number;
  readonly globalDefault?: boolean;
  readonly preemptionPolicy?: string;
  readonly description?: string;
}

export interface SubjectDef {
  readonly kind: 'user' | 'group' | 'serviceAccount';
  readonly name: string;
  readonly namespace?: string;
}

export interface PolicyRuleDef {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

export interface ResourceValuesDef {
  readonly cpu?: string;
  readonly memory?: string;
  readonly ephemeralStorage?: string;
}

export interface QuotaDef {
  readonly requestsCpu?: string;
  readonly requestsMemory?: string;
  readonly limitsCpu?: string;
  readonly limitsMemory?: string;
  readonly requestsStorage?: string;
  readonly persistentVolumeClaims?: number;
  readonly pods?: number;
  readonly services?: number;
  readonly servicesLoadBalancers?: number;
  readonly servicesNodePorts?: number;
  readonly configMaps?: number;
  readonly secrets?: number;
  readonly storage?: Readonly<Record<string, string>>;
  readonly storageClaims?: Readonly<Record<string, number>>;
  readonly extendedResources?: Readonly<Record<string, string>>;
  readonly objectCounts?: Readonly<Record<string, number>>;
  readonly scopes?: readonly string[];
  readonly priorityClasses?: readonly string[];
}

export interface LimitRangeDef {
  readonly container?: {
    readonly default?: ResourceValuesDef;
    readonly defaultRequest?: ResourceValuesDef;
    readonly min?: ResourceValuesDef;
    readonly max?: ResourceValuesDef;
    readonly maxLimitRequestRatio?: ResourceValuesDef;
  };
  readonly pod?: { readonly min?: ResourceValuesDef; readonly max?: ResourceValuesDef; readonly maxLimitRequestRatio?: ResourceValuesDef };
}

/** `podSecurity` of a tenant and of a namespace: one shape. */
export interface PodSecurityDef {
  readonly enforce?: string;
  readonly audit?: string;
  readonly warn?: string;
  readonly version?: string;
}

export interface TenantDef {
  readonly id: string;
  readonly namespaces?: readonly string[];
  readonly admins?: readonly SubjectDef[];
  readonly developers?: readonly SubjectDef[];
  readonly viewers?: readonly SubjectDef[];
  readonly quota?: QuotaDef;
  readonly scopedQuotas?: Readonly<Record<string, QuotaDef>>;
  readonly limitRange?: LimitRangeDef;
  readonly podSecurity?: PodSecurityDef;
  readonly networkPolicy?: {
    readonly defaultDeny?: boolean;
    readonly allowSameNamespace?: boolean;
    readonly allowDns?: boolean;
    readonly allowIngressFromNamespaces?: readonly string[];
    readonly allowEgressToTenants?: readonly string[];
    readonly allowIngressFromTenants?: readonly string[];
  };
  readonly labels?: Readonly<Record<string, string>>;
  /** `addServiceAccount(name, namespace)`; a missing namespace takes the tenant's first. */
  readonly serviceAccounts: readonly { readonly name: string; readonly namespace?: string }[];
  /** `addRole(id, { rules, subjects })`. */
  readonly roles: readonly { readonly id: string; readonly rules: readonly PolicyRuleDef[]; readonly subjects?: readonly SubjectDef[] }[];
  /** `grantView/grantEdit/grantAdmin(subject)`, or `grantRole(roles[n].id, subject)`. */
  readonly grants: readonly { readonly role: string; readonly subject: SubjectDef }[];
}

export interface ClusterRoleDef {
  readonly id: string;
  readonly name?: string;
  readonly rules?: readonly PolicyRuleDef[];
  readonly aggregateTo?: readonly string[];
  readonly aggregateFrom?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface NamespaceDef {
  readonly id: string;
  readonly name?: string;
  readonly podSecurity?: PodSecurityDef;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** `grantView/grantEdit/grantAdmin(subject)` on the namespace. */
  readonly grants?: readonly { readonly role: string; readonly subject: SubjectDef }[];
}

export interface ClusterDefinition {
  readonly name?: string;
  readonly kubernetesVersion?: string;
  readonly networking?: {
    readonly podSubnet?: string;
    readonly serviceSubnet?: string;
    readonly nodeSubnets?: readonly string[];
    readonly dnsDomain?: string;
  };
  readonly kubeProxy?: KubeProxyDef;
  readonly etcd?: EtcdDef;
  readonly controlPlane?: ControlPlaneDef;
  readonly kubelet?: KubeletDef;
  readonly quotaOvercommitRatio?: number;
  readonly nodePools: readonly NodePoolDef[];
  readonly network?: NetworkDef;
  /** An explicit LocalPathProvisioner add-on, added before the storage classes. */
  readonly localPathProvisioner?: { readonly nodePaths?: readonly string[]; readonly namespace?: string };
  /** An explicit NfsCsiDriver add-on, added before the storage classes. */
  readonly nfsCsiDriver?: { readonly namespace?: string };
  /** `configureStorage(cluster, { snapshotCrds })` before the first class. */
  readonly snapshotCrds?: CrdSourceDef;
  readonly storageClasses: readonly StorageClassDef[];
  readonly priorityClasses: readonly PriorityClassDef[];
  readonly tenants: readonly TenantDef[];
  readonly clusterAdmins: readonly SubjectDef[];
  readonly clusterReaders: readonly SubjectDef[];
  readonly clusterRoles: readonly ClusterRoleDef[];
  readonly namespaces: readonly NamespaceDef[];
}

// ---------------------------------------------------------------------------------------
// Building a cluster from a definition, through the public API
// ---------------------------------------------------------------------------------------

/** Reference CRD files the definitions may point at (test data, read from ../shared). */
const CRD_FILES: Readonly<Record<string, readonly [string, ...string[]]>> = {
  'calico-installation': [path.resolve(__dirname, '../../../shared/crds/calico-operator/operator.tigera.io_installations.yaml')],
  'snapshot-classes': ['volumesnapshotclasses', 'volumesnapshotcontents', 'volumesnapshots'].map((plural) =>
    path.resolve(__dirname, `../../../shared/crds/external-snapshotter/snapshot.storage.k8s.io_${plural}.yaml`),
  ) as [string, ...string[]],
  missing: ['/nonexistent/crds.yaml'],
};

function crdSource(def: CrdSourceDef | undefined): CrdSource | undefined {
  if (!def) return undefined;
  switch (def.kind) {
    case 'url':
      return CrdSource.url(def.url);
    case 'file':
      return CrdSource.file(...(CRD_FILES[def.file] ?? [def.file]));
    case 'none':
      return CrdSource.none();
  }
}

function subject(def: SubjectDef): Subject {
  switch (def.kind) {
    case 'user':
      return Subject.user(def.name);
    case 'group':
      return Subject.group(def.name);
    case 'serviceAccount':
      return Subject.serviceAccount(def.namespace as string, def.name);
  }
}

function policyRule(def: PolicyRuleDef): PolicyRule {
  return { apiGroups: def.apiGroups, resources: def.resources, verbs: def.verbs as Verb[], resourceNames: def.resourceNames };
}

function loadBalancer(def: LoadBalancerDef | undefined): EndpointLoadBalancer | undefined {
  if (!def) return undefined;
  switch (def.kind) {
    case 'external':
      return EndpointLoadBalancer.external();
    case 'kube-vip':
      return EndpointLoadBalancer.kubeVip({ interface: def.interface });
    case 'haproxy-keepalived':
      return EndpointLoadBalancer.haproxyKeepalived({ interface: def.interface, virtualRouterId: def.virtualRouterId, port: def.port });
  }
}

function kubeProxy(def: KubeProxyDef | undefined): KubeProxy | undefined {
  if (!def) return undefined;
  switch (def.mode) {
    case 'iptables':
      return KubeProxy.iptables();
    case 'ipvs':
      return KubeProxy.ipvs({ scheduler: def.scheduler as IpvsScheduler | undefined });
    case 'nftables':
      return KubeProxy.nftables();
    case 'disabled':
      return KubeProxy.disabled();
    default:
      return KubeProxy.mode(def.mode as KubeProxyMode);
  }
}

function etcd(def: EtcdDef | undefined): Etcd | undefined {
  if (!def) return undefined;
  if (def.topology === 'stacked') {
    return Etcd.stacked({ dataDir: def.dataDir, extraArgs: def.extraArgs, serverCertSANs: def.serverCertSANs, peerCertSANs: def.peerCertSANs });
  }
  return Etcd.external({
    members: def.members,
    caFile: def.caFile,
    certFile: def.certFile,
    keyFile: def.keyFile,
    dataDir: def.dataDir,
    pkiDir: def.pkiDir,
    clusterToken: def.clusterToken,
    binaryPath: def.binaryPath,
  });
}

function controlPlane(def: ControlPlaneDef | undefined): ControlPlaneProps | undefined {
  if (!def) return undefined;
  return {
    nodes: def.nodes,
    endpoint: def.endpoint,
    loadBalancer: loadBalancer(def.loadBalancer),
    apiServerExtraArgs: def.apiServerExtraArgs,
    extraCertSANs: def.extraCertSANs,
    certificateValidityPeriod: def.certificateValidityPeriod,
    caCertificateValidityPeriod: def.caCertificateValidityPeriod,
    encryptionAlgorithm: def.encryptionAlgorithm as EncryptionAlgorithm | undefined,
  };
}

function kubelet(def: KubeletDef | undefined): KubeletProps | undefined {
  if (!def) return undefined;
  return {
    maxPods: def.maxPods,
    systemReserved: def.systemReserved,
    kubeReserved: def.kubeReserved,
    evictionHard: def.evictionHard as KubeletProps['evictionHard'],
    evictionSoft: def.evictionSoft as KubeletProps['evictionSoft'],
  };
}

function cni(def: CniDef): CniPlugin {
  switch (def.kind) {
    case 'flannel':
      return Cni.flannel({ backend: def.backend as FlannelBackend | undefined, mtu: def.mtu, poolCidrs: def.poolCidrs });
    case 'calico':
      return Cni.calico({
        encapsulation: def.encapsulation as CalicoEncapsulation | undefined,
        natOutgoing: def.natOutgoing,
        blockSize: def.blockSize,
        ipv6BlockSize: def.ipv6BlockSize,
        controlPlaneReplicas: def.controlPlaneReplicas,
        apiServer: def.apiServer,
        goldmane: def.goldmane,
        whisker: def.whisker,
        mtu: def.mtu,
        poolCidrs: def.poolCidrs,
        crds: crdSource(def.crds),
      });
    case 'canal':
      return Cni.canal({ mtu: def.mtu, poolCidrs: def.poolCidrs, crds: crdSource(def.crds) });
    case 'cilium':
      return Cni.cilium({
        routing: def.routing as CiliumRouting | undefined,
        kubeProxyReplacement: def.kubeProxyReplacement,
        clusterPoolIpv4MaskSize: def.clusterPoolIpv4MaskSize,
        clusterPoolIpv6MaskSize: def.clusterPoolIpv6MaskSize,
        operatorReplicas: def.operatorReplicas,
        apiServer: def.apiServer,
        mtu: def.mtu,
        poolCidrs: def.poolCidrs,
      });
    case 'weave':
      return Cni.weave({ mtu: def.mtu, poolCidrs: def.poolCidrs });
  }
}

function provisioner(def: ProvisionerDef): IProvisioner {
  const fsType = (v: string | undefined) => v as FileSystemType | undefined;
  switch (def.kind) {
    case 'localPath':
      return Provisioner.localPath({ nodePath: def.nodePath, pathPattern: def.pathPattern });
    case 'nfs':
      return Provisioner.nfs({ server: def.server, path: def.path, subDir: def.subDir, mountPermissions: def.mountPermissions, onDelete: def.onDelete as NfsOnDelete | undefined });
    case 'cephRbd':
      return Provisioner.cephRbd({ ...def, imageFeatures: def.imageFeatures as RbdImageFeature[] | undefined, fsType: fsType(def.fsType) });
    case 'cephFs':
      return Provisioner.cephFs({ ...def, mounter: def.mounter as CephFsMounter | undefined });
    case 'ebs':
      return Provisioner.ebs({ ...def, type: def.type as EbsVolumeType | undefined, fsType: fsType(def.fsType) });
    case 'gcePd':
      return Provisioner.gcePd({
        ...def,
        type: def.type as GcePdType | undefined,
        replicationType: def.replicationType as GcePdReplicationType | undefined,
        fsType: fsType(def.fsType),
      });
    case 'azureDisk':
      return Provisioner.azureDisk({
        ...def,
        skuName: def.skuName as AzureDiskSku | undefined,
        cachingMode: def.cachingMode as AzureDiskCachingMode | undefined,
        networkAccessPolicy: def.networkAccessPolicy as AzureDiskNetworkAccessPolicy | undefined,
        fsType: fsType(def.fsType),
      });
    case 'cinder':
      return Provisioner.cinder({ ...def, fsType: fsType(def.fsType) });
    case 'vsphere':
      return Provisioner.vsphere({ ...def, fsType: fsType(def.fsType) });
    case 'longhorn':
      return Provisioner.longhorn({
        ...def,
        dataLocality: def.dataLocality as LonghornDataLocality | undefined,
        fsType: fsType(def.fsType),
        snapshotType: def.snapshotType as LonghornSnapshotType | undefined,
      });
    case 'custom':
      return Provisioner.custom(def.name, def.parameters as Record<string, string> | undefined, {
        topologyKey: def.topologyKey,
        supportsSnapshots: def.supportsSnapshots,
        supportsVolumeExpansion: def.supportsVolumeExpansion,
        defaultVolumeBindingMode: def.defaultVolumeBindingMode as VolumeBindingMode | undefined,
      });
    case 'glusterfs':
      return Provisioner.glusterfs();
  }
}

/** Turns a definition into a Cluster, in a fresh App, through the public API only. */
export function buildCluster(def: ClusterDefinition, scope: Construct = new App()): Cluster {
  const props: ClusterProps = {
    name: def.name,
    kubernetesVersion: def.kubernetesVersion === undefined ? undefined : KubernetesVersion.of(def.kubernetesVersion),
    networking: def.networking,
    kubeProxy: kubeProxy(def.kubeProxy),
    etcd: etcd(def.etcd),
    controlPlane: controlPlane(def.controlPlane),
    kubelet: kubelet(def.kubelet),
    quotaOvercommitRatio: def.quotaOvercommitRatio,
  };
  const cluster = new Cluster(scope, 'fuzz', props);
  for (const pool of def.nodePools) {
    cluster.addNodePool(pool.id, {
      nodes: pool.nodes,
      labels: pool.labels,
      taints: pool.taints?.map((t) => ({ ...t, effect: t.effect as TaintEffect })),
      nodeCpu: pool.nodeCpu,
      nodeMemory: pool.nodeMemory,
    });
  }
  if (def.network) {
    const { coreDns } = def.network;
    new ClusterNetwork(cluster, 'Networking', {
      cni: cni(def.network.cni),
      coreDns: coreDns && { ...coreDns, antiAffinity: coreDns.antiAffinity as CoreDnsAntiAffinity | undefined },
      allowUnenforcedNetworkPolicies: def.network.allowUnenforcedNetworkPolicies,
    });
  }
  if (def.localPathProvisioner) new LocalPathProvisioner(cluster, 'LocalPathProvisioner', def.localPathProvisioner);
  if (def.nfsCsiDriver) new NfsCsiDriver(cluster, 'NfsCsiDriver', def.nfsCsiDriver);
  if (def.snapshotCrds) configureStorage(cluster, { snapshotCrds: crdSource(def.snapshotCrds) });
  for (const sc of def.storageClasses) {
    cluster.addStorageClass(sc.id, {
      provisioner: provisioner(sc.provisioner),
      name: sc.name,
      default: sc.default,
      reclaimPolicy: sc.reclaimPolicy as ReclaimPolicy | undefined,
      volumeBindingMode: sc.volumeBindingMode as VolumeBindingMode | undefined,
      allowVolumeExpansion: sc.allowVolumeExpansion,
      mountOptions: sc.mountOptions,
      zones: sc.zones,
      snapshotClass: sc.snapshotClass && { ...sc.snapshotClass, deletionPolicy: sc.snapshotClass.deletionPolicy as SnapshotDeletionPolicy | undefined },
      labels: sc.labels,
    });
  }
  for (const pc of def.priorityClasses) {
    cluster.addPriorityClass(pc.id, { ...pc, preemptionPolicy: pc.preemptionPolicy as PreemptionPolicy | undefined });
  }
  for (const t of def.tenants) {
    const tenant = cluster.addTenant(t.id, {
      namespaces: t.namespaces,
      admins: t.admins?.map(subject),
      developers: t.developers?.map(subject),
      viewers: t.viewers?.map(subject),
      quota: t.quota as never,
      scopedQuotas: t.scopedQuotas as never,
      limitRange: t.limitRange,
      podSecurity: t.podSecurity as never,
      networkPolicy: t.networkPolicy,
      labels: t.labels,
    });
    for (const sa of t.serviceAccounts) tenant.addServiceAccount(sa.name, sa.namespace);
    for (const r of t.roles) tenant.addRole(r.id, { rules: r.rules.map(policyRule), subjects: r.subjects?.map(subject) });
    for (const g of t.grants) {
      const s = subject(g.subject);
      if (g.role === BuiltInRole.VIEW) tenant.grantView(s);
      else if (g.role === BuiltInRole.EDIT) tenant.grantEdit(s);
      else if (g.role === BuiltInRole.ADMIN) tenant.grantAdmin(s);
      else tenant.grantRole(g.role, s);
    }
  }
  for (const s of def.clusterAdmins) cluster.grantClusterAdmin(subject(s));
  for (const s of def.clusterReaders) cluster.grantClusterReader(subject(s));
  for (const r of def.clusterRoles) {
    cluster.addClusterRole(r.id, {
      name: r.name,
      rules: r.rules?.map(policyRule),
      aggregateTo: r.aggregateTo as BuiltInRole[] | undefined,
      aggregateFrom: r.aggregateFrom,
      labels: r.labels,
    });
  }
  for (const ns of def.namespaces) {
    const namespace = new Namespace(cluster, ns.id, {
      name: ns.name,
      podSecurity: ns.podSecurity as never,
      labels: ns.labels,
      annotations: ns.annotations,
    });
    for (const g of ns.grants ?? []) {
      if (g.role === BuiltInRole.VIEW) namespace.grantView(subject(g.subject));
      else if (g.role === BuiltInRole.EDIT) namespace.grantEdit(subject(g.subject));
      else namespace.grantAdmin(subject(g.subject));
    }
  }
  return cluster;
}

// ---------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------

/** How often a field gets an invalid value, in percent. */
export type Bias = 0 | 3 | 25;

function choose<T>(bias: Bias, good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return bias === 0 ? good : fc.oneof({ arbitrary: good, weight: 100 - bias }, { arbitrary: bad, weight: bias });
}

/** A record whose keys may each be absent (never `undefined`-valued, for readable output). */
function partial<T extends object>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<Partial<T>> {
  return fc.record(model, { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<Partial<T>>;
}

function record<T extends object>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

function values<T>(...items: T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...items);
}

type Dict<V> = Record<string, V>;

/**
 * Ids an `add*` method must hold or refuse with a located problem, never crash on:
 * Object.prototype members (constructs keeps children in a plain object), the empty id,
 * a very long one, and one constructs rewrites ("/").
 */
const hostileId: fc.Arbitrary<string> = values('constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '', 'x'.repeat(300), 'a/b');

/**
 * Up to three ids: unique good ones, or (at the bias rate) bad and hostile ones that may
 * repeat, for duplicate ids reported like every other problem.
 */
function ids(bias: Bias, good: string[], bad: string[]): fc.Arbitrary<string[]> {
  return choose(
    bias,
    fc.uniqueArray(choose(bias, values(...good), values(...bad)), { maxLength: 3 }),
    fc.array(fc.oneof(values(...good), values(...bad), hostileId), { maxLength: 3 }),
  );
}

/** One element per id, each built by `make` (ids may repeat when generated bad). */
function each<T>(ids: fc.Arbitrary<string[]>, make: (id: string) => fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return ids.chain((list) => (list.length === 0 ? fc.constant<T[]>([]) : fc.tuple(...list.map(make)).map((t) => [...t] as T[])));
}

function enumValues<T extends string>(e: Record<string, T>): fc.Arbitrary<T> {
  return fc.constantFrom(...Object.values(e));
}

/** Strings that break names, YAML, shell lines and our placeholders. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  values(
    '',
    ' ',
    'UPPER',
    'with space',
    'under_score',
    '-leading',
    'trailing-',
    'a'.repeat(64),
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`,
    'ünïcödé',
    'x/y',
    'a--b',
    'null',
    'yes',
    '~',
    '0x1F',
    '1e3',
    "it's",
    '"quoted"',
    'a: b',
    '#hash',
    '- item',
    '@@CLUSTERFORGE_BOOTSTRAP_TOKEN@@',
    '{{ .PVName }}',
    'line\nbreak',
    'tab\there',
    'back\\slash',
    '$(reboot)',
    '..',
    // Object.prototype members: constructs keeps children in a plain object.
    'constructor',
    'valueOf',
    '__proto__',
  ),
  fc.string({ maxLength: 12 }),
);

const garbageNumber: fc.Arbitrary<number> = fc.oneof(
  values(0, -1, 1.5, -0.5, 65536, 70000, 1e10, -3e9, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY),
  // Non-finite and signed-zero values, which JSON would print as null and 0.
  values(Number.NEGATIVE_INFINITY, -0, Number.MIN_VALUE, Number.EPSILON, -Number.MAX_VALUE),
  fc.integer({ min: -100000, max: 100000 }),
  fc.double(),
);

// --- CIDRs ------------------------------------------------------------------------------

const V4_PODS = ['10.244.0.0/16', '10.32.0.0/16', '10.200.0.0/18', '100.64.0.0/12'];
const V6_PODS = ['fd00:10:244::/56', 'fd00:10:244::/48', '2001:db8:244::/56'];
const V4_SERVICES = ['10.96.0.0/12', '10.33.0.0/16', '10.96.0.0/24', '10.96.0.0/28'];
const V6_SERVICES = ['fd00:10:96::/112', 'fd00:10:96::/108', '2001:db8:96::/112'];
/** Valid blocks too small for some plans: a /24 pod network for several /24 node blocks, a DNS IP past the end. */
const SMALL_SUBNETS = ['10.244.0.0/24', '10.200.0.0/20', 'fd00:10:244::/64', '10.96.0.0/29', 'fd00:10:96::/124'];
const NODE_SUBNETS = ['192.168.56.0/24', '172.20.0.0/16', '10.0.10.0/24', 'fd00:1::/64', '192.168.56.0/28', '192.168.57.0/24'];

const randomV4Cidr = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: 0, max: 33 }))
  .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
const randomV6Cidr = fc
  .tuple(fc.nat(0xffff), fc.nat(0xffff), fc.nat(0xffff), fc.integer({ min: 0, max: 130 }))
  .map(([a, b, c, p]) => `${a.toString(16)}:${b.toString(16)}:${c.toString(16)}::/${p}`);

const badCidr: fc.Arbitrary<string> = fc.oneof(
  values(
    '10.244.1.0/16',
    '10.244.0.0/33',
    '10.244.0.0',
    '300.1.0.0/16',
    'fd00::1/56',
    '10.0.0.0/8',
    '0.0.0.0/0',
    '::/0',
    '10.244.0.0/16,10.245.0.0/16',
    '10.244.0.0/16,',
    'fd00:10:244::/56,fd00:10:245::/56',
    ' 10.244.0.0/16',
    '010.244.0.0/16',
    '10.244.0.0/016',
    '10.244.0.0/-1',
    '10.244.0.0/1e1',
    '::ffff:10.244.0.0/112',
    'fe80::/10',
    '10.244.0.0/16/16',
    '[fd00::]/64',
    '192.168.56.0/24',
    '10.96.0.0/12',
  ),
  randomV4Cidr,
  randomV6Cidr,
  nastyString,
);

/** Pod and service subnets of one IP-family plan, or garbage. */
function subnets(bias: Bias): fc.Arbitrary<{ podSubnet?: string; serviceSubnet?: string }> {
  const plan = record({
    family: values('v4', 'v4', 'v4', 'v6', 'dual', 'dual-v6-first'),
    pod4: values(...V4_PODS),
    pod6: values(...V6_PODS),
    svc4: values(...V4_SERVICES),
    svc6: values(...V6_SERVICES),
    explicit: fc.boolean(),
  }).map(({ family, pod4, pod6, svc4, svc6, explicit }) => {
    switch (family) {
      case 'v4':
        return explicit ? { podSubnet: pod4, serviceSubnet: svc4 } : {};
      case 'v6':
        return { podSubnet: pod6, serviceSubnet: svc6 };
      case 'dual':
        return { podSubnet: `${pod4},${pod6}`, serviceSubnet: `${svc4},${svc6}` };
      default:
        return { podSubnet: `${pod6},${pod4}`, serviceSubnet: `${svc6},${svc4}` };
    }
  });
  const bad = partial<{ podSubnet: string; serviceSubnet: string }>({
    podSubnet: fc.oneof(badCidr, values(...V4_PODS, ...V6_PODS, ...SMALL_SUBNETS)),
    serviceSubnet: fc.oneof(badCidr, values(...V4_SERVICES, ...V6_SERVICES, ...SMALL_SUBNETS)),
  });
  return choose(bias, plan, bad);
}

// --- nodes ------------------------------------------------------------------------------

/** A node slot: name and address are filled in by `finalize` unless given here. */
interface NodeSlot {
  readonly name?: string;
  readonly address?: string;
}

function nodeSlot(bias: Bias): fc.Arbitrary<NodeSlot> {
  if (bias === 0) return fc.constant({});
  return fc.oneof(
    { arbitrary: fc.constant({}), weight: 100 - bias },
    {
      arbitrary: partial<{ name: string; address: string }>({
        name: fc.oneof(values('cp-1', 'worker-1', 'Node_1', 'node.example.com'), nastyString),
        address: fc.oneof(values('192.168.56.10', '10.244.0.5', '10.96.0.1', '172.30.0.11', 'fd00:1::a', '::1', '127.0.0.1', '192.168.56'), nastyString),
      }),
      weight: bias,
    },
  );
}

function nodeSlots(bias: Bias, min: number, max: number): fc.Arbitrary<NodeSlot[]> {
  return fc.array(nodeSlot(bias), { minLength: min, maxLength: max });
}

// --- control plane and etcd -------------------------------------------------------------

const VIP = '$VIP';

interface ControlPlaneRaw extends Omit<ControlPlaneDef, 'nodes'> {
  readonly nodes: readonly NodeSlot[];
}

function controlPlaneCommon(bias: Bias) {
  return partial<Omit<ControlPlaneDef, 'nodes' | 'endpoint' | 'loadBalancer'>>({
    apiServerExtraArgs: choose(
      bias,
      values([{ name: 'event-ttl', value: '2h' }], [{ name: 'default-watch-cache-size', value: '100' }]),
      fc.oneof(
        fc.array(record({ name: nastyString, value: nastyString }), { maxLength: 2 }),
        // Flags the model owns, a flag the releases removed, an admission list without NodeRestriction.
        values(
          [{ name: 'service-cluster-ip-range', value: '10.0.0.0/16' }],
          [{ name: 'authorization-mode', value: 'AlwaysAllow' }],
          [{ name: 'insecure-port', value: '0' }],
          [{ name: 'enable-admission-plugins', value: 'AlwaysPullImages' }],
        ),
      ),
    ),
    extraCertSANs: choose(bias, values(['api.example.com'], ['10.0.0.1', 'kubernetes.example.com']), fc.array(nastyString, { maxLength: 2 })),
    certificateValidityPeriod: choose(bias, values('8760h', '4380h', '720h0m0s'), fc.oneof(values('1 year', '8760', '-1h', '1d'), nastyString)),
    caCertificateValidityPeriod: choose(bias, values('87600h', '175200h'), fc.oneof(values('10y', ''), nastyString)),
    encryptionAlgorithm: choose(bias, enumValues(EncryptionAlgorithm), fc.oneof(values('RSA-1024', 'ecdsa-p256'), nastyString)),
  });
}

function cleanControlPlane(bias: Bias): fc.Arbitrary<ControlPlaneRaw> {
  const count = values(1, 3, 3, 5);
  const single = record({
    nodes: nodeSlots(bias, 1, 1),
    endpoint: fc.option(record({ host: values(VIP, 'api.example.com'), port: values(6443, 443) }), { nil: undefined }),
    common: controlPlaneCommon(bias),
  }).map(({ nodes, endpoint, common }) => ({ ...common, nodes, ...(endpoint ? { endpoint } : {}) }));
  const external = record({
    n: count,
    nodes: nodeSlots(bias, 5, 5),
    host: values(VIP, 'api.example.com', 'k8s-api.internal.example.com'),
    port: values(6443, 443),
    common: controlPlaneCommon(bias),
  }).map(({ n, nodes, host, port, common }) => ({
    ...common,
    nodes: nodes.slice(0, n),
    endpoint: { host, port },
    loadBalancer: { kind: 'external' as const },
  }));
  const kubeVip = record({
    n: count,
    nodes: nodeSlots(bias, 5, 5),
    iface: values('eth0', 'ens192', 'bond0.100'),
    port: fc.option(fc.constant(6443), { nil: undefined }),
    common: controlPlaneCommon(bias),
  }).map(({ n, nodes, iface, port, common }) => ({
    ...common,
    nodes: nodes.slice(0, n),
    endpoint: port === undefined ? { host: VIP } : { host: VIP, port },
    loadBalancer: { kind: 'kube-vip' as const, interface: iface },
  }));
  const haproxy = record({
    n: count,
    nodes: nodeSlots(bias, 5, 5),
    iface: values('eth0', 'ens192'),
    vrid: fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
    port: fc.option(values(8443, 9443), { nil: undefined }),
    common: controlPlaneCommon(bias),
  }).map(({ n, nodes, iface, vrid, port, common }) => ({
    ...common,
    nodes: nodes.slice(0, n),
    endpoint: { host: VIP, port: port ?? 8443 },
    loadBalancer: {
      kind: 'haproxy-keepalived' as const,
      interface: iface,
      ...(vrid === undefined ? {} : { virtualRouterId: vrid }),
      ...(port === undefined ? {} : { port }),
    },
  }));
  return fc.oneof(single, external, kubeVip, haproxy);
}

function dirtyControlPlane(bias: Bias): fc.Arbitrary<ControlPlaneRaw> {
  const port = fc.oneof(values(6443, 8443, 443), garbageNumber);
  const iface = fc.oneof(values('eth0', '', 'a-very-long-interface0', 'eth 0'), nastyString);
  const lb: fc.Arbitrary<LoadBalancerDef> = fc.oneof(
    fc.constant({ kind: 'external' as const }),
    record({ kind: fc.constant('kube-vip' as const), interface: iface }),
    record({ kind: fc.constant('haproxy-keepalived' as const), interface: iface }).chain((base) =>
      partial<{ virtualRouterId: number; port: number }>({ virtualRouterId: fc.oneof(fc.integer({ min: 1, max: 255 }), garbageNumber), port }).map(
        (extra) => ({ ...base, ...extra }),
      ),
    ),
  );
  return record({
    nodes: nodeSlots(bias, 0, 6),
    extra: partial<{ endpoint: EndpointDef; loadBalancer: LoadBalancerDef }>({
      endpoint: fc.oneof(
        // 192.168.56.10 is the first node's address in the default node subnet; 10.1.0.10 lies outside it.
        record({ host: fc.oneof(values(VIP, 'api.example.com', '192.168.56.10', '10.1.0.10', 'fd00:1::5', '', 'API.EXAMPLE.COM'), nastyString) }),
        record({ host: fc.oneof(values(VIP, 'api.example.com', 'fd00:1::5'), nastyString), port }),
      ),
      loadBalancer: lb,
    }),
    common: controlPlaneCommon(bias),
  }).map(({ nodes, extra, common }) => ({ ...common, ...extra, nodes }));
}

const extraArgs = (bias: Bias) =>
  choose(
    bias,
    values([{ name: 'quota-backend-bytes', value: '8589934592' }], [{ name: 'snapshot-count', value: '10000' }]),
    fc.oneof(fc.array(record({ name: nastyString, value: nastyString }), { maxLength: 2 }), values([{ name: 'data-dir', value: '/data/etcd' }], [{ name: 'client-cert-auth', value: 'false' }])),
  );

interface EtcdMemberSlot extends Omit<EtcdMemberDef, 'name' | 'address'> {
  readonly name?: string;
  readonly address?: string;
}

type EtcdRaw = Exclude<EtcdDef, { topology: 'external' }> | (Omit<Extract<EtcdDef, { topology: 'external' }>, 'members'> & { readonly members: readonly EtcdMemberSlot[] });

function etcdDef(bias: Bias): fc.Arbitrary<EtcdRaw> {
  const path = (good: string[]) => choose(bias, values(...good), fc.oneof(values('', 'relative/path', '/with space/x'), nastyString));
  const stacked = partial<{ dataDir: string; extraArgs: ExtraArgDef[]; serverCertSANs: string[]; peerCertSANs: string[] }>({
    dataDir: path(['/var/lib/etcd', '/data/etcd']),
    extraArgs: extraArgs(bias),
    serverCertSANs: choose(bias, values(['etcd.example.com']), fc.array(nastyString, { maxLength: 2 })),
    peerCertSANs: choose(bias, values(['10.0.0.1']), fc.array(nastyString, { maxLength: 2 })),
  }).map((o) => ({ topology: 'stacked' as const, ...o }));
  const port = (good: number) => choose(bias, values(good, good + 1000), fc.oneof(values(2379, 2380, 2381), garbageNumber));
  const member: fc.Arbitrary<EtcdMemberSlot> = choose(
    bias,
    fc.oneof(fc.constant({}), partial<{ clientPort: number; peerPort: number; metricsPort: number }>({ clientPort: values(2379, 12379), peerPort: values(2380, 12380), metricsPort: values(2381, 12381) })),
    partial<EtcdMemberSlot>({
          name: fc.oneof(values('etcd-1', 'etcd-a', 'Etcd_1', 'etcd.1'), nastyString),
          address: fc.oneof(values('172.30.0.11', '192.168.56.10', 'fd00:30::11', '::1', '127.0.0.1', 'etcd.example.com'), nastyString),
          clientPort: port(2379),
          peerPort: port(2380),
          metricsPort: port(2381),
          dataDir: path(['/var/lib/etcd-member']),
          scheme: choose(bias, fc.constant('https'), fc.oneof(values('http', 'HTTPS', 'unix', ''), nastyString)),
        }),
  );
  const members = choose(
    bias,
    fc.oneof({ arbitrary: fc.array(member, { minLength: 3, maxLength: 3 }), weight: 3 }, fc.array(member, { minLength: 1, maxLength: 1 }), fc.array(member, { minLength: 5, maxLength: 5 })),
    fc.array(member, { minLength: 0, maxLength: 6 }),
  );
  const external = record({
    members,
    files: record({
      caFile: path(['/etc/kubernetes/pki/etcd/ca.crt']),
      certFile: path(['/etc/kubernetes/pki/apiserver-etcd-client.crt']),
      keyFile: path(['/etc/kubernetes/pki/apiserver-etcd-client.key']),
    }),
    options: partial<{ dataDir: string; pkiDir: string; clusterToken: string; binaryPath: string }>({
      dataDir: path(['/var/lib/etcd']),
      pkiDir: path(['/etc/etcd/pki']),
      clusterToken: choose(bias, values('prod-etcd', 'token-1'), nastyString),
      binaryPath: path(['/usr/bin/etcd', '/opt/etcd/bin/etcd']),
    }),
  }).map(({ members, files, options }) => ({ topology: 'external' as const, members, ...files, ...options }));
  return fc.oneof({ arbitrary: stacked, weight: 3 }, { arbitrary: external, weight: 2 });
}

// --- kube-proxy, kubelet ----------------------------------------------------------------

function kubeProxyDef(bias: Bias): fc.Arbitrary<KubeProxyDef> {
  const good = fc.oneof(
    { arbitrary: fc.constant({ mode: 'auto' }), weight: 6 },
    fc.constant({ mode: 'iptables' }),
    fc.constant({ mode: 'nftables' }),
    fc.option(enumValues(IpvsScheduler), { nil: undefined }).map((scheduler) => (scheduler ? { mode: 'ipvs', scheduler } : { mode: 'ipvs' })),
  );
  const bad = fc.oneof(
    fc.constant({ mode: 'disabled' }),
    record({ mode: fc.oneof(values('userspace', 'kernelspace', 'IPVS'), nastyString) }),
    record({ mode: fc.constant('ipvs'), scheduler: fc.oneof(values('round-robin', 'mh'), nastyString) }),
  );
  return choose(bias, good, bad);
}

function kubeletDef(bias: Bias): fc.Arbitrary<KubeletDef> {
  const quantity = (good: string[]) => choose(bias, values(...good), fc.oneof(values('20cores', '1GB', '-1', '', '1e40', '0.5.5'), nastyString));
  const reserved = partial<ReservedDef>({
    cpu: quantity(['100m', '250m', '1']),
    memory: quantity(['256Mi', '512Mi', '1Gi']),
    ephemeralStorage: quantity(['1Gi']),
    pid: quantity(['1000']),
  });
  const signal = choose(bias, enumValues(EvictionSignal), fc.oneof(values('disk.available', 'memory.free'), nastyString));
  const threshold = choose(bias, values('100Mi', '500Mi', '10%', '5%'), fc.oneof(values('lots', '110%', '-1Mi', '10 %'), nastyString));
  const duration = choose(bias, values('1m30s', '2m', '90s'), fc.oneof(values('soon', '1 minute', '-1m'), nastyString));
  return partial<KubeletDef>({
    maxPods: choose(bias, values(110, 250, 32), garbageNumber),
    systemReserved: reserved,
    kubeReserved: reserved,
    evictionHard: fc.dictionary(signal, threshold, { maxKeys: 3, noNullPrototype: true }),
    evictionSoft: fc.dictionary(signal, record({ threshold, gracePeriod: duration }), { maxKeys: 2, noNullPrototype: true }),
  });
}

// --- node pools -------------------------------------------------------------------------

interface NodePoolRaw extends Omit<NodePoolDef, 'nodes'> {
  readonly nodes: readonly NodeSlot[];
}

const labelMap = (bias: Bias, good: Record<string, string>[]) =>
  choose(
    bias,
    values(...good),
    fc.oneof(
      values<Record<string, string>>(
        { 'Bad Key!': 'v' },
        { team: 'bad value!' },
        { team: 'a'.repeat(64) },
        { '': 'x' },
        { 'example.com/': 'x' },
        { [`${'a'.repeat(254)}/k`]: 'v' },
        { 'kubernetes.io/role': 'worker' },
        { 'node-role.kubernetes.io/worker': '' },
      ),
      fc.dictionary(nastyString, nastyString, { maxKeys: 2, noNullPrototype: true }),
    ),
  );

function nodePools(bias: Bias): fc.Arbitrary<NodePoolRaw[]> {
  const pool = (id: string) =>
    record({
      nodes: choose(bias, nodeSlots(bias, 1, 4), nodeSlots(bias, 0, 6)),
      extra: partial<Omit<NodePoolDef, 'id' | 'nodes'>>({
        labels: labelMap(bias, [{ 'node.kubernetes.io/pool': id.replace(/[^A-Za-z0-9._-]/g, '') || 'pool' }, { 'example.com/accelerator': 'nvidia' }, {}]),
        taints: choose(
          bias,
          values<TaintDef[]>([{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }], [{ key: 'dedicated', effect: TaintEffect.NO_EXECUTE }], []),
          fc.array(
            partial<TaintDef>({
              key: fc.oneof(values('dedicated', 'example.com/role', 'bad key'), nastyString),
              value: fc.oneof(values('x', 'bad value!'), nastyString),
              effect: fc.oneof(enumValues(TaintEffect), values('Sometimes', 'noschedule'), nastyString),
            }).map((t) => ({ key: 'k', effect: 'NoSchedule', ...t })),
            { maxLength: 2 },
          ),
        ),
        nodeCpu: choose(bias, values('4', '8', '16', '1500m'), fc.oneof(values('8 cores', 'eight', '-8', 'lots', '0'), nastyString, garbageNumber as unknown as fc.Arbitrary<string>)),
        nodeMemory: choose(bias, values('16Gi', '32Gi', '64Gi'), fc.oneof(values('32GB', '-1Gi', '32 Gi', '64GB'), nastyString, garbageNumber as unknown as fc.Arbitrary<string>)),
      }),
    }).map(({ nodes, extra }) => ({ id, nodes, ...extra }));
  return each(ids(bias, ['workers', 'general', 'gpu', 'edge'], ['Bad_Pool', 'pool.with.dots']), pool);
}

// --- networking -------------------------------------------------------------------------

const POD = '$POD';

function crdSourceDef(bias: Bias, file: string): fc.Arbitrary<CrdSourceDef | undefined> {
  return choose(
    bias,
    fc.oneof(
      { arbitrary: fc.constant<CrdSourceDef | undefined>(undefined), weight: 30 },
      { arbitrary: fc.constant<CrdSourceDef>({ kind: 'none' }), weight: 8 },
      // Rare: a file source puts the whole CRD into the output, and parsing and validating
      // Calico's takes ~0.7 s, as long as ten ordinary definitions.
      { arbitrary: fc.constant<CrdSourceDef>({ kind: 'file', file }), weight: 1 },
      { arbitrary: fc.constant<CrdSourceDef>({ kind: 'url', url: 'https://example.com/releases/download/v1.2.3/crds.yaml' }), weight: 8 },
    ),
    fc.oneof(
      fc.constant<CrdSourceDef>({ kind: 'file', file: 'missing' }),
      record({ kind: fc.constant('url' as const), url: fc.oneof(values('http://example.com/crds.yaml', 'https://example.com/latest/crds.yaml', ''), nastyString) }),
    ),
  );
}

function cniDef(bias: Bias): fc.Arbitrary<CniDef> {
  const mtu = choose(bias, values(1450, 1500, 8950), fc.oneof(values(1279, 9217, 576), garbageNumber));
  const poolCidrs = choose(bias, fc.constant<string[]>([POD]), fc.oneof(values(['10.1.0.0/16'], [], [POD, POD], [POD, 'fd00:99::/56']), fc.array(badCidr, { maxLength: 2 })));
  const undef = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
  const flannel = partial<{ backend: string; mtu: number; poolCidrs: string[] }>({
    backend: choose(bias, enumValues(FlannelBackend), fc.oneof(values('udp', 'VXLAN'), nastyString)),
    mtu,
    poolCidrs,
  }).map((o) => ({ kind: 'flannel' as const, ...o }));
  const calico = record({
    o: partial<Omit<Extract<CniDef, { kind: 'calico' }>, 'kind' | 'crds'>>({
      encapsulation: choose(bias, enumValues(CalicoEncapsulation), fc.oneof(values('GRE', 'vxlan'), nastyString)),
      natOutgoing: fc.boolean(),
      blockSize: choose(bias, values(26, 24, 20, 32), fc.oneof(values(19, 33, 16), garbageNumber)),
      ipv6BlockSize: choose(bias, values(122, 116, 128), fc.oneof(values(64, 115, 129), garbageNumber)),
      controlPlaneReplicas: choose(bias, values(1, 2, 3), garbageNumber),
      // Whisker without Goldmane is refused.
      apiServer: fc.boolean(),
      goldmane: fc.boolean(),
      whisker: fc.boolean(),
      mtu,
      poolCidrs,
    }),
    // The reference Installation CRD file lacks the APIServer, Goldmane and Whisker CRDs: a file
    // source is refused unless all three are off.
    crds: undef(crdSourceDef(bias, 'calico-installation')),
  }).map(({ o, crds }) => ({ kind: 'calico' as const, ...o, ...(crds ? { crds } : {}) }));
  const canal = record({
    o: partial<{ mtu: number; poolCidrs: string[] }>({ mtu, poolCidrs }),
    // The reference data has no crd.projectcalico.org CRDs: a file source is refused.
    crds: undef(choose(bias, values<CrdSourceDef | undefined>(undefined, { kind: 'none' }), crdSourceDef(25, 'calico-installation'))),
  }).map(({ o, crds }) => ({ kind: 'canal' as const, ...o, ...(crds ? { crds } : {}) }));
  const cilium = partial<Omit<Extract<CniDef, { kind: 'cilium' }>, 'kind'>>({
    routing: choose(bias, enumValues(CiliumRouting), fc.oneof(values('gre', 'Native'), nastyString)),
    kubeProxyReplacement: fc.boolean(),
    clusterPoolIpv4MaskSize: choose(bias, values(24, 26, 20), fc.oneof(values(0, 33, 8), garbageNumber)),
    clusterPoolIpv6MaskSize: choose(bias, values(120, 112, 64), fc.oneof(values(0, 129, 48), garbageNumber)),
    operatorReplicas: choose(bias, values(1, 2), garbageNumber),
    apiServer: choose(
      bias,
      values({ host: '10.0.0.100' }, { host: 'api.example.com', port: 6443 }),
      fc.oneof(record({ host: nastyString }), record({ host: fc.oneof(values('10.0.0.100', 'fd00::1'), nastyString), port: garbageNumber })),
    ),
    mtu,
    poolCidrs,
  }).map((o) => ({ kind: 'cilium' as const, ...o }));
  const weave = partial<{ mtu: number; poolCidrs: string[] }>({ mtu, poolCidrs }).map((o) => ({ kind: 'weave' as const, ...o }));
  return fc.oneof(
    { arbitrary: flannel, weight: 3 },
    { arbitrary: calico, weight: 3 },
    { arbitrary: canal, weight: 2 },
    { arbitrary: cilium, weight: 3 },
    { arbitrary: weave, weight: 1 },
  );
}

function coreDnsDef(bias: Bias): fc.Arbitrary<CoreDnsDef> {
  return partial<CoreDnsDef>({
    replicas: choose(bias, values(1, 2, 3), garbageNumber),
    antiAffinity: choose(bias, enumValues(CoreDnsAntiAffinity), fc.oneof(values('REQUIRED', 'never'), nastyString)),
    maxUnavailable: choose(bias, values(0, 1), garbageNumber),
    forwarders: choose(
      bias,
      values(['/etc/resolv.conf'], ['8.8.8.8', '1.1.1.1:53'], ['[2001:4860:4860::8888]:53', '9.9.9.9']),
      fc.oneof(values([], ['8.8.8.8:99999'], ['dns.google'], ['[::1]'], ['1.1.1.1:0']), fc.array(nastyString, { maxLength: 2 })),
    ),
    stubDomains: choose(
      bias,
      values([], [{ domain: 'corp.example.com', servers: ['10.0.0.53'] }], [{ domain: 'consul', servers: ['10.0.0.53:8600', '[fd00::53]:53'] }]),
      fc.array(record({ domain: fc.oneof(values('Corp.Example', 'corp.example.com'), nastyString), servers: fc.array(fc.oneof(values('10.0.0.53'), nastyString), { maxLength: 2 }) }), {
        maxLength: 2,
      }),
    ),
    cacheTtl: choose(bias, values(30, 60, 3600), garbageNumber),
    serviceIp: choose(bias, values('$SVC10', '$SVC12', '$SVC2'), fc.oneof(values('$SVC0', '$SVC1', '$SVC53', '$SVC255', '10.96.0.1', '10.96.0.0', '1.2.3.4', 'fd00:10:96::a'), nastyString)),
  });
}

function networkDef(bias: Bias): fc.Arbitrary<NetworkDef> {
  return record({
    cni: cniDef(bias),
    extra: partial<{ coreDns: CoreDnsDef; allowUnenforcedNetworkPolicies: boolean }>({
      coreDns: coreDnsDef(bias),
      allowUnenforcedNetworkPolicies: fc.boolean(),
    }),
  }).map(({ cni, extra }) => ({ cni, ...extra }));
}

// --- storage ----------------------------------------------------------------------------

function provisionerDef(bias: Bias): fc.Arbitrary<ProvisionerDef> {
  const fsType = choose(bias, enumValues(FileSystemType), fc.oneof(values('zfs', 'EXT4'), nastyString));
  const str = (...good: string[]) => choose(bias, values(...good), nastyString);
  const int = (...good: number[]) => choose(bias, values(...good), garbageNumber);
  const tags = choose(bias, values<Record<string, string>>({ team: 'payments' }, { env: 'prod', owner: 'platform' }), fc.dictionary(nastyString, nastyString, { maxKeys: 2, noNullPrototype: true }));
  const secretRef = choose(
    bias,
    values({ name: 'rook-csi-rbd-provisioner', namespace: 'rook-ceph' }, { name: 'ceph-secret', namespace: 'storage' }),
    record({ name: nastyString, namespace: nastyString }),
  );
  const rook = partial<RookDef>({
    clusterId: str('rook-ceph', 'ceph-prod'),
    operatorNamespace: str('rook-ceph', 'rook-system'),
    provisionerSecret: secretRef,
    nodeSecret: secretRef,
    encrypted: fc.boolean(),
    encryptionKmsId: str('vault-kms'),
  });
  const kinds: fc.Arbitrary<ProvisionerDef>[] = [
    partial<{ nodePath: string; pathPattern: string }>({
      nodePath: choose(bias, values('/opt/local-path-provisioner', '/data/local'), fc.oneof(values('relative', '/nope', ''), nastyString)),
      pathPattern: str('{{ .PVC.Namespace }}/{{ .PVC.Name }}/{{ .PVName }}', '{{ .PVC.Namespace }}/{{ .PVC.Name }}/data'),
    }).map((o) => ({ kind: 'localPath' as const, ...o })),
    record({
      server: str('nfs.example.internal', '10.0.0.5'),
      path: choose(bias, values('/exports/k8s', '/srv/nfs'), fc.oneof(values('exports', '', ' '), nastyString)),
      o: partial<{ subDir: string; mountPermissions: string; onDelete: string }>({
        subDir: str('${pvc.metadata.namespace}/${pvc.metadata.name}'),
        mountPermissions: choose(bias, values('0775', '777'), fc.oneof(values('999', 'rwx', '07777'), nastyString)),
        onDelete: choose(bias, enumValues(NfsOnDelete), fc.oneof(values('keep', 'Delete'), nastyString)),
      }),
    }).map(({ o, ...r }) => ({ kind: 'nfs' as const, ...r, ...o })),
    record({
      pool: str('replicapool'),
      o: partial<{ dataPool: string; imageFeatures: string[]; fsType: string }>({
        dataPool: str('ec-data-pool'),
        imageFeatures: choose(
          bias,
          values([RbdImageFeature.LAYERING], [RbdImageFeature.LAYERING, RbdImageFeature.FAST_DIFF, RbdImageFeature.OBJECT_MAP, RbdImageFeature.EXCLUSIVE_LOCK]),
          fc.oneof(values([], ['bogus'], ['layering', 'layering']), fc.array(nastyString, { maxLength: 2 })),
        ),
        fsType,
      }),
      rook,
    }).map(({ pool, o, rook: r }) => ({ kind: 'cephRbd' as const, pool, ...o, ...r })),
    record({
      fsName: str('myfs'),
      o: partial<{ pool: string; mounter: string }>({ pool: str('myfs-replicated'), mounter: choose(bias, enumValues(CephFsMounter), nastyString) }),
      rook,
    }).map(({ fsName, o, rook: r }) => ({ kind: 'cephFs' as const, fsName, ...o, ...r })),
    partial<Omit<Extract<ProvisionerDef, { kind: 'ebs' }>, 'kind'>>({
      type: choose(bias, enumValues(EbsVolumeType), fc.oneof(values('gp9', 'GP3'), nastyString)),
      iops: int(3000, 16000),
      iopsPerGb: int(10, 50),
      allowAutoIopsPerGbIncrease: fc.boolean(),
      throughput: int(125, 500),
      encrypted: fc.boolean(),
      kmsKeyId: str('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
      fsType,
      tags,
    }).map((o) => ({ kind: 'ebs' as const, ...o })),
    partial<Omit<Extract<ProvisionerDef, { kind: 'gcePd' }>, 'kind'>>({
      type: choose(bias, enumValues(GcePdType), fc.oneof(values('pd-fast'), nastyString)),
      replicationType: choose(bias, enumValues(GcePdReplicationType), nastyString),
      diskEncryptionKmsKey: str('projects/p/locations/l/keyRings/r/cryptoKeys/k'),
      labels: tags,
      provisionedIopsOnCreate: int(10000),
      provisionedThroughputOnCreate: int(250),
      fsType,
    }).map((o) => ({ kind: 'gcePd' as const, ...o })),
    partial<Omit<Extract<ProvisionerDef, { kind: 'azureDisk' }>, 'kind'>>({
      skuName: choose(bias, enumValues(AzureDiskSku), fc.oneof(values('Premium'), nastyString)),
      cachingMode: choose(bias, enumValues(AzureDiskCachingMode), nastyString),
      diskIopsReadWrite: int(5000),
      diskMbpsReadWrite: int(200),
      networkAccessPolicy: choose(bias, enumValues(AzureDiskNetworkAccessPolicy), nastyString),
      resourceGroup: str('rg-disks'),
      tags,
      fsType,
    }).map((o) => ({ kind: 'azureDisk' as const, ...o })),
    partial<Omit<Extract<ProvisionerDef, { kind: 'cinder' }>, 'kind'>>({
      type: str('ssd'),
      availability: str('nova'),
      fsType,
      forceCreateSnapshots: fc.boolean(),
    }).map((o) => ({ kind: 'cinder' as const, ...o })),
    partial<Omit<Extract<ProvisionerDef, { kind: 'vsphere' }>, 'kind'>>({
      storagePolicyName: str('vSAN Default Storage Policy'),
      datastoreUrl: str('ds:///vmfs/volumes/vsan:52b8/'),
      fsType,
      zoneCategory: choose(bias, values('k8s-zone', 'zone'), fc.oneof(values('Bad Category!', ''), nastyString)),
    }).map((o) => ({ kind: 'vsphere' as const, ...o })),
    partial<Omit<Extract<ProvisionerDef, { kind: 'longhorn' }>, 'kind'>>({
      numberOfReplicas: int(3, 1, 2),
      staleReplicaTimeout: int(2880, 30),
      dataLocality: choose(bias, enumValues(LonghornDataLocality), nastyString),
      diskSelector: choose(bias, values(['ssd'], ['ssd', 'fast']), fc.array(nastyString, { maxLength: 2 })),
      nodeSelector: choose(bias, values(['storage']), fc.array(nastyString, { maxLength: 2 })),
      fsType,
      snapshotType: choose(bias, enumValues(LonghornSnapshotType), nastyString),
    }).map((o) => ({ kind: 'longhorn' as const, ...o })),
    record({
      name: choose(bias, values('csi.example.com', 'example.com/provisioner', 'kubernetes.io/glusterfs'), fc.oneof(values('Bad Name!', '', 'a/b/c'), nastyString)),
      o: partial<Omit<Extract<ProvisionerDef, { kind: 'custom' }>, 'kind' | 'name'>>({
        parameters: choose(
          bias,
          values<Record<string, unknown>>({ type: 'fast' }, {}),
          fc.oneof(values<Record<string, unknown>>({ replicas: 3 }, { '': 'x' }, { enabled: true }), fc.dictionary(nastyString, nastyString, { maxKeys: 2, noNullPrototype: true })),
        ),
        topologyKey: choose(bias, values('topology.example.com/zone'), fc.oneof(values('bad key!', ''), nastyString)),
        supportsSnapshots: fc.boolean(),
        supportsVolumeExpansion: fc.boolean(),
        defaultVolumeBindingMode: choose(bias, enumValues(VolumeBindingMode), fc.oneof(values('Lazy'), nastyString)),
      }),
    }).map(({ name, o }) => ({ kind: 'custom' as const, name, ...o })),
    fc.constant({ kind: 'glusterfs' as const }),
  ];
  return fc.oneof(...kinds);
}

function storageClasses(bias: Bias): fc.Arbitrary<StorageClassDef[]> {
  const sc = (id: string) =>
    record({
      provisioner: provisionerDef(bias),
      o: partial<Omit<StorageClassDef, 'id' | 'provisioner'>>({
        name: choose(bias, values('fast-ssd', 'standard', 'local-path'), fc.oneof(values('Fast SSD', 'a'.repeat(254)), nastyString)),
        default: fc.boolean(),
        reclaimPolicy: choose(bias, enumValues(ReclaimPolicy), fc.oneof(values('Recycle', 'Keep', 'delete'), nastyString)),
        volumeBindingMode: choose(bias, enumValues(VolumeBindingMode), fc.oneof(values('Lazy', 'immediate'), nastyString)),
        allowVolumeExpansion: fc.boolean(),
        mountOptions: choose(bias, values(['nfsvers=4.1'], ['noatime'], []), fc.array(nastyString, { maxLength: 2 })),
        zones: choose(bias, values(['us-east-1a', 'us-east-1b'], ['europe-west1-b']), fc.oneof(values([''], ['bad zone!'], ['a'.repeat(64)]), fc.array(nastyString, { maxLength: 2 }))),
        snapshotClass: partial<{ name: string; deletionPolicy: string; default: boolean }>({
          name: choose(bias, values('fast-snapshots'), fc.oneof(values('Bad Snap'), nastyString)),
          deletionPolicy: choose(bias, enumValues(SnapshotDeletionPolicy), fc.oneof(values('Keep', 'Recycle'), nastyString)),
          default: fc.boolean(),
        }),
        labels: labelMap(bias, [{ tier: 'fast' }, {}]),
      }),
    }).map(({ provisioner, o }) => ({ id, provisioner, ...o }));
  return each(ids(bias, ['standard', 'fast', 'ceph-block', 'local', 'nfs-share'], ['Bad_Class', 'standard']), sc);
}

// --- priority classes, RBAC, tenants ----------------------------------------------------

function priorityClasses(bias: Bias): fc.Arbitrary<PriorityClassDef[]> {
  const pc = (id: string) =>
    record({
      value: choose(bias, values(1000, 1_000_000, -10, 0, 1_000_000_000), fc.oneof(values(1_000_000_001, 2 ** 31, -(2 ** 31) - 1), garbageNumber)),
      o: partial<Omit<PriorityClassDef, 'id' | 'value'>>({
        name: choose(bias, values('platform-critical', 'batch-low'), fc.oneof(values('system-custom', 'Bad PC', ''), nastyString)),
        globalDefault: fc.boolean(),
        preemptionPolicy: choose(bias, enumValues(PreemptionPolicy), fc.oneof(values('Sometimes', 'never'), nastyString)),
        description: fc.oneof(values('Platform services', ''), nastyString),
      }),
    }).map(({ value, o }) => ({ id, value, ...o }));
  return each(ids(bias, ['platform-critical', 'standard', 'batch'], ['Bad_PC', 'system-custom', 'batch']), pc);
}

/**
 * A grantee. In a tenant, `$NS` stands for the tenant's first namespace and `$T` for its
 * id; `$TENANT<n>` is the n-th tenant's id, whose namespace may or may not exist.
 */
function subjectDef(bias: Bias, inTenant: boolean): fc.Arbitrary<SubjectDef> {
  const good = fc.oneof(
    record({ kind: fc.constant('group' as const), name: values('platform-admins', 'payments-devs', 'auditors') }),
    record({ kind: fc.constant('user' as const), name: values('alice@example.com', 'bob') }),
    record({ kind: fc.constant('serviceAccount' as const), namespace: inTenant ? values('$NS', 'kube-system', 'default') : values('kube-system', 'default'), name: values('deployer', 'ci') }),
  );
  const bad = fc.oneof(
    record({ kind: values('group' as const, 'user' as const), name: nastyString }),
    record({ kind: fc.constant('serviceAccount' as const), namespace: fc.oneof(values('missing-ns', '$T', '$TENANT0', '$TENANT2', 'Bad NS', ''), nastyString), name: fc.oneof(values('deployer'), nastyString) }),
  );
  return choose(bias, good, bad);
}

function policyRuleDef(bias: Bias): fc.Arbitrary<PolicyRuleDef> {
  const good = values<PolicyRuleDef>(
    { apiGroups: ['apps'], resources: ['deployments'], verbs: [Verb.GET, Verb.LIST, Verb.WATCH] },
    { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: [Verb.GET] },
    { apiGroups: ['batch'], resources: ['jobs'], verbs: [Verb.CREATE, Verb.DELETE], resourceNames: ['nightly'] },
  );
  const bad = record<PolicyRuleDef>({
    apiGroups: fc.array(fc.oneof(values('', 'apps', 'Apps!', '*'), nastyString), { maxLength: 2 }),
    resources: fc.array(fc.oneof(values('deployments', 'Deployments', 'pods/*', '*'), nastyString), { maxLength: 2 }),
    verbs: fc.array(fc.oneof(enumValues(Verb), values('deploy', 'GET', 'read')), { maxLength: 3 }),
  });
  return choose(bias, good, bad);
}

function quantity(bias: Bias, ...good: string[]): fc.Arbitrary<string> {
  return choose(bias, values(...good), fc.oneof(values('20cores', '64GB', '', '-1', '1e40', '1e30', '0.5.5', '1.5Gi', '+1', '.5', '1E3', '5e-10', '0.000000001m'), nastyString));
}

function count(bias: Bias, ...good: number[]): fc.Arbitrary<number> {
  return choose(bias, values(...good), garbageNumber);
}

/** `$SC<n>` stands for the n-th storage class's name, `$PC<n>` for the n-th priority class's. */
function quotaDef(bias: Bias): fc.Arbitrary<QuotaDef> {
  return partial<QuotaDef>({
    requestsCpu: quantity(bias, '20', '500m', '1.5', '4'),
    requestsMemory: quantity(bias, '64Gi', '48Gi', '512Mi'),
    limitsCpu: quantity(bias, '40', '8'),
    limitsMemory: quantity(bias, '64Gi', '128Gi'),
    requestsStorage: quantity(bias, '1Ti', '500Gi'),
    persistentVolumeClaims: count(bias, 10, 0),
    pods: count(bias, 100, 200, 0),
    services: count(bias, 20),
    servicesLoadBalancers: count(bias, 0, 2),
    servicesNodePorts: count(bias, 0),
    configMaps: count(bias, 50),
    secrets: count(bias, 50),
    storage: choose(
      bias,
      values<Dict<string>>({ $SC0: '500Gi' }, { $SC0: '1Ti', $SC1: '100Gi' }),
      fc.oneof(values<Dict<string>>({ 'unknown-class': '1Ti' }, { $SC0: '1TB' }, { 'Bad Class': '1Gi' }), fc.dictionary(nastyString, nastyString, { maxKeys: 1, noNullPrototype: true })),
    ),
    storageClaims: choose(bias, values<Dict<number>>({ $SC0: 20 }), values<Dict<number>>({ 'unknown-class': 5 }, { $SC0: -1 }, { $SC1: 1.5 })),
    extendedResources: choose(
      bias,
      values<Dict<string>>({ 'nvidia.com/gpu': '4' }),
      fc.oneof(values<Dict<string>>({ 'nvidia.com/gpu': 'four' }, { 'bad name!': '1' }, { '': '1' }), fc.dictionary(nastyString, nastyString, { maxKeys: 1, noNullPrototype: true })),
    ),
    objectCounts: choose(bias, values<Dict<number>>({ 'deployments.apps': 20 }, { 'jobs.batch': 50, configmaps: 10 }), values<Dict<number>>({ 'Bad!': 1 }, { '': 2 }, { 'jobs.batch': -1 })),
    scopes: choose(bias, values([QuotaScope.BEST_EFFORT], [QuotaScope.NOT_TERMINATING]), fc.oneof(values(['Sometimes'], ['besteffort']), fc.array(nastyString, { maxLength: 1 }))),
    priorityClasses: choose(bias, values(['$PC0'], ['system-node-critical']), fc.oneof(values(['unknown-pc'], ['$PC1', '$PC2'], ['']), fc.array(nastyString, { maxLength: 1 }))),
  });
}

function limitRangeDef(bias: Bias): fc.Arbitrary<LimitRangeDef> {
  // Clean values keep min <= defaultRequest <= default <= max for every resource.
  const v = (cpu: string[], memory: string[], ephemeral: string[]) =>
    partial<ResourceValuesDef>({ cpu: quantity(bias, ...cpu), memory: quantity(bias, ...memory), ephemeralStorage: quantity(bias, ...ephemeral) });
  return partial<LimitRangeDef>({
    container: partial<NonNullable<LimitRangeDef['container']>>({
      default: v(['500m', '1'], ['512Mi', '1Gi'], ['2Gi']),
      defaultRequest: v(['100m', '250m'], ['128Mi', '256Mi'], ['1Gi']),
      min: v(['10m'], ['16Mi'], ['100Mi']),
      max: v(['4', '8'], ['8Gi', '16Gi'], ['10Gi']),
      maxLimitRequestRatio: v(['10', '4'], ['2'], ['5']),
    }),
    pod: partial<NonNullable<LimitRangeDef['pod']>>({
      min: v(['10m'], ['16Mi'], ['100Mi']),
      max: v(['16'], ['32Gi'], ['20Gi']),
      maxLimitRequestRatio: v(['10'], ['4'], ['5']),
    }),
  });
}

function tenantDef(bias: Bias, id: string): fc.Arbitrary<TenantDef> {
  const nsName = choose(
    bias,
    values('$T', '$T-batch', '$T-dev'),
    fc.oneof(values('kube-system', 'default', 'kube-node-lease', 'kube-flannel', 'tigera-operator', 'local-path-storage', 'shared', '', 'Bad NS', 'a/b', 'a--b', 'a'.repeat(64)), nastyString),
  );
  const subjects = fc.array(subjectDef(bias, true), { maxLength: 2 });
  const roleIds = ids(bias, ['deployer', 'reader'], ['Bad Role', '', 'deployer']);
  return record({
    o: partial<Omit<TenantDef, 'id' | 'serviceAccounts' | 'roles' | 'grants'>>({
      namespaces: choose(bias, fc.uniqueArray(nsName, { minLength: 1, maxLength: 3 }), fc.array(nsName, { maxLength: 3 })),
      admins: subjects,
      developers: subjects,
      viewers: subjects,
      quota: quotaDef(bias),
      scopedQuotas: fc.dictionary(choose(bias, values('batch-pods', 'no-best-effort'), fc.oneof(values('tenant-quota', 'Bad Quota', ''), nastyString)), quotaDef(bias), {
        maxKeys: 2,
        noNullPrototype: true,
      }),
      limitRange: limitRangeDef(bias),
      podSecurity: podSecurityDef(bias, choose(bias, enumValues(PodSecurityLevel), fc.oneof(values('strict', 'Restricted'), nastyString))),
      networkPolicy: partial<NonNullable<TenantDef['networkPolicy']>>({
        defaultDeny: fc.boolean(),
        allowSameNamespace: fc.boolean(),
        allowDns: fc.boolean(),
        allowIngressFromNamespaces: choose(bias, values(['ingress-nginx'], ['monitoring', 'ingress-nginx']), fc.array(fc.oneof(values('Bad NS', '', 'a'.repeat(64)), nastyString), { maxLength: 2 })),
        allowEgressToTenants: choose(bias, values(['$TENANT0'], ['$TENANT1']), fc.array(fc.oneof(values('ghost', '$TENANT2'), nastyString), { maxLength: 2 })),
        allowIngressFromTenants: choose(bias, values(['$TENANT0']), fc.array(fc.oneof(values('ghost'), nastyString), { maxLength: 2 })),
      }),
      labels: labelMap(bias, [{ team: 'payments' }, { 'cost-center': '1234' }]),
    }),
    serviceAccounts: fc.array(
      partial<{ name: string; namespace: string }>({
        name: choose(bias, values('deployer', 'ci', 'app'), fc.oneof(values('Bad SA', ''), nastyString)),
        namespace: choose(bias, values('$NS'), fc.oneof(values('missing-ns', 'kube-system', '$T', '$T-batch'), nastyString)),
      }).map((sa) => ({ name: 'sa', ...sa })),
      { maxLength: 2 },
    ),
    roles: each(roleIds, (rid) =>
      record({ rules: fc.array(policyRuleDef(bias), { minLength: bias === 0 ? 1 : 0, maxLength: 2 }), subjects: fc.option(subjects, { nil: undefined }) }).map(
        ({ rules, subjects: s }) => ({ id: rid, rules, ...(s ? { subjects: s } : {}) }),
      ),
    ),
    grants: fc.array(record({ role: values<string>(BuiltInRole.VIEW, BuiltInRole.EDIT, BuiltInRole.ADMIN, '$ROLE0', '$ROLE1'), subject: subjectDef(bias, true) }), { maxLength: 3 }),
  }).map(({ o, ...ops }) => ({ id, ...o, ...ops }));
}

function tenants(bias: Bias): fc.Arbitrary<TenantDef[]> {
  return each(ids(bias, ['payments', 'data', 'ml', 'team-a'], ['Bad_Tenant', 'x'.repeat(64), 'UPPER', 'kube-system', 'constructor']), (id) => tenantDef(bias, id));
}

function clusterRoles(bias: Bias): fc.Arbitrary<ClusterRoleDef[]> {
  const role = (id: string) =>
    partial<Omit<ClusterRoleDef, 'id'>>({
      name: choose(bias, values('clusterforge:snapshot-viewer', 'deployer'), fc.oneof(values('Bad Role!', ''), nastyString)),
      rules: fc.array(policyRuleDef(bias), { maxLength: 2 }),
      aggregateTo: choose(bias, values([BuiltInRole.VIEW], [BuiltInRole.EDIT, BuiltInRole.ADMIN]), fc.array(fc.oneof(values('superuser'), nastyString), { maxLength: 1 })),
      aggregateFrom: labelMap(bias, [{ 'example.com/aggregate-to-monitoring': 'true' }]),
      labels: labelMap(bias, [{ team: 'platform' }]),
    }).map((o) => ({ id, ...o }));
  return each(ids(bias, ['snapshot-viewer', 'deployer'], ['Bad_Role', 'deployer']), role);
}

function podSecurityDef(bias: Bias, enforce: fc.Arbitrary<string>, level: fc.Arbitrary<string> = enforce): fc.Arbitrary<PodSecurityDef> {
  return partial<PodSecurityDef>({
    enforce,
    audit: level,
    warn: level,
    version: choose(bias, values('v1.35', 'latest', 'v1.33'), fc.oneof(values('v2', '1.35', 'v1.035', ''), nastyString)),
  });
}

function namespaces(bias: Bias): fc.Arbitrary<NamespaceDef[]> {
  const level = choose(bias, enumValues(PodSecurityLevel), fc.oneof(values('strict'), nastyString));
  // An empty namespace labelled looser than restricted is refused (nothing justifies it).
  const enforce = choose(bias, fc.constant(PodSecurityLevel.RESTRICTED), level);
  const ns = (id: string) =>
    partial<Omit<NamespaceDef, 'id'>>({
      name: choose(bias, values('apps', 'monitoring', 'ingress-nginx'), fc.oneof(values('Bad NS', 'a'.repeat(64), 'kube-system', ''), nastyString)),
      podSecurity: podSecurityDef(bias, enforce, level),
      labels: choose(bias, labelMap(bias, [{ team: 'platform' }, {}]), values({ 'pod-security.kubernetes.io/enforce': 'baseline' })),
      annotations: choose(bias, values({ 'example.com/owner': 'platform' }), fc.dictionary(nastyString, nastyString, { maxKeys: 2, noNullPrototype: true })),
      grants: fc.array(record({ role: enumValues(BuiltInRole), subject: subjectDef(bias, false) }), { maxLength: 2 }),
    }).map((o) => ({ id, ...o }));
  return each(fc.uniqueArray(choose(bias, values('apps', 'monitoring'), values('Extra', 'apps')), { maxLength: 2 }), ns);
}

// --- the whole definition ---------------------------------------------------------------

interface RawDefinition extends Omit<ClusterDefinition, 'controlPlane' | 'nodePools' | 'etcd'> {
  readonly controlPlane?: ControlPlaneRaw;
  readonly nodePools: readonly NodePoolRaw[];
  readonly etcd?: EtcdRaw;
}

function rawDefinition(bias: Bias): fc.Arbitrary<RawDefinition> {
  return record({
    top: partial<Pick<ClusterDefinition, 'name' | 'kubernetesVersion' | 'kubeProxy' | 'kubelet' | 'quotaOvercommitRatio'> & { etcd: EtcdRaw; controlPlane: ControlPlaneRaw }>({
      name: choose(bias, values('prod', 'edge-1'), fc.oneof(values('Prod', '', 'a'.repeat(64), 'prod.example'), nastyString)),
      kubernetesVersion: choose(
        bias,
        values('v1.35.7', 'v1.35.0', 'v1.34.2', 'v1.33.0', '1.35.1'),
        fc.oneof(values('v1.32.9', 'v1.36.0', 'v2.0.0', 'v1.35', 'latest', 'v01.35.0', 'v1.35.0-rc.1', ''), nastyString),
      ),
      kubeProxy: kubeProxyDef(bias),
      etcd: etcdDef(bias),
      controlPlane: choose(bias, cleanControlPlane(bias), dirtyControlPlane(bias)),
      kubelet: kubeletDef(bias),
      quotaOvercommitRatio: choose(bias, values(1.5, 2, 1), garbageNumber),
    }),
    subnets: subnets(bias),
    net: partial<{ nodeSubnets: string[]; dnsDomain: string }>({
      nodeSubnets: choose(
        bias,
        fc.uniqueArray(values(...NODE_SUBNETS.slice(0, 4)), { maxLength: 2 }),
        fc.array(fc.oneof(values(...NODE_SUBNETS), badCidr), { maxLength: 3 }),
      ),
      dnsDomain: choose(bias, values('cluster.local', 'k8s.example.com'), fc.oneof(values('Cluster.Local', '', '.local', 'local.'), nastyString)),
    }),
    nodePools: nodePools(bias),
    network: fc.option(networkDef(bias), { nil: undefined, freq: 5 }),
    addOns: partial<Pick<ClusterDefinition, 'localPathProvisioner' | 'nfsCsiDriver' | 'snapshotCrds'>>({
      localPathProvisioner: partial<{ nodePaths: string[]; namespace: string }>({
        nodePaths: choose(bias, values(['/opt/local-path-provisioner'], ['/data/local', '/opt/local-path-provisioner']), fc.oneof(values([], ['relative'], ['/'], ['/a', '/a']), fc.array(nastyString, { maxLength: 2 }))),
        namespace: choose(bias, values('local-path-storage', 'storage'), fc.oneof(values('Bad NS', ''), nastyString)),
      }),
      nfsCsiDriver: partial<{ namespace: string }>({ namespace: choose(bias, values('csi-nfs', 'storage-nfs'), fc.oneof(values('Bad NS', ''), nastyString)) }),
      // undefined (the default source) is dropped from the definition by finalize.
      snapshotCrds: crdSourceDef(bias, 'snapshot-classes') as fc.Arbitrary<CrdSourceDef>,
    }),
    storageClasses: storageClasses(bias),
    priorityClasses: priorityClasses(bias),
    tenants: tenants(bias),
    clusterAdmins: fc.array(subjectDef(bias, false), { maxLength: 2 }),
    clusterReaders: fc.array(subjectDef(bias, false), { maxLength: 2 }),
    clusterRoles: clusterRoles(bias),
    namespaces: namespaces(bias),
  }).map(({ top, subnets: s, net, addOns, ...rest }) => {
    const networking = { ...s, ...net };
    return { ...top, ...(Object.keys(networking).length > 0 ? { networking } : {}), ...addOns, ...rest };
  });
}

// --- finalize: fill slots, resolve references -------------------------------------------

const FALLBACK_NODE_BLOCK: Cidr = (() => {
  const r = parseCidr('192.168.56.0/24');
  if (!r.ok) throw new Error(r.reason);
  return r.cidr;
})();

function firstParsed(list: string | undefined): ReturnType<typeof parseCidr> | undefined {
  if (list === undefined) return undefined;
  return parseCidr(splitCidrList(list)[0]);
}

/** Replaces `$...` references in every string (and record key) of `value`. */
function resolveRefs<T>(value: T, replace: (s: string) => string | string[]): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = replace(v);
      return Array.isArray(r) ? r.join(',') : r;
    }
    if (Array.isArray(v)) {
      return v.flatMap((item) => {
        if (typeof item === 'string') {
          const r = replace(item);
          return Array.isArray(r) ? r : [r];
        }
        return [walk(item)];
      });
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [replace(k) as string, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * Turns the generated raw definition into the one `buildCluster` takes: node names and
 * addresses filled in (unique, inside the node subnet), and references such as `$VIP`,
 * `$POD`, `$T` or `$SC0` resolved, so that a clean definition is consistent.
 */
function finalize(raw: RawDefinition, bias: Bias): ClusterDefinition {
  const nodeBlock = firstParsed(raw.networking?.nodeSubnets?.[0]);
  const block = nodeBlock?.ok ? nodeBlock.cidr : FALLBACK_NODE_BLOCK;
  let next = 10;
  const addressAt = (n: number) => cidrAddress(block, n) ?? `192.168.99.${n % 250}`;
  const fill = (slots: readonly NodeSlot[], prefix: string): NodeDef[] =>
    slots.map((s, i) => ({ name: s.name ?? `${prefix}-${i + 1}`, address: s.address ?? addressAt(next++) }));
  const vip = addressAt(5);
  const podParts = raw.networking?.podSubnet === undefined ? ['10.244.0.0/16'] : splitCidrList(raw.networking.podSubnet);
  const serviceBlock = firstParsed(raw.networking?.serviceSubnet ?? '10.96.0.0/12');
  const cni = raw.network?.cni;
  const wantsNoProxy = cni?.kind === 'cilium' && cni.kubeProxyReplacement === true;

  const controlPlane = raw.controlPlane && { ...raw.controlPlane, nodes: fill(raw.controlPlane.nodes, 'cp') };
  const nodePools = raw.nodePools.map((p) => ({ ...p, nodes: fill(p.nodes, p.id.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'node') }));
  const etcdDef: EtcdDef | undefined =
    raw.etcd?.topology === 'external'
      ? { ...raw.etcd, members: raw.etcd.members.map((m, i) => ({ ...m, name: m.name ?? `etcd-${i + 1}`, address: m.address ?? `172.30.0.${11 + i}` })) }
      : raw.etcd;
  const kubeProxyDef =
    raw.kubeProxy?.mode === 'auto' ? (wantsNoProxy ? { mode: 'disabled' } : undefined) : raw.kubeProxy;

  const storageNames = raw.storageClasses.map((s) => s.name ?? s.id);
  const priorityNames = raw.priorityClasses.map((p) => p.name ?? p.id);
  const tenantIds = raw.tenants.map((t) => t.id);
  const globalRefs = (s: string): string | string[] => {
    if (s === VIP) return vip;
    if (s === POD) return podParts;
    let m = /^\$SVC(\d+)$/.exec(s);
    if (m) return (serviceBlock?.ok ? cidrAddress(serviceBlock.cidr, Number(m[1])) : undefined) ?? '10.96.0.10';
    m = /^\$SC(\d+)$/.exec(s);
    if (m) return storageNames[Number(m[1])] ?? 'no-such-class';
    m = /^\$PC(\d+)$/.exec(s);
    if (m) return priorityNames[Number(m[1])] ?? 'no-such-priority-class';
    m = /^\$TENANT(\d+)$/.exec(s);
    if (m) return tenantIds[Number(m[1])] ?? 'no-such-tenant';
    return s;
  };

  const tenants = raw.tenants.map((t) => {
    const firstNs = (t.namespaces ?? [t.id])[0] ?? t.id;
    const own = resolveRefs(t, (s) => {
      if (s === '$NS') return firstNs.replace(/\$T\b/g, t.id);
      const r = globalRefs(s);
      return typeof r === 'string' ? r.replace(/\$T\b/g, t.id) : r;
    });
    // Custom role grants name a role the tenant has, or are dropped (grantRole throws otherwise).
    const grants = own.grants.flatMap((g) => {
      const m = /^\$ROLE(\d+)$/.exec(g.role);
      if (!m) return [g];
      const role = own.roles[Number(m[1])];
      return role ? [{ ...g, role: role.id }] : [];
    });
    // addServiceAccount throws for a name it already added to a namespace: keep the first.
    const firstNamespace = (own.namespaces ?? [t.id])[0];
    const seen = new Set<string>();
    const serviceAccounts = own.serviceAccounts.filter((sa) => {
      const key = `${sa.namespace ?? firstNamespace}/${sa.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { ...own, grants, serviceAccounts };
  });

  const { tenants: _t, ...others } = raw;
  const resolved = resolveRefs({ ...others, controlPlane, nodePools, etcd: etcdDef, kubeProxy: kubeProxyDef }, globalRefs);
  const out: Record<string, unknown> = { ...resolved, tenants };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  const def = out as unknown as ClusterDefinition;
  return bias < 25 ? harmonize(def) : def;
}

/** What a catalogue provisioner supports, as its StorageClass checks see it. */
function provisionerCaps(p: ProvisionerDef): { zones: boolean; snapshots: boolean; expansion: boolean; mountOptions: boolean; immediate: boolean } {
  switch (p.kind) {
    case 'localPath':
      return { zones: false, snapshots: false, expansion: false, mountOptions: false, immediate: false };
    case 'nfs':
    case 'cephRbd':
    case 'cephFs':
    case 'longhorn':
      return { zones: false, snapshots: true, expansion: true, mountOptions: true, immediate: true };
    case 'custom':
      return { zones: p.topologyKey !== undefined, snapshots: p.supportsSnapshots === true, expansion: p.supportsVolumeExpansion !== false, mountOptions: true, immediate: true };
    case 'glusterfs':
      return { zones: false, snapshots: false, expansion: false, mountOptions: false, immediate: true };
    default:
      return { zones: true, snapshots: true, expansion: true, mountOptions: true, immediate: true };
  }
}

const EBS_IOPS: Readonly<Record<string, [number, number]>> = { io1: [100, 64000], io2: [100, 256000], gp3: [3000, 80000] };
const AZURE_PROVISIONED_SKUS = ['UltraSSD_LRS', 'PremiumV2_LRS'];
const GCE_IOPS_TYPES = ['pd-extreme', 'hyperdisk-balanced', 'hyperdisk-extreme'];
const GCE_THROUGHPUT_TYPES = ['hyperdisk-balanced', 'hyperdisk-throughput', 'hyperdisk-ml'];

/** A provisioner's options made consistent with each other, as a careful user writes them. */
function cleanProvisioner(p: ProvisionerDef): ProvisionerDef {
  switch (p.kind) {
    case 'glusterfs':
      return { kind: 'localPath' };
    case 'custom':
      return p.name === 'kubernetes.io/glusterfs' ? { ...p, name: 'csi.example.com' } : p;
    case 'localPath': {
      // local-path-provisioner refuses patterns not starting with "<namespace>/<claim>/".
      const pathPattern = p.pathPattern?.startsWith('{{ .PVC.Namespace }}/{{ .PVC.Name }}/') ? p.pathPattern : undefined;
      const nodePath = p.nodePath === undefined ? undefined : '/opt/local-path-provisioner';
      return { kind: 'localPath', ...(nodePath ? { nodePath } : {}), ...(pathPattern ? { pathPattern } : {}) };
    }
    case 'cephRbd':
    case 'cephFs':
      return p.encryptionKmsId !== undefined ? { ...p, encrypted: true } : p;
    case 'ebs': {
      const { iops, iopsPerGb, throughput, kmsKeyId, ...rest } = p;
      const range = EBS_IOPS[p.type ?? 'gp3'];
      const out: Record<string, unknown> = { ...rest };
      if (range && iops !== undefined) out.iops = Math.min(Math.max(iops, range[0]), range[1]);
      else if (range && iopsPerGb !== undefined) out.iopsPerGb = iopsPerGb;
      if ((p.type ?? 'gp3') === 'gp3' && throughput !== undefined && iopsPerGb === undefined) {
        out.throughput = Math.min(throughput, ((out.iops as number | undefined) ?? 3000) / 4);
      }
      if (kmsKeyId !== undefined) Object.assign(out, { kmsKeyId, encrypted: true });
      return out as ProvisionerDef;
    }
    case 'azureDisk': {
      const provisioned = AZURE_PROVISIONED_SKUS.includes(p.skuName ?? 'StandardSSD_LRS');
      const { diskIopsReadWrite, diskMbpsReadWrite, cachingMode, ...rest } = p;
      return {
        ...rest,
        ...(provisioned ? { diskIopsReadWrite, diskMbpsReadWrite } : {}),
        ...(provisioned ? (cachingMode === undefined ? {} : { cachingMode: 'None' }) : cachingMode === undefined ? {} : { cachingMode }),
      } as ProvisionerDef;
    }
    case 'gcePd': {
      const type = p.type ?? 'pd-balanced';
      const { provisionedIopsOnCreate, provisionedThroughputOnCreate, ...rest } = p;
      return {
        ...rest,
        ...(GCE_IOPS_TYPES.includes(type) && provisionedIopsOnCreate !== undefined ? { provisionedIopsOnCreate } : {}),
        ...(GCE_THROUGHPUT_TYPES.includes(type) && provisionedThroughputOnCreate !== undefined ? { provisionedThroughputOnCreate } : {}),
      } as ProvisionerDef;
    }
    default:
      return p;
  }
}

/** `name`, or a variant of it no earlier entry took. */
function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}-${i}`;
  taken.add(candidate);
  return candidate;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Makes a definition consistent across fields that are generated independently:
 * unique object names, references to things that exist, options each provisioner and
 * CNI supports. Clean definitions should mostly synthesise, rare ones fail on their few
 * invalid values, and dirty ones (not harmonised) cover the inconsistent combinations.
 */
function harmonize(def: ClusterDefinition): ClusterDefinition {
  const nodeCount = (def.controlPlane?.nodes.length ?? 0) + def.nodePools.reduce((n, p) => n + p.nodes.length, 0);

  // Networking: what the CNI supports, and kube-proxy to match Cilium's replacement.
  let { networking, kubeProxy } = def;
  let network = def.network;
  if (network) {
    let cni = network.cni;
    const v6 = (networking?.podSubnet ?? '').includes(':');
    if ((cni.kind === 'canal' || cni.kind === 'weave') && v6) {
      // IPv4-only CNIs: fall back to the default IPv4 plan, and what was derived from the old one.
      networking = withoutUndefined({ ...networking, podSubnet: undefined, serviceSubnet: undefined });
      cni = withoutUndefined({ ...cni, poolCidrs: undefined });
      if (network.coreDns) network = { ...network, coreDns: withoutUndefined({ ...network.coreDns, serviceIp: undefined }) };
    }
    if (cni.kind === 'flannel') {
      network = { ...network, allowUnenforcedNetworkPolicies: true };
      if (cni.backend === 'host-gw' && cni.mtu !== undefined) cni = withoutUndefined({ ...cni, mtu: undefined });
    }
    if (cni.kind === 'calico' && v6 && (cni.encapsulation === 'IPIP' || cni.encapsulation === 'IPIPCrossSubnet')) cni = { ...cni, encapsulation: 'VXLAN' };
    if (cni.kind === 'cilium') {
      if (cni.kubeProxyReplacement) {
        kubeProxy = { mode: 'disabled' };
        if (!def.controlPlane && !cni.apiServer) cni = { ...cni, apiServer: { host: '10.0.0.100' } };
      } else if (kubeProxy?.mode === 'disabled') kubeProxy = undefined;
    } else if (kubeProxy?.mode === 'disabled') kubeProxy = undefined;
    let dns = network.coreDns;
    if (dns?.antiAffinity === 'required' && nodeCount > 0 && (dns.replicas ?? 2) > nodeCount) dns = { ...dns, replicas: nodeCount };
    // kubeadm puts kube-dns at the 10th service address; with a control plane, no other will do.
    if (dns && def.controlPlane) dns = withoutUndefined({ ...dns, serviceIp: undefined });
    if (dns) network = { ...network, coreDns: dns };
    network = { ...network, cni };
  } else if (kubeProxy?.mode === 'disabled') kubeProxy = undefined;

  // Storage: options each provisioner supports, one default, unique names.
  const classNames = new Set<string>();
  const snapshotNames = new Set<string>();
  let sawDefault = false;
  const storageClasses = def.storageClasses.map((raw) => {
    const provisioner = cleanProvisioner(raw.provisioner);
    const caps = provisionerCaps(provisioner);
    let sc: StorageClassDef = { ...raw, provisioner };
    const name = sc.name ?? sc.id;
    if (classNames.has(name)) sc = { ...sc, name: uniqueName(classNames, name) };
    else classNames.add(name);
    if (sc.default) {
      if (sawDefault) sc = { ...sc, default: false };
      sawDefault = true;
    }
    if (!caps.zones) sc = withoutUndefined({ ...sc, zones: undefined });
    if (!caps.snapshots) sc = withoutUndefined({ ...sc, snapshotClass: undefined });
    if (!caps.expansion && sc.allowVolumeExpansion) sc = { ...sc, allowVolumeExpansion: false };
    if (!caps.mountOptions) sc = withoutUndefined({ ...sc, mountOptions: undefined });
    if (!caps.immediate && sc.volumeBindingMode === 'Immediate') sc = withoutUndefined({ ...sc, volumeBindingMode: undefined });
    if (sc.snapshotClass) {
      const snapName = sc.snapshotClass.name ?? sc.name ?? sc.id;
      const { default: _d, ...snap } = sc.snapshotClass;
      sc = { ...sc, snapshotClass: snapshotNames.has(snapName) ? { ...snap, name: uniqueName(snapshotNames, snapName) } : snap };
      snapshotNames.add(snapName);
    }
    return sc;
  });

  // Priority classes: unique names, one global default.
  const pcNames = new Set<string>();
  let sawGlobal = false;
  const priorityClasses = def.priorityClasses.map((raw) => {
    let pc = raw;
    const name = pc.name ?? pc.id;
    if (pcNames.has(name)) pc = { ...pc, name: uniqueName(pcNames, name) };
    else pcNames.add(name);
    if (pc.globalDefault) {
      if (sawGlobal) pc = { ...pc, globalDefault: false };
      sawGlobal = true;
    }
    return pc;
  });
  const roleNames = new Set<string>();
  const clusterRoles = def.clusterRoles.map((raw) => {
    const name = raw.name ?? raw.id;
    if (!roleNames.has(name)) {
      roleNames.add(name);
      return raw;
    }
    return { ...raw, name: uniqueName(roleNames, name) };
  });

  // Tenants: references to classes, priority classes and tenants that exist; service
  // accounts in the tenant's namespaces.
  const knownTenants = new Set(def.tenants.map((t) => t.id));
  const cleanQuota = (q: QuotaDef): QuotaDef =>
    withoutUndefined({
      ...q,
      storage: q.storage && Object.fromEntries(Object.entries(q.storage).filter(([k]) => classNames.has(k))),
      storageClaims: q.storageClaims && Object.fromEntries(Object.entries(q.storageClaims).filter(([k]) => classNames.has(k))),
      priorityClasses: q.priorityClasses?.filter((p) => pcNames.has(p) || p.startsWith('system-')),
    });
  const tenantNamespaces = new Set<string>();
  const tenants = def.tenants.map((t) => {
    const namespaces = t.namespaces ?? [t.id];
    for (const ns of namespaces) tenantNamespaces.add(ns);
    const np = t.networkPolicy;
    return withoutUndefined({
      ...t,
      quota: t.quota && cleanQuota(t.quota),
      scopedQuotas: t.scopedQuotas && Object.fromEntries(Object.entries(t.scopedQuotas).map(([k, q]) => [k, cleanQuota(q)])),
      networkPolicy: np && {
        ...np,
        ...(np.allowEgressToTenants ? { allowEgressToTenants: np.allowEgressToTenants.filter((x) => knownTenants.has(x)) } : {}),
        ...(np.allowIngressFromTenants ? { allowIngressFromTenants: np.allowIngressFromTenants.filter((x) => knownTenants.has(x)) } : {}),
      },
      serviceAccounts: t.serviceAccounts.filter((sa) => sa.namespace === undefined || namespaces.includes(sa.namespace)),
    });
  });
  // Service account grantees in namespaces that exist.
  const existing = new Set([...tenantNamespaces, 'default', 'kube-system', 'kube-public']);
  const grantable = (s: SubjectDef) => s.kind !== 'serviceAccount' || existing.has(s.namespace ?? '');
  const tenantsWithGrants = tenants.map((t) =>
    withoutUndefined({
      ...t,
      admins: t.admins?.filter(grantable),
      developers: t.developers?.filter(grantable),
      viewers: t.viewers?.filter(grantable),
      roles: t.roles.map((r) => withoutUndefined({ ...r, subjects: r.subjects?.filter(grantable) })),
      grants: t.grants.filter((g) => grantable(g.subject)),
    }),
  );
  // Extra namespaces: names no tenant or add-on takes.
  const taken = new Set([...tenantNamespaces, 'kube-system', 'local-path-storage', 'csi-nfs', 'storage', 'storage-nfs', 'kube-flannel', 'tigera-operator', 'cilium']);
  const namespaces = def.namespaces.filter((ns) => {
    const name = ns.name ?? ns.id;
    if (taken.has(name)) return false;
    taken.add(name);
    return true;
  });

  return withoutUndefined({
    ...def,
    networking,
    kubeProxy,
    network,
    storageClasses,
    priorityClasses,
    clusterRoles,
    tenants: tenantsWithGrants,
    namespaces,
  });
}

/**
 * Random cluster definitions: four in ten clean (valid values, consistent choices),
 * three with rare invalid values, three with many. `bias` fixes the rate instead.
 */
export function clusterDefinition(bias?: Bias): fc.Arbitrary<ClusterDefinition> {
  const of = (b: Bias) => rawDefinition(b).map((r) => finalize(r, b));
  return bias !== undefined ? of(bias) : fc.oneof({ arbitrary: of(0), weight: 4 }, { arbitrary: of(3), weight: 3 }, { arbitrary: of(25), weight: 3 });
}
