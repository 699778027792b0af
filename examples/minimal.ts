import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { Cluster, Namespace } from '../lib';

/** The smallest useful cluster: one control-plane node, defaults everywhere else. */
export function defineMinimal(scope: Construct = new App()): Cluster {
  const cluster = new Cluster(scope, 'minimal');
  new Namespace(cluster, 'apps');
  return cluster;
}
