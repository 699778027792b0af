import { PinnedImage } from './image';

// Logging: the EFK stack. Each pin cites the upstream file it was read from at its tag; the
// parity tests compare our objects with those files in ../shared/upstream.

/**
 * @internal
 * Fluent Bit 5.1.1, the image of the official chart fluent/helm-charts@fluent-bit-0.58.1
 * (charts/fluent-bit: appVersion 5.1.1, image cr.fluentbit.io/fluent/fluent-bit).
 */
export const FLUENT_BIT_IMAGE: PinnedImage = { repository: 'cr.fluentbit.io/fluent/fluent-bit', tag: '5.1.1' };

/**
 * @internal
 * Fluentd v1.19.3 with the Elasticsearch 8 plugins, release v1.19.3-1.1 of
 * fluent/fluentd-kubernetes-daemonset. Its own manifests use the floating
 * `v1-debian-elasticsearch` tag, which is the Elasticsearch 7 image; this is the pinned
 * Elasticsearch 8 image the README of that tag lists.
 */
export const FLUENTD_IMAGE: PinnedImage = {
  repository: 'docker.io/fluent/fluentd-kubernetes-daemonset',
  tag: 'v1.19.3-debian-elasticsearch8-1.1',
};

/**
 * @internal
 * Elasticsearch and Kibana 8.19.18. The Elastic Helm charts (elastic/helm-charts@v8.5.1,
 * archived) are the shape we follow; 8.5 is long out of support, so we pin the newest 8.x
 * release that elastic/cloud-on-k8s@v3.5.0 uses in config/samples (8.19.18), which keeps the
 * 8.x settings, security defaults and the Elasticsearch 8 Fluentd plugins. 9.4.3 is the newest
 * 9.x release there; moving to it is a major upgrade of the stored indices.
 */
export const ELASTIC_STACK_VERSION = '8.19.18';
/** @internal The Elasticsearch image of the pinned Elastic stack release. */
export const ELASTICSEARCH_IMAGE: PinnedImage = { repository: 'docker.elastic.co/elasticsearch/elasticsearch', tag: ELASTIC_STACK_VERSION };
/** @internal The Kibana image; Kibana must match Elasticsearch's version, so both follow `ELASTIC_STACK_VERSION`. */
export const KIBANA_IMAGE: PinnedImage = { repository: 'docker.elastic.co/kibana/kibana', tag: ELASTIC_STACK_VERSION };
