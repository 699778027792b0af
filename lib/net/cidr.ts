import * as ipaddr from 'ipaddr.js';

/** IPv4 or IPv6. */
export type IpFamily = 4 | 6;

/** A parsed, canonical CIDR block. */
export interface Cidr {
  readonly text: string;
  readonly family: IpFamily;
  readonly prefixLength: number;
  readonly first: bigint;
  readonly last: bigint;
}

/** @internal A parsed CIDR block, or why the text is not one. */
export type CidrParseResult = { readonly ok: true; readonly cidr: Cidr } | { readonly ok: false; readonly reason: string };

function bytesToBigInt(bytes: readonly number[]): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

function bigIntToBytes(value: bigint, length: number): number[] {
  const bytes = new Array<number>(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

/** @internal Parses a single IPv4 or IPv6 address, strictly (no shorthand IPv4 forms). */
export function parseIp(text: string): { readonly family: IpFamily; readonly value: bigint } | undefined {
  const addr = parseAddress(text);
  if (!addr) return undefined;
  return { family: addr.kind() === 'ipv4' ? 4 : 6, value: bytesToBigInt(addr.toByteArray()) };
}

/**
 * @internal
 * Parses `a.b.c.d/n` or `x::/n`. Host bits must be zero, because a block written
 * with host bits set is almost always a typo for a different block.
 */
export function parseCidr(text: string): CidrParseResult {
  if (typeof text !== 'string') return { ok: false, reason: 'not a string' };
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'missing /prefix-length' };
  const addrText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const addr = parseAddress(addrText);
  if (!addr) return { ok: false, reason: `'${addrText}' is not an IPv4 or IPv6 address` };
  const family: IpFamily = addr.kind() === 'ipv4' ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return { ok: false, reason: `prefix length '${prefixText}' is not between 0 and ${bits}` };
  }
  const prefixLength = Number(prefixText);
  const value = bytesToBigInt(addr.toByteArray());
  const hostBits = BigInt(bits - prefixLength);
  const first = (value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  if (first !== value) {
    return { ok: false, reason: `host bits are set; the network address is ${formatIp(family, first)}/${prefixLength}` };
  }
  return { ok: true, cidr: { text, family, prefixLength, first, last } };
}

/** @internal An address in its canonical text form. */
export function formatIp(family: IpFamily, value: bigint): string {
  const bytes = bigIntToBytes(value, family === 4 ? 4 : 16);
  return ipaddr.fromByteArray(bytes).toString();
}

/** @internal Whether two blocks share any address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** @internal Whether a block contains an address of the same family. */
export function cidrContains(block: Cidr, ip: { readonly family: IpFamily; readonly value: bigint }): boolean {
  return block.family === ip.family && block.first <= ip.value && ip.value <= block.last;
}

/** @internal Number of addresses in the block. */
export function cidrSize(block: Cidr): bigint {
  return block.last - block.first + 1n;
}

/** @internal The n-th address of the block (0 is the network address). */
export function cidrAddress(block: Cidr, n: number): string | undefined {
  const value = block.first + BigInt(n);
  return value > block.last ? undefined : formatIp(block.family, value);
}

/** @internal Splits a kubeadm-style comma-separated list (`10.244.0.0/16,fd00:10:244::/56`). */
export function splitCidrList(text: string): string[] {
  return text.split(',').map((s) => s.trim());
}
