/**
 * The classic libpcap format (tcpdump's default): a 24-byte file header, then a 16-byte header per record.
 * Magic a1b2c3d4 means microsecond timestamps, a1b23c4d nanoseconds; either byte order is read.
 * Reference: draft-ietf-opsawg-pcap, sections 4 and 5.
 */
import { view } from './bytes';
import {
  type Capture,
  type CaptureFrame,
  type CaptureResult,
  LINKTYPE,
  MAX_CAPTURE_BYTES,
  MAX_CAPTURE_PACKETS,
  tooLarge,
  truncatedFile,
} from './capture';
import { wireError } from './errors';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
const SNAPLEN = 262144;

/** Little-endian, microsecond pcap; every frame must have the same link type (pcap has one per file). */
export function writePcap(frames: readonly CaptureFrame[], linkType: number = LINKTYPE.RAW): Uint8Array {
  let size = 24;
  for (const f of frames) size += 16 + f.data.length;
  const out = new Uint8Array(size);
  const dv = view(out);
  dv.setUint32(0, PCAP_MAGIC_US, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, SNAPLEN, true);
  dv.setUint32(20, linkType, true);
  let at = 24;
  for (const f of frames) {
    if (f.linkType !== linkType) throw new RangeError('pcap holds one link type per file');
    const us = Math.round(f.timestampUs);
    dv.setUint32(at, Math.floor(us / 1e6), true);
    dv.setUint32(at + 4, us % 1e6, true);
    dv.setUint32(at + 8, f.data.length, true);
    dv.setUint32(at + 12, f.originalLength, true);
    out.set(f.data, at + 16);
    at += 16 + f.data.length;
  }
  return out;
}

export function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const dv = view(bytes);
  return [PCAP_MAGIC_US, PCAP_MAGIC_NS].some(
    (m) => dv.getUint32(0, false) === m || dv.getUint32(0, true) === m,
  );
}

export function readPcap(bytes: Uint8Array): CaptureResult {
  if (bytes.length > MAX_CAPTURE_BYTES) return tooLarge();
  if (bytes.length < 24) return truncatedFile('the pcap file header', 'pcap 文件头');
  const dv = view(bytes);
  let little: boolean;
  let nano: boolean;
  if (dv.getUint32(0, true) === PCAP_MAGIC_US || dv.getUint32(0, true) === PCAP_MAGIC_NS) {
    little = true;
    nano = dv.getUint32(0, true) === PCAP_MAGIC_NS;
  } else if (dv.getUint32(0, false) === PCAP_MAGIC_US || dv.getUint32(0, false) === PCAP_MAGIC_NS) {
    little = false;
    nano = dv.getUint32(0, false) === PCAP_MAGIC_NS;
  } else {
    return wireError('NOT_A_CAPTURE', 'not a pcap file (unknown magic number)', '不是 pcap 文件（魔数不对）');
  }
  const major = dv.getUint16(4, little);
  if (major !== 2)
    return wireError('MALFORMED', `pcap version ${major} is not 2`, `pcap 版本号 ${major} 不是 2`);
  // the upper bits may carry FCS information (draft-ietf-opsawg-pcap 4); the link type is the low 16
  const linkType = dv.getUint32(20, little) & 0xffff;
  const frames: CaptureFrame[] = [];
  for (let at = 24; at < bytes.length;) {
    if (frames.length >= MAX_CAPTURE_PACKETS) return tooLarge();
    if (at + 16 > bytes.length) return truncatedFile('a pcap record header', 'pcap 记录头');
    const seconds = dv.getUint32(at, little);
    const fraction = dv.getUint32(at + 4, little);
    const captured = dv.getUint32(at + 8, little);
    const original = dv.getUint32(at + 12, little);
    if (at + 16 + captured > bytes.length) return truncatedFile('a pcap record', 'pcap 记录');
    frames.push({
      timestampUs: seconds * 1e6 + (nano ? fraction / 1000 : fraction),
      linkType,
      data: bytes.slice(at + 16, at + 16 + captured),
      originalLength: original,
    });
    at += 16 + captured;
  }
  const capture: Capture = { format: 'pcap', frames };
  return { ok: true, capture };
}
