/**
 * IPv4 and IPv6 TCP packets as bytes: encode and decode, with both checksums.
 *
 * Layouts: IPv4 header RFC 791 3.1; IPv6 header RFC 8200 3; TCP header RFC 9293 3.1; TCP options RFC 9293 3.2
 * (MSS), RFC 7323 (window scale, timestamps), RFC 2018 (SACK). A packet here is the IP datagram, starting at the
 * IP version nibble; link layers are the capture readers' business (capture.ts).
 */
import { type IpAddress, addressBytes, formatIpv4, formatIpv6 } from './address';
import { concat, view } from './bytes';
import { internetChecksum, onesComplementSum, pseudoHeaderSum } from './checksum';
import type { WireError } from './errors';
import { wireError } from './errors';

/** The eight TCP control bits, lowest first as they sit in the header (RFC 9293 3.1, RFC 3168 for ECE/CWR). */
export const TCP_FLAG_BITS = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;
export type TcpFlag = keyof typeof TCP_FLAG_BITS;
const FLAG_ORDER = Object.keys(TCP_FLAG_BITS) as TcpFlag[];

export type TcpOption =
  | { kind: 'nop' }
  | { kind: 'mss'; value: number }
  | { kind: 'window-scale'; shift: number }
  | { kind: 'sack-permitted' }
  | { kind: 'sack'; blocks: { left: number; right: number }[] }
  | { kind: 'timestamps'; value: number; echo: number }
  | { kind: 'unknown'; type: number; data: Uint8Array };

export interface TcpPacket {
  src: IpAddress;
  dst: IpAddress;
  srcPort: number;
  dstPort: number;
  seq: number;
  /** 0 when ACK is not set (the lab writes it so; RFC 9293 3.1 leaves it unused then) */
  ack: number;
  /** in header order: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR */
  flags: TcpFlag[];
  window: number;
  urgent: number;
  options: TcpOption[];
  payload: Uint8Array;
  /** IPv4 TTL or IPv6 hop limit */
  hopLimit: number;
}

export interface DecodedPacket {
  packet: TcpPacket;
  /** whether each checksum in the bytes is right (null: IPv6 has no header checksum) */
  checksums: { ip: boolean | null; tcp: boolean };
}

export const flagsFromBits = (bits: number): TcpFlag[] => FLAG_ORDER.filter((f) => bits & TCP_FLAG_BITS[f]);
export const flagBits = (flags: readonly TcpFlag[]): number =>
  flags.reduce((bits, f) => bits | TCP_FLAG_BITS[f], 0);

// ───────────────────────── TCP options ─────────────────────────

function encodeOption(option: TcpOption): number[] {
  switch (option.kind) {
    case 'nop':
      return [1];
    case 'mss':
      return [2, 4, option.value >> 8, option.value & 0xff];
    case 'window-scale':
      return [3, 3, option.shift];
    case 'sack-permitted':
      return [4, 2];
    case 'sack': {
      const out = [5, 2 + 8 * option.blocks.length];
      for (const b of option.blocks) out.push(...u32(b.left), ...u32(b.right));
      return out;
    }
    case 'timestamps':
      return [8, 10, ...u32(option.value), ...u32(option.echo)];
    case 'unknown':
      return [option.type, 2 + option.data.length, ...option.data];
  }
}

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** Options padded with End of Option List (kind 0) to a multiple of 4 bytes. */
export function encodeOptions(options: readonly TcpOption[]): Uint8Array {
  const bytes = options.flatMap(encodeOption);
  while (bytes.length % 4) bytes.push(0);
  if (bytes.length > 40) throw new RangeError('TCP options exceed 40 bytes');
  return new Uint8Array(bytes);
}

