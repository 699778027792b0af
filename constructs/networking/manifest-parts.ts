import { k8s } from 'cdk8s-plus-27';

// Small builders for the pod-spec fragments every CNI manifest repeats. They only
// shorten the constructs; the values themselves come from each upstream manifest.

/** An env var from the pod's own fields (`metadata.name`, `spec.nodeName`, ...). */
export function fieldEnv(name: string, fieldPath: string, apiVersion?: string): k8s.EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath, ...(apiVersion ? { apiVersion } : {}) } } };
}

/** An env var from a key of a ConfigMap. */
export function configMapEnv(name: string, configMap: string, key: string, optional?: boolean): k8s.EnvVar {
  return { name, valueFrom: { configMapKeyRef: { name: configMap, key, ...(optional === undefined ? {} : { optional }) } } };
}

/** A literal env var. */
export function env(name: string, value: string): k8s.EnvVar {
  return { name, value };
}

/** A hostPath volume. */
export function hostPathVolume(name: string, path: string, type?: string): k8s.Volume {
  return { name, hostPath: { path, ...(type ? { type } : {}) } };
}

/** A volume of a whole ConfigMap. */
export function configMapVolume(name: string, configMap: string): k8s.Volume {
  return { name, configMap: { name: configMap } };
}

/** A ClusterRole rule, written as upstream writes them. */
export function rule(apiGroups: readonly string[], resources: readonly string[], verbs: readonly string[], resourceNames?: readonly string[]): k8s.PolicyRule {
  return {
    apiGroups: [...apiGroups],
    resources: [...resources],
    verbs: [...verbs],
    ...(resourceNames ? { resourceNames: [...resourceNames] } : {}),
  };
}

/** JSON as CNI and flannel config files are written: two-space indent, trailing newline. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
