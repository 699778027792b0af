// The Kubernetes version-skew policy as data: how far each component may be from
// kube-apiserver, in minor releases. upstream: kubernetes/website@01bc0975:content/en/releases/version-skew-policy.md
// (the page uses {{< skew >}} shortcodes, so it states the rules without literal versions).

/** Where the rules below are stated. */
export const VERSION_SKEW_POLICY_SOURCE = 'kubernetes/website@01bc0975:content/en/releases/version-skew-policy.md';

/** A component the version-skew policy names. */
export enum SkewComponent {
  KUBE_APISERVER = 'kube-apiserver',
  KUBE_CONTROLLER_MANAGER = 'kube-controller-manager',
  KUBE_SCHEDULER = 'kube-scheduler',
  KUBELET = 'kubelet',
  KUBE_PROXY = 'kube-proxy',
  KUBECTL = 'kubectl',
}

/** How far one component may be from kube-apiserver, in minor releases. */
export interface SkewRule {
  readonly component: SkewComponent;
  /** Minors the component may be newer than kube-apiserver. */
  readonly maxNewer: number;
  /** Minors the component may be older than kube-apiserver. */
  readonly maxOlder: number;
  /** The policy's own words. */
  readonly policy: string;
}

/** The skew of every component against kube-apiserver (v1.25 and newer). */
export const VERSION_SKEW_RULES: readonly SkewRule[] = [
  { component: SkewComponent.KUBE_APISERVER, maxNewer: 1, maxOlder: 1, policy: 'the newest and oldest kube-apiserver instances must be within one minor version' },
  { component: SkewComponent.KUBE_CONTROLLER_MANAGER, maxNewer: 0, maxOlder: 1, policy: 'must not be newer than the kube-apiserver instances they communicate with ... may be up to one minor version older' },
  { component: SkewComponent.KUBE_SCHEDULER, maxNewer: 0, maxOlder: 1, policy: 'must not be newer than the kube-apiserver instances they communicate with ... may be up to one minor version older' },
  { component: SkewComponent.KUBELET, maxNewer: 0, maxOlder: 3, policy: 'kubelet must not be newer than kube-apiserver, and may be up to three minor versions older' },
  { component: SkewComponent.KUBE_PROXY, maxNewer: 0, maxOlder: 3, policy: 'kube-proxy must not be newer than kube-apiserver, and may be up to three minor versions older' },
  { component: SkewComponent.KUBECTL, maxNewer: 1, maxOlder: 1, policy: 'kubectl is supported within one minor version (older or newer) of kube-apiserver' },
];

/**
 * @internal
 * kube-apiserver moves one minor per upgrade: "Project policies for API deprecation and API
 * change guidelines require kube-apiserver to not skip minor versions when upgrading, even in
 * single-instance clusters."
 */
export const MAX_MINOR_STEP = 1;

/** @internal The rule of one component. */
export function skewRule(component: SkewComponent): SkewRule {
  return VERSION_SKEW_RULES.find((r) => r.component === component)!;
}

/**
 * @internal
 * Why `componentMinor` breaks the policy against an apiserver at `apiServerMinor`, or undefined
 * when it is within it.
 */
export function skewViolation(component: SkewComponent, componentMinor: number, apiServerMinor: number): string | undefined {
  const rule = skewRule(component);
  const newer = componentMinor - apiServerMinor;
  if (newer > rule.maxNewer) {
    return `${component} 1.${componentMinor} would be ${newer} minor${newer === 1 ? '' : 's'} newer than kube-apiserver 1.${apiServerMinor}; the version-skew policy allows ${rule.maxNewer} (${rule.policy})`;
  }
  if (-newer > rule.maxOlder) {
    return `${component} 1.${componentMinor} would be ${-newer} minors older than kube-apiserver 1.${apiServerMinor}; the version-skew policy allows ${rule.maxOlder} (${rule.policy})`;
  }
  return undefined;
}
