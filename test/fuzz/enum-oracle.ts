/**
 * Which fields of a definition hold a value outside their enum. The public API types these
 * as enums, but untyped callers (JavaScript, YAML-driven wrappers, `as` casts) can pass
 * anything; a definition with such a value must be refused, because the value reaches a
 * config file or ConfigMap the schemas cannot see into (a flannel backend, a Cilium
 * routing mode) or an API field the API server checks itself.
 */
import { CalicoEncapsulation, CiliumRouting, CoreDnsAntiAffinity, FlannelBackend } from '../../constructs/networking';
import {
  AzureDiskCachingMode,
  AzureDiskNetworkAccessPolicy,
  AzureDiskSku,
  CephFsMounter,
  EbsVolumeType,
  GcePdReplicationType,
  GcePdType,
  LonghornDataLocality,
  LonghornSnapshotType,
  NfsOnDelete,
  RbdImageFeature,
} from '../../constructs/storage';
import {
  BuiltInRole,
  EncryptionAlgorithm,
  EvictionSignal,
  FileSystemType,
  IpvsScheduler,
  PodSecurityLevel,
  PreemptionPolicy,
  QuotaScope,
  ReclaimPolicy,
  SnapshotDeletionPolicy,
  TaintEffect,
  Verb,
  VolumeBindingMode,
} from '../../lib';
import { ClusterDefinition, PolicyRuleDef, ProvisionerDef, QuotaDef } from './arbitraries';

type Enum = Readonly<Record<string, string>>;

/** `field=value` for every value outside its enum. */
export function unknownEnumValues(def: ClusterDefinition): string[] {
  const found: string[] = [];
  const check = (field: string, value: unknown, e: Enum | readonly string[]) => {
    const allowed: readonly string[] = Array.isArray(e) ? e : Object.values(e);
    if (value !== undefined && !allowed.includes(value as string)) found.push(`${field}=${JSON.stringify(value)}`);
  };
  const rules = (field: string, list: readonly PolicyRuleDef[] | undefined) =>
    list?.forEach((r, i) => r.verbs.forEach((v) => check(`${field}[${i}].verbs`, v, Verb)));
  const quota = (field: string, q: QuotaDef | undefined) => q?.scopes?.forEach((s) => check(`${field}.scopes`, s, QuotaScope));

  if (def.kubeProxy) {
    check('kubeProxy.mode', def.kubeProxy.mode, ['iptables', 'ipvs', 'nftables', 'disabled']);
    if (def.kubeProxy.mode === 'ipvs') check('kubeProxy.scheduler', def.kubeProxy.scheduler, IpvsScheduler);
  }
  check('controlPlane.encryptionAlgorithm', def.controlPlane?.encryptionAlgorithm, EncryptionAlgorithm);
  for (const key of Object.keys(def.kubelet?.evictionHard ?? {})) check('kubelet.evictionHard', key, EvictionSignal);
  for (const key of Object.keys(def.kubelet?.evictionSoft ?? {})) check('kubelet.evictionSoft', key, EvictionSignal);
  def.nodePools.forEach((p) => p.taints?.forEach((t, i) => check(`nodePools.${p.id}.taints[${i}].effect`, t.effect, TaintEffect)));

  const cni = def.network?.cni;
  if (cni?.kind === 'flannel') check('cni.backend', cni.backend, FlannelBackend);
  if (cni?.kind === 'calico') check('cni.encapsulation', cni.encapsulation, CalicoEncapsulation);
  if (cni?.kind === 'cilium') check('cni.routing', cni.routing, CiliumRouting);
  check('coreDns.antiAffinity', def.network?.coreDns?.antiAffinity, CoreDnsAntiAffinity);

  for (const sc of def.storageClasses) {
    const f = `storageClasses.${sc.id}`;
    check(`${f}.reclaimPolicy`, sc.reclaimPolicy, ReclaimPolicy);
    check(`${f}.volumeBindingMode`, sc.volumeBindingMode, VolumeBindingMode);
    check(`${f}.snapshotClass.deletionPolicy`, sc.snapshotClass?.deletionPolicy, SnapshotDeletionPolicy);
    provisioner(`${f}.provisioner`, sc.provisioner, check);
    // A provisioner's default binding mode is used only by classes that choose none.
    if (sc.provisioner.kind === 'custom' && sc.volumeBindingMode === undefined) {
      check(`${f}.provisioner.defaultVolumeBindingMode`, sc.provisioner.defaultVolumeBindingMode, VolumeBindingMode);
    }
  }
  for (const pc of def.priorityClasses) check(`priorityClasses.${pc.id}.preemptionPolicy`, pc.preemptionPolicy, PreemptionPolicy);
  for (const t of def.tenants) {
    const f = `tenants.${t.id}`;
    // The level labels the tenant's namespaces; a tenant without namespaces uses it nowhere.
    if ((t.namespaces ?? [t.id]).length > 0) {
      for (const mode of ['enforce', 'audit', 'warn'] as const) check(`${f}.podSecurity.${mode}`, t.podSecurity?.[mode], PodSecurityLevel);
    }
    quota(`${f}.quota`, t.quota);
    for (const [name, q] of Object.entries(t.scopedQuotas ?? {})) quota(`${f}.scopedQuotas.${name}`, q);
    for (const r of t.roles) rules(`${f}.roles.${r.id}.rules`, r.rules);
  }
  for (const r of def.clusterRoles) {
    rules(`clusterRoles.${r.id}.rules`, r.rules);
    r.aggregateTo?.forEach((role) => check(`clusterRoles.${r.id}.aggregateTo`, role, BuiltInRole));
  }
  for (const ns of def.namespaces) {
    for (const mode of ['enforce', 'audit', 'warn'] as const) check(`namespaces.${ns.id}.podSecurity.${mode}`, ns.podSecurity?.[mode], PodSecurityLevel);
  }
  return found;
}

function provisioner(field: string, p: ProvisionerDef, check: (field: string, value: unknown, e: Enum) => void): void {
  if ('fsType' in p) check(`${field}.fsType`, p.fsType, FileSystemType);
  switch (p.kind) {
    case 'nfs':
      check(`${field}.onDelete`, p.onDelete, NfsOnDelete);
      break;
    case 'cephRbd':
      p.imageFeatures?.forEach((x) => check(`${field}.imageFeatures`, x, RbdImageFeature));
      break;
    case 'cephFs':
      check(`${field}.mounter`, p.mounter, CephFsMounter);
      break;
    case 'ebs':
      check(`${field}.type`, p.type, EbsVolumeType);
      break;
    case 'gcePd':
      check(`${field}.type`, p.type, GcePdType);
      check(`${field}.replicationType`, p.replicationType, GcePdReplicationType);
      break;
    case 'azureDisk':
      check(`${field}.skuName`, p.skuName, AzureDiskSku);
      check(`${field}.cachingMode`, p.cachingMode, AzureDiskCachingMode);
      check(`${field}.networkAccessPolicy`, p.networkAccessPolicy, AzureDiskNetworkAccessPolicy);
      break;
    case 'longhorn':
      check(`${field}.dataLocality`, p.dataLocality, LonghornDataLocality);
      check(`${field}.snapshotType`, p.snapshotType, LonghornSnapshotType);
      break;
    default:
      break;
  }
}
