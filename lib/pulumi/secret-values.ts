import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { RegistrationPlan } from './registration-plan';

/** Secret values by `namespace/name`, then by key; each value a Pulumi secret or a plain input. */
export type SecretValues = Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;

function namespacesOf(plan: RegistrationPlan): Map<string, string> {
  return new Map(plan.objects.filter((p) => p.object.kind === 'Namespace' && p.object.apiVersion === 'v1').map((p) => [p.object.metadata.name, p.name]));
}

/** @internal Throws for a secret reference that is not `<namespace>/<name>` with a namespace of the cluster. */
export function checkSecretValues(stackName: string, plan: RegistrationPlan, secrets: SecretValues = {}): void {
  const namespaces = namespacesOf(plan);
  const bad = Object.keys(secrets).filter((ref) => {
    const [namespace, name, ...rest] = ref.split('/');
    return !namespace || !name || rest.length > 0 || !namespaces.has(namespace);
  });
  if (bad.length === 0) return;
  throw new Error(
    bad
      .map(
        (ref) =>
          `[error] ${stackName} (secrets): a Secret must go to a namespace of the cluster, or nothing would mount it ` +
          `(received ${JSON.stringify(ref)}; expected '<namespace>/<name>' with one of: ${[...namespaces.keys()].sort().join(', ')}) [pulumi/secret-namespace]`,
      )
      .join('\n'),
  );
}

/**
 * @internal
 * Registers the Secrets that only the Pulumi backend may create (object-store credentials and
 * the like): the YAML backend references them and never writes them. Values are wrapped as
 * Pulumi secrets, so they stay encrypted in the state. Each Secret waits for its namespace.
 * Call checkSecretValues first.
 */
export function registerSecretValues(
  stackName: string,
  plan: RegistrationPlan,
  secrets: SecretValues,
  resources: Map<string, pulumi.Resource>,
  opts: pulumi.CustomResourceOptions,
): void {
  const namespaces = namespacesOf(plan);
  const entries = Object.entries(secrets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [ref, values] of entries) {
    const [namespace, name] = ref.split('/');
    const resourceName = `${stackName}:Secret:${ref}`;
    const stringData = pulumi.secret(pulumi.output(values as Record<string, pulumi.Input<string>>));
    resources.set(
      resourceName,
      new k8s.core.v1.Secret(
        resourceName,
        { metadata: { name, namespace }, type: 'Opaque', stringData },
        { ...opts, dependsOn: [resources.get(namespaces.get(namespace)!)!] },
      ),
    );
  }
}
