import { PinnedImage } from './image';

// Traffic into the cluster: ingress controllers, Gateway API and MetalLB. Each pin cites the
// upstream file it was read from at its tag; the parity tests compare our objects with
// those files in ../shared/upstream.

/** @internal MetalLB v0.16.1: metallb/metallb@v0.16.1:config/manifests/metallb-native.yaml. */
export const METALLB_VERSION = 'v0.16.1';
/** @internal The MetalLB controller image (metallb-native.yaml's `controller` Deployment). */
export const METALLB_CONTROLLER_IMAGE: PinnedImage = { repository: 'quay.io/metallb/controller', tag: METALLB_VERSION };
/** @internal The MetalLB speaker image (metallb-native.yaml's `speaker` DaemonSet). */
export const METALLB_SPEAKER_IMAGE: PinnedImage = { repository: 'quay.io/metallb/speaker', tag: METALLB_VERSION };

/**
 * @internal
 * The MetalLB CRDs, one file per kind as metallb/metallb@v0.16.1:config/crd/kustomization.yaml
 * lists them (the controller watches all nine, so all are installed). That kustomization also
 * patches a conversion webhook into bgppeers.metallb.io (config/crd/patches); the MetalLB
 * runbook applies it, since a URL source cannot carry a patch.
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

/** @internal The pinned URL of one MetalLB CRD file. */
export function metallbCrdUrl(plural: string): string {
  return `https://raw.githubusercontent.com/metallb/metallb/${METALLB_VERSION}/config/crd/bases/metallb.io_${plural}.yaml`;
}

/**
 * @internal
 * Traefik v3.7.11, the image of traefik/traefik-helm-chart@v41.3.0:traefik/Chart.yaml
 * (appVersion v3.7.11; values.yaml image.registry docker.io, repository traefik).
 */
export const TRAEFIK_CHART_VERSION = '41.3.0';
/** @internal The Traefik image the pinned chart deploys. */
export const TRAEFIK_IMAGE: PinnedImage = { repository: 'docker.io/traefik', tag: 'v3.7.11' };

/**
 * @internal
 * Gateway API v1.6.1 (kubernetes-sigs/gateway-api@v1.6.1): the release assets install every
 * CRD of a channel in one file.
 */
export const GATEWAY_API_VERSION = 'v1.6.1';
/** @internal The Gateway API release assets: every CRD of the standard or the experimental channel, one file each. */
export const GATEWAY_API_CRDS_URL = {
  standard: `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml`,
  experimental: `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/experimental-install.yaml`,
} as const;

/** @internal The traefik.io CRDs the chart installs (traefik/traefik-helm-chart@v41.3.0:traefik/crds). */
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

/** @internal The pinned URL of one traefik.io CRD file of the chart. */
export function traefikCrdUrl(plural: string): string {
  return `https://raw.githubusercontent.com/traefik/traefik-helm-chart/v${TRAEFIK_CHART_VERSION}/traefik/crds/traefik.io_${plural}.yaml`;
}

/**
 * @internal
 * HAProxy Kubernetes Ingress controller 3.2.12, the image of
 * haproxytech/helm-charts@kubernetes-ingress-1.52.1:kubernetes-ingress/Chart.yaml (appVersion 3.2.12).
 */
export const HAPROXY_INGRESS_CHART_VERSION = '1.52.1';
/** @internal The HAProxy Kubernetes Ingress controller image the pinned chart deploys. */
export const HAPROXY_INGRESS_IMAGE: PinnedImage = { repository: 'docker.io/haproxytech/kubernetes-ingress', tag: '3.2.12' };

/**
 * @internal
 * ingress-nginx controller v1.15.1 and its certgen, digest-pinned as
 * kubernetes/ingress-nginx@controller-v1.15.1:deploy/static/provider/cloud/deploy.yaml pins them.
 * Upstream retired the project: best-effort maintenance ended in March 2026 and v1.15.1 is
 * the last release; selecting it warns.
 */
export const INGRESS_NGINX_VERSION = 'v1.15.1';
/** @internal The ingress-nginx controller image, digest-pinned as upstream pins it. */
export const INGRESS_NGINX_CONTROLLER_IMAGE: PinnedImage = {
  repository: 'registry.k8s.io/ingress-nginx/controller',
  tag: 'v1.15.1',
  digest: 'sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1',
};
/** @internal The kube-webhook-certgen image of ingress-nginx's admission Jobs, digest-pinned as upstream pins it. */
export const INGRESS_NGINX_CERTGEN_IMAGE: PinnedImage = {
  repository: 'registry.k8s.io/ingress-nginx/kube-webhook-certgen',
  tag: 'v1.6.9',
  digest: 'sha256:01038e7de14b78d702d2849c3aad72fd25903c4765af63cf16aa3398f5d5f2dd',
};

/**
 * @internal
 * Envoy Gateway v1.9.0. The image as envoyproxy/gateway@v1.9.0's release install.yaml writes
 * it (tools/make/kube.mk: IMAGE=envoyproxy/gateway TAG=v1.9.0); the rate limit image as
 * charts/gateway-helm/values.tmpl.yaml pins it.
 */
export const ENVOY_GATEWAY_VERSION = 'v1.9.0';
/** @internal The Envoy Gateway controller image. */
export const ENVOY_GATEWAY_IMAGE: PinnedImage = { repository: 'envoyproxy/gateway', tag: ENVOY_GATEWAY_VERSION };
/** @internal The Envoy rate limit service image, named in Envoy Gateway's configuration for the rate limit Deployment it creates. */
export const ENVOY_RATELIMIT_IMAGE: PinnedImage = { repository: 'docker.io/envoyproxy/ratelimit', tag: '17b1956c' };

/** @internal The gateway.envoyproxy.io CRDs the controller watches (charts/gateway-helm/charts/crds/crds/generated). */
export const ENVOY_GATEWAY_CRD_KINDS: Readonly<Record<string, string>> = {
  Backend: 'backends',
  BackendTrafficPolicy: 'backendtrafficpolicies',
  ClientTrafficPolicy: 'clienttrafficpolicies',
  EnvoyExtensionPolicy: 'envoyextensionpolicies',
  EnvoyPatchPolicy: 'envoypatchpolicies',
  EnvoyProxy: 'envoyproxies',
  HTTPRouteFilter: 'httproutefilters',
  SecurityPolicy: 'securitypolicies',
};

/** @internal The pinned URL of one gateway.envoyproxy.io CRD file. */
export function envoyGatewayCrdUrl(plural: string): string {
  return `https://raw.githubusercontent.com/envoyproxy/gateway/${ENVOY_GATEWAY_VERSION}/charts/gateway-helm/charts/crds/crds/generated/gateway.envoyproxy.io_${plural}.yaml`;
}
