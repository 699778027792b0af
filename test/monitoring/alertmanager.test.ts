import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AlertReceiver, AlertRoute, MatchType } from '../../constructs/monitoring';
import { ALERTMANAGER_DEFAULTS, alertmanagerNativeConfig } from '../../constructs/monitoring/alertmanager';
import { KubeObject } from '../../lib';
import { toYaml } from '../../lib/synth/yaml';
import { manifests, synth } from '../support/synth';
import { monitoringCluster, objectNamed } from './fixtures';
import { loadUpstream } from '../support/upstream-parity';
import { requiredTool, run } from './real-tools';

const amtool = requiredTool('amtool', 'prometheus-alertmanager');
const itIfAmtool = amtool ? test : test.skip;

const RECEIVERS = [
  AlertReceiver.none('null'),
  AlertReceiver.slack('team-slack', { apiUrl: { secretName: 'alerting', key: 'slack-url' }, channel: '#alerts' }),
  AlertReceiver.pagerDuty('oncall', { routingKey: { secretName: 'alerting', key: 'pagerduty-key' } }),
  AlertReceiver.webhook('hook', { urlSecret: { secretName: 'alerting', key: 'webhook-url' }, sendResolved: true }),
  AlertReceiver.email('mail', { to: 'ops@example.com', from: 'alerts@example.com', smarthost: 'smtp.example.com:587', authUsername: 'alerts', authPassword: { secretName: 'alerting', key: 'smtp-password' } }),
];
const ROUTE: AlertRoute = {
  receiver: 'team-slack',
  groupBy: ['namespace', 'alertname'],
  routes: [
    { receiver: 'null', matchers: [{ name: 'alertname', value: 'Watchdog' }] },
    { receiver: 'oncall', matchers: [{ name: 'severity', value: 'critical' }], continue: true },
    { receiver: 'hook', matchers: [{ name: 'namespace', value: 'payments|data', matchType: MatchType.REGEX }], routes: [{ receiver: 'mail', matchers: [{ name: 'severity', value: 'warning' }] }] },
  ],
};

/** amtool's version, e.g. [0, 25, 0]. */
function amtoolVersion(binary: string): number[] {
  const m = /version (\d+)\.(\d+)\.(\d+)/.exec(run(binary, ['--version'], os.tmpdir()));
  if (!m) throw new Error('amtool --version printed no version');
  return m.slice(1).map(Number);
}

/** Webhook URL written in place of url_file for amtool older than 0.26; `.invalid` never resolves (RFC 2606). */
const URL_FILE_STAND_IN = 'https://url-file.invalid/';

/**
 * The configuration as an amtool of `version` can read it. Alertmanager 0.26 added
 * `webhook_configs[].url_file`, and we run 0.33.1; Debian's amtool is 0.25, whose parser
 * refuses the field (`field url_file not found`) before checking anything else. For such an
 * amtool, and only for the check, each `url_file` becomes a `url` naming the file under
 * URL_FILE_STAND_IN: the rest of the configuration (routes, receivers, inhibition, every other
 * credential file) still goes through the real program, and the substitution is itself checked
 * to touch nothing else. A newer amtool checks the configuration as written.
 */
function forAmtool(config: Record<string, any>, version: readonly number[]): Record<string, any> {
  if (version[0] > 0 || version[1] >= 26) return config;
  return {
    ...config,
    receivers: (config.receivers as Record<string, any>[]).map((r) =>
      r.webhook_configs ? { ...r, webhook_configs: r.webhook_configs.map(({ url_file, ...w }: Record<string, any>) => (url_file === undefined ? w : { url: `${URL_FILE_STAND_IN}${url_file.replace(/^\//, '')}`, ...w })) } : r,
    ),
  };
}

/** Undoes forAmtool, to prove it changed only the url_file fields. */
function undoForAmtool(config: Record<string, any>): Record<string, any> {
  return {
    ...config,
    receivers: (config.receivers as Record<string, any>[]).map((r) =>
      r.webhook_configs
        ? { ...r, webhook_configs: r.webhook_configs.map(({ url, ...w }: Record<string, any>) => (typeof url === 'string' && url.startsWith(URL_FILE_STAND_IN) ? { url_file: `/${url.slice(URL_FILE_STAND_IN.length)}`, ...w } : { url, ...w })) }
        : r,
    ),
  };
}

