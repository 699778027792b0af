import type { Cluster } from '../../cluster';
import type { PlacedObject } from '../../synth/ordering';
import { ValidationContext } from '../context';
import { validateAddOnDependencies } from './add-on-dependencies';
import { validateAddOnKubernetesSupport } from './add-on-support';
import { validateBootstrap } from './bootstrap';
import { validateClusterIdentity } from './cluster-identity';
import { validateCustomResourceCrds } from './custom-resource-crds';
import { validateExtraArgFlags } from './extra-args';
import { validateVipPlacement } from './control-plane-endpoint';
import { validateEtcdPaths } from './etcd-paths';
import { validateCniPresent } from './cni-present';
import { validateKubelet } from './kubelet';
import { validateNetworking } from './networking';
import { validateKubeProxy, validateNodes } from './nodes';
import { validatePriorityClasses, validateQuotaOvercommit } from './tenancy';
import { validateObjectIdentities } from './object-identities';
import { validatePodSecurityLevels } from './pod-security-levels';
import { validateNoSecretsInGit } from './secrets-in-git';
import { validateWorkloadHygiene } from './workload-hygiene';
import { validateWaivers } from '../waiver';
import { reportDeferredProblems } from '../deferred';

/** Rules over the cluster model, run before objects are rendered. */
export type ModelRule = (cluster: Cluster, context: ValidationContext) => void;
/** Rules over the rendered objects. */
export type ObjectRule = (cluster: Cluster, objects: readonly PlacedObject[], context: ValidationContext) => void;

export const MODEL_RULES: readonly ModelRule[] = [
  reportDeferredProblems,
  validateClusterIdentity,
  validateNetworking,
  validateNodes,
  validateKubeProxy,
  validateKubelet,
  validateExtraArgFlags,
  validateVipPlacement,
  validateEtcdPaths,
  validateCniPresent,
  validateAddOnDependencies,
  validateQuotaOvercommit,
  validatePriorityClasses,
  validateBootstrap,
];

export const OBJECT_RULES: readonly ObjectRule[] = [
  validateObjectIdentities,
  validateNoSecretsInGit,
  validateCustomResourceCrds,
  validateWaivers,
  validatePodSecurityLevels,
  validateWorkloadHygiene,
  validateAddOnKubernetesSupport,
];
