import { AllowedRoutes, ClusterIngress, ClusterIngressProps, Gateway, GatewayApiChannel, GatewayClass, GatewayProtocol } from '../../constructs/ingress';
import { Cluster, ClusterProps } from '../../lib';
import { newCluster } from '../support/synth';

/** A cluster of one control-plane node and two workers, with the ingress add-on. */
export function ingressCluster(props: ClusterIngressProps = {}, clusterProps: ClusterProps = {}): { cluster: Cluster; ingress: ClusterIngress } {
  const cluster = newCluster({
    controlPlane: { nodes: [{ name: 'cp-1', address: '10.0.0.10' }] },
    networking: { nodeSubnets: ['10.0.0.0/16'] },
    ...clusterProps,
  });
  cluster.addNodePool('workers', { nodes: [1, 2].map((i) => ({ name: `w-${i}`, address: `10.0.1.${i}` })) });
  return { cluster, ingress: new ClusterIngress(cluster, 'Ingress', props) };
}

/** The ingress add-on with the Gateway API, a GatewayClass and a Gateway `gateways/public` with http and https listeners. */
export function gatewayCluster(channel?: GatewayApiChannel): Cluster {
  const { cluster } = ingressCluster({ gatewayApi: channel ? { channel } : {} });
  new GatewayClass(cluster, 'eg', { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' });
  new Gateway(cluster, 'public', {
    namespace: 'gateways',
    gatewayClassName: 'eg',
    listeners: [
      { name: 'http', port: 80, protocol: GatewayProtocol.HTTP, allowedRoutes: AllowedRoutes.ALL },
      { name: 'https', port: 443, protocol: GatewayProtocol.HTTPS, hostname: '*.example.com', certificateRefs: [{ name: 'wildcard-tls' }], allowedRoutes: AllowedRoutes.ALL },
    ],
  });
  return cluster;
}

