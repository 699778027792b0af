import { PinnedImage } from './image';

// Traffic into the cluster: ingress controllers, Gateway API and MetalLB. Each pin cites the
// upstream file it was read from at its tag; the parity tests compare our objects with
// those files in ../shared/upstream.

/** MetalLB v0.16.1: metallb/metallb@v0.16.1:config/manifests/metallb-native.yaml. */
export const METALLB_VERSION = 'v0.16.1';
export const METALLB_CONTROLLER_IMAGE: PinnedImage = { repository: 'quay.io/metallb/controller', tag: METALLB_VERSION };
export const METALLB_SPEAKER_IMAGE: PinnedImage = { repository: 'quay.io/metallb/speaker', tag: METALLB_VERSION };

/**
 * The MetalLB CRDs, one file per kind as metallb/metallb@v0.16.1:config/crd/kustomization.yaml
 * lists them (the controller watches all nine, so all are installed).
 */
export const METALLB_CRD_FILES: Readonly<Record<string, string>> = {
  IPAddressPool: 'ipaddresspools',
  L2Advertisement: 'l2advertisements',
  BGPAdvertisement: 'bgpadvertisements',
  BGPPeer: 'bgppeers',
  BFDProfile: 'bfdprofiles',
  Community: 'communities',
  ServiceL2Status: 'servicel2statuses',
  ServiceBGPStatus: 'servicebgpstatuses',
  ConfigurationState: 'configurationstates',
};

/** The pinned URL of one MetalLB CRD file. */
export function metallbCrdUrl(plural: string): string {
  return `https://raw.githubusercontent.com/metallb/metallb/${METALLB_VERSION}/config/crd/bases/metallb.io_${plural}.yaml`;
}

/**
 * Traefik v3.7.11, the image of traefik/traefik-helm-chart@v41.3.0:traefik/Chart.yaml
 * (appVersion v3.7.11; values.yaml image.registry docker.io, repository traefik).
 */
export const TRAEFIK_CHART_VERSION = '41.3.0';
export const TRAEFIK_IMAGE: PinnedImage = { repository: 'docker.io/traefik', tag: 'v3.7.11' };

/**
 * Gateway API v1.6.1 (kubernetes-sigs/gateway-api@v1.6.1): the release assets install every
 * CRD of a channel in one file.
 */
export const GATEWAY_API_VERSION = 'v1.6.1';
export const GATEWAY_API_CRDS_URL = {
  standard: `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml`,
  experimental: `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/experimental-install.yaml`,
} as const;

/** The traefik.io CRDs the chart installs (traefik/traefik-helm-chart@v41.3.0:traefik/crds). */
export const TRAEFIK_CRD_KINDS: Readonly<Record<string, string>> = {
  IngressRoute: 'ingressroutes',
  IngressRouteTCP: 'ingressroutetcps',
  IngressRouteUDP: 'ingressrouteudps',
  Middleware: 'middlewares',
  MiddlewareTCP: 'middlewaretcps',
  ServersTransport: 'serverstransports',
  ServersTransportTCP: 'serverstransporttcps',
  TLSOption: 'tlsoptions',
  TLSStore: 'tlsstores',
  TraefikService: 'traefikservices',
};

/** The pinned URL of one traefik.io CRD file of the chart. */
export function traefikCrdUrl(plural: string): string {
  return `https://raw.githubusercontent.com/traefik/traefik-helm-chart/v${TRAEFIK_CHART_VERSION}/traefik/crds/traefik.io_${plural}.yaml`;
}

/**
 * HAProxy Kubernetes Ingress controller 3.2.12, the image of
 * haproxytech/helm-charts@kubernetes-ingress-1.52.1:kubernetes-ingress/Chart.yaml (appVersion 3.2.12).
 */
export const HAPROXY_INGRESS_CHART_VERSION = '1.52.1';
export const HAPROXY_INGRESS_IMAGE: PinnedImage = { repository: 'docker.io/haproxytech/kubernetes-ingress', tag: '3.2.12' };