describe('Alertmanager', () => {
  let objects: KubeObject[];
  beforeAll(() => {
    objects = manifests(synth(monitoringCluster({ alertmanager: { receivers: RECEIVERS, route: ROUTE } })));
  });

  test('the routing tree is an AlertmanagerConfig the Alertmanager resource uses as its global configuration', () => {
    const am = objectNamed(objects, 'Alertmanager', 'main');
    expect(am.spec.alertmanagerConfiguration).toStrictEqual({ name: 'main' });
    expect(am.spec.image).toBe('quay.io/prometheus/alertmanager:v0.33.1');
    const config = objectNamed(objects, 'AlertmanagerConfig', 'main').spec;
    expect(config.route.routes[1]).toStrictEqual({ receiver: 'oncall', matchers: [{ name: 'severity', value: 'critical', matchType: '=' }], continue: true });
    expect(config.route.routes[2].routes).toStrictEqual([{ receiver: 'mail', matchers: [{ name: 'severity', value: 'warning', matchType: '=' }] }]);
  });

  test('the Alertmanager resource keeps kube-prometheus\'s image, replicas, resources, security context and selectors', () => {
    const upstream = objectNamed(loadUpstream('kube-prometheus/main-cd97c0f7/alertmanager-alertmanager.yaml'), 'Alertmanager', 'main').spec;
    const spec = objectNamed(objects, 'Alertmanager', 'main').spec;
    for (const key of ['image', 'version', 'replicas', 'resources', 'nodeSelector', 'serviceAccountName', 'alertmanagerConfigSelector', 'secrets']) {
      expect([key, spec[key]]).toStrictEqual([key, upstream[key]]);
    }
    expect(spec.securityContext).toStrictEqual({ ...upstream.securityContext, seccompProfile: { type: 'RuntimeDefault' } });
    // Upstream's configuration Secret (alertmanager-secret.yaml) is replaced by the AlertmanagerConfig.
    expect(upstream.alertmanagerConfiguration).toBeUndefined();
  });

  test('every receiver credential is a Secret reference, and no Secret is written', () => {
    const receivers = objectNamed(objects, 'AlertmanagerConfig', 'main').spec.receivers;
    expect(receivers).toStrictEqual([
      { name: 'null' },
      { name: 'team-slack', slackConfigs: [{ apiURL: { name: 'alerting', key: 'slack-url' }, channel: '#alerts' }] },
      { name: 'oncall', pagerdutyConfigs: [{ routingKey: { name: 'alerting', key: 'pagerduty-key' } }] },
      { name: 'hook', webhookConfigs: [{ urlSecret: { name: 'alerting', key: 'webhook-url' }, sendResolved: true }] },
      { name: 'mail', emailConfigs: [{ to: 'ops@example.com', from: 'alerts@example.com', smarthost: 'smtp.example.com:587', authUsername: 'alerts', authPassword: { name: 'alerting', key: 'smtp-password' } }] },
    ]);
    expect(objects.filter((o) => o.kind === 'Secret')).toStrictEqual([]);
  });

  test('Prometheus sends alerts to the Alertmanager Service', () => {
    expect(objectNamed(objects, 'Prometheus', 'k8s').spec.alerting).toStrictEqual({ alertmanagers: [{ apiVersion: 'v2', name: 'alertmanager-main', namespace: 'monitoring', port: 'web' }] });
    expect(objectNamed(objects, 'Service', 'alertmanager-main').spec.ports.map((p: any) => p.name)).toContain('web');
  });

  itIfAmtool('amtool check-config accepts the default configuration and a tree using every receiver type, the webhook included', () => {
    const version = amtoolVersion(amtool!);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-amtool-'));
    try {
      for (const [name, route, receivers] of [
        ['default.yaml', ALERTMANAGER_DEFAULTS.route(), ALERTMANAGER_DEFAULTS.receivers()],
        ['custom.yaml', ROUTE, RECEIVERS],
      ] as const) {
        const config = alertmanagerNativeConfig(route, receivers);
        const checked = forAmtool(config, version);
        // Only url_file may differ between what we run and what amtool reads.
        expect(undoForAmtool(checked)).toStrictEqual(config);
        fs.writeFileSync(path.join(dir, name), toYaml(checked));
        expect(run(amtool!, ['check-config', name], dir)).toContain('SUCCESS');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the amtool variant replaces the webhook url_file only', () => {
    const config: Record<string, any> = alertmanagerNativeConfig(ROUTE, RECEIVERS);
    const variant = forAmtool(config, [0, 25, 0]);
    const hook = (c: Record<string, any>) => c.receivers.find((r: Record<string, any>) => r.name === 'hook').webhook_configs;
    expect(hook(config)).toStrictEqual([{ url_file: '/etc/alertmanager/secrets/alerting/webhook-url', send_resolved: true }]);
    expect(hook(variant)).toStrictEqual([{ url: 'https://url-file.invalid/etc/alertmanager/secrets/alerting/webhook-url', send_resolved: true }]);
    expect({ ...variant, receivers: variant.receivers.filter((r: Record<string, any>) => r.name !== 'hook') }).toStrictEqual({ ...config, receivers: config.receivers.filter((r: Record<string, any>) => r.name !== 'hook') });
    // amtool 0.26 and later read the configuration as written.
    expect(forAmtool(config, [0, 26, 0])).toBe(config);
  });

  itIfAmtool('amtool older than 0.26 refuses url_file itself, which is why the variant exists', () => {
    const version = amtoolVersion(amtool!);
    if (version[0] > 0 || version[1] >= 26) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-amtool-'));
    try {
      fs.writeFileSync(path.join(dir, 'as-written.yaml'), toYaml(alertmanagerNativeConfig(ROUTE, RECEIVERS)));
      expect(() => run(amtool!, ['check-config', 'as-written.yaml'], dir)).toThrow(/field url_file not found/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  itIfAmtool('amtool check-config refuses a route to an undefined receiver', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-amtool-'));
    try {
      fs.writeFileSync(path.join(dir, 'bad.yaml'), toYaml(alertmanagerNativeConfig({ receiver: 'nowhere' }, [AlertReceiver.none('null')])));
      expect(() => run(amtool!, ['check-config', 'bad.yaml'], dir)).toThrow(/undefined receiver "nowhere"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
