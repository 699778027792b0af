import type { Cluster } from '../cluster';
import { ContainerRuntime, ContainerRuntimeKind } from '../control-plane/container-runtime';
import { ControlPlane } from '../control-plane/control-plane';
import { NodePrerequisitesKind } from '../control-plane/node-prerequisites';
import { CONTAINERD_VERSION, PACKAGE_REPOSITORIES } from '../versions/node';

const KEYRINGS = '/etc/apt/keyrings';

/** @internal `1.35.7-1.1`: the pkgs.k8s.io package version of the cluster's Kubernetes release. */
export function kubernetesPackageVersion(cluster: Cluster): string {
  return `${cluster.kubernetesVersion.kubeadmVersion.replace(/^v/, '')}-${PACKAGE_REPOSITORIES.kubernetesDebRevision}`;
}

function aptSource(name: string, url: string): string[] {
  // kubernetes/website "Installing kubeadm" (Debian-based distributions): one keyring per repository.
  return [
    `curl -fsSL ${url}Release.key | gpg --dearmor --yes -o ${KEYRINGS}/${name}-apt-keyring.gpg`,
    `echo 'deb [signed-by=${KEYRINGS}/${name}-apt-keyring.gpg] ${url} /' > /etc/apt/sources.list.d/${name}.list`,
  ];
}

/** @internal cloud-init commands that install the node's packages, or none when the image has them. */
export function nodePrerequisiteCommands(cluster: Cluster, cp: ControlPlane): string[] {
  const prereq = cp.nodePrerequisites;
  if (prereq.kind !== NodePrerequisitesKind.APT_PACKAGES) return [];
  const minor = cluster.kubernetesVersion.minorVersion;
  const version = kubernetesPackageVersion(cluster);
  const crio = cp.containerRuntime.kind === ContainerRuntimeKind.CRIO;
  const runtimePackage = crio ? 'cri-o' : prereq.containerdPackage!;
  const apt = 'DEBIAN_FRONTEND=noninteractive apt-get';
  return [
    `${apt} update`,
    `${apt} install -y apt-transport-https ca-certificates curl gpg`,
    `mkdir -p -m 755 ${KEYRINGS}`,
    ...aptSource('kubernetes', PACKAGE_REPOSITORIES.kubernetesDeb(minor)),
    ...(crio ? aptSource('cri-o', PACKAGE_REPOSITORIES.crioDeb(minor)) : []),
    `${apt} update`,
    // --force-confold keeps the runtime configuration cloud-init wrote before the package.
    `${apt} install -y -o Dpkg::Options::=--force-confold kubelet=${version} kubeadm=${version} kubectl=${version} ${runtimePackage}`,
    'apt-mark hold kubelet kubeadm kubectl',
  ];
}

/** @internal Restart the runtime so it reads the configuration written by cloud-init, before kubeadm's preflight. */
export function runtimeStartCommands(runtime: ContainerRuntime): string[] {
  return [`systemctl enable ${runtime.serviceName}`, `systemctl restart ${runtime.serviceName}`, 'systemctl enable kubelet'];
}

/** @internal The README's list of what each node must have, with versions. */
export function nodePrerequisitesMarkdown(cluster: Cluster, cp: ControlPlane): string[] {
  const k8s = cluster.kubernetesVersion.kubeadmVersion;
  const runtime = cp.containerRuntime;
  const runtimeLine =
    runtime.kind === ContainerRuntimeKind.CRIO
      ? `- CRI-O ${cluster.kubernetesVersion.minorVersion}.x (its minor follows Kubernetes), socket \`${runtime.criSocket}\`; cloud-init writes \`${runtime.configPath}\` (systemd cgroup manager, pause image \`${runtime.pauseImage}\`).`
      : `- containerd ${runtime.majorVersion === 1 ? '1.6 or 1.7 (config version 2; containerd 2.0+ is recommended, Kubernetes 1.35 being the last release announced to support 1.x)' : `2.x (${CONTAINERD_VERSION} tested; config version 3)`} with runc, socket \`${runtime.criSocket}\`; cloud-init writes \`${runtime.configPath}\` (\`SystemdCgroup = true\`, sandbox image \`${runtime.pauseImage}\`) and restarts it.`;
  const packages =
    cp.nodePrerequisites.kind === NodePrerequisitesKind.APT_PACKAGES
      ? [
          `Each node needs the following. cloud-init installs the packages (\`NodePrerequisites.aptPackages()\`; Debian or Ubuntu with outbound HTTPS): kubelet, kubeadm and kubectl`,
          `\`${kubernetesPackageVersion(cluster)}\` from \`${PACKAGE_REPOSITORIES.kubernetesDeb(cluster.kubernetesVersion.minorVersion)}\`, held with \`apt-mark hold\`, and ` +
            (runtime.kind === ContainerRuntimeKind.CRIO ? `\`cri-o\` from \`${PACKAGE_REPOSITORIES.crioDeb(cluster.kubernetesVersion.minorVersion)}\`.` : `\`${cp.nodePrerequisites.containerdPackage}\` from the distribution.`),
        ]
      : ['Each node needs the following. The machine image must already carry the packages (`NodePrerequisites.preinstalled()`); cloud-init installs nothing.'];
  return [
    ...packages,
    '',
    `- kubeadm, kubelet and kubectl ${k8s} (the kubelet enabled in systemd).`,
    runtimeLine,
    '- Linux with systemd and cgroup v2 (cgroup v1 is deprecated in Kubernetes 1.35); the kubelet uses the systemd cgroup driver.',
    '- Kernel modules `overlay` and `br_netfilter`, IP forwarding and bridge netfilter sysctls, swap off: cloud-init sets all four.',
    "- A unique hostname, MAC address and product_uuid per node; control-plane nodes with at least 2 CPUs and 2 GB of memory (kubeadm's preflight).",
    '- cloud-init (any recent release) to consume `cloud-init/<node>.yaml` as user-data; without it, do what each file lists by hand.',
  ];
}
