import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { imageRef } from '../../lib/versions/image';
import { MONITORING_PINS } from '../../lib/versions/monitoring';
import { componentLabels, operatedServerObjects } from './parts';
import { SecretKeyReference } from './service-monitor';

// upstream: prometheus-operator/kube-prometheus@cd97c0f7:manifests/alertmanager-*.yaml. The
// routing tree of alertmanager-secret.yaml is our default; it is rendered as an
// AlertmanagerConfig custom resource (spec.alertmanagerConfiguration), so no Secret with the
// configuration, and no receiver credential, is written to Git.

/** How a matcher compares a label. */
export enum MatchType {
  EQUAL = '=',
  NOT_EQUAL = '!=',
  REGEX = '=~',
  NOT_REGEX = '!~',
}

/** A label matcher of a route. */
export interface AlertMatcher {
  readonly name: string;
  readonly value: string;
  /** @default MatchType.EQUAL */
  readonly matchType?: MatchType | undefined;
}

/** A node of the routing tree. */
export interface AlertRoute {
  /** Name of the receiver alerts of this route go to. */
  readonly receiver: string;
  /** @default - every alert (the root route) */
  readonly matchers?: readonly AlertMatcher[] | undefined;
  /** @default ['namespace'] at the root, inherited below */
  readonly groupBy?: readonly string[] | undefined;
  /** @default - inherited; '30s' at the root */
  readonly groupWait?: string | undefined;
  /** @default - inherited; '5m' at the root */
  readonly groupInterval?: string | undefined;
  /** @default - inherited; '12h' at the root */
  readonly repeatInterval?: string | undefined;
  /** Keep matching sibling routes after this one. @default false */
  readonly continue?: boolean | undefined;
  /** @default - none */
  readonly routes?: readonly AlertRoute[] | undefined;
}

/** Where notifications go. Every credential is a Secret key in the monitoring namespace. */
export class AlertReceiver {
  /** Drops the alerts (kube-prometheus's `null` receiver). */
  public static none(name: string): AlertReceiver {
    return new AlertReceiver(name, 'none', {});
  }

  /** An HTTP webhook whose URL (it often carries a token) is read from a Secret. */
  public static webhook(name: string, options: { readonly urlSecret: SecretKeyReference; readonly sendResolved?: boolean | undefined }): AlertReceiver {
    return new AlertReceiver(name, 'webhook', options);
  }

  /** A Slack incoming webhook; its URL is the credential and is read from a Secret. */
  public static slack(name: string, options: { readonly apiUrl: SecretKeyReference; readonly channel: string; readonly sendResolved?: boolean | undefined }): AlertReceiver {
    return new AlertReceiver(name, 'slack', options);
  }

  /** E-mail through an SMTP relay; the password is read from a Secret. */
  public static email(
    name: string,
    options: { readonly to: string; readonly from: string; readonly smarthost: string; readonly authUsername?: string | undefined; readonly authPassword?: SecretKeyReference | undefined; readonly sendResolved?: boolean | undefined },
  ): AlertReceiver {
    return new AlertReceiver(name, 'email', options);
  }

  /** PagerDuty Events API v2; the routing key is read from a Secret. */
  public static pagerDuty(name: string, options: { readonly routingKey: SecretKeyReference; readonly sendResolved?: boolean | undefined }): AlertReceiver {
    return new AlertReceiver(name, 'pagerduty', options);
  }

  private constructor(
    public readonly name: string,
    public readonly type: 'none' | 'webhook' | 'slack' | 'email' | 'pagerduty',
    public readonly options: Readonly<Record<string, unknown>>,
  ) {}

  /** The fields that must be Secret references, with what was given. */
  public get secretFields(): ReadonlyArray<readonly [string, unknown]> {
    const o = this.options;
    switch (this.type) {
      case 'webhook':
        return [['urlSecret', o.urlSecret]];
      case 'slack':
        return [['apiUrl', o.apiUrl]];
      case 'email':
        return o.authPassword === undefined ? [] : [['authPassword', o.authPassword]];
      case 'pagerduty':
        return [['routingKey', o.routingKey]];
      default:
        return [];
    }
  }
}

/** Props of Alertmanager: replicas, receivers and the routing tree. */
export interface AlertmanagerProps {
  /** @default 3 */
  readonly replicas?: number | undefined;
  /**
   * Receivers; names must be unique.
   * @default - kube-prometheus's: Default, Watchdog, Critical and null, all without notifications
   */
  readonly receivers?: readonly AlertReceiver[] | undefined;
  /** @default - kube-prometheus's tree: Watchdog and InfoInhibitor apart, critical alerts to Critical, the rest to Default */
  readonly route?: AlertRoute | undefined;
}

