/**
 * A lab segment on the wire: which addresses and ports its endpoint has, the window it advertises (the segment's
 * `wnd`, the sender's receive window when the lab sent it; 65535 for a segment without one) and the payload bytes
 * (the `send` move's `data` when given, else zeros: tcp-core models a payload's length, not its content).
 *
 * Options the lab models: MSS and window scale on SYNs (`Segment.options`); no SACK or timestamps. A decoded
 * packet keeps every option it had (import reports them).
 */
import { RCV_WND, canonicalFlags, makeSegment } from '../segment';
import type { Flag, Role, Segment } from '../types';
import { DOCUMENTATION_V4, type WireEndpoints } from './address';
import { utf8Encode } from './bytes';
import { type TcpFlag, type TcpPacket } from './packet';

export const LAB_HOP_LIMIT = 64;

/** The payload of a segment of `len` bytes: the UTF-8 of `data` cut or zero-padded to `len`. */
export function payloadBytes(len: number, data?: string): Uint8Array {
  const out = new Uint8Array(len);
  if (data !== undefined) out.set(utf8Encode(data).subarray(0, len));
  return out;
}

export function segmentToPacket(
  segment: Segment & { data?: string },
  from: Role,
  endpoints: WireEndpoints = DOCUMENTATION_V4,
): TcpPacket {
  const source = endpoints[from];
  const destination = endpoints[from === 'client' ? 'server' : 'client'];
  const hasAck = segment.flags.includes('ACK');
  return {
    src: source.address,
    dst: destination.address,
    srcPort: source.port,
    dstPort: destination.port,
    seq: segment.seq >>> 0,
    ack: hasAck ? (segment.ack ?? 0) >>> 0 : 0,
    flags: toTcpFlags(segment.flags),
    window: segment.wnd ?? RCV_WND,
    urgent: 0,
    options: [
      ...(segment.options?.mss !== undefined ? [{ kind: 'mss' as const, value: segment.options.mss }] : []),
      ...(segment.options?.wscale !== undefined
        ? [{ kind: 'nop' as const }, { kind: 'window-scale' as const, shift: segment.options.wscale }]
        : []),
    ],
    payload: payloadBytes(segment.len, segment.data),
    hopLimit: LAB_HOP_LIMIT,
  };
}

const toTcpFlags = (flags: readonly Flag[]): TcpFlag[] =>
  (['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as TcpFlag[]).filter((f) =>
    (flags as readonly string[]).includes(f),
  );

const LAB_FLAGS: readonly string[] = ['SYN', 'ACK', 'FIN', 'RST'];

/** The lab's view of a packet: SYN, ACK, FIN, RST (PSH, URG, ECE, CWR are not modelled), seq, ack, len. */
export function packetToSegment(packet: TcpPacket): Segment {
  const flags = canonicalFlags(packet.flags.filter((f) => LAB_FLAGS.includes(f)) as Flag[]);
  return makeSegment(flags, packet.seq, packet.ack, packet.payload.length);
}

/** Flags of a packet the lab does not model (reported by import, never silently dropped). */
export const unmodelledFlags = (packet: TcpPacket): TcpFlag[] =>
  packet.flags.filter((f) => !LAB_FLAGS.includes(f));
