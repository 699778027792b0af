import type { Cluster } from '../../cluster';
import { describeObject, objectIdentity } from '../../synth/kube-object';
import type { PlacedObject } from '../../synth/ordering';
import { ValidationContext } from '../context';

/** Two objects with the same apiVersion, kind, namespace and name would overwrite each other. */
export function validateObjectIdentities(_cluster: Cluster, objects: readonly PlacedObject[], context: ValidationContext): void {
  const first = new Map<string, PlacedObject>();
  // Indexed: for...of makes an iterator result per object in code V8 has not optimised yet.
  for (let n = 0; n < objects.length; n++) {
    const o = objects[n];
    const id = objectIdentity(o.manifest);
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, o);
      continue;
    }
    context.error(o.sourcePath, {
      rule: 'objects/duplicate-identity',
      message: `${describeObject(o.manifest)} (${o.manifest.apiVersion}) is also defined by '${earlier.sourcePath}'; one would silently overwrite the other`,
      received: id,
      expected: 'each apiVersion/kind/namespace/name defined once',
    });
  }
}
