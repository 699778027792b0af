import { k8s } from 'cdk8s-plus-27';
import { containerResources } from '../../lib';
import { imageRef } from '../../lib/versions/image';
import { FLUENTD_IMAGE } from '../../lib/versions/logging';
import { env } from '../networking/manifest-parts';
import { ElasticsearchTarget } from './elasticsearch';

// upstream: fluent/fluentd-kubernetes-daemonset@v1.19.3-1.1:fluentd-daemonset-elasticsearch-rbac.yaml,
// and the image's conf/ files (docker-image/v1.19/debian-elasticsearch8/conf) that read these
// variables, in ../shared/upstream/fluentd-kubernetes-daemonset/v1.19.3-1.1.

export { FLUENTD_COMPONENT } from './log-collector';

/** Where the Elasticsearch CA is mounted; Ruby's OpenSSL trusts the file `SSL_CERT_FILE` names. */
export const FLUENTD_CA_DIR = '/fluentd/etc/elasticsearch-ca';

/** @internal The `FLUENT_ELASTICSEARCH_*` variables the image's fluent.conf reads, with credentials from the Secret. */
export function fluentdElasticsearchEnv(es: ElasticsearchTarget): k8s.EnvVar[] {
  const secret = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: es.credentials.secretName, key } } });
  return [
    env('FLUENT_ELASTICSEARCH_HOST', es.host),
    env('FLUENT_ELASTICSEARCH_PORT', String(es.port)),
    env('FLUENT_ELASTICSEARCH_SCHEME', es.scheme),
    env('FLUENT_ELASTICSEARCH_SSL_VERIFY', 'true'),
    env('FLUENT_ELASTICSEARCH_SSL_VERSION', 'TLSv1_2'),
    secret('FLUENT_ELASTICSEARCH_USER', es.credentials.usernameKey),
    secret('FLUENT_ELASTICSEARCH_PASSWORD', es.credentials.passwordKey),
    ...(es.ca ? [env('SSL_CERT_FILE', `${FLUENTD_CA_DIR}/${es.ca.key}`)] : []),
  ];
}

/** @internal The Fluentd container, as a collector or an aggregator. */
export function fluentdContainer(props: {
  readonly env: readonly k8s.EnvVar[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  readonly memoryLimit: string;
  readonly ports?: readonly k8s.ContainerPort[] | undefined;
}): k8s.Container {
  return {
    name: 'fluentd',
    image: imageRef(FLUENTD_IMAGE),
    env: [...props.env],
    resources: containerResources({ cpuRequest: '100m', memoryRequest: '200Mi', memoryLimit: props.memoryLimit }),
    ports: [...(props.ports ?? []), { name: 'metrics', containerPort: 24231, protocol: 'TCP' }],
    // The image's prometheus.conf serves /metrics on 24231 as soon as Fluentd runs.
    livenessProbe: { httpGet: { path: '/metrics', port: k8s.IntOrString.fromString('metrics') }, initialDelaySeconds: 30 },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    volumeMounts: [...props.volumeMounts],
  };
}

/** @internal Deviations every Fluentd container of ours has from the upstream DaemonSet. */
export const FLUENTD_COMMON_DEVIATIONS: readonly (readonly [leaf: string, ours: string, why: string])[] = [
  ['image', imageRef(FLUENTD_IMAGE), 'upstream\'s manifest uses the floating v1-debian-elasticsearch tag, which is the Elasticsearch 7 image; this is the pinned Elasticsearch 8 image of the same release'],
  ['env FLUENT_ELASTICSEARCH_USER', 'from the credentials Secret', 'no credential is written into Git'],
  ['env FLUENT_ELASTICSEARCH_PASSWORD', 'from the credentials Secret', 'no credential is written into Git (upstream has the literal "changeme")'],
  ['port 24231/TCP', 'metrics port declared', 'the image serves Prometheus metrics there; declared so Services and probes can name it'],
  ['probe liveness', 'httpGet /metrics on 24231', 'upstream has no probe; a wedged Fluentd stops answering and is restarted'],
  ['securityContext.allowPrivilegeEscalation', 'false', 'added hardening'],
  ['securityContext.capabilities.drop ALL', 'ALL dropped', 'added hardening: reading root-owned logs needs no capability'],
  ['securityContext.seccompProfile.type', 'RuntimeDefault', 'added hardening'],
];

/** @internal Deviations that follow from the Elasticsearch the model names. */
export function fluentdTargetDeviations(es: ElasticsearchTarget): (readonly [leaf: string, ours: string, why: string])[] {
  const model = 'the Elasticsearch of the model';
  return [
    ...(es.host !== 'elasticsearch-logging' ? [['env FLUENT_ELASTICSEARCH_HOST', es.host, model] as const] : []),
    ...(es.scheme !== 'http' ? [['env FLUENT_ELASTICSEARCH_SCHEME', es.scheme, 'Elasticsearch 8 serves HTTPS with security on'] as const] : []),
    ...(es.port !== 9200 ? [['env FLUENT_ELASTICSEARCH_PORT', String(es.port), model] as const] : []),
    ...(es.ca
      ? [
          ['env SSL_CERT_FILE', `${FLUENTD_CA_DIR}/${es.ca.key}`, "verifies Elasticsearch's certificate with its CA"] as const,
          [`mount ${FLUENTD_CA_DIR}`, `Secret ${es.ca.secretName}`, 'the CA that SSL_CERT_FILE names'] as const,
        ]
      : []),
  ];
}
