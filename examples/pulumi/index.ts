// The Pulumi program of Pulumi.yaml: deploys the same definition `npm run synth` writes.
// The environment is read here, at the entry point, and nowhere inside the library.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ClusterStack } from '../../lib/pulumi';
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
});

export const bootstrapFiles = stack.bootstrapFiles;
export const controlPlaneEndpoint = stack.controlPlaneEndpoint;
export const components = stack.components;
