// The Pulumi program of examples/Pulumi.yaml: deploys the same definition `npm run synth` writes.
// The environment is read here, at the entry point, and nowhere inside the library. Every
// package imported here or by ../platform is a dependency in examples/package.json.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ClusterStack } from 'clusterforge/pulumi';
import { definePlatform } from '../platform';

const config = new pulumi.Config();
const provider = new k8s.Provider('target', {
  // Unset values fall back to the ambient kubeconfig, as kubectl does.
  kubeconfig: config.get('kubeconfig'),
  context: config.get('context'),
  // Set `renderYamlToDirectory` to have Pulumi write YAML instead of applying it.
  renderYamlToDirectory: config.get('renderYamlToDirectory'),
});

const stack = new ClusterStack('platform', {
  cluster: definePlatform(),
  provider,
  bootstrapToken: config.getSecret('bootstrapToken'),
  certificateKey: config.getSecret('certificateKey'),
  caCertHash: config.getSecret('caCertHash'),
  // platform encrypts Secrets at rest; `previousEncryptionKey` only during a key rotation.
  encryptionKeys: pulumi
    .all([config.getSecret('encryptionKey'), config.getSecret('previousEncryptionKey')])
    .apply(([encryptionKey, previousEncryptionKey]) => ({ encryptionKey, previousEncryptionKey })),
});

export const bootstrapFiles = stack.bootstrapFiles;
export const controlPlaneEndpoint = stack.controlPlaneEndpoint;
export const components = stack.components;
