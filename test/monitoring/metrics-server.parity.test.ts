import { KubeObject } from '../../lib';
import { manifests, synth } from '../support/synth';
import { loadUpstream, upstreamDifferences } from '../support/upstream-parity';
import { monitoringCluster, objectNamed } from './fixtures';

const UPSTREAM = 'metrics-server/v0.8.1/components.yaml';
const DEPLOY = { kind: 'Deployment', name: 'metrics-server', namespace: 'kube-system' };

describe('metrics-server upstream parity (kubernetes-sigs/metrics-server v0.8.1)', () => {
  let ours: KubeObject[];
  beforeAll(() => {
    ours = manifests(synth(monitoringCluster()));
  });

  test('the Deployment and every RBAC grant match components.yaml exactly', () => {
    expect(upstreamDifferences({ upstream: loadUpstream(UPSTREAM), ours, workloads: [{ upstream: DEPLOY, ours: DEPLOY }], serviceAccounts: { 'kube-system/metrics-server': 'kube-system/metrics-server' } })).toStrictEqual([]);
  });

  test('the APIService v1beta1.metrics.k8s.io points at the metrics-server Service and its https port', () => {
    const api = objectNamed(ours, 'APIService', 'v1beta1.metrics.k8s.io');
    expect(api.spec).toStrictEqual(objectNamed(loadUpstream(UPSTREAM), 'APIService', 'v1beta1.metrics.k8s.io').spec);
    expect(api.spec.service).toStrictEqual({ name: 'metrics-server', namespace: 'kube-system' });
    const service = objectNamed(ours, 'Service', 'metrics-server', 'kube-system');
    expect(service.spec.ports).toStrictEqual([{ appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }]);
    const pod = objectNamed(ours, 'Deployment', 'metrics-server').spec.template;
    expect(service.spec.selector).toStrictEqual(pod.metadata.labels);
    expect(pod.spec.containers[0].ports).toStrictEqual([{ containerPort: 10250, name: 'https', protocol: 'TCP' }]);
  });
});
