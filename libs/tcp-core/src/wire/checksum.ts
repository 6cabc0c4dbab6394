/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum. IPv4 headers carry
 * one over the header (RFC 791); TCP carries one over a pseudo-header, the TCP header and the payload
 * (RFC 9293 3.1 for IPv4, RFC 8200 8.1 for IPv6).
 */
import type { IpAddress } from './address';
import { addressBytes } from './address';

/** One's complement sum of 16-bit big-endian words, folded to 16 bits (not yet complemented). */
export function onesComplementSum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  const even = bytes.length & ~1;
  for (let i = 0; i < even; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (bytes.length & 1) sum += bytes[bytes.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export const internetChecksum = (bytes: Uint8Array, initial = 0): number =>
  ~onesComplementSum(bytes, initial) & 0xffff;

/** The pseudo-header's share of the TCP checksum: addresses, protocol 6 and the TCP length. */
export function pseudoHeaderSum(src: IpAddress, dst: IpAddress, tcpLength: number): number {
  const words = new Uint8Array([...addressBytes(src), ...addressBytes(dst)]);
  // protocol (6) and TCP length; for IPv6 the length is 32 bits and the next header 6 (RFC 8200 8.1)
  return onesComplementSum(words, 6 + (tcpLength & 0xffff) + (tcpLength >>> 16));
}
