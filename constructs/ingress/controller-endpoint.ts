import { Construct } from 'constructs';
import { IIngressEndpoint, Namespace, PodSecurityLevel } from '../../lib';
import { HostPortExposure } from './exposure';
import { IngressController } from './ingress-controller';

/**
 * What every rendered ingress controller shares: its IngressClass and where its pods run (for
 * tenants' NetworkPolicies), its traffic and metrics ports, and its namespace, privileged only
 * when pods take host ports (which fail both baseline and restricted Pod Security).
 */
export abstract class ControllerEndpoint extends Construct implements IIngressEndpoint {
  public readonly ingressClassName: string;
  public readonly isDefaultClass: boolean;
  public readonly controllerNamespace: string;
  public readonly controllerPodLabels: Readonly<Record<string, string>>;
  /** Container ports that receive client traffic. */
  public abstract readonly trafficPorts: readonly number[];
  /** The container port of the metrics endpoint. */
  public abstract readonly metricsPort: number;

  protected constructor(scope: Construct, id: string, choice: IngressController, podLabels: Readonly<Record<string, string>>, namespaceLabels?: Readonly<Record<string, string>>) {
    super(scope, id);
    this.controllerNamespace = choice.namespace;
    this.ingressClassName = choice.ingressClassName;
    this.isDefaultClass = choice.isDefaultClass;
    this.controllerPodLabels = podLabels;
    const hostPorts = choice.exposure instanceof HostPortExposure;
    new Namespace(this, 'Namespace', {
      name: choice.namespace,
      ...(namespaceLabels ? { labels: { ...namespaceLabels } } : {}),
      podSecurity: { enforce: hostPorts ? PodSecurityLevel.PRIVILEGED : PodSecurityLevel.RESTRICTED },
    });
  }
}
