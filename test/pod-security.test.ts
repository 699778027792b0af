import {
  evaluatePodSecurity,
  JsonObject,
  podTemplateOf,
  PodSecurityLevel,
  PodSecurityViolation,
} from '../lib/validation/pod-security';

const { PRIVILEGED, BASELINE, RESTRICTED } = PodSecurityLevel;

/** A container that passes every restricted check. */
function hardenedContainer(name: string, extra: JsonObject = {}, securityContext: JsonObject = {}): JsonObject {
  return {
    name,
    image: 'registry.example/app:1.0',
    ...extra,
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
      ...securityContext,
    },
  };
}

/** A pod whose only container is hardened, with `spec` merged over it. */
function hardenedPod(spec: JsonObject = {}, metadata?: JsonObject): { metadata?: JsonObject; spec: JsonObject } {
  return { ...(metadata ? { metadata } : {}), spec: { containers: [hardenedContainer('app')], ...spec } };
}

/** A plain pod with one container and nothing security-related set. */
function plainPod(container: JsonObject = {}, spec: JsonObject = {}): { spec: JsonObject } {
  return { spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0', ...container }], ...spec } };
}

/** The parts of violations that identify them. */
function where(violations: readonly PodSecurityViolation[]): Array<Pick<PodSecurityViolation, 'check' | 'level' | 'field'>> {
  return violations.map(({ check, level, field }) => ({ check, level, field }));
}

function only(check: string, violations: readonly PodSecurityViolation[]): PodSecurityViolation[] {
  return violations.filter((v) => v.check === check);
}

describe('evaluatePodSecurity: levels', () => {
  test('a fully hardened pod passes restricted and baseline', () => {
    // GIVEN a pod with runAsNonRoot, no privilege escalation, all capabilities dropped and RuntimeDefault seccomp
    const pod = hardenedPod({
      initContainers: [hardenedContainer('setup')],
      volumes: [
        { name: 'config', configMap: { name: 'app' } },
        { name: 'scratch', emptyDir: {} },
      ],
    });

    // WHEN it is evaluated at restricted and baseline
    // THEN nothing is reported
    expect(evaluatePodSecurity(pod, RESTRICTED)).toStrictEqual([]);
    expect(evaluatePodSecurity(pod, BASELINE)).toStrictEqual([]);
  });

  test('a hardened pod may set the restricted fields at pod level instead', () => {
    // GIVEN runAsNonRoot and seccompProfile on the pod, the rest on the container
    const pod = {
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } },
        containers: [
          { name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
        ],
      },
    };

    // WHEN it is evaluated at restricted
    // THEN it passes
    expect(evaluatePodSecurity(pod, RESTRICTED)).toStrictEqual([]);
  });

  test('a privileged DaemonSet-like pod fails baseline with all its violations at once', () => {
    // GIVEN a node agent with host namespaces, a hostPath volume, a privileged container and a host port
    const pod = {
      spec: {
        hostNetwork: true,
        hostPID: true,
        containers: [
          {
            name: 'agent',
            securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN'] } },
            ports: [{ containerPort: 9100, hostPort: 9100 }],
          },
        ],
        volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      },
    };

    // WHEN it is evaluated at baseline
    const violations = evaluatePodSecurity(pod, BASELINE);

    // THEN every violation is reported, each with its check and field
    expect(where(violations)).toStrictEqual([
      { check: 'hostNamespaces', level: BASELINE, field: 'spec.hostNetwork' },
      { check: 'hostNamespaces', level: BASELINE, field: 'spec.hostPID' },
      { check: 'privileged', level: BASELINE, field: 'spec.containers[agent].securityContext.privileged' },
      { check: 'capabilities_baseline', level: BASELINE, field: 'spec.containers[agent].securityContext.capabilities.add' },
      { check: 'hostPathVolumes', level: BASELINE, field: 'spec.volumes[host-root].hostPath' },
      { check: 'hostPorts', level: BASELINE, field: 'spec.containers[agent].ports[0].hostPort' },
    ]);
    expect(violations[2]).toStrictEqual({
      check: 'privileged',
      level: BASELINE,
      field: 'spec.containers[agent].securityContext.privileged',
      message: 'container "agent" must not set securityContext.privileged=true; allowed: false or unset',
    });
  });

  test('privileged level passes anything', () => {
    // GIVEN a pod that breaks nearly every check
    const pod = {
      metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
      spec: {
        hostNetwork: true,
        hostIPC: true,
        securityContext: { runAsUser: 0, sysctls: [{ name: 'kernel.msgmax', value: '1' }] },
        containers: [{ name: 'app', securityContext: { privileged: true, procMount: 'Unmasked' } }],
        volumes: [{ name: 'nfs', nfs: { server: 'nfs', path: '/' } }],
      },
    };

    // WHEN it is evaluated at privileged
    // THEN nothing is reported
    expect(evaluatePodSecurity(pod, PRIVILEGED)).toStrictEqual([]);
  });

  test('restricted includes the baseline checks, reported with the baseline level', () => {
    // GIVEN an otherwise hardened pod on the host network
    const pod = hardenedPod({ hostNetwork: true });

    // WHEN it is evaluated at restricted
    // THEN the baseline check fails, labelled baseline
    expect(where(evaluatePodSecurity(pod, RESTRICTED))).toStrictEqual([
      { check: 'hostNamespaces', level: BASELINE, field: 'spec.hostNetwork' },
    ]);
  });

  test('an unknown level is rejected', () => {
    // GIVEN a level that is not one of the three
    // WHEN it is used
    // THEN evaluation throws rather than passing silently
    expect(() => evaluatePodSecurity(plainPod(), 'open' as PodSecurityLevel)).toThrow(/unknown Pod Security level/);
  });
});

