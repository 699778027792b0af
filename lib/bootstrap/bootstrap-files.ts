import type { Cluster } from '../cluster';
import { ClusterCaKind } from '../control-plane/cluster-ca';
import { ControlPlane } from '../control-plane/control-plane';
import { EndpointLoadBalancerKind } from '../control-plane/endpoint-load-balancer';
import { EtcdTopology } from '../control-plane/etcd';
import { NodeSpec } from '../control-plane/node';
import { NodePool } from '../control-plane/node-pool';
import { toYaml, toYamlStream } from '../synth/yaml';
import { ETCD_VERSION } from '../versions/control-plane';
import { etcdMemberUnit } from './etcd-member';
import { etcdPkiScript } from './etcd-pki';
import {
  clusterConfiguration,
  initConfiguration,
  joinConfiguration,
  kubeletConfiguration,
  kubeProxyConfiguration,
} from './kubeadm';
import { KUBE_VIP_POST_INIT_COMMAND, loadBalancerNodeFiles, NodeFile } from './load-balancer';
import { nodePrerequisiteCommands, nodePrerequisitesMarkdown, runtimeStartCommands } from './node-setup';
import { portsMarkdown } from './ports';
import { BOOTSTRAP_PLACEHOLDERS, caCertHash } from './secrets';
import { kubeletKernelTunablesConf } from '../security/component-settings';
import { apiServerConfigFiles, SECURITY_CONFIG_DIR } from '../security/api-server-files';
import { webhookKubeconfigSensitive } from '../security/webhook';
import { securityReport } from '../security/security-report';

/** @internal A file of `dist/<cluster>/bootstrap/`. */
export interface BootstrapFile {
  readonly path: string;
  readonly content: string;
  /** Holds secret placeholders; the Pulumi backend exports it as a secret. */
  readonly sensitive: boolean;
}

const KUBEADM_CONFIG_PATH = '/etc/kubernetes/clusterforge/kubeadm.yaml';
/** kubeadm's CA paths under its default certificatesDir. */
const CA_CERT_PATH = '/etc/kubernetes/pki/ca.crt';
const CA_KEY_PATH = '/etc/kubernetes/pki/ca.key';

/** @internal What one node gets. */
export enum NodeRole {
  /** The first control-plane node: `kubeadm init`. */
  INIT = 'init',
  CONTROL_PLANE = 'control-plane',
  WORKER = 'worker',
}

interface NodeBootstrap {
  readonly node: NodeSpec;
  readonly role: NodeRole;
  readonly kubeadm: string;
  readonly command: string;
  readonly files: readonly CloudInitFile[];
  /** Commands after kubeadm, on this node. */
  readonly after: readonly string[];
}

interface CloudInitFile {
  readonly path: string;
  readonly permissions: string;
  readonly content: string;
  /** cloud-init decodes base64 content: placeholders for PEM files fill in as one line. */
  readonly encoding?: 'b64' | undefined;
}

/** The hash joining nodes pin: computed from a provided CA, else a placeholder filled after init. */
function joinCaCertHash(cp: ControlPlane): string {
  return cp.ca.kind === ClusterCaKind.PROVIDED && cp.ca.certificate ? caCertHash(cp.ca.certificate) : BOOTSTRAP_PLACEHOLDERS.caCertHash;
}

/** Files only the first control-plane node needs before `kubeadm init`: a provided CA, external etcd's client PKI. */
function initNodeFiles(cluster: Cluster, cp: ControlPlane): CloudInitFile[] {
  const files: CloudInitFile[] = [];
  if (cp.ca.kind === ClusterCaKind.PROVIDED && cp.ca.certificate) {
    files.push({ path: CA_CERT_PATH, permissions: '0644', content: cp.ca.certificate });
    files.push({ path: CA_KEY_PATH, permissions: '0600', content: BOOTSTRAP_PLACEHOLDERS.caKey, encoding: 'b64' });
  }
  const ext = cluster.etcd.externalOptions;
  if (cluster.etcd.topology === EtcdTopology.EXTERNAL && ext) {
    // kubeadm's preflight reads these; `--upload-certs` then hands them to the other control-plane nodes.
    files.push({ path: ext.caFile, permissions: '0644', content: BOOTSTRAP_PLACEHOLDERS.etcdCaCert, encoding: 'b64' });
    files.push({ path: ext.certFile, permissions: '0644', content: BOOTSTRAP_PLACEHOLDERS.etcdClientCert, encoding: 'b64' });
    files.push({ path: ext.keyFile, permissions: '0600', content: BOOTSTRAP_PLACEHOLDERS.etcdClientKey, encoding: 'b64' });
  }
  return files;
}

