import * as pulumi from '@pulumi/pulumi';

export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** Every resource registered since the last reset, as the Pulumi engine would see it. */
export const registered: RegisteredResource[] = [];

/** Installs Pulumi mocks that record registrations; call before creating resources. */
export function installPulumiMocks(): void {
  pulumi.runtime.setMocks(
    {
      newResource: (args: pulumi.runtime.MockResourceArgs) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
    },
    'clusterforge',
    'test',
    false,
  );
}

/** Resolves an Output's value (mocks run registrations asynchronously). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Waits until every given resource has been registered with the mock engine. */
export async function allRegistered(resources: Iterable<pulumi.Resource>): Promise<void> {
  await Promise.all([...resources].map((r) => valueOf(r.urn)));
}
