import { Cni } from '../../constructs';
import { findObject, synth, synthWarnings } from '../support/synth';
import { clusterWith, container, hostPathMountedAt, podSecurityFindings, podSpec, verbsOn } from './helpers';

describe('Cni.weave', () => {
  test('synthesis warns that Weave Net is unmaintained', () => {
    // WHEN
    const warnings = synthWarnings(clusterWith(Cni.weave()));

    // THEN
    expect(warnings.map((w) => [w.rule, w.path, w.field])).toStrictEqual([['networking/cni-unmaintained', 'test/Networking', 'cni']]);
    expect(warnings[0].message).toContain('archived upstream');
  });

  test('weave allocates from the pod subnet and enforces policy with weave-npc', () => {
    const synthesis = synth(clusterWith(Cni.weave({ mtu: 1376 }), { networking: { podSubnet: '10.32.0.0/12' } }));
    const ds = findObject(synthesis, 'DaemonSet', 'weave-net', 'kube-system');
    expect(podSpec(ds).hostNetwork).toBe(true);
    // weave-init installs the plugin and its conflist under the host's /opt and /etc
    expect(hostPathMountedAt(ds, 'weave-init', '/host/opt')).toBe('/opt');
    expect(hostPathMountedAt(ds, 'weave-init', '/host/etc')).toBe('/etc');
    expect(hostPathMountedAt(ds, 'weave', '/weavedb')).toBe('/var/lib/weave');
    const weave = container(ds, 'weave');
    expect(weave.image).toBe('docker.io/weaveworks/weave-kube:2.8.1');
    expect(weave.env).toEqual(
      expect.arrayContaining([
        { name: 'IPALLOC_RANGE', value: '10.32.0.0/12' },
        { name: 'WEAVE_MTU', value: '1376' },
      ]),
    );
    expect(weave.securityContext).toStrictEqual({ privileged: true });
    expect(weave.readinessProbe.httpGet).toStrictEqual({ host: '127.0.0.1', path: '/status', port: 6784 });
    expect(container(ds, 'weave-npc').image).toBe('docker.io/weaveworks/weave-npc:2.8.1');
    const role = findObject(synthesis, 'ClusterRole', 'weave-net');
    expect(verbsOn(role, '', 'nodes')).toStrictEqual(['get', 'list', 'watch']);
    expect(verbsOn(role, 'networking.k8s.io', 'networkpolicies')).toStrictEqual(['get', 'list', 'watch']);
    expect(podSecurityFindings(synthesis).filter((f) => f.violations.length > 0)).toStrictEqual([]);
  });
});