/** The API server's security configuration, on every control-plane node (kubeadm join mounts it too). */
function securityNodeFiles(cluster: Cluster, cp: ControlPlane): CloudInitFile[] {
  return apiServerConfigFiles(cluster, cp).map((f) => ({ path: `${SECURITY_CONFIG_DIR}/${f.fileName}`, permissions: '0600', content: toYaml(f.document) }));
}

function lbFiles(cp: ControlPlane, node: NodeSpec): { files: CloudInitFile[]; pods: NodeFile[] } {
  const all = loadBalancerNodeFiles(cp, node, toYaml);
  return { files: all.map((f) => ({ path: f.path, permissions: f.permissions, content: f.content })), pods: all.filter((f) => f.pod) };
}

function nodeBootstraps(cluster: Cluster, cp: ControlPlane): NodeBootstrap[] {
  const result: NodeBootstrap[] = [];
  const hash = joinCaCertHash(cp);
  cp.nodes.forEach((node, i) => {
    const init = i === 0;
    const docs = init
      ? [initConfiguration(cluster, node), clusterConfiguration(cluster, cp), kubeletConfiguration(cluster), kubeProxyConfiguration(cluster)]
      : [joinConfiguration(cluster, node, { controlPlane: true }, hash)];
    result.push({
      node,
      role: init ? NodeRole.INIT : NodeRole.CONTROL_PLANE,
      kubeadm: toYamlStream(docs.filter((d) => d !== undefined)),
      command: init ? `kubeadm init --config ${KUBEADM_CONFIG_PATH} --upload-certs` : `kubeadm join --config ${KUBEADM_CONFIG_PATH}`,
      files: [...(init ? initNodeFiles(cluster, cp) : []), ...securityNodeFiles(cluster, cp), ...lbFiles(cp, node).files],
      after: init && cp.loadBalancer.kind === EndpointLoadBalancerKind.KUBE_VIP ? [KUBE_VIP_POST_INIT_COMMAND] : [],
    });
  });
  cluster.nodePools.forEach((pool: NodePool) => {
    for (const node of pool.nodes) {
      result.push({
        node,
        role: NodeRole.WORKER,
        kubeadm: toYaml(joinConfiguration(cluster, node, { controlPlane: false, pool }, hash)),
        command: `kubeadm join --config ${KUBEADM_CONFIG_PATH}`,
        files: [],
        after: [],
      });
    }
  });
  return result;
}

/**
 * cloud-init user-data for one node: kernel prerequisites, the container runtime's
 * configuration (restarted before kubeadm), the packages when asked, the kubeadm config,
 * static pods and first-node PKI, then kubeadm and its documented post-steps.
 */
function cloudInit(cluster: Cluster, cp: ControlPlane, b: NodeBootstrap): string {
  const runtime = cp.containerRuntime;
  const files: CloudInitFile[] = [
    // br_netfilter makes bridged pod traffic visible to iptables; kubeadm no longer checks it
    // (since v1.30), but flannel, calico and kube-proxy in iptables mode rely on it.
    { path: '/etc/modules-load.d/k8s.conf', permissions: '0644', content: 'overlay\nbr_netfilter\n' },
    {
      path: '/etc/sysctl.d/k8s.conf',
      permissions: '0644',
      content: 'net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\nnet.ipv6.conf.all.forwarding = 1\n',
    },
    ...(kubeletKernelTunablesConf(cp.hardening)
      ? [{ path: '/etc/sysctl.d/90-kubelet.conf', permissions: '0644', content: kubeletKernelTunablesConf(cp.hardening) }]
      : []),
    { path: runtime.configPath, permissions: '0644', content: runtime.renderConfig() },
    { path: KUBEADM_CONFIG_PATH, permissions: '0600', content: b.kubeadm },
    ...b.files,
  ];
  const doc = {
    write_files: files.map((f) => ({ path: f.path, permissions: f.permissions, ...(f.encoding ? { encoding: f.encoding } : {}), content: f.content })),
    runcmd: [
      // The kubelet refuses to start with swap on unless configured otherwise.
      'swapoff -a',
      "sed -i '/\\sswap\\s/ s/^#*/#/' /etc/fstab",
      'modprobe overlay',
      'modprobe br_netfilter',
      'sysctl --system',
      ...nodePrerequisiteCommands(cluster, cp),
      ...runtimeStartCommands(runtime),
      b.command,
      ...b.after,
    ],
  };
  return `#cloud-config\n# Node ${b.node.name}. Fill the secret placeholders first: see ../README.md.\n${toYaml(doc)}`;
}