/** @internal Defaults of AlertmanagerProps, resolved in one place (kube-prometheus's routing tree). */
export const ALERTMANAGER_DEFAULTS = {
  replicas: 3,
  /** Default, Watchdog, Critical and null, none of which notifies. */
  receivers: (): AlertReceiver[] => ['Default', 'Watchdog', 'Critical', 'null'].map((n) => AlertReceiver.none(n)),
  /** Watchdog and InfoInhibitor apart, critical alerts to Critical, the rest to Default. */
  route: (): AlertRoute => ({
    receiver: 'Default',
    groupBy: ['namespace'],
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: '12h',
    routes: [
      { receiver: 'Watchdog', matchers: [{ name: 'alertname', value: 'Watchdog' }] },
      { receiver: 'null', matchers: [{ name: 'alertname', value: 'InfoInhibitor' }] },
      { receiver: 'Critical', matchers: [{ name: 'severity', value: 'critical' }] },
    ],
  }),
} as const;

/** kube-prometheus's inhibition rules: a critical alert silences its warning and info twins. */
const INHIBIT_RULES = [
  { source: [['severity', '=', 'critical']], target: [['severity', '=~', 'warning|info']], equal: ['namespace', 'alertname'] },
  { source: [['severity', '=', 'warning']], target: [['severity', '=', 'info']], equal: ['namespace', 'alertname'] },
  { source: [['alertname', '=', 'InfoInhibitor']], target: [['severity', '=', 'info']], equal: ['namespace'] },
] as const;

const SECRETS_DIR = '/etc/alertmanager/secrets';

function crdRoute(r: AlertRoute): Record<string, unknown> {
  return {
    receiver: r.receiver,
    ...(r.matchers?.length ? { matchers: r.matchers.map((m) => ({ name: m.name, value: m.value, matchType: m.matchType ?? MatchType.EQUAL })) } : {}),
    ...(r.groupBy ? { groupBy: [...r.groupBy] } : {}),
    ...(r.groupWait ? { groupWait: r.groupWait } : {}),
    ...(r.groupInterval ? { groupInterval: r.groupInterval } : {}),
    ...(r.repeatInterval ? { repeatInterval: r.repeatInterval } : {}),
    ...(r.continue ? { continue: true } : {}),
    ...(r.routes?.length ? { routes: r.routes.map(crdRoute) } : {}),
  };
}

function crdReceiver(r: AlertReceiver): Record<string, unknown> {
  const o = r.options as Record<string, any>;
  const ref = (s: SecretKeyReference) => ({ name: s.secretName, key: s.key });
  const resolved = o.sendResolved === undefined ? {} : { sendResolved: o.sendResolved };
  switch (r.type) {
    case 'webhook':
      return { name: r.name, webhookConfigs: [{ urlSecret: ref(o.urlSecret), ...resolved }] };
    case 'slack':
      return { name: r.name, slackConfigs: [{ apiURL: ref(o.apiUrl), channel: o.channel, ...resolved }] };
    case 'email':
      return {
        name: r.name,
        emailConfigs: [{ to: o.to, from: o.from, smarthost: o.smarthost, ...(o.authUsername ? { authUsername: o.authUsername } : {}), ...(o.authPassword ? { authPassword: ref(o.authPassword) } : {}), ...resolved }],
      };
    case 'pagerduty':
      return { name: r.name, pagerdutyConfigs: [{ routingKey: ref(o.routingKey), ...resolved }] };
    default:
      return { name: r.name };
  }
}

/** @internal The AlertmanagerConfig spec the operator turns into Alertmanager's configuration. */
export function alertmanagerConfigSpec(route: AlertRoute, receivers: readonly AlertReceiver[]): Record<string, unknown> {
  return {
    route: crdRoute(route),
    receivers: receivers.map(crdReceiver),
    inhibitRules: INHIBIT_RULES.map((i) => ({
      sourceMatch: i.source.map(([name, op, value]) => ({ name, value, matchType: op })),
      targetMatch: i.target.map(([name, op, value]) => ({ name, value, matchType: op })),
      equal: [...i.equal],
    })),
  };
}

/**
 * @internal
 * The same routing tree and receivers in Alertmanager's native format, with each credential
 * read from the file its Secret is mounted at: what `amtool check-config` verifies.
 */
