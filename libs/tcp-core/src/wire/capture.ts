/**
 * A capture file as the wire module sees it: frames with a time, a link type and the captured bytes. pcap.ts and
 * pcapng.ts read and write the two formats; `readCapture` tells them apart by their magic numbers and enforces
 * the documented limits before anything else is looked at.
 */
import type { WireError } from './errors';
import { wireError } from './errors';

/** LINKTYPE_* values (tcpdump.org/linktypes.html) the readers unwrap to an IP datagram. */
export const LINKTYPE = {
  NULL: 0, // BSD loopback: 4-byte address family in the capturing host's byte order
  ETHERNET: 1,
  RAW: 101, // the datagram itself; what exports use
  LOOP: 108, // OpenBSD loopback: the family in network byte order
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export interface CaptureFrame {
  /** microseconds since the epoch of the capture (an export's epoch is the lab clock's zero) */
  timestampUs: number;
  linkType: number;
  /** the captured bytes (possibly fewer than originalLength when the capture had a snap length) */
  data: Uint8Array;
  originalLength: number;
  /** pcapng opt_comment */
  comment?: string;
}

export interface Capture {
  format: 'pcap' | 'pcapng';
  frames: CaptureFrame[];
}

/** An upload larger than this is refused before it is parsed (a teaching capture is a few kilobytes). */
export const MAX_CAPTURE_BYTES = 8 * 1024 * 1024;
/** ... and one with more frames than this. */
export const MAX_CAPTURE_PACKETS = 20_000;

export type CaptureResult = { ok: true; capture: Capture } | WireError;

export function tooLarge(): WireError {
  return wireError(
    'TOO_LARGE',
    `the capture is larger than the limit (${MAX_CAPTURE_BYTES / 1024 / 1024} MiB, ${MAX_CAPTURE_PACKETS} packets)`,
    `抓包文件超过了上限（${MAX_CAPTURE_BYTES / 1024 / 1024} MiB，${MAX_CAPTURE_PACKETS} 个数据包）`,
  );
}

export function truncatedFile(where: string, whereZh: string): WireError {
  return wireError('TRUNCATED', `the file ends inside ${where}`, `文件在${whereZh}中间就结束了`);
}

/**
 * The IP datagram inside a frame, or null when the frame carries something else (ARP, another family) or a
 * link type this reader does not know.
 */
export function ipDatagram(frame: CaptureFrame): Uint8Array | null {
  const d = frame.data;
  switch (frame.linkType) {
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return d;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (d.length < 4) return null;
      const family = frame.linkType === LINKTYPE.LOOP || d[0] === 0 ? d[3] | (d[2] << 8) : d[0] | (d[1] << 8);
      // AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 depending on the BSD
      return family === 2 || family === 24 || family === 28 || family === 30 ? d.subarray(4) : null;
    }
    case LINKTYPE.ETHERNET: {
      let at = 12;
      let type = (d[at] << 8) | d[at + 1];
      while ((type === 0x8100 || type === 0x88a8) && d.length >= at + 6) {
        at += 4; // 802.1Q / 802.1ad tags
        type = (d[at] << 8) | d[at + 1];
      }
      return type === 0x0800 || type === 0x86dd ? d.subarray(at + 2) : null;
    }
    case LINKTYPE.LINUX_SLL: {
      if (d.length < 16) return null;
      const type = (d[14] << 8) | d[15];
      return type === 0x0800 || type === 0x86dd ? d.subarray(16) : null;
    }
    case LINKTYPE.LINUX_SLL2: {
      if (d.length < 20) return null;
      const type = (d[0] << 8) | d[1];
      return type === 0x0800 || type === 0x86dd ? d.subarray(20) : null;
    }
    default:
      return null;
  }
}

export const knownLinkType = (linkType: number): boolean =>
  (Object.values(LINKTYPE) as number[]).includes(linkType);
