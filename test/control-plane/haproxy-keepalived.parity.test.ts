import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { Cluster, EndpointLoadBalancer, KubeObject, UpstreamDeviation } from '../../lib';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';
import { ParityDifference, configKeyDifferences, expectUpstreamParity, upstreamDifferences } from '../support/upstream-parity';

type Json = Record<string, any>;

// upstream: kubernetes/kubeadm@25ccfcf:docs/ha-considerations.md ("keepalived and haproxy"),
// in ../shared/upstream/kubeadm-ha-considerations/main-25ccfcf/.
const GUIDE = fs.readFileSync(
  path.resolve(__dirname, '../../../shared/upstream/kubeadm-ha-considerations/main-25ccfcf/ha-considerations.md'),
  'utf8',
);
const PORT = 8443;
const nodes = [
  { name: 'cp-1', address: '10.0.0.11' },
  { name: 'cp-2', address: '10.0.0.12' },
  { name: 'cp-3', address: '10.0.0.13' },
];

/**
 * The guide's fenced code block that contains `marker`, or else the first one after it, with
 * the port placeholder filled in.
 */
function guideBlock(marker: string): string {
  const at = GUIDE.indexOf(marker);
  if (at < 0) throw new Error(`the guide has no '${marker}'`);
  const fencesBefore = GUIDE.slice(0, at).match(/^```/gm)?.length ?? 0;
  const from = fencesBefore % 2 === 1 ? GUIDE.lastIndexOf('\n```', at) + 1 : at;
  const block = /^```[a-z]*\n([\s\S]*?)^```/m.exec(GUIDE.slice(from))!;
  return block[1].replace(/\$\{APISERVER_DEST_PORT\}/g, String(PORT));
}

const upstreamPods = (): KubeObject[] =>
  ['The manifest for `keepalived`', 'The manifest for `haproxy`'].map((m) => {
    const pod = parse(guideBlock(m)) as Json;
    // The guide's YAML carries the port as text once the placeholder is filled in.
    const probe = pod.spec.containers[0].livenessProbe;
    if (probe) probe.httpGet.port = Number(probe.httpGet.port);
    return pod as KubeObject;
  });

/**
 * haproxy.cfg as sections of directives. A directive is keyed by its keyword, with the
 * sub-keyword for `option`, `timeout` and `http-check` (`option httplog`), and `server`
 * lines collected under `server`: so that the keys compare, whatever the values.
 */
function haproxyDirectives(cfg: string): Json {
  const sections: Json = {};
  let section: Json | undefined;
  for (const raw of cfg.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const words = line.split(/\s+/);
    if (!/^\s/.test(raw)) {
      section = sections[words.join(' ')] = {};
      continue;
    }
    const compound = ['option', 'timeout', 'http-check'].includes(words[0]);
    const key = compound ? `${words[0]} ${words[1]}` : words[0];
    const value = words.slice(compound ? 2 : 1).join(' ');
    if (key === 'server') (section!.server ??= []).push(value);
    else section![key] = value;
  }
  return sections;
}

/**
 * keepalived.conf as nested blocks. A one-word keyword line (`enable_script_security`, a
 * tracked script's name) is a key; other one-word lines (addresses, placeholders) are the
 * block's items, compared as one list.
 */
function keepalivedBlocks(conf: string): Json {
  const root: Json = {};
  const stack: Json[] = [root];
  for (const raw of conf.split('\n')) {
    const line = raw.replace(/[!#].*$/, '').trim();
    if (line === '') continue;
    const top = stack[stack.length - 1];
    if (line.endsWith('{')) {
      const block: Json = {};
      top[line.slice(0, -1).trim()] = block;
      stack.push(block);
    } else if (line === '}') {
      stack.pop();
    } else {
      const [key, ...rest] = line.split(/\s+/);
      if (rest.length === 0 && !/^[a-z_]+$/.test(key)) (top.items ??= []).push(key);
      else if (rest.length === 0) top[key] = true;
      else top[key] = rest.join(' ');
    }
  }
  return root;
}

function haCluster(): Cluster {
  return newCluster({
    controlPlane: { nodes, endpoint: { host: '10.0.0.10', port: PORT }, loadBalancer: EndpointLoadBalancer.haproxyKeepalived({ interface: 'eth1' }) },
  });
}

/** The files cloud-init writes on a control-plane node. */
function written(cluster: Cluster, node: string): Record<string, string> {
  const cloudInit = synth(cluster).bootstrapFiles.find((f) => f.path === `cloud-init/${node}.yaml`)!;
  const doc = parseYamlDocuments(cloudInit.content)[0] as Json;
  return Object.fromEntries((doc.write_files as Json[]).map((f) => [f.path, f.content]));
}

function oursPods(files: Record<string, string>): KubeObject[] {
  return ['keepalived', 'haproxy'].map((p) => parseYamlDocuments(files[`/etc/kubernetes/manifests/${p}.yaml`])[0] as KubeObject);
}

const WORKLOADS = ['keepalived', 'haproxy'].map((name) => {
  const ref = { kind: 'Pod', name, namespace: 'kube-system' };
  return { upstream: ref, ours: ref };
});

function configDifferences(files: Record<string, string>): ParityDifference[] {
  return [
    ...configKeyDifferences('haproxy.cfg', haproxyDirectives(guideBlock('# /etc/haproxy/haproxy.cfg')), haproxyDirectives(files['/etc/haproxy/haproxy.cfg'])),
    ...configKeyDifferences('keepalived.conf', keepalivedBlocks(guideBlock('! /etc/keepalived/keepalived.conf')), keepalivedBlocks(files['/etc/keepalived/keepalived.conf'])),
  ];
}

function deviations(cluster: Cluster): UpstreamDeviation[] {
  return UpstreamDeviation.of(cluster).filter((d) => /^(haproxy|keepalived) /.test(d.component));
}

const isConfigItem = (item: string) => /^(haproxy\.cfg|keepalived\.conf) /.test(item);

describe('haproxy + keepalived (kubeadm HA guide) upstream parity', () => {
  test.each(['cp-1', 'cp-2'])('the static pods on %s match the guide\'s but for the declared deviations', (node) => {
    // GIVEN
    const cluster = haCluster();

    // THEN
    expectUpstreamParity({
      upstream: upstreamPods(),
      ours: oursPods(written(cluster, node)),
      workloads: WORKLOADS,
      deviations: deviations(cluster).filter((d) => !isConfigItem(d.item)),
    });
  });

  test.each(['cp-1', 'cp-2'])('haproxy.cfg and keepalived.conf on %s carry the guide\'s directives but for the declared deviations', (node) => {
    // GIVEN
    const cluster = haCluster();

    // THEN
    expect(configDifferences(written(cluster, node)).map((d) => d.item).sort()).toStrictEqual(
      deviations(cluster).map((d) => d.item).filter(isConfigItem).sort(),
    );
  });

  test('the directives keep the guide\'s values where the model does not decide them', () => {
    // GIVEN
    const files = written(haCluster(), 'cp-1');
    const guideHaproxy = haproxyDirectives(guideBlock('# /etc/haproxy/haproxy.cfg'));
    const guideKeepalived = keepalivedBlocks(guideBlock('! /etc/keepalived/keepalived.conf'));
    const haproxy = haproxyDirectives(files['/etc/haproxy/haproxy.cfg']);
    const keepalived = keepalivedBlocks(files['/etc/keepalived/keepalived.conf']);

    // THEN
    expect(haproxy.global).toStrictEqual(guideHaproxy.global);
    expect(haproxy.defaults).toStrictEqual(guideHaproxy.defaults);
    expect({ ...haproxy['frontend apiserver'] }).toStrictEqual({ ...guideHaproxy['frontend apiserver'] });
    const { server: servers, ...backend } = haproxy['backend apiserverbackend'];
    const { server: guideServers, ...guideBackend } = guideHaproxy['backend apiserverbackend'];
    expect(backend).toStrictEqual(guideBackend);
    expect(servers).toStrictEqual(nodes.map((n) => `${n.name} ${n.address}:6443 check verify none`));
    expect(guideServers).toStrictEqual(['${HOST1_ID} ${HOST1_ADDRESS}:${APISERVER_SRC_PORT} check verify none']);
    expect(keepalived['vrrp_script check_apiserver']).toStrictEqual(guideKeepalived['vrrp_script check_apiserver']);
    expect(keepalived.global_defs).toMatchObject(guideKeepalived.global_defs);
    expect(keepalived['vrrp_instance VI_1']).toMatchObject({ state: 'MASTER', interface: 'eth1', virtual_router_id: '51', priority: '101' });
    // check_apiserver.sh: the guide's commands, port filled in
    const commands = (script: string) => script.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    expect(commands(files['/etc/keepalived/check_apiserver.sh'])).toStrictEqual(commands(guideBlock('keepalived` configuration uses a health check script')));
  });

  test('the test fails when a guide directive, mount or capability is dropped', () => {
    // GIVEN ours without `option redispatch`, the check script mount and NET_BROADCAST
    const files = written(haCluster(), 'cp-2');
    files['/etc/haproxy/haproxy.cfg'] = files['/etc/haproxy/haproxy.cfg'].replace(/^.*option\s+redispatch.*\n/m, '');
    const pods = oursPods(files) as Json[];
    const keepalived = pods[0].spec.containers[0];
    keepalived.volumeMounts = keepalived.volumeMounts.filter((m: Json) => m.name !== 'check');
    keepalived.securityContext.capabilities.add = ['NET_ADMIN', 'NET_RAW'];

    // THEN
    expect(configDifferences(files).map((d) => d.item)).toContain('haproxy.cfg key defaults.option redispatch');
    expect(upstreamDifferences({ upstream: upstreamPods(), ours: pods as KubeObject[], workloads: WORKLOADS }).map((d) => d.item)).toStrictEqual(
      expect.arrayContaining([
        'Pod/kube-system/keepalived container keepalived mount /etc/keepalived/check_apiserver.sh',
        'Pod/kube-system/keepalived container keepalived securityContext.capabilities.add NET_BROADCAST',
      ]),
    );
  });
});