describe('evaluatePodSecurity: baseline checks', () => {
  test('hostNamespaces', () => {
    // GIVEN pods that set host namespaces to false, and to true
    const pass = plainPod({}, { hostNetwork: false, hostPID: false, hostIPC: false });
    const fail = plainPod({}, { hostIPC: true });

    // WHEN they are evaluated at baseline
    // THEN only the one sharing a host namespace fails
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    expect(evaluatePodSecurity(fail, BASELINE)).toStrictEqual([
      {
        check: 'hostNamespaces',
        level: BASELINE,
        field: 'spec.hostIPC',
        message: 'hostIPC=true shares a host namespace with the pod; allowed: false or unset',
      },
    ]);
  });

  test('privileged, in containers, init containers and ephemeral containers', () => {
    // GIVEN a pod with privileged=false, and one with privileged=true in every kind of container
    const pass = plainPod({ securityContext: { privileged: false } });
    const fail = {
      spec: {
        initContainers: [{ name: 'init', securityContext: { privileged: true } }],
        containers: [{ name: 'app', securityContext: { privileged: true } }],
        ephemeralContainers: [{ name: 'debug', securityContext: { privileged: true } }],
      },
    };

    // WHEN they are evaluated at baseline
    // THEN each privileged container is reported, init containers first
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    expect(where(evaluatePodSecurity(fail, BASELINE))).toStrictEqual([
      { check: 'privileged', level: BASELINE, field: 'spec.initContainers[init].securityContext.privileged' },
      { check: 'privileged', level: BASELINE, field: 'spec.containers[app].securityContext.privileged' },
      { check: 'privileged', level: BASELINE, field: 'spec.ephemeralContainers[debug].securityContext.privileged' },
    ]);
  });

  test('capabilities_baseline', () => {
    // GIVEN a container adding default capabilities, and one adding NET_RAW
    const pass = plainPod({ securityContext: { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE', 'SYS_CHROOT'] } } });
    const fail = plainPod({ securityContext: { capabilities: { add: ['CHOWN', 'NET_RAW'] } } });

    // WHEN they are evaluated at baseline
    // THEN only NET_RAW is rejected
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    const [violation, ...rest] = evaluatePodSecurity(fail, BASELINE);
    expect(rest).toStrictEqual([]);
    expect(violation).toStrictEqual({
      check: 'capabilities_baseline',
      level: BASELINE,
      field: 'spec.containers[app].securityContext.capabilities.add',
      message: expect.stringContaining('must not add "NET_RAW"'),
    });
  });

  test('hostPathVolumes', () => {
    // GIVEN a pod with an emptyDir volume, and one with a hostPath volume
    const pass = plainPod({}, { volumes: [{ name: 'scratch', emptyDir: {} }] });
    const fail = plainPod({}, { volumes: [{ name: 'docker-sock', hostPath: { path: '/var/run/docker.sock' } }] });

    // WHEN they are evaluated at baseline
    // THEN the hostPath volume is rejected
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    expect(where(evaluatePodSecurity(fail, BASELINE))).toStrictEqual([
      { check: 'hostPathVolumes', level: BASELINE, field: 'spec.volumes[docker-sock].hostPath' },
    ]);
  });

  test('hostPorts', () => {
    // GIVEN container ports without host ports (or hostPort 0), and one with a host port
    const pass = plainPod({ ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }] });
    const fail = plainPod({ ports: [{ containerPort: 80 }, { containerPort: 443, hostPort: 443 }] });

    // WHEN they are evaluated at baseline
    // THEN the host port is rejected, addressed by its index
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    expect(evaluatePodSecurity(fail, BASELINE)).toStrictEqual([
      {
        check: 'hostPorts',
        level: BASELINE,
        field: 'spec.containers[app].ports[1].hostPort',
        message: 'container "app" must not use hostPort 443; allowed: 0 or unset',
      },
    ]);
  });

  test('appArmorProfile, fields and legacy annotations', () => {
    // GIVEN allowed AppArmor profiles (fields and annotations), and Unconfined ones
    const pass = {
      metadata: {
        annotations: {
          'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default',
          'container.apparmor.security.beta.kubernetes.io/sidecar': 'localhost/my-profile',
        },
      },
      spec: {
        securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
        containers: [
          { name: 'app', securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'my-profile' } } },
        ],
      },
    };
    const fail = {
      metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
      spec: {
        securityContext: { appArmorProfile: { type: 'Unconfined' } },
        containers: [{ name: 'app', securityContext: { appArmorProfile: { type: 'Unconfined' } } }],
      },
    };

    // WHEN they are evaluated at baseline
    // THEN every Unconfined setting is rejected
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    expect(where(evaluatePodSecurity(fail, BASELINE))).toStrictEqual([
      { check: 'appArmorProfile', level: BASELINE, field: 'spec.securityContext.appArmorProfile.type' },
      { check: 'appArmorProfile', level: BASELINE, field: 'spec.containers[app].securityContext.appArmorProfile.type' },
      {
        check: 'appArmorProfile',
        level: BASELINE,
        field: 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]',
      },
    ]);
  });

  test('seLinuxOptions', () => {
    // GIVEN allowed SELinux types (container_engine_t since policy 1.31), and a custom type, user and role
    const pass = {
      spec: {
        securityContext: { seLinuxOptions: { type: 'container_t', level: 's0:c123,c456' } },
        containers: [{ name: 'app', securityContext: { seLinuxOptions: { type: 'container_engine_t' } } }],
      },
    };
    const fail = {
      spec: {
        securityContext: { seLinuxOptions: { type: 'spc_t' } },
        containers: [{ name: 'app', securityContext: { seLinuxOptions: { user: 'system_u', role: 'system_r' } } }],
      },
    };

    // WHEN they are evaluated at baseline
    // THEN the custom type, user and role are rejected
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    expect(where(evaluatePodSecurity(fail, BASELINE))).toStrictEqual([
      { check: 'seLinuxOptions', level: BASELINE, field: 'spec.securityContext.seLinuxOptions.type' },
      { check: 'seLinuxOptions', level: BASELINE, field: 'spec.containers[app].securityContext.seLinuxOptions.user' },
      { check: 'seLinuxOptions', level: BASELINE, field: 'spec.containers[app].securityContext.seLinuxOptions.role' },
    ]);
  });

  test('procMount', () => {
    // GIVEN the Default proc mount, and an Unmasked one
    const pass = plainPod({ securityContext: { procMount: 'Default' } });
    const fail = plainPod({ securityContext: { procMount: 'Unmasked' } });

    // WHEN they are evaluated at baseline
    // THEN Unmasked is rejected
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    expect(evaluatePodSecurity(fail, BASELINE)).toStrictEqual([
      {
        check: 'procMount',
        level: BASELINE,
        field: 'spec.containers[app].securityContext.procMount',
        message: 'container "app" must not set securityContext.procMount to "Unmasked"; allowed: "Default" or unset',
      },
    ]);
  });

  test('procMount is relaxed at baseline for user-namespace pods, but not at restricted (procMount_restricted)', () => {
    // GIVEN a hardened pod in a user namespace with an Unmasked proc mount
    const pod = {
      spec: {
        hostUsers: false,
        containers: [hardenedContainer('app', {}, { procMount: 'Unmasked' })],
      },
    };

    // WHEN it is evaluated at baseline and at restricted
    // THEN baseline allows it; restricted rejects it once, through procMount_restricted
    expect(evaluatePodSecurity(pod, BASELINE)).toStrictEqual([]);
    expect(where(evaluatePodSecurity(pod, RESTRICTED))).toStrictEqual([
      { check: 'procMount_restricted', level: RESTRICTED, field: 'spec.containers[app].securityContext.procMount' },
    ]);
  });

  test('procMount_restricted replaces procMount at restricted', () => {
    // GIVEN a hardened pod (host user namespace) with an Unmasked proc mount
    const pod = hardenedPod({ containers: [hardenedContainer('app', {}, { procMount: 'Unmasked' })] });

    // WHEN it is evaluated at restricted
    // THEN it is reported once, by the restricted check
    expect(where(evaluatePodSecurity(pod, RESTRICTED))).toStrictEqual([
      { check: 'procMount_restricted', level: RESTRICTED, field: 'spec.containers[app].securityContext.procMount' },
    ]);
  });

  test('seccompProfile_baseline', () => {
    // GIVEN no seccomp profile or an allowed one, and an Unconfined one
    const pass = { spec: { containers: [{ name: 'a' }, { name: 'b', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }] } };
    const fail = plainPod({ securityContext: { seccompProfile: { type: 'Unconfined' } } });

    // WHEN they are evaluated at baseline
    // THEN only Unconfined is rejected
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    expect(evaluatePodSecurity(fail, BASELINE)).toStrictEqual([
      {
        check: 'seccompProfile_baseline',
        level: BASELINE,
        field: 'spec.containers[app].securityContext.seccompProfile.type',
        message:
          'container "app" must not set securityContext.seccompProfile.type to "Unconfined"; allowed: "RuntimeDefault" or "Localhost"',
      },
    ]);
  });

  test('sysctls', () => {
    // GIVEN safe sysctls (including those added in policy 1.27, 1.29 and 1.32), and an unsafe one
    const pass = plainPod({}, {
      securityContext: {
        sysctls: [
          { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
          { name: 'net.ipv4.ip_local_reserved_ports', value: '1024-4999' },
          { name: 'net.ipv4.tcp_keepalive_time', value: '600' },
          { name: 'net.ipv4.tcp_rmem', value: '4096 87380 16777216' },
          { name: 'net.ipv4.tcp_wmem', value: '4096 65536 16777216' },
        ],
      },
    });
    const fail = plainPod({}, {
      securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'kernel.msgmax', value: '65536' }] },
    });

    // WHEN they are evaluated at baseline
    // THEN only the unsafe sysctl is rejected
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    const violations = evaluatePodSecurity(fail, BASELINE);
    expect(where(violations)).toStrictEqual([
      { check: 'sysctls', level: BASELINE, field: 'spec.securityContext.sysctls[kernel.msgmax]' },
    ]);
    expect(violations[0].message).toMatch(/^sysctl "kernel.msgmax" is not in the safe set; allowed: kernel.shm_rmid_forced, /);
  });

  test('sysctls added after policy 1.35 are not yet safe', () => {
    // GIVEN a sysctl only made safe in policy 1.37
    const pod = plainPod({}, { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '16384' }] } });

    // WHEN it is evaluated at baseline (latest = 1.35)
    // THEN it is rejected
    expect(where(evaluatePodSecurity(pod, BASELINE))).toStrictEqual([
      { check: 'sysctls', level: BASELINE, field: 'spec.securityContext.sysctls[net.ipv4.tcp_notsent_lowat]' },
    ]);
  });

  test('windowsHostProcess', () => {
    // GIVEN hostProcess=false, and hostProcess=true on the pod and on a container
    const pass = plainPod({ securityContext: { windowsOptions: { hostProcess: false } } });
    const fail = {
      spec: {
        os: { name: 'windows' },
        hostNetwork: false,
        securityContext: { windowsOptions: { hostProcess: true } },
        containers: [{ name: 'app', securityContext: { windowsOptions: { hostProcess: true } } }],
      },
    };

    // WHEN they are evaluated at baseline
    // THEN both hostProcess settings are rejected
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    expect(where(evaluatePodSecurity(fail, BASELINE))).toStrictEqual([
      { check: 'windowsHostProcess', level: BASELINE, field: 'spec.securityContext.windowsOptions.hostProcess' },
      {
        check: 'windowsHostProcess',
        level: BASELINE,
        field: 'spec.containers[app].securityContext.windowsOptions.hostProcess',
      },
    ]);
  });

  test('hostProbesAndHostLifecycle', () => {
    // GIVEN probes and lifecycle handlers without a host (or an empty one), and with a host
    const pass = plainPod({
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
      readinessProbe: { tcpSocket: { port: 8080, host: '' } },
      lifecycle: { preStop: { httpGet: { path: '/stop', port: 8080 } } },
    });
    const fail = plainPod({
      startupProbe: { httpGet: { path: '/', port: 80, host: '169.254.169.254' } },
      lifecycle: { preStop: { tcpSocket: { port: 22, host: '10.0.0.1' } } },
    });

    // WHEN they are evaluated at baseline
    // THEN each host field is rejected
    expect(evaluatePodSecurity(pass, BASELINE)).toStrictEqual([]);
    const violations = evaluatePodSecurity(fail, BASELINE);
    expect(where(violations)).toStrictEqual([
      { check: 'hostProbesAndHostLifecycle', level: BASELINE, field: 'spec.containers[app].startupProbe.httpGet.host' },
      {
        check: 'hostProbesAndHostLifecycle',
        level: BASELINE,
        field: 'spec.containers[app].lifecycle.preStop.tcpSocket.host',
      },
    ]);
    expect(violations[0].message).toBe(
      'container "app" must not set startupProbe.httpGet.host ("169.254.169.254"); allowed: empty or unset',
    );
  });
});