function nodeLine(b: NodeBootstrap, n: number): string {
  const addresses = [b.node.address, ...(b.node.secondaryAddress ? [b.node.secondaryAddress] : [])].join(', ');
  return `${n}. \`${b.node.name}\` (${addresses}): boot it with \`cloud-init/${b.node.name}.yaml\`; it runs \`${b.command}\`.`;
}

function readme(cluster: Cluster, cp: ControlPlane, bootstraps: readonly NodeBootstrap[]): string {
  const name = cluster.clusterName;
  const first = bootstraps[0];
  const others = bootstraps.filter((b) => b.role === NodeRole.CONTROL_PLANE);
  const workers = bootstraps.filter((b) => b.role === NodeRole.WORKER);
  const external = cluster.etcd.topology === EtcdTopology.EXTERNAL ? cluster.etcd.externalOptions : undefined;
  const providedCa = cp.ca.kind === ClusterCaKind.PROVIDED;
  const schedulable = cp.isSchedulable(workers.length);
  const lines: string[] = [];
  let step = 0;
  const section = (title: string) => lines.push(`## ${++step}. ${title}`, '');

  lines.push(
    `# Bootstrapping ${name}`,
    '',
    'Generated by clusterforge. Every file here is safe to commit: secrets are placeholders, filled into a',
    'git-ignored copy in "Fill the secrets". Follow the steps in order.',
    '',
  );

  section('What every node needs');
  lines.push(...nodePrerequisitesMarkdown(cluster, cp), '');
  lines.push('Open the ports of `PORTS.md` between the roles it lists.', '');

  section('Secrets and the cluster CA');
  lines.push(
    'Generate the two bootstrap secrets once and keep them in your secret store; every later step reuses them:',
    '',
    '```sh',
    'export CLUSTERFORGE_BOOTSTRAP_TOKEN=$(kubeadm token generate)        # [a-z0-9]{6}.[a-z0-9]{16}',
    'export CLUSTERFORGE_CERTIFICATE_KEY=$(kubeadm certs certificate-key) # 64 hex characters (or: openssl rand -hex 32)',
    '```',
    '',
  );
  if (providedCa) {
    lines.push(
      'The cluster CA is provided (`ClusterCa.provided`): its certificate is written to ' + `\`${CA_CERT_PATH}\` on \`${first.node.name}\`,`,
      'and its hash is already in every join file. Its key goes to the first node only, through the',
      `\`${BOOTSTRAP_PLACEHOLDERS.caKey}\` placeholder: pass \`--ca-key <path to ca.key>\` to fill-secrets below.`,
      '',
    );
  } else {
    lines.push(
      `\`kubeadm init\` creates the cluster CA on \`${first.node.name}\`. The join files pin its hash`,
      `(\`${BOOTSTRAP_PLACEHOLDERS.caCertHash}\`), so they can only be filled once that node is up (see "The first control-plane node").`,
      'To know the hash in advance, bring your own CA with `ClusterCa.provided({ certificate })`.',
      '',
    );
  }

  if (external) {
    const pkiDir = external.pkiDir ?? '/etc/kubernetes/pki/etcd';
    section('External etcd: PKI and members');
    lines.push(
      "kubeadm's preflight needs the etcd members answering and the client certificate files on the first",
      "control-plane node (kubeadm's \"Set up a High Availability etcd cluster with kubeadm\" flow). On a trusted",
      'machine with openssl, outside this repository:',
      '',
      '```sh',
      `sh etcd/pki.sh ~/clusterforge-pki/${name}-etcd`,
      '```',
      '',
      'It writes the etcd CA, each member\'s server and peer certificates, `apiserver-etcd-client` and',
      '`healthcheck-client`. Then, for each member:',
      '',
      ...cluster.etcd.members.map(
        (m, i) =>
          `${i + 1}. \`${m.name}\` (${m.address}): copy \`${m.name}/*\` to \`${pkiDir}/\` (keys mode 0600), install etcd ${ETCD_VERSION} ` +
          `(release archive of github.com/etcd-io/etcd) at \`${external.binaryPath ?? '/usr/local/bin/etcd'}\`, copy \`etcd/etcd-${m.name}.service\` to \`/etc/systemd/system/\`, ` +
          `then \`systemctl daemon-reload && systemctl enable --now etcd-${m.name}\`.`,
      ),
      '',
      'Start all members within a few minutes of each other: a member waits for a quorum. Check from the PKI',
      'output directory:',
      '',
      '```sh',
      `etcdctl --endpoints=${cluster.etcd.members.map((m) => `${m.scheme}://${m.address.includes(':') ? `[${m.address}]` : m.address}:${m.clientPort}`).join(',')} \\`,
      `  --cacert=ca.crt --cert=healthcheck-client.crt --key=healthcheck-client.key endpoint health`,
      '```',
      '',
    );
  }

  section('Fill the secrets');
  const flags = [providedCa ? ' --ca-key <path to ca.key>' : '', external ? ` --etcd-pki ~/clusterforge-pki/${name}-etcd` : ''].join('');
  lines.push(
    '```sh',
    `npx clusterforge fill-secrets ${name}${flags}`,
    '```',
    '',
    `It writes \`.bootstrap-secrets/${name}/\` (git-ignored, files mode 0600) and names the files that still hold`,
    'placeholders. Use the cloud-init files of that copy, never the ones here. With Pulumi, pass the token and key',
    'as Pulumi secrets instead.',
    '',
  );
  if (cp.security.encryptionAtRest?.provider.localKey) {
    lines.push(
      'Secrets are encrypted at rest with a key of yours: export `CLUSTERFORGE_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)`',
      'before filling (or pass `--generate`) and keep it in your secret store: etcd data and backups cannot be read without it.',
      'With Pulumi, pass it in the stack\'s `encryptionKeys` secret. Rotation: see the repository README, "Security defaults".',
      '',
    );
  }

  const webhookTokenVariables = [
    ...(webhookKubeconfigSensitive(cp.security.authentication?.tokenWebhook) ? ['`CLUSTERFORGE_AUTHENTICATION_WEBHOOK_TOKEN`'] : []),
    ...(webhookKubeconfigSensitive(cp.security.authorization?.webhook) ? ['`CLUSTERFORGE_AUTHORIZATION_WEBHOOK_TOKEN`'] : []),
  ];
  if (webhookTokenVariables.length > 0) {
    lines.push(
      `kube-apiserver presents bearer tokens to its webhooks: export ${webhookTokenVariables.join(' and ')} before filling.`,
      "With Pulumi, pass them in the stack's `webhookTokens` secret.",
      '',
    );
  }

  section(`The first control-plane node`);
  lines.push(nodeLine(first, 1), '');
  if (cp.loadBalancer.kind === EndpointLoadBalancerKind.KUBE_VIP) {
    lines.push(
      'kube-vip reads `super-admin.conf` during `kubeadm init` (admin.conf has no RBAC yet); the cloud-init then',
      'switches it to `admin.conf`, as kubeadm\'s HA guide advises. After that you may remove',
      '`/etc/kubernetes/super-admin.conf` from the node (keep a copy offline as break-glass credentials).',
      '',
    );
  }
  lines.push(
    'When it is up (`kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes` on the node), apply `../manifests/`',
    '(the CNI first: nodes stay NotReady until it runs).',
    '',
  );
  if (!providedCa && bootstraps.length > 1) {
    lines.push(
      'Copy the CA certificate (public) from the node and fill the join files with its hash, with the same',
      'environment as before:',
      '',
      '```sh',
      `scp ${first.node.name}:${CA_CERT_PATH} ./${name}-ca.crt`,
      `npx clusterforge fill-secrets ${name}${flags} --ca-cert ./${name}-ca.crt`,
      '```',
      '',
    );
  }

  if (others.length > 0) {
    section('The other control-plane nodes');
    lines.push(
      '`kubeadm init --upload-certs` stored the control-plane certificates in the `kubeadm-certs` Secret, encrypted',
      'with the certificate key, **for 2 hours**. Join these nodes within that window, one at a time:',
      '',
      ...others.map((b, i) => nodeLine(b, i + 1)),
      '',
      `Later than that, upload them again first, on \`${first.node.name}\` (it reuses the key in its kubeadm config):`,
      '',
      '```sh',
      `kubeadm init phase upload-certs --upload-certs --config ${KUBEADM_CONFIG_PATH}`,
      '```',
      '',
    );
  }

  if (workers.length > 0) {
    section('Worker nodes');
    lines.push(...workers.map((b, i) => nodeLine(b, i + 1)), '');
  }
  if (bootstraps.length > 1) {
    lines.push(
      `The bootstrap token expires 24 hours after \`kubeadm init\`. To join later, recreate it on \`${first.node.name}\`:`,
      '`kubeadm token create "$CLUSTERFORGE_BOOTSTRAP_TOKEN" --ttl 24h`.',
      '',
    );
  }
  lines.push(
    '## Scheduling on the control plane',
    '',
    schedulable
      ? 'The control-plane nodes are registered **without** the `node-role.kubernetes.io/control-plane:NoSchedule` taint' +
          (workers.length === 0 ? ': the cluster has no worker nodes, so nothing else could run pods.' : ' (`schedulableControlPlane: true`).')
      : 'The control-plane nodes keep the `node-role.kubernetes.io/control-plane:NoSchedule` taint: pods run on the workers.',
    '',
    '## Upgrading',
    '',
    '`upgrade-runbook.md` upgrades this cluster from the previous minor release, node by node, with',
    '`kubeadm-upgrade.yaml`; `npx clusterforge plan --from <committed output>` checks the upgrade from what runs now.',
    '',
  );
  return lines.join('\n');
}

