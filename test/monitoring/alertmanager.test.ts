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

const AMTOOL_ROUTE: AlertRoute = { ...ROUTE, routes: ROUTE.routes!.map((r) => (r.receiver === 'hook' ? { ...r, receiver: 'mail' } : r)) };

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

  itIfAmtool('amtool check-config accepts the default configuration and a tree using every receiver type', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-amtool-'));
    try {
      for (const [name, route, receivers] of [
        ['default.yaml', ALERTMANAGER_DEFAULTS.route(), ALERTMANAGER_DEFAULTS.receivers()],
        // Debian's amtool is 0.25, older than webhook_configs.url_file (Alertmanager 0.26; we run
        // 0.33.1): the webhook receiver is checked by the AlertmanagerConfig CRD schema instead.
        ['custom.yaml', AMTOOL_ROUTE, RECEIVERS.filter((r) => r.type !== 'webhook')],
      ] as const) {
        fs.writeFileSync(path.join(dir, name), toYaml(alertmanagerNativeConfig(route, receivers)));
        expect(run(amtool!, ['check-config', name], dir)).toContain('SUCCESS');
      }
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
