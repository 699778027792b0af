import { cidrAddress, cidrContains, cidrSize, cidrsOverlap, parseCidr, parseIp } from '../../lib/net/cidr';

function cidr(text: string) {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.reason);
  return r.cidr;
}

describe('CIDR helpers', () => {
  test('parses IPv4 and IPv6 blocks', () => {
    expect(cidr('10.96.0.0/12')).toStrictEqual({ text: '10.96.0.0/12', family: 4, prefixLength: 12, first: 0x0a600000n, last: 0x0a6fffffn });
    expect(cidr('fd00:10:244::/56').family).toBe(6);
    expect(cidrSize(cidr('10.0.0.0/24'))).toBe(256n);
  });

  test.each([
    ['10.0.0.0', 'missing /prefix-length'],
    ['10.0.0/8', "'10.0.0' is not an IPv4 or IPv6 address"],
    ['10.0.0.0/33', "prefix length '33' is not between 0 and 32"],
    ['10.0.0.1/8', 'host bits are set; the network address is 10.0.0.0/8'],
    ['300.0.0.0/8', "'300.0.0.0' is not an IPv4 or IPv6 address"],
    ['fd00::/129', "prefix length '129' is not between 0 and 128"],
  ])('rejects %s', (text, reason) => {
    expect(parseCidr(text)).toStrictEqual({ ok: false, reason });
  });

  test('overlap, containment and addressing', () => {
    expect(cidrsOverlap(cidr('10.96.0.0/12'), cidr('10.100.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('10.96.0.0/12'), cidr('10.112.0.0/16'))).toBe(false);
    expect(cidrsOverlap(cidr('10.0.0.0/8'), cidr('fd00::/8'))).toBe(false);
    expect(cidrContains(cidr('10.96.0.0/12'), parseIp('10.96.0.10')!)).toBe(true);
    expect(cidrContains(cidr('10.96.0.0/12'), parseIp('10.112.0.1')!)).toBe(false);
    expect(cidrAddress(cidr('10.96.0.0/12'), 10)).toBe('10.96.0.10');
    expect(cidrAddress(cidr('fd00:10:96::/112'), 10)).toBe('fd00:10:96::a');
    expect(cidrAddress(cidr('10.0.0.0/30'), 4)).toBeUndefined();
    expect(parseIp('10.1')).toBeUndefined();
  });
});