export function decodeOptions(bytes: Uint8Array): TcpOption[] | WireError {
  const out: TcpOption[] = [];
  const dv = view(bytes);
  for (let i = 0; i < bytes.length;) {
    const type = bytes[i];
    if (type === 0) break; // End of Option List: the rest is padding
    if (type === 1) {
      out.push({ kind: 'nop' });
      i += 1;
      continue;
    }
    const length = bytes[i + 1];
    if (i + 1 >= bytes.length || length < 2 || i + length > bytes.length)
      return wireError('MALFORMED', 'a TCP option runs past the header', 'TCP 选项超出了首部');
    const body = bytes.subarray(i + 2, i + length);
    const at = i + 2;
    if (type === 2 && length === 4) out.push({ kind: 'mss', value: dv.getUint16(at) });
    else if (type === 3 && length === 3) out.push({ kind: 'window-scale', shift: body[0] });
    else if (type === 4 && length === 2) out.push({ kind: 'sack-permitted' });
    else if (type === 5 && (length - 2) % 8 === 0 && length > 2) {
      const blocks = [];
      for (let j = at; j < i + length; j += 8)
        blocks.push({ left: dv.getUint32(j), right: dv.getUint32(j + 4) });
      out.push({ kind: 'sack', blocks });
    } else if (type === 8 && length === 10)
      out.push({ kind: 'timestamps', value: dv.getUint32(at), echo: dv.getUint32(at + 4) });
    else out.push({ kind: 'unknown', type, data: body.slice() });
    i += length;
  }
  return out;
}

// ───────────────────────── encode ─────────────────────────

function tcpSegmentBytes(p: TcpPacket): Uint8Array {
  const options = encodeOptions(p.options);
  const headerLength = 20 + options.length;
  const tcp = new Uint8Array(headerLength + p.payload.length);
  const dv = view(tcp);
  dv.setUint16(0, p.srcPort);
  dv.setUint16(2, p.dstPort);
  dv.setUint32(4, p.seq >>> 0);
  dv.setUint32(8, p.ack >>> 0);
  tcp[12] = (headerLength / 4) << 4;
  tcp[13] = flagBits(p.flags);
  dv.setUint16(14, p.window);
  dv.setUint16(18, p.urgent);
  tcp.set(options, 20);
  tcp.set(p.payload, headerLength);
  dv.setUint16(16, internetChecksum(tcp, pseudoHeaderSum(p.src, p.dst, tcp.length)));
  return tcp;
}

/** The whole IP datagram: IPv4 (DF set, no options) or IPv6 (no extension headers), by the addresses' family. */
export function encodePacket(p: TcpPacket): Uint8Array {
  if (p.src.family !== p.dst.family) throw new RangeError('source and destination families differ');
  const tcp = tcpSegmentBytes(p);
  if (p.src.family === 4) {
    const ip = new Uint8Array(20);
    const dv = view(ip);
    ip[0] = 0x45;
    dv.setUint16(2, 20 + tcp.length);
    dv.setUint16(6, 0x4000); // DF: a lab segment is never fragmented
    ip[8] = p.hopLimit;
    ip[9] = 6;
    ip.set(addressBytes(p.src), 12);
    ip.set(addressBytes(p.dst), 16);
    dv.setUint16(10, internetChecksum(ip));
    return concat([ip, tcp]);
  }
  const ip = new Uint8Array(40);
  const dv = view(ip);
  ip[0] = 0x60;
  dv.setUint16(4, tcp.length);
  ip[6] = 6;
  ip[7] = p.hopLimit;
  ip.set(addressBytes(p.src), 8);
  ip.set(addressBytes(p.dst), 24);
  return concat([ip, tcp]);
}

// ───────────────────────── decode ─────────────────────────

/** IPv6 extension headers that may sit before TCP and are skipped (RFC 8200 4): hop-by-hop, routing, dest opts. */
const SKIPPED_V6_HEADERS = new Set([0, 43, 60]);
const FRAGMENT_V6 = 44;

/**
 * Decodes one IP datagram carrying TCP. Errors: TRUNCATED (fewer bytes than the headers say), NOT_TCP (another
 * protocol, or a fragment), MALFORMED (an impossible length or version).
 */