/** @internal Every bootstrap file of a cluster with a control plane, by path under `bootstrap/`. */
export function renderBootstrapFiles(cluster: Cluster): BootstrapFile[] {
  const cp = cluster.controlPlane;
  if (!cp) return [];
  const bootstraps = nodeBootstraps(cluster, cp);
  const files: BootstrapFile[] = [];
  for (const b of bootstraps) {
    files.push({ path: `kubeadm/${b.node.name}.yaml`, content: b.kubeadm, sensitive: true });
    files.push({ path: `cloud-init/${b.node.name}.yaml`, content: cloudInit(cluster, cp, b), sensitive: true });
    if (b.role !== NodeRole.WORKER) {
      for (const f of lbFiles(cp, b.node).pods) files.push({ path: `static-pods/${b.node.name}/${f.path.split('/').pop()}`, content: f.content, sensitive: false });
    }
  }
  for (const f of apiServerConfigFiles(cluster, cp)) files.push({ path: `security/${f.fileName}`, content: toYaml(f.document), sensitive: f.sensitive });
  const runtime = cp.containerRuntime;
  files.push({ path: `runtime/${runtime.configPath.split('/').pop()}`, content: runtime.renderConfig(), sensitive: false });
  if (cluster.etcd.topology === EtcdTopology.EXTERNAL) {
    files.push({ path: 'etcd/pki.sh', content: etcdPkiScript(cluster), sensitive: false });
  }
  for (const member of cluster.etcd.members) {
    files.push({ path: `etcd/etcd-${member.name}.service`, content: etcdMemberUnit(cluster, member), sensitive: false });
  }
  files.push({ path: 'PORTS.md', content: portsMarkdown(cluster), sensitive: false });
  files.push({ path: 'security-report.md', content: securityReport(cluster, cp), sensitive: false });
  files.push({ path: 'README.md', content: readme(cluster, cp, bootstraps), sensitive: false });
  return files;
}
