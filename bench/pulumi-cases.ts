import * as pulumi from '@pulumi/pulumi';
import { Cluster, KubeObject, synthesizeCluster } from '../lib';
import { isBuiltInApiVersion, objectIdentity } from '../lib/synth/kube-object';
import { ClusterStack } from '../lib/pulumi';
import { registerObject } from '../lib/pulumi/resource-factory';

pulumi.runtime.setMocks(
  {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
    call: (args) => args.inputs,
  },
  'bench',
  'bench',
  false,
);

function settled(resources: Iterable<pulumi.Resource>): Promise<unknown> {
  return Promise.all([...resources].map((r) => new Promise((resolve) => r.urn.apply(resolve))));
}

/** clusterforge's Pulumi backend: validation, ordering model and typed registration. */
export async function registerWithClusterStack(cluster: Cluster): Promise<number> {
  const stack = new ClusterStack('bench', { cluster });
  await settled(stack.resources.values());
  return stack.plan.objects.length;
}

export function synthesizedObjects(cluster: Cluster): KubeObject[] {
  return synthesizeCluster(cluster).objects.map((o) => o.manifest);
}

class Direct extends pulumi.ComponentResource {
  constructor() {
    super('bench:index:Direct', 'direct', {});
  }
}

/** The baseline: the same objects registered directly as typed resources under one component. */
export async function registerDirectly(objects: readonly KubeObject[]): Promise<number> {
  const parent = new Direct();
  const resources = objects.map((o) => registerObject(objectIdentity(o), o, !isBuiltInApiVersion(o.apiVersion), { parent }));
  await settled(resources);
  return resources.length;
}