describe('evaluatePodSecurity: restricted checks', () => {
  test('restrictedVolumes allows only the listed volume types', () => {
    // GIVEN a hardened pod with one volume of every allowed type
    const allowed = hardenedPod({
      volumes: [
        { name: 'cm', configMap: { name: 'cfg' } },
        { name: 'csi', csi: { driver: 'secrets-store.csi.k8s.io' } },
        { name: 'downward', downwardAPI: { items: [] } },
        { name: 'scratch', emptyDir: {} },
        { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: {} } } },
        { name: 'pvc', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'proj', projected: { sources: [] } },
        { name: 'sec', secret: { secretName: 'creds' } },
        // Allowed upstream since Kubernetes 1.33 (kubernetes/kubernetes#130394).
        { name: 'img', image: { reference: 'registry.example/data:1' } },
      ],
    });
    // AND one with other volume types
    const restricted = hardenedPod({
      volumes: [
        { name: 'share', nfs: { server: 'nfs.example', path: '/export' } },
        { name: 'repo', gitRepo: { repository: 'https://example/repo.git' } },
        { name: 'host', hostPath: { path: '/etc' } },
      ],
    });

    // WHEN they are evaluated at restricted
    // THEN the other types are rejected, hostPath by restrictedVolumes instead of hostPathVolumes
    expect(evaluatePodSecurity(allowed, RESTRICTED)).toStrictEqual([]);
    const violations = evaluatePodSecurity(restricted, RESTRICTED);
    expect(where(violations)).toStrictEqual([
      { check: 'restrictedVolumes', level: RESTRICTED, field: 'spec.volumes[share].nfs' },
      { check: 'restrictedVolumes', level: RESTRICTED, field: 'spec.volumes[repo].gitRepo' },
      { check: 'restrictedVolumes', level: RESTRICTED, field: 'spec.volumes[host].hostPath' },
    ]);
    expect(violations[0].message).toBe(
      'volume "share" uses restricted volume type "nfs"; allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret',
    );
    // AND at baseline only hostPath is rejected
    expect(where(evaluatePodSecurity(restricted, BASELINE))).toStrictEqual([
      { check: 'hostPathVolumes', level: BASELINE, field: 'spec.volumes[host].hostPath' },
    ]);
  });

  test('restrictedVolumes treats a volume without a source as the emptyDir the API server defaults it to', () => {
    // GIVEN a volume with only a name
    const pod = hardenedPod({ volumes: [{ name: 'scratch' }] });

    // WHEN it is evaluated at restricted
    // THEN it passes
    expect(evaluatePodSecurity(pod, RESTRICTED)).toStrictEqual([]);
  });

  test('allowPrivilegeEscalation', () => {
    // GIVEN containers leaving allowPrivilegeEscalation unset or true
    const fail = hardenedPod({
      containers: [
        hardenedContainer('unset', {}, { allowPrivilegeEscalation: undefined }),
        hardenedContainer('yes', {}, { allowPrivilegeEscalation: true }),
      ],
    });

    // WHEN it is evaluated at restricted
    // THEN both are rejected; the hardened pod (false) passes
    expect(evaluatePodSecurity(hardenedPod(), RESTRICTED)).toStrictEqual([]);
    expect(evaluatePodSecurity(fail, RESTRICTED)).toStrictEqual([
      {
        check: 'allowPrivilegeEscalation',
        level: RESTRICTED,
        field: 'spec.containers[unset].securityContext.allowPrivilegeEscalation',
        message: 'container "unset" must set securityContext.allowPrivilegeEscalation=false',
      },
      {
        check: 'allowPrivilegeEscalation',
        level: RESTRICTED,
        field: 'spec.containers[yes].securityContext.allowPrivilegeEscalation',
        message: 'container "yes" must set securityContext.allowPrivilegeEscalation=false',
      },
    ]);
  });

  test('runAsNonRoot', () => {
    // GIVEN a pod that never sets runAsNonRoot, and one where a container sets it to false
    const unset = hardenedPod({ containers: [hardenedContainer('app', {}, { runAsNonRoot: undefined })] });
    const explicitFalse = hardenedPod({
      securityContext: { runAsNonRoot: true },
      containers: [hardenedContainer('app', {}, { runAsNonRoot: undefined }), hardenedContainer('root', {}, { runAsNonRoot: false })],
    });

    // WHEN they are evaluated at restricted
    // THEN the unset container and the explicit false are rejected; pod-level true covers the other container
    expect(evaluatePodSecurity(unset, RESTRICTED)).toStrictEqual([
      {
        check: 'runAsNonRoot',
        level: RESTRICTED,
        field: 'spec.containers[app].securityContext.runAsNonRoot',
        message: 'pod or container "app" must set securityContext.runAsNonRoot=true',
      },
    ]);
    expect(where(evaluatePodSecurity(explicitFalse, RESTRICTED))).toStrictEqual([
      { check: 'runAsNonRoot', level: RESTRICTED, field: 'spec.containers[root].securityContext.runAsNonRoot' },
    ]);
  });

  test('runAsNonRoot=false on the pod is reported on the pod field', () => {
    // GIVEN a pod setting runAsNonRoot=false with a container that does not set it
    const pod = hardenedPod({
      securityContext: { runAsNonRoot: false },
      containers: [hardenedContainer('app', {}, { runAsNonRoot: undefined })],
    });

    // WHEN it is evaluated at restricted
    // THEN the pod field is reported
    expect(where(evaluatePodSecurity(pod, RESTRICTED))).toStrictEqual([
      { check: 'runAsNonRoot', level: RESTRICTED, field: 'spec.securityContext.runAsNonRoot' },
    ]);
  });

  test('runAsUser', () => {
    // GIVEN a non-zero UID, and UID 0 on the pod and a container
    const pass = hardenedPod({ securityContext: { runAsUser: 1000 } });
    const fail = hardenedPod({
      securityContext: { runAsUser: 0 },
      containers: [hardenedContainer('app', {}, { runAsUser: 0 })],
    });

    // WHEN they are evaluated at restricted
    // THEN UID 0 is rejected in both places
    expect(evaluatePodSecurity(pass, RESTRICTED)).toStrictEqual([]);
    expect(where(evaluatePodSecurity(fail, RESTRICTED))).toStrictEqual([
      { check: 'runAsUser', level: RESTRICTED, field: 'spec.securityContext.runAsUser' },
      { check: 'runAsUser', level: RESTRICTED, field: 'spec.containers[app].securityContext.runAsUser' },
    ]);
  });

  test('runAsNonRoot and runAsUser are relaxed for user-namespace pods (hostUsers: false)', () => {
    // GIVEN a user-namespace pod running as UID 0 without runAsNonRoot
    const pod = hardenedPod({
      hostUsers: false,
      securityContext: { runAsUser: 0 },
      containers: [hardenedContainer('app', {}, { runAsNonRoot: undefined })],
    });

    // WHEN it is evaluated at restricted
    // THEN it passes
    expect(evaluatePodSecurity(pod, RESTRICTED)).toStrictEqual([]);
    // AND without hostUsers: false both checks fail
    expect(where(evaluatePodSecurity({ spec: { ...pod.spec, hostUsers: true } }, RESTRICTED)).map((v) => v.check)).toStrictEqual([
      'runAsNonRoot',
      'runAsUser',
    ]);
  });

  test('seccompProfile_restricted', () => {
    // GIVEN containers without any seccomp profile, and an explicit Unconfined one
    const unset = hardenedPod({
      initContainers: [hardenedContainer('init', {}, { seccompProfile: undefined })],
      containers: [hardenedContainer('app', {}, { seccompProfile: undefined })],
    });
    const unconfined = hardenedPod({ containers: [hardenedContainer('app', {}, { seccompProfile: { type: 'Unconfined' } })] });

    // WHEN they are evaluated at restricted
    // THEN each unset container is reported, and Unconfined once (not also by seccompProfile_baseline)
    expect(evaluatePodSecurity(unset, RESTRICTED)).toStrictEqual([
      {
        check: 'seccompProfile_restricted',
        level: RESTRICTED,
        field: 'spec.initContainers[init].securityContext.seccompProfile.type',
        message: 'pod or init container "init" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
      },
      {
        check: 'seccompProfile_restricted',
        level: RESTRICTED,
        field: 'spec.containers[app].securityContext.seccompProfile.type',
        message: 'pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
      },
    ]);
    expect(where(evaluatePodSecurity(unconfined, RESTRICTED))).toStrictEqual([
      { check: 'seccompProfile_restricted', level: RESTRICTED, field: 'spec.containers[app].securityContext.seccompProfile.type' },
    ]);
  });

  test('seccompProfile_restricted: a bad pod-level profile is reported on the pod field', () => {
    // GIVEN a pod-level Unconfined profile and a container that inherits it
    const pod = hardenedPod({
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [hardenedContainer('app', {}, { seccompProfile: undefined })],
    });

    // WHEN it is evaluated at restricted
    // THEN the pod field is reported
    expect(where(evaluatePodSecurity(pod, RESTRICTED))).toStrictEqual([
      { check: 'seccompProfile_restricted', level: RESTRICTED, field: 'spec.securityContext.seccompProfile.type' },
    ]);
  });

  test('capabilities_restricted: drop ALL is required', () => {
    // GIVEN containers that drop nothing, or only some capabilities
    const pod = hardenedPod({
      containers: [
        hardenedContainer('none', {}, { capabilities: undefined }),
        hardenedContainer('some', {}, { capabilities: { drop: ['NET_RAW'] } }),
      ],
    });

    // WHEN it is evaluated at restricted
    // THEN both are rejected
    expect(evaluatePodSecurity(pod, RESTRICTED)).toStrictEqual([
      {
        check: 'capabilities_restricted',
        level: RESTRICTED,
        field: 'spec.containers[none].securityContext.capabilities.drop',
        message: 'container "none" must set securityContext.capabilities.drop=["ALL"]',
      },
      {
        check: 'capabilities_restricted',
        level: RESTRICTED,
        field: 'spec.containers[some].securityContext.capabilities.drop',
        message: 'container "some" must set securityContext.capabilities.drop=["ALL"]',
      },
    ]);
  });

  test('capabilities_restricted: only NET_BIND_SERVICE may be added', () => {
    // GIVEN a container adding NET_BIND_SERVICE, and one adding CHOWN (baseline-allowed) and NET_RAW
    const pass = hardenedPod({
      containers: [hardenedContainer('web', {}, { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })],
    });
    const fail = hardenedPod({
      containers: [hardenedContainer('web', {}, { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'CHOWN', 'NET_RAW'] } })],
    });

    // WHEN they are evaluated at restricted
    // THEN only the second is rejected, once, by capabilities_restricted (it replaces capabilities_baseline)
    expect(evaluatePodSecurity(pass, RESTRICTED)).toStrictEqual([]);
    expect(evaluatePodSecurity(fail, RESTRICTED)).toStrictEqual([
      {
        check: 'capabilities_restricted',
        level: RESTRICTED,
        field: 'spec.containers[web].securityContext.capabilities.add',
        message:
          'container "web" must not add "CHOWN", "NET_RAW" in securityContext.capabilities.add; allowed: "NET_BIND_SERVICE" only',
      },
    ]);
    // AND at baseline only NET_RAW is a problem
    expect(where(evaluatePodSecurity(fail, BASELINE))).toStrictEqual([
      { check: 'capabilities_baseline', level: BASELINE, field: 'spec.containers[web].securityContext.capabilities.add' },
    ]);
  });

  test('Windows pods are exempt from the Linux-only restricted checks', () => {
    // GIVEN a Windows pod with runAsNonRoot but no Linux security settings
    const pod = {
      spec: {
        os: { name: 'windows' },
        securityContext: { runAsNonRoot: true },
        containers: [{ name: 'app' }],
      },
    };

    // WHEN it is evaluated at restricted
    // THEN allowPrivilegeEscalation, seccompProfile_restricted and capabilities_restricted do not apply
    expect(evaluatePodSecurity(pod, RESTRICTED)).toStrictEqual([]);
    // AND the same pod on Linux fails all three
    const linux = { spec: { ...pod.spec, os: { name: 'linux' } } };
    expect(only('allowPrivilegeEscalation', evaluatePodSecurity(linux, RESTRICTED))).toHaveLength(1);
    expect(only('seccompProfile_restricted', evaluatePodSecurity(linux, RESTRICTED))).toHaveLength(1);
    expect(only('capabilities_restricted', evaluatePodSecurity(linux, RESTRICTED))).toHaveLength(1);
  });
});

