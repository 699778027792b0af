import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { apiGroupOf, KubeObject } from '../synth/kube-object';

/** @internal The constructor of a typed `@pulumi/kubernetes` resource class. */
export type ResourceConstructor = new (name: string, args: object, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * @internal
 * The typed @pulumi/kubernetes class of a built-in object, found by the SDK's layout
 * (`k8s.<first label of the group, or core>.<version>.<Kind>`), so every built-in kind
 * gets its own resource type and per-object diffs in `pulumi preview`.
 */
export function typedResourceClass(o: KubeObject): ResourceConstructor | undefined {
  const group = apiGroupOf(o.apiVersion);
  const version = o.apiVersion.slice(o.apiVersion.indexOf('/') + 1);
  const moduleName = group === '' ? 'core' : group.split('.')[0];
  const sdk = k8s as unknown as Record<string, Record<string, Record<string, unknown>> | undefined>;
  const cls = sdk[moduleName]?.[version]?.[o.kind];
  return typeof cls === 'function' ? (cls as ResourceConstructor) : undefined;
}

/** @internal Registers one object: typed resource for built-ins, CustomResource otherwise. */
export function registerObject(
  name: string,
  o: KubeObject,
  customResource: boolean,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  if (customResource) {
    return new k8s.apiextensions.CustomResource(name, o as unknown as k8s.apiextensions.CustomResourceArgs, opts);
  }
  const cls = typedResourceClass(o);
  if (!cls) throw new Error(`@pulumi/kubernetes has no typed resource for ${o.apiVersion} ${o.kind}`);
  return new cls(name, o, opts);
}
