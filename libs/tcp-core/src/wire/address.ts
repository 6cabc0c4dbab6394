/**
 * IP addresses as the wire module spells them: dotted quads for IPv4, RFC 5952 text for IPv6. The lab's two
 * endpoints get addresses from the documentation ranges (RFC 5737 192.0.2.0/24, RFC 3849 2001:db8::/32) so an
 * exported capture can never be mistaken for traffic to a real host.
 */

export interface IpAddress {
  family: 4 | 6;
  /** '192.0.2.1' or '2001:db8::1' (RFC 5952 canonical form when produced here) */
  text: string;
}

/** Where the lab's endpoints live on the wire. */
export interface WireEndpoints {
  client: { address: IpAddress; port: number };
  server: { address: IpAddress; port: number };
}

/** client 192.0.2.1:49152 → server 192.0.2.2:80 (RFC 5737 TEST-NET-1; 49152 is the first dynamic port). */
export const DOCUMENTATION_V4: WireEndpoints = {
  client: { address: { family: 4, text: '192.0.2.1' }, port: 49152 },
  server: { address: { family: 4, text: '192.0.2.2' }, port: 80 },
};

/** client [2001:db8::1]:49152 → server [2001:db8::2]:80 (RFC 3849). */
export const DOCUMENTATION_V6: WireEndpoints = {
  client: { address: { family: 6, text: '2001:db8::1' }, port: 49152 },
  server: { address: { family: 6, text: '2001:db8::2' }, port: 80 },
};

export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^(0|[1-9]\d{0,2})$/.test(parts[i])) return null;
    const n = Number(parts[i]);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

export function parseIpv6(text: string): Uint8Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(all[i])) return null;
    const n = parseInt(all[i], 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  }
  return out;
}

export function addressBytes(address: IpAddress): Uint8Array {
  const bytes = address.family === 4 ? parseIpv4(address.text) : parseIpv6(address.text);
  if (!bytes) throw new RangeError(`not an IPv${address.family} address: ${address.text}`);
  return bytes;
}

export function formatIpv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}

/** RFC 5952: lower case, no leading zeros, the longest run (first if tied) of two or more zero groups as '::'. */
export function formatIpv6(bytes: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((bytes[2 * i] << 8) | bytes[2 * i + 1]);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

export const sameAddress = (a: IpAddress, b: IpAddress): boolean =>
  a.family === b.family && a.text === b.text;
