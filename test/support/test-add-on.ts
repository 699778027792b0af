import { k8s } from 'cdk8s-plus-27';
import { AddOn, AddOnKey, Cluster, Namespace } from '../../lib';

export interface TestAddOnProps {
  readonly key: AddOnKey;
  readonly dependencies?: readonly AddOnKey[];
  readonly namespace?: string;
}

/** An add-on with a namespace, a ServiceAccount and a ConfigMap, for pipeline tests. */
export class TestAddOn extends AddOn {
  constructor(cluster: Cluster, id: string, props: TestAddOnProps) {
    super(cluster, id, { key: props.key, dependencies: props.dependencies });
    const namespace = props.namespace ?? id.toLowerCase();
    new Namespace(this, 'Namespace', { name: namespace });
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: 'agent', namespace } });
    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: 'config', namespace }, data: { key: 'value' } });
  }
}
