import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Cluster, IObjectValidator, PlacedObject, ValidationContext } from '../../lib';
import type { SecretKeyReference } from '../logging/log-storage';
import type { Labels } from './labels';

// The same Secret-key reference the logging add-on uses.
export type { SecretKeyReference } from '../logging/log-storage';

/** TLS settings of a scrape endpoint. */
export interface ScrapeTlsConfig {
  /** CA file inside the Prometheus container (e.g. the service-account CA). */
  readonly caFile?: string | undefined;
  /** CA from a Secret in the monitor's namespace. */
  readonly ca?: SecretKeyReference | undefined;
  /** Client certificate from a Secret in the monitor's namespace. */
  readonly cert?: SecretKeyReference | undefined;
  /** Client key from a Secret in the monitor's namespace. */
  readonly keySecret?: SecretKeyReference | undefined;
  /** Name the target's certificate is checked against. */
  readonly serverName?: string | undefined;
  /**
   * Skip certificate verification; only where the target's certificate is self-signed per pod
   * and its identity is proved otherwise.
   * @default false
   */
  readonly insecureSkipVerify?: boolean | undefined;
}

/** One endpoint a ServiceMonitor or PodMonitor scrapes. */
export interface ScrapeEndpoint {
  /**
   * The Service's (or pod's) port name; a PodMonitor also takes a container port number.
   * A ServiceMonitor endpoint needs one.
   * @default - PodMonitor only: every container of the pods, for relabelings to pick the target and its address (a port the container does not declare)
   */
  readonly port?: string | number | undefined;
  /** @default '/metrics' */
  readonly path?: string | undefined;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https' | undefined;
  /** @default - Prometheus's global interval (30s) */
  readonly interval?: string | undefined;
  /** @default - Prometheus's global scrape timeout (10s) */
  readonly scrapeTimeout?: string | undefined;
  /** @default - none */
  readonly tlsConfig?: ScrapeTlsConfig | undefined;
  /** Authenticate with Prometheus's service-account token. @default false */
  readonly serviceAccountToken?: boolean | undefined;
  /** @default false */
  readonly honorLabels?: boolean | undefined;
  /** Raw relabelings, as the CRD's `relabelings`. @default - none */
  readonly relabelings?: readonly Record<string, unknown>[] | undefined;
  /** Raw metric relabelings, as the CRD's `metricRelabelings`. @default - none */
  readonly metricRelabelings?: readonly Record<string, unknown>[] | undefined;
}

/** Props of a ServiceMonitor: which Services, in which namespaces, are scraped how. */
export interface ServiceMonitorProps {
  readonly name: string;
  /** Namespace of the ServiceMonitor object. */
  readonly namespace: string;
  /** Labels of the Services to scrape. */
  readonly selector: Labels;
  /**
   * Namespaces of the Services.
   * @default - the ServiceMonitor's own namespace
   */
  readonly namespaces?: readonly string[] | undefined;
  readonly endpoints: readonly ScrapeEndpoint[];
  /**
   * Service label whose value becomes the `job` label.
   * @default - the Service's name
   */
  readonly jobLabel?: string | undefined;
  /**
   * The `job` label its series get, for checks of alert rules against scraped jobs.
   * @default - the selector's value of `jobLabel`, else the ServiceMonitor's name
   */
  readonly job?: string | undefined;
  /** @default - none */
  readonly labels?: Labels | undefined;
}

/** @internal Renders one endpoint as the CRD writes it. */
export function renderEndpoint(e: ScrapeEndpoint): Record<string, unknown> {
  const tls = e.tlsConfig;
  const secret = (r: SecretKeyReference) => ({ secret: { name: r.secretName, key: r.key } });
  return {
    ...(typeof e.port === 'number' ? { portNumber: e.port } : e.port !== undefined ? { port: e.port } : {}),
    ...(e.path ? { path: e.path } : {}),
    ...(e.scheme ? { scheme: e.scheme } : {}),
    ...(e.interval ? { interval: e.interval } : {}),
    ...(e.scrapeTimeout ? { scrapeTimeout: e.scrapeTimeout } : {}),
    ...(e.serviceAccountToken ? { bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' } : {}),
    ...(e.honorLabels ? { honorLabels: true } : {}),
    ...(tls
      ? {
          tlsConfig: {
            ...(tls.caFile ? { caFile: tls.caFile } : {}),
            ...(tls.ca ? { ca: secret(tls.ca) } : {}),
            ...(tls.cert ? { cert: secret(tls.cert) } : {}),
            ...(tls.keySecret ? { keySecret: { name: tls.keySecret.secretName, key: tls.keySecret.key } } : {}),
            ...(tls.serverName ? { serverName: tls.serverName } : {}),
            ...(tls.insecureSkipVerify ? { insecureSkipVerify: true } : {}),
          },
        }
      : {}),
    ...(e.relabelings?.length ? { relabelings: e.relabelings.map((r) => ({ ...r })) } : {}),
    ...(e.metricRelabelings?.length ? { metricRelabelings: e.metricRelabelings.map((r) => ({ ...r })) } : {}),
  };
}

/** @internal Implemented by the monitoring add-on: labels every monitor needs to be selected. */
export interface IMonitorSelectorSource {
  monitorSelectorLabels(kind: 'ServiceMonitor' | 'PodMonitor'): Labels;
}

/**
 * A ServiceMonitor or PodMonitor object whose labels include those the cluster's Prometheus
 * selects monitors by, added when it renders, so monitors of any add-on, made before or after
 * the monitoring add-on, are picked up.
 */
class MonitorObject extends ApiObject {
  constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, props);
  }

  public toJson(): any {
    const json = super.toJson();
    const source = Cluster.of(this).addOns.find((a): a is typeof a & IMonitorSelectorSource => typeof (a as Partial<IMonitorSelectorSource>).monitorSelectorLabels === 'function');
    const extra = source?.monitorSelectorLabels(this.kind as 'ServiceMonitor' | 'PodMonitor') ?? {};
    if (Object.keys(extra).length === 0) return json;
    return { ...json, metadata: { ...json.metadata, labels: { ...(json.metadata.labels ?? {}), ...extra } } };
  }
}