describe('evaluatePodSecurity: malformed input', () => {
  test('does not throw on missing or odd fields', () => {
    // GIVEN specs that are empty, missing, or have non-object entries
    const pods = [
      { spec: undefined },
      { spec: {} },
      { spec: { containers: [null, 'x', { securityContext: null }], volumes: [null] } },
      { metadata: { annotations: null }, spec: { securityContext: { sysctls: 'x' } } },
    ];

    // WHEN they are evaluated
    // THEN no exception escapes, and unnamed containers are addressed by index
    for (const pod of pods) {
      expect(() => evaluatePodSecurity(pod, RESTRICTED)).not.toThrow();
    }
    expect(where(evaluatePodSecurity({ spec: { containers: [{ securityContext: { privileged: true } }] } }, BASELINE))).toStrictEqual([
      { check: 'privileged', level: BASELINE, field: 'spec.containers[0].securityContext.privileged' },
    ]);
  });
});

describe('podTemplateOf', () => {
  const template = {
    metadata: { labels: { app: 'x' }, annotations: { a: 'b' } },
    spec: { containers: [{ name: 'app' }] },
  };

  test.each([
    ['Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template } }, 'spec.template'],
    ['DaemonSet', { apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { template } }, 'spec.template'],
    ['StatefulSet', { apiVersion: 'apps/v1', kind: 'StatefulSet', spec: { template } }, 'spec.template'],
    ['ReplicaSet', { apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { template } }, 'spec.template'],
    ['ReplicationController', { apiVersion: 'v1', kind: 'ReplicationController', spec: { template } }, 'spec.template'],
    ['Job', { apiVersion: 'batch/v1', kind: 'Job', spec: { template } }, 'spec.template'],
    [
      'CronJob',
      { apiVersion: 'batch/v1', kind: 'CronJob', spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } },
      'spec.jobTemplate.spec.template',
    ],
    ['PodTemplate', { apiVersion: 'v1', kind: 'PodTemplate', template }, 'template'],
    ['Pod', { apiVersion: 'v1', kind: 'Pod', ...template }, ''],
  ])('finds the pod template of a %s', (_kind, obj, pathPrefix) => {
    // GIVEN a workload object
    // WHEN its pod template is looked up
    const found = podTemplateOf(obj);

    // THEN the template's metadata and spec are returned with their path
    expect(found).toStrictEqual({ metadata: template.metadata, spec: template.spec, pathPrefix });
  });

  test.each([
    ['a Service', { apiVersion: 'v1', kind: 'Service', spec: { ports: [] } }],
    ['a ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', data: {} }],
    ['an object with a prototype key as kind', { kind: 'constructor', spec: { template } }],
    ['a Deployment without a template', { apiVersion: 'apps/v1', kind: 'Deployment', spec: {} }],
    ['a non-object', 'Deployment'],
    ['null', null],
  ])('returns undefined for %s', (_what, obj) => {
    // GIVEN an object without a pod template
    // WHEN its pod template is looked up
    // THEN there is none
    expect(podTemplateOf(obj)).toBeUndefined();
  });

  test('omits metadata when the template has none', () => {
    // GIVEN a Job whose template has only a spec
    const job = { kind: 'Job', spec: { template: { spec: { containers: [] } } } };

    // WHEN its pod template is looked up
    // THEN only spec and pathPrefix are returned
    expect(podTemplateOf(job)).toStrictEqual({ spec: { containers: [] }, pathPrefix: 'spec.template' });
  });

  test('works with evaluatePodSecurity, whose fields take the path prefix', () => {
    // GIVEN a CronJob whose pod runs privileged
    const cronJob = {
      kind: 'CronJob',
      spec: {
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'backup', securityContext: { privileged: true } }] } } } },
      },
    };

    // WHEN its template is evaluated at baseline
    const found = podTemplateOf(cronJob);
    expect(found).toBeDefined();
    const fields = evaluatePodSecurity(found!, BASELINE).map((v) => `${found!.pathPrefix}.${v.field}`);

    // THEN the violation is addressed inside the CronJob
    expect(fields).toStrictEqual(['spec.jobTemplate.spec.template.spec.containers[backup].securityContext.privileged']);
  });
});