export function decodePacket(bytes: Uint8Array): { ok: true; value: DecodedPacket } | WireError {
  if (bytes.length < 1) return wireError('TRUNCATED', 'an empty packet', '空数据包');
  const version = bytes[0] >> 4;
  let src: IpAddress;
  let dst: IpAddress;
  let hopLimit: number;
  let tcpStart: number;
  let tcpEnd: number;
  let ipOk: boolean | null = null;
  const dv = view(bytes);
  if (version === 4) {
    if (bytes.length < 20) return truncated('IPv4 header', 'IPv4 首部');
    const ihl = (bytes[0] & 0x0f) * 4;
    const total = dv.getUint16(2);
    if (ihl < 20 || total < ihl)
      return wireError('MALFORMED', 'an IPv4 header with impossible lengths', 'IPv4 首部长度不合理');
    if (bytes.length < total) return truncated('IPv4 packet', 'IPv4 数据包');
    if (bytes[9] !== 6) return notTcp(`IP protocol ${bytes[9]}`, `IP 协议号 ${bytes[9]}`);
    if ((dv.getUint16(6) & 0x3fff) !== 0) return notTcp('an IPv4 fragment', 'IPv4 分片');
    ipOk = onesComplementSum(bytes.subarray(0, ihl)) === 0xffff;
    src = { family: 4, text: formatIpv4(bytes.subarray(12, 16)) };
    dst = { family: 4, text: formatIpv4(bytes.subarray(16, 20)) };
    hopLimit = bytes[8];
    tcpStart = ihl;
    tcpEnd = total;
  } else if (version === 6) {
    if (bytes.length < 40) return truncated('IPv6 header', 'IPv6 首部');
    const payloadLength = dv.getUint16(4);
    if (bytes.length < 40 + payloadLength) return truncated('IPv6 packet', 'IPv6 数据包');
    src = { family: 6, text: formatIpv6(bytes.subarray(8, 24)) };
    dst = { family: 6, text: formatIpv6(bytes.subarray(24, 40)) };
    hopLimit = bytes[7];
    tcpEnd = 40 + payloadLength;
    let next = bytes[6];
    let at = 40;
    while (SKIPPED_V6_HEADERS.has(next)) {
      if (at + 8 > tcpEnd) return truncated('IPv6 extension header', 'IPv6 扩展首部');
      next = bytes[at];
      at += (bytes[at + 1] + 1) * 8;
    }
    if (next === FRAGMENT_V6) return notTcp('an IPv6 fragment', 'IPv6 分片');
    if (next !== 6) return notTcp(`IPv6 next header ${next}`, `IPv6 下一首部 ${next}`);
    tcpStart = at;
  } else {
    return wireError('MALFORMED', `IP version ${version}`, `IP 版本号为 ${version}`);
  }
  if (tcpEnd - tcpStart < 20) return truncated('TCP header', 'TCP 首部');
  const tcp = bytes.subarray(tcpStart, tcpEnd);
  const tv = view(tcp);
  const dataOffset = (tcp[12] >> 4) * 4;
  if (dataOffset < 20 || dataOffset > tcp.length)
    return wireError('MALFORMED', 'a TCP data offset outside the segment', 'TCP 数据偏移超出了报文段');
  const options = decodeOptions(tcp.subarray(20, dataOffset));
  if (!Array.isArray(options)) return options;
  const tcpOk = onesComplementSum(tcp, pseudoHeaderSum(src, dst, tcp.length)) === 0xffff;
  return {
    ok: true,
    value: {
      packet: {
        src,
        dst,
        srcPort: tv.getUint16(0),
        dstPort: tv.getUint16(2),
        seq: tv.getUint32(4),
        ack: tv.getUint32(8),
        flags: flagsFromBits(tcp[13]),
        window: tv.getUint16(14),
        urgent: tv.getUint16(18),
        options,
        payload: tcp.slice(dataOffset),
        hopLimit,
      },
      checksums: { ip: ipOk, tcp: tcpOk },
    },
  };
}

const truncated = (en: string, zh: string) =>
  wireError('TRUNCATED', `the ${en} is cut short`, `${zh}被截断了`);
const notTcp = (en: string, zh: string) =>
  wireError('NOT_TCP', `${en} is not a TCP segment`, `${zh}不是 TCP 报文段`);