function selects(selector: Labels, labels: Labels | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/**
 * A `monitoring.coreos.com/v1` ServiceMonitor. Refuses, at synthesis, endpoints naming a port
 * that none of the Services it selects in the model exposes: Prometheus would silently scrape
 * nothing.
 */
export class ServiceMonitor extends Construct implements IObjectValidator {
  public readonly props: ServiceMonitorProps;

  constructor(scope: Construct, id: string, props: ServiceMonitorProps) {
    super(scope, id);
    this.props = props;
    new MonitorObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name, namespace: props.namespace, ...(props.labels ? { labels: { ...props.labels } } : {}) },
      spec: {
        ...(props.jobLabel ? { jobLabel: props.jobLabel } : {}),
        endpoints: props.endpoints.map(renderEndpoint),
        ...(props.namespaces ? { namespaceSelector: { matchNames: [...props.namespaces] } } : {}),
        selector: { matchLabels: { ...props.selector } },
      },
    } as never);
  }

  /** The `job` label of the series scraped through this monitor. */
  public get job(): string {
    const p = this.props;
    return p.job ?? (p.jobLabel !== undefined ? p.selector[p.jobLabel] : undefined) ?? p.name;
  }

  /** Namespaces the selected Services live in. */
  public get serviceNamespaces(): readonly string[] {
    return this.props.namespaces ?? [this.props.namespace];
  }

  public validateObjects(objects: readonly PlacedObject[], context: ValidationContext): void {
    const services = objects
      .map((o) => o.manifest as { kind: string; metadata: { name: string; namespace?: string | undefined; labels?: Labels | undefined }; spec?: { ports?: { name?: string | undefined }[] | undefined } | undefined })
      .filter((s) => s.kind === 'Service' && this.serviceNamespaces.includes(s.metadata.namespace ?? '') && selects(this.props.selector, s.metadata.labels));
    if (services.length === 0) return; // Services made outside the model (kubelet's, a tenant's) are not known here.
    const names = new Set(services.flatMap((s) => (s.spec?.ports ?? []).map((p) => p.name).filter((n): n is string => !!n)));
    this.props.endpoints.forEach((e, i) => {
      if (typeof e.port !== 'string' || !names.has(e.port)) {
        context.error(this, {
          rule: 'monitoring/service-monitor-port',
          field: `endpoints[${i}].port`,
          message: `no Service the ServiceMonitor selects (${services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).join(', ')}) exposes a port of that name; Prometheus would scrape nothing`,
          received: e.port,
          expected: names.size > 0 ? `one of ${[...names].sort().join(', ')}` : 'a named Service port',
        });
      }
    });
  }
}

/** Props of a PodMonitor: which pods, in which namespaces, are scraped how. */
export interface PodMonitorProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pods to scrape. */
  readonly selector: Labels;
  /** @default - the PodMonitor's own namespace */
  readonly namespaces?: readonly string[] | undefined;
  /** Endpoints by container port name. */
  readonly endpoints: readonly ScrapeEndpoint[];
}

/** A `monitoring.coreos.com/v1` PodMonitor, for pods without a Service. */
export class PodMonitor extends Construct {
  public readonly props: PodMonitorProps;

  constructor(scope: Construct, id: string, props: PodMonitorProps) {
    super(scope, id);
    this.props = props;
    new MonitorObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        podMetricsEndpoints: props.endpoints.map(renderEndpoint),
        ...(props.namespaces ? { namespaceSelector: { matchNames: [...props.namespaces] } } : {}),
        selector: { matchLabels: { ...props.selector } },
      },
    } as never);
  }
}
