import { KubernetesVersion } from '../lib';

describe('KubernetesVersion', () => {
  test('reading a version does not change how it compares or serialises', () => {
    // GIVEN two versions of the same text, one of them read
    const read = KubernetesVersion.of('v1.35.7');
    const unread = KubernetesVersion.of('v1.35.7');
    expect([read.minorVersion, read.kubeadmVersion, read.parts]).toStrictEqual(['v1.35', 'v1.35.7', { major: 1, minor: 35, patch: 7 }]);
    // THEN they are still equal, and serialise alike
    expect(read).toStrictEqual(unread);
    expect(JSON.stringify(read)).toBe(JSON.stringify(unread));
  });

  test('text that is not v?MAJOR.MINOR.PATCH has no parts, and is its own minor version', () => {
    const v = KubernetesVersion.of('latest');
    expect([v.parts, v.minorVersion, v.kubeadmVersion, v.isSupported]).toStrictEqual([undefined, 'latest', 'latest', false]);
  });
});
