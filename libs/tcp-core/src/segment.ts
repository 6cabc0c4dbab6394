/**
 * Segments and sequence-number arithmetic.
 *
 * Sequence numbers live in a 32-bit space and wrap (RFC 9293 3.4): every comparison is "modulo 2^32", done here
 * once, so the machine reads like the RFC's inequalities.
 */
import { FLAGS, type Flag, type Segment } from './types';

/** The largest window without scaling, and what a segment without a window field advertises (RFC 9293 3.8.6). */
export const RCV_WND = 65535;

/** a + n in the 32-bit sequence space. */
export const seqAdd = (a: number, n: number): number => (a + n) >>> 0;
/** a - b as a signed 32-bit distance (RFC 9293 3.4: "modulo 2**32" comparisons). */
export const seqDiff = (a: number, b: number): number => (a - b) | 0;
export const seqLt = (a: number, b: number): boolean => seqDiff(a, b) < 0;
export const seqLe = (a: number, b: number): boolean => seqDiff(a, b) <= 0;
export const seqGt = (a: number, b: number): boolean => seqDiff(a, b) > 0;
export const seqGe = (a: number, b: number): boolean => seqDiff(a, b) >= 0;

export const has = (segment: Segment, flag: Flag): boolean => segment.flags.includes(flag);

/** SEG.LEN in RFC 9293's sense: data octets plus one for SYN and one for FIN (3.4). */
export function sequenceLength(segment: Segment): number {
  let n = segment.len;
  if (has(segment, 'SYN')) n += 1;
  if (has(segment, 'FIN')) n += 1;
  return n;
}

/** Flags in the one order the lab prints them: SYN, ACK, FIN, RST. */
export function canonicalFlags(flags: readonly Flag[]): Flag[] {
  return FLAGS.filter((f) => flags.includes(f));
}

/** Builds a segment with `ack` only when ACK is set (the shape scripts and answers use). */
export function makeSegment(flags: Flag[], seq: number, ack: number | undefined, len = 0): Segment {
  return flags.includes('ACK')
    ? { flags, seq: seq >>> 0, ack: (ack ?? 0) >>> 0, len }
    : { flags, seq: seq >>> 0, len };
}

/**
 * RFC 9293 3.10.7.4, first check, the acceptability table:
 *   len 0, wnd 0:  SEG.SEQ = RCV.NXT
 *   len 0, wnd >0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
 *   len >0, wnd 0: not acceptable
 *   len >0, wnd >0: the first or the last octet falls inside the window
 */
export function isAcceptable(segment: Segment, rcvNxt: number, rcvWnd = RCV_WND): boolean {
  const segLen = sequenceLength(segment);
  const inWindow = (n: number) => seqLe(rcvNxt, n) && seqLt(n, seqAdd(rcvNxt, rcvWnd));
  if (segLen === 0) return rcvWnd === 0 ? segment.seq === rcvNxt : inWindow(segment.seq);
  if (rcvWnd === 0) return false;
  return inWindow(segment.seq) || inWindow(seqAdd(segment.seq, segLen - 1));
}

/** "SYN,ACK seq=5000 ack=1001 len=0", for event descriptions and CSV. */
export function describeSegment(segment: Segment): string {
  const flags = canonicalFlags(segment.flags).join(',') || '(no flags)';
  const ack = has(segment, 'ACK') ? ` ack=${segment.ack}` : '';
  return `${flags} seq=${segment.seq}${ack} len=${segment.len}`;
}

/**
 * The short label a segment is drawn with (ladder, network panel, answers): `SYN,ACK seq=5000 ack=1001`, `len=`
 * only when data rides along, `—` for no flags.
 */
export function segmentLabel(segment: Segment): string {
  const flags = segment.flags.length ? segment.flags.join(',') : '—';
  const ack = segment.ack !== undefined ? ` ack=${segment.ack}` : '';
  return `${flags} seq=${segment.seq}${ack}${segment.len ? ` len=${segment.len}` : ''}`;
}

/** Two segments say the same thing on the wire (flags as a set, numbers equal). */
export function sameSegment(a: Segment, b: Segment): boolean {
  if (a.seq !== b.seq || a.len !== b.len) return false;
  const fa = canonicalFlags(a.flags);
  const fb = canonicalFlags(b.flags);
  if (fa.length !== fb.length || fa.some((f, i) => f !== fb[i])) return false;
  return !has(a, 'ACK') || a.ack === b.ack;
}

/** The plain segment part of a wire segment (drops id, timing and bookkeeping; keeps the window and options). */
export function toSegment(segment: Segment): Segment {
  // one literal per shape (no keys added afterwards): this runs on every delivery
  const { flags, seq, len, wnd, options } = segment;
  if (!flags.includes('ACK')) return { flags, seq: seq >>> 0, len, wnd, options };
  return { flags, seq: seq >>> 0, ack: (segment.ack ?? 0) >>> 0, len, wnd, options };
}
