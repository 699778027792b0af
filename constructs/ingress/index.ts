export * from './exposure';
export * from './ingress-controller';
export * from './ingress-class';
export * from './ingress-controller-network-policies';
export { Traefik, TRAEFIK_COMPONENT } from './traefik';
export * from './cluster-ingress';
