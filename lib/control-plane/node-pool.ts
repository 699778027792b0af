import { Construct } from 'constructs';
import { IModelValidator, ValidationContext } from '../validation/context';
import { NodePoolProps } from './control-plane-props';
import { NodeSpec, Taint, TaintEffect } from './node';
import { parseQuantity, QUANTITY_EXPECTED } from '../tenancy/quantity';
import { KubernetesVersion } from '../kubernetes-version';
import { SkewComponent, skewRule, skewViolation, VERSION_SKEW_POLICY_SOURCE } from '../upgrade/version-skew';

// k8s.io/apimachinery qualified-name rules for label keys, and label values.
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
// Labels under kubernetes.io/k8s.io that NodeRestriction still lets a kubelet set.
const KUBELET_SETTABLE =
  /^((kubelet|node)\.kubernetes\.io\/.+|kubernetes\.io\/(hostname|arch|os)|topology\.kubernetes\.io\/(region|zone))$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** @internal Defaults of NodePoolProps, resolved in one place. */
export const NODE_POOL_DEFAULTS = {
  /** One node at a time: the slowest, and the one no PodDisruptionBudget can be surprised by. */
  maxUnavailable: 1,
} as const;

/** Worker nodes that share labels and taints. */
export class NodePool extends Construct implements IModelValidator {
  public readonly nodes: readonly NodeSpec[];
  public readonly labels: Readonly<Record<string, string>>;
  public readonly taints: readonly Taint[];
  public readonly nodeCpu?: string;
  public readonly nodeMemory?: string;
  /** Nodes upgraded at once. */
  public readonly maxUnavailable: number;
  /** The kubelet release, when held back from the cluster's. */
  public readonly kubeletVersion?: KubernetesVersion;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    this.nodes = props.nodes ?? [];
    this.labels = props.labels ?? {};
    this.taints = props.taints ?? [];
    this.nodeCpu = props.nodeCpu;
    this.nodeMemory = props.nodeMemory;
    this.maxUnavailable = props.maxUnavailable ?? NODE_POOL_DEFAULTS.maxUnavailable;
    this.kubeletVersion = props.kubeletVersion;
  }

  public validateModel(context: ValidationContext): void {
    if (this.nodes.length === 0) {
      context.warn(this, { rule: 'nodes/empty-pool', field: 'nodes', message: 'the node pool has no nodes', received: 0, expected: 'at least one node' });
    }
    for (const [key, value] of Object.entries(this.labels)) {
      if (!LABEL_KEY.test(key) || key.split('/').pop()!.length > 63 || !LABEL_VALUE.test(value) || value.length > 63) {
        context.error(this, {
          rule: 'nodes/label',
          field: `labels.${key}`,
          message: 'not a valid label',
          received: { [key]: value },
          expected: 'a qualified name key (optional DNS prefix and "/") and a value of at most 63 alphanumerics, "-", "_" or "."',
        });
      }
      if (/(^|\.)(kubernetes|k8s)\.io\//.test(key) && !KUBELET_SETTABLE.test(key)) {
        context.error(this, {
          rule: 'nodes/label',
          field: `labels.${key}`,
          message: 'the NodeRestriction admission plugin forbids kubelets to set labels under kubernetes.io and k8s.io',
          received: key,
          expected: 'a label under your own prefix, node.kubernetes.io/* or kubelet.kubernetes.io/*',
        });
      }
    }
    for (const [field, resource, example] of [
      ['nodeCpu', 'CPU', "'8' or '7500m'"],
      ['nodeMemory', 'memory', "'64Gi' or '32G'"],
    ] as const) {
      const value = this[field];
      if (value === undefined) continue;
      const q = parseQuantity(value);
      if (q === undefined || q.nanos <= 0n) {
        context.error(this, {
          rule: 'nodes/capacity',
          field,
          message: `not a positive Kubernetes quantity, so the node ${resource} is unknown and quota overcommit cannot be checked`,
          received: value,
          expected: `${QUANTITY_EXPECTED}, above zero: e.g. ${example}`,
        });
      }
    }
    if (!Number.isInteger(this.maxUnavailable) || this.maxUnavailable < 1) {
      context.error(this, {
        rule: 'nodes/max-unavailable',
        field: 'maxUnavailable',
        message: 'not a number of nodes an upgrade can take out at once',
        received: this.maxUnavailable,
        expected: 'a whole number of at least 1',
      });
    }
    const kubelet = this.kubeletVersion?.parts;
    if (this.kubeletVersion !== undefined && (kubelet === undefined || kubelet.major !== 1)) {
      context.error(this, {
        rule: 'nodes/kubelet-version',
        field: 'kubeletVersion',
        message: 'not a Kubernetes release',
        received: this.kubeletVersion.text,
        expected: "a release such as 'v1.34.4'",
      });
    }
    // The cluster holds the pool through the NodePools container; its version is the API server's.
    const cluster = this.node.scopes.find((s) => (s as { kubernetesVersion?: unknown }).kubernetesVersion instanceof KubernetesVersion) as { kubernetesVersion: KubernetesVersion } | undefined;
    const apiServer = cluster?.kubernetesVersion.parts;
    if (kubelet && kubelet.major === 1 && apiServer) {
      const violation = skewViolation(SkewComponent.KUBELET, kubelet.minor, apiServer.minor);
      if (violation) {
        context.error(this, {
          rule: 'nodes/kubelet-skew',
          field: 'kubeletVersion',
          message: violation,
          received: this.kubeletVersion!.text,
          expected: `a kubelet from v1.${apiServer.minor - skewRule(SkewComponent.KUBELET).maxOlder} to v1.${apiServer.minor} [${VERSION_SKEW_POLICY_SOURCE}]`,
        });
      }
    }
    this.taints.forEach((t, i) => {
      if (!LABEL_KEY.test(t.key) || !Object.values(TaintEffect).includes(t.effect) || !LABEL_VALUE.test(t.value ?? '')) {
        context.error(this, {
          rule: 'nodes/taint',
          field: `taints[${i}]`,
          message: 'not a valid taint',
          received: t,
          expected: `a label-like key, an optional label-like value and an effect of ${Object.values(TaintEffect).join(', ')}`,
        });
      }
    });
  }
}
