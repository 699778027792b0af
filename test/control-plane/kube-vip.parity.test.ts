import * as fs from 'fs';
import * as path from 'path';
import { Cluster, EndpointLoadBalancer, KubeObject, UpstreamDeviation } from '../../lib';
import { newCluster, parseYamlDocuments, synth } from '../support/synth';
import { expectUpstreamParity, upstreamDifferences } from '../support/upstream-parity';

type Json = Record<string, any>;

// upstream: kube-vip/kube-vip@v1.2.3:pkg/kubevip/config_generator.go (generatePodSpec) and
// pkg/kubevip/config_envvar.go, in ../shared/upstream/kube-vip/v1.2.3/ (Go source kept as .txt).
const SOURCE = path.resolve(__dirname, '../../../shared/upstream/kube-vip/v1.2.3');
const generator = fs.readFileSync(path.join(SOURCE, 'config_generator.go.txt'), 'utf8');
const envVars = new Map([...fs.readFileSync(path.join(SOURCE, 'config_envvar.go.txt'), 'utf8').matchAll(/^\s*(\w+)\s*=\s*"([^"]+)"/gm)].map((m) => [m[1], m[2]]));
const podSpecSource = generator.slice(generator.indexOf('func generatePodSpec('), generator.indexOf('func GeneratePodManifestFromConfig('));

const VIP = '10.0.0.10';
const INTERFACE = 'eth0';
const nodes = [
  { name: 'cp-1', address: '10.0.0.11' },
  { name: 'cp-2', address: '10.0.0.12' },
  { name: 'cp-3', address: '10.0.0.13' },
];
const POD = { kind: 'Pod', name: 'kube-vip', namespace: 'kube-system' };

/**
 * The env generatePodSpec appends, in its order, for the HA guide's ARP command
 * `kube-vip manifest pod --interface eth0 --address <vip> --controlplane --services --arp --leaderElection`
 * (kubernetes/kubeadm@25ccfcf:docs/ha-considerations.md, "kube-vip" / "ARP"):
 * Go constant (resolved through config_envvar.go) and value. Values left to flag defaults are
 * kube-vip/kube-vip@v1.2.3:cmd/kube-vip.go's: --port 6443, --dnsMode first, --namespace
 * kube-system, --leaseName plndr-cp-lock, --leaseDuration 15, --leaseRenewDuration 10,
 * --leaseRetry 2, --servicesLeaseName plndr-svcs-lock, --prometheusHTTPServer :2112; vip_subnet is what `manifest pod` derives
 * from an IPv4 --address (GenerateCidrRange, DefaultMaskIPv4 = 32).
 */
const GENERATED_ENV: ReadonlyArray<readonly [string, unknown]> = [
  ['vipArp', 'true'],
  ['port', '6443'],
  ['nodeName', { fieldRef: { fieldPath: 'spec.nodeName' } }],
  ['vipInterface', INTERFACE],
  ['vipSubnet', '32'],
  ['dnsMode', 'first'],
  ['cpEnable', 'true'],
  ['cpNamespace', 'kube-system'],
  ['svcEnable', 'true'],
  ['svcLeaseName', 'plndr-svcs-lock'],
  ['vipLeaderElection', 'true'],
  ['vipLeaseName', 'plndr-cp-lock'],
  ['vipLeaseDuration', '15'],
  ['vipRenewDeadline', '10'],
  ['vipRetryPeriod', '2'],
  ['address', VIP],
  ['prometheusServer', ':2112'],
];

/** What `kube-vip manifest pod` prints at v1.2.3 for the guide's flags (out of cluster: the kubeconfig mount). */
function upstreamPod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'kube-vip', namespace: 'kube-system' },
    spec: {
      containers: [
        {
          name: 'kube-vip',
          image: 'ghcr.io/kube-vip/kube-vip:v1.2.3',
          imagePullPolicy: 'IfNotPresent',
          securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } },
          args: ['manager'],
          env: GENERATED_ENV.map(([constant, value]) =>
            typeof value === 'string' ? { name: envVars.get(constant), value } : { name: envVars.get(constant), valueFrom: value },
          ),
          volumeMounts: [{ name: 'kubeconfig', mountPath: '/etc/kubernetes/admin.conf' }],
        },
      ],
      hostNetwork: true,
      volumes: [{ name: 'kubeconfig', hostPath: { path: '/etc/kubernetes/admin.conf' } }],
      hostAliases: [{ ip: '127.0.0.1', hostnames: ['kubernetes'] }],
    },
  } as KubeObject;
}

function kubeVipCluster(host = VIP, cpNodes = nodes): Cluster {
  return newCluster({ controlPlane: { nodes: cpNodes, endpoint: { host }, loadBalancer: EndpointLoadBalancer.kubeVip({ interface: INTERFACE }) } });
}

