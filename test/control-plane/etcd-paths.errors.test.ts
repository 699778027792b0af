import { Etcd } from '../../lib';
import { newCluster, synthErrors } from '../support/synth';
import { refusedWithoutWriting } from '../support/refused';

const three = [
  { name: 'cp-1', address: '192.168.56.11' },
  { name: 'cp-2', address: '192.168.56.12' },
  { name: 'cp-3', address: '192.168.56.13' },
];
const members = [
  { name: 'etcd-1', address: '172.30.0.11' },
  { name: 'etcd-2', address: '172.30.0.12' },
  { name: 'etcd-3', address: '172.30.0.13' },
];

describe('external etcd: file paths', () => {
  test('empty, relative and spaced TLS files and binary paths are refused at once, and nothing is written', () => {
    const cluster = newCluster({
      controlPlane: { nodes: three, endpoint: { host: 'api.example.com' } },
      etcd: Etcd.external({ members, caFile: '', certFile: 'pki/client.crt', keyFile: '/etc/etcd/client key.pem', binaryPath: 'etcd' }),
    });
    const expected = (example: string) => `expected an absolute path without spaces or a trailing "/", e.g. ${example}) [etcd/path]`;
    expect(refusedWithoutWriting(cluster)).toStrictEqual([
      `[error] test/ControlPlane (etcd.caFile): the path is empty (received ""; ${expected('/etc/kubernetes/pki/etcd/ca.crt')}`,
      `[error] test/ControlPlane (etcd.certFile): not an absolute path (received "pki/client.crt"; ${expected('/etc/kubernetes/pki/apiserver-etcd-client.crt')}`,
      `[error] test/ControlPlane (etcd.keyFile): not an absolute path (received "/etc/etcd/client key.pem"; ${expected('/etc/kubernetes/pki/apiserver-etcd-client.key')}`,
      `[error] test/ControlPlane (etcd.binaryPath): not an absolute path (received "etcd"; ${expected('/usr/local/bin/etcd')}`,
    ]);
  });

  test('data and PKI folders, of the topology and of one member, must be absolute too', () => {
    const cluster = newCluster({
      controlPlane: { nodes: three, endpoint: { host: 'api.example.com' } },
      etcd: Etcd.external({
        members: [{ ...members[0], dataDir: 'data' }, members[1], members[2]],
        caFile: '/etc/kubernetes/pki/etcd/ca.crt',
        certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
        keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
        dataDir: '/var/lib/etcd/',
        pkiDir: '~/pki',
      }),
    });
    expect(synthErrors(cluster).map((e) => [e.rule, e.field, e.received])).toStrictEqual([
      ['etcd/path', 'etcd.dataDir', '/var/lib/etcd/'],
      ['etcd/path', 'etcd.pkiDir', '~/pki'],
      ['etcd/path', 'etcd.members[0].dataDir', 'data'],
    ]);
  });

  test('a relative stacked data directory is refused', () => {
    const errors = synthErrors(newCluster({ controlPlane: { nodes: [three[0]] }, etcd: Etcd.stacked({ dataDir: 'var/lib/etcd' }) }));
    expect(errors.map((e) => [e.rule, e.path, e.field, e.message])).toStrictEqual([['etcd/path', 'test/ControlPlane', 'etcd.dataDir', 'not an absolute path']]);
  });
});
