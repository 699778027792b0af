import type { Cluster } from '../../cluster';
import { describeObject } from '../../synth/kube-object';
import type { PlacedObject } from '../../synth/ordering';
import { ValidationContext } from '../context';
import { objectIndex } from '../object-index';

/** Manifests are meant for Git: a Secret carrying values there leaks them. */
export function validateNoSecretsInGit(_cluster: Cluster, objects: readonly PlacedObject[], context: ValidationContext): void {
  for (const o of objectIndex(objects).secrets) {
    const m = o.manifest as { kind: string; apiVersion: string; data?: unknown; stringData?: unknown };
    const fields = (['data', 'stringData'] as const).filter((f) => m[f] !== undefined && Object.keys(m[f] as object).length > 0);
    if (fields.length > 0) {
      context.error(o.sourcePath, {
        rule: 'secrets/in-git',
        message: `${describeObject(o.manifest)} carries secret values in ${fields.join(' and ')}, which would be committed to Git in clear`,
        received: fields,
        expected: 'a reference to an existing Secret, or a Pulumi secret input on the Pulumi backend',
      });
    }
  }
}