function staticPod(cluster: Cluster, node: string): Json {
  const file = synth(cluster).bootstrapFiles.find((f) => f.path === `static-pods/${node}/kube-vip.yaml`)!;
  return parseYamlDocuments(file.content)[0] as Json;
}

function options(ours: Json) {
  return { upstream: [upstreamPod()], ours: [ours as KubeObject], workloads: [{ upstream: POD, ours: POD }] };
}

describe('kube-vip v1.2.3 upstream parity', () => {
  test('the reconstruction of `kube-vip manifest pod` follows the v1.2.3 generator source', () => {
    // THEN every env var is appended by generatePodSpec, in this order
    const positions = GENERATED_ENV.map(([constant]) => podSpecSource.search(new RegExp(`Name:\\s+${constant},`)));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toStrictEqual(positions);
    expect(GENERATED_ENV.every(([constant]) => envVars.has(constant))).toBe(true);
    // and the container, security context, mount and host alias are the generator's
    expect(podSpecSource).toContain('command := "manager"');
    expect(podSpecSource).toContain('ImagePullPolicy: corev1.PullIfNotPresent');
    expect(podSpecSource).toMatch(/Add: \[\]corev1\.Capability\{\s*"NET_ADMIN",\s*"NET_RAW",\s*\},\s*Drop: \[\]corev1\.Capability\{\s*"ALL",\s*\}/);
    expect(podSpecSource).toContain('MountPath: "/etc/kubernetes/admin.conf"');
    expect(podSpecSource).toMatch(/IP:\s+"127\.0\.0\.1",\s*Hostnames: \[\]string\{"kubernetes"\}/);
    expect(podSpecSource).toContain('HostNetwork: true');
  });

  test('the static pod on the init node matches upstream but for the declared deviations', () => {
    // GIVEN
    const cluster = kubeVipCluster();

    // THEN
    expectUpstreamParity({ ...options(staticPod(cluster, 'cp-1')), deviations: deviations(cluster) });
  });

  test('on a joining node, the kubeconfig mount is upstream\'s too', () => {
    // GIVEN
    const cluster = kubeVipCluster();
    const initOnly = (d: UpstreamDeviation) => d.item.endsWith('mount /etc/kubernetes/admin.conf');

    // THEN
    expect(deviations(cluster).filter(initOnly)).toHaveLength(1);
    expectUpstreamParity({ ...options(staticPod(cluster, 'cp-2')), deviations: deviations(cluster).filter((d) => !initOnly(d)) });
  });

  test('host aliases, pull policy and env order are the generator\'s too', () => {
    // GIVEN
    const ours = staticPod(kubeVipCluster(), 'cp-2');
    const theirs = upstreamPod() as Json;

    // THEN
    expect(ours.spec.hostAliases).toStrictEqual(theirs.spec.hostAliases);
    expect(ours.spec.containers[0].imagePullPolicy).toBe(theirs.spec.containers[0].imagePullPolicy);
    const names = (pod: Json) => (pod.spec.containers[0].env as Json[]).map((e) => e.name);
    expect(names(ours)).toStrictEqual(names(theirs).filter((n) => !n.startsWith('svc_')));
  });

  test('an IPv6 VIP gets a /128 host route, as GenerateCidrRange gives', () => {
    // GIVEN
    const v6Nodes = nodes.map((n, i) => ({ ...n, address: `fd00:10::${11 + i}` }));
    const pod = staticPod(kubeVipCluster('fd00:10::10', v6Nodes), 'cp-2');

    // THEN
    expect(pod.spec.containers[0].env.find((e: Json) => e.name === 'vip_subnet').value).toBe('128');
  });

  test('the test fails when one upstream env var or capability is dropped', () => {
    // GIVEN ours without vip_leaderelection and NET_RAW
    const pod = staticPod(kubeVipCluster(), 'cp-2');
    const c = pod.spec.containers[0];
    c.env = c.env.filter((e: Json) => e.name !== 'vip_leaderelection');
    c.securityContext.capabilities.add = ['NET_ADMIN'];

    // THEN
    expect(upstreamDifferences(options(pod)).map((d) => d.item)).toStrictEqual(
      expect.arrayContaining(['Pod/kube-system/kube-vip container kube-vip env vip_leaderelection', 'Pod/kube-system/kube-vip container kube-vip securityContext.capabilities.add NET_RAW']),
    );
  });
});

function deviations(cluster: Cluster): UpstreamDeviation[] {
  return UpstreamDeviation.of(cluster).filter((d) => d.component.startsWith('kube-vip '));
}
