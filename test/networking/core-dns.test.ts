import { Cni, CoreDnsAntiAffinity } from '../../constructs';
import { COREDNS_DEFAULTS } from '../../constructs/networking/core-dns';
import { PodSecurityLevel } from '../../lib';
import { evaluatePodSecurity, podTemplateOf } from '../../lib/validation/pod-security';
import { findObject, manifests, synth } from '../support/synth';
import { addWorkers, clusterWith, container, json, podSpec } from './helpers';

function corefile(synthesis: ReturnType<typeof synth>): string {
  return (json(findObject(synthesis, 'ConfigMap', 'coredns', 'kube-system'))).data.Corefile;
}

describe('CoreDns', () => {
  test('defaults are kubeadm’s and resolved in one place', () => {
    expect(COREDNS_DEFAULTS).toStrictEqual({
      replicas: 2,
      antiAffinity: CoreDnsAntiAffinity.PREFERRED,
      maxUnavailable: 1,
      forwarders: ['/etc/resolv.conf'],
      cacheTtl: 30,
      serviceIpIndex: 10,
    });
  });

  test('the default Corefile is kubeadm’s for the cluster domain', () => {
    const synthesis = synth(clusterWith(Cni.flannel(), { networking: { dnsDomain: 'k8s.example.internal' } }));
    expect(corefile(synthesis)).toBe(
      [
        '.:53 {',
        '    errors',
        '    health {',
        '       lameduck 5s',
        '    }',
        '    ready',
        '    kubernetes k8s.example.internal in-addr.arpa ip6.arpa {',
        '       pods insecure',
        '       fallthrough in-addr.arpa ip6.arpa',
        '       ttl 30',
        '    }',
        '    prometheus :9153',
        '    forward . /etc/resolv.conf {',
        '       max_concurrent 1000',
        '    }',
        '    cache 30 {',
        '       disable success k8s.example.internal',
        '       disable denial k8s.example.internal',
        '    }',
        '    loop',
        '    reload',
        '    loadbalance',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('forwarders, stub domains and cache TTL go into the Corefile', () => {
    const synthesis = synth(
      clusterWith(
        Cni.flannel(),
        {},
        {
          coreDns: {
            forwarders: ['1.1.1.1', '9.9.9.9:53'],
            stubDomains: [{ domain: 'corp.example.com', servers: ['10.0.0.53', '[fd00::53]:5353'] }],
            cacheTtl: 120,
          },
        },
      ),
    );
    const text = corefile(synthesis);
    expect(text).toContain('    forward . 1.1.1.1 9.9.9.9:53 {\n       max_concurrent 1000\n    }\n    cache 120 {\n       disable success cluster.local\n');
    expect(text).toContain('corp.example.com:53 {\n    errors\n    cache 120\n    loop\n    forward . 10.0.0.53 [fd00::53]:5353\n}\n');
  });

  test('the Deployment is kubeadm’s, with the replicas and spreading asked for', () => {
    // GIVEN three nodes and required spreading
    const cluster = clusterWith(Cni.flannel(), {}, { coreDns: { replicas: 3, antiAffinity: CoreDnsAntiAffinity.REQUIRED } });
    addWorkers(cluster, 3);

    // WHEN
    const synthesis = synth(cluster);
    const deployment = json(findObject(synthesis, 'Deployment', 'coredns', 'kube-system'));

    // THEN
    expect(deployment.spec.replicas).toBe(3);
    const spec = podSpec(deployment);
    expect(spec.affinity.podAntiAffinity).toStrictEqual({
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
          topologyKey: 'kubernetes.io/hostname',
        },
      ],
    });
    expect(spec.serviceAccountName).toBe('coredns');
    expect(spec.dnsPolicy).toBe('Default');
    expect(spec.priorityClassName).toBe('system-cluster-critical');
    const coredns = container(deployment, 'coredns');
    expect(coredns.image).toBe('registry.k8s.io/coredns/coredns:v1.13.1');
    expect(coredns.args).toStrictEqual(['-conf', '/etc/coredns/Corefile']);
    expect(coredns.livenessProbe.httpGet).toStrictEqual({ path: '/health', port: 'liveness-probe', scheme: 'HTTP' });
    expect(coredns.readinessProbe.httpGet).toStrictEqual({ path: '/ready', port: 'readiness-probe', scheme: 'HTTP' });
    expect(coredns.securityContext).toStrictEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    });
  });

  test('kubeadm’s preferred anti-affinity by default, and a PodDisruptionBudget', () => {
    const synthesis = synth(clusterWith(Cni.flannel()));
    const spec = podSpec(findObject(synthesis, 'Deployment', 'coredns', 'kube-system'));
    expect(spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(100);
    expect((json(findObject(synthesis, 'PodDisruptionBudget', 'coredns', 'kube-system'))).spec).toStrictEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    });
  });

  test('the DNS Service gets the 10th address of the service subnet, as kubeadm', () => {
    const synthesis = synth(clusterWith(Cni.flannel(), { networking: { serviceSubnet: '172.20.0.0/16' } }));
    const service = json(findObject(synthesis, 'Service', 'kube-dns', 'kube-system'));
    expect(service.spec.clusterIP).toBe('172.20.0.10');
    expect(service.spec.ports.map((p: { name: string; port: number; protocol: string }) => [p.name, p.port, p.protocol])).toStrictEqual([
      ['dns', 53, 'UDP'],
      ['dns-tcp', 53, 'TCP'],
      ['metrics', 9153, 'TCP'],
    ]);
  });

  test('an explicit DNS Service IP inside the service subnet is used', () => {
    const cluster = clusterWith(Cni.flannel(), {}, { coreDns: { serviceIp: '10.96.0.53' } });
    const network = cluster.node.findChild('Networking') as import('../../constructs').ClusterNetwork;
    expect(network.coreDns.serviceIp).toBe('10.96.0.53');
    expect((findObject(synth(cluster), 'Service', 'kube-dns') as Record<string, any>).spec.clusterIP).toBe('10.96.0.53');
  });

  test('kube-system is kubeadm’s: no Namespace object; the pod passes baseline', () => {
    const synthesis = synth(clusterWith(Cni.flannel()));
    expect(manifests(synthesis).filter((o) => o.kind === 'Namespace' && o.metadata.name === 'kube-system')).toStrictEqual([]);
    const pod = podTemplateOf(findObject(synthesis, 'Deployment', 'coredns', 'kube-system'))!;
    expect(evaluatePodSecurity(pod, PodSecurityLevel.BASELINE)).toStrictEqual([]);
  });
});
