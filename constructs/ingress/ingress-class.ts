import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';

export interface IngressClassSpec {
  readonly name: string;
  /** The controller's identifier, e.g. `traefik.io/ingress-controller`. */
  readonly controller: string;
  readonly isDefault: boolean;
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /** `spec.parameters`, for controllers that read them. @default - none */
  readonly parameters?: k8s.IngressClassParametersReference | undefined;
}

/** An IngressClass; the default one carries `ingressclass.kubernetes.io/is-default-class`. */
export function ingressClass(scope: Construct, spec: IngressClassSpec): k8s.KubeIngressClass {
  return new k8s.KubeIngressClass(scope, 'IngressClass', {
    metadata: {
      name: spec.name,
      ...(spec.isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}),
      ...(spec.labels ? { labels: { ...spec.labels } } : {}),
    },
    spec: { controller: spec.controller, ...(spec.parameters ? { parameters: spec.parameters } : {}) },
  });
}