export function alertmanagerNativeConfig(route: AlertRoute, receivers: readonly AlertReceiver[]): Record<string, unknown> {
  const file = (s: SecretKeyReference) => `${SECRETS_DIR}/${s.secretName}/${s.key}`;
  const native = (r: AlertRoute): Record<string, unknown> => ({
    receiver: r.receiver,
    ...(r.matchers?.length ? { matchers: r.matchers.map((m) => `${m.name} ${m.matchType ?? MatchType.EQUAL} ${JSON.stringify(m.value)}`) } : {}),
    ...(r.groupBy ? { group_by: [...r.groupBy] } : {}),
    ...(r.groupWait ? { group_wait: r.groupWait } : {}),
    ...(r.groupInterval ? { group_interval: r.groupInterval } : {}),
    ...(r.repeatInterval ? { repeat_interval: r.repeatInterval } : {}),
    ...(r.continue ? { continue: true } : {}),
    ...(r.routes?.length ? { routes: r.routes.map(native) } : {}),
  });
  const receiver = (r: AlertReceiver): Record<string, unknown> => {
    const o = r.options as Record<string, any>;
    const resolved = o.sendResolved === undefined ? {} : { send_resolved: o.sendResolved };
    switch (r.type) {
      case 'webhook':
        return { name: r.name, webhook_configs: [{ url_file: file(o.urlSecret), ...resolved }] };
      case 'slack':
        return { name: r.name, slack_configs: [{ api_url_file: file(o.apiUrl), channel: o.channel, ...resolved }] };
      case 'email':
        return {
          name: r.name,
          email_configs: [{ to: o.to, from: o.from, smarthost: o.smarthost, ...(o.authUsername ? { auth_username: o.authUsername } : {}), ...(o.authPassword ? { auth_password_file: file(o.authPassword) } : {}), ...resolved }],
        };
      case 'pagerduty':
        return { name: r.name, pagerduty_configs: [{ routing_key_file: file(o.routingKey), ...resolved }] };
      default:
        return { name: r.name };
    }
  };
  return {
    global: { resolve_timeout: '5m' },
    inhibit_rules: INHIBIT_RULES.map((i) => ({
      source_matchers: i.source.map(([n, op, v]) => `${n} ${op} ${JSON.stringify(v)}`),
      target_matchers: i.target.map(([n, op, v]) => `${n} ${op} ${JSON.stringify(v)}`),
      equal: [...i.equal],
    })),
    receivers: receivers.map(receiver),
    route: native(route),
  };
}

/** Every receiver name a route tree refers to. */
export function routeReceivers(route: AlertRoute): string[] {
  return [route.receiver, ...(route.routes ?? []).flatMap(routeReceivers)];
}

const NAME = 'alertmanager-main';

/** The Alertmanager custom resource `main`, its routing configuration, Service, PDB and ServiceMonitor. */
export class AlertmanagerCluster extends Construct {
  public readonly podLabels = componentLabels('alert-router', 'alertmanager', 'main');
  public readonly serviceName = NAME;
  public readonly port = 9093;
  public readonly route: AlertRoute;
  public readonly receivers: readonly AlertReceiver[];

  constructor(scope: Construct, id: string, props: AlertmanagerProps & { readonly namespace: string }) {
    super(scope, id);
    const ns = props.namespace;
    const labels = this.podLabels;
    this.route = props.route ?? ALERTMANAGER_DEFAULTS.route();
    this.receivers = props.receivers ?? ALERTMANAGER_DEFAULTS.receivers();
    const meta = (name: string) => ({ name, namespace: ns, labels: { ...labels } });
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(NAME), automountServiceAccountToken: false });
    operatedServerObjects(this, { name: NAME, namespace: ns, labels, port: this.port, disruption: { maxUnavailable: 1 } });
    new ApiObject(this, 'Config', {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'AlertmanagerConfig',
      metadata: meta('main'),
      spec: alertmanagerConfigSpec(this.route, this.receivers),
    } as never);
    new ApiObject(this, 'Alertmanager', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Alertmanager',
      metadata: meta('main'),
      spec: {
        alertmanagerConfigSelector: {},
        alertmanagerConfiguration: { name: 'main' },
        image: imageRef(MONITORING_PINS.alertmanager),
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        podMetadata: { labels: { ...labels } },
        replicas: props.replicas ?? ALERTMANAGER_DEFAULTS.replicas,
        resources: { limits: { cpu: '100m', memory: '100Mi' }, requests: { cpu: '4m', memory: '100Mi' } },
        secrets: [],
        securityContext: { fsGroup: 2000, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
        serviceAccountName: NAME,
        version: MONITORING_PINS.alertmanagerVersion,
      },
    } as never);
  }
}
