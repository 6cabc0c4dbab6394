/**
 * pcapng (draft-ietf-opsawg-pcapng): a file is sections; a section starts with a Section Header Block, declares
 * interfaces in Interface Description Blocks and holds packets in Enhanced (or Simple, or obsolete) Packet
 * Blocks. Every block is `type u32, total length u32, body padded to 32 bits, total length u32`; the SHB's byte
 * order magic 1a2b3c4d tells the byte order of its section. Options are `code u16, length u16, value padded`.
 *
 * Exports write one little-endian section, one raw-IP interface with microsecond timestamps, and one EPB per
 * packet whose opt_comment (Wireshark's "packet comment") says what the segment did in the lab.
 */
import { concat, pad4, utf8Decode, utf8Encode, view } from './bytes';
import {
  type CaptureFrame,
  type CaptureResult,
  LINKTYPE,
  MAX_CAPTURE_BYTES,
  MAX_CAPTURE_PACKETS,
  tooLarge,
  truncatedFile,
} from './capture';
import { wireError } from './errors';

export const BLOCK = { SHB: 0x0a0d0d0a, IDB: 1, OBSOLETE_PB: 2, SPB: 3, EPB: 6 } as const;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

function option(code: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + pad4(value.length));
  const dv = view(out);
  dv.setUint16(0, code, true);
  dv.setUint16(2, value.length, true);
  out.set(value, 4);
  return out;
}

function options(list: Uint8Array[]): Uint8Array {
  return list.length ? concat([...list, new Uint8Array(4)]) : new Uint8Array(0); // opt_endofopt
}

function block(type: number, body: Uint8Array): Uint8Array {
  const length = 12 + pad4(body.length);
  const out = new Uint8Array(length);
  const dv = view(out);
  dv.setUint32(0, type, true);
  dv.setUint32(4, length, true);
  out.set(body, 8);
  dv.setUint32(length - 4, length, true);
  return out;
}

export interface PcapngWriteOptions {
  /** shb_userappl */
  application?: string;
  /** if_name of the one interface */
  interfaceName?: string;
}

/** One section, one interface (the frames' link type, which must be the same for all), microsecond stamps. */
export function writePcapng(frames: readonly CaptureFrame[], opts: PcapngWriteOptions = {}): Uint8Array {
  const linkType = frames[0]?.linkType ?? LINKTYPE.RAW;
  const shbBody = new Uint8Array(16);
  const shb = view(shbBody);
  shb.setUint32(0, BYTE_ORDER_MAGIC, true);
  shb.setUint16(4, 1, true);
  shb.setUint16(6, 0, true);
  shb.setBigInt64(8, -1n, true); // section length not given
  const blocks: Uint8Array[] = [
    block(
      BLOCK.SHB,
      concat([
        shbBody,
        options([option(SHB_USERAPPL, utf8Encode(opts.application ?? 'TCP Connection Lab'))]),
      ]),
    ),
  ];
  const idbBody = new Uint8Array(8);
  const idb = view(idbBody);
  idb.setUint16(0, linkType, true);
  idb.setUint32(4, 262144, true);
  blocks.push(
    block(
      BLOCK.IDB,
      concat([
        idbBody,
        options([
          option(IF_NAME, utf8Encode(opts.interfaceName ?? 'tcp-lab')),
          option(IF_TSRESOL, new Uint8Array([6])),
        ]),
      ]),
    ),
  );
  for (const f of frames) {
    if (f.linkType !== linkType) throw new RangeError('writePcapng writes one interface: one link type');
    const head = new Uint8Array(20);
    const dv = view(head);
    const us = Math.round(f.timestampUs);
    dv.setUint32(4, Math.floor(us / 2 ** 32), true);
    dv.setUint32(8, us % 2 ** 32, true);
    dv.setUint32(12, f.data.length, true);
    dv.setUint32(16, f.originalLength, true);
    const data = new Uint8Array(pad4(f.data.length));
    data.set(f.data);
    const opt = f.comment ? options([option(OPT_COMMENT, utf8Encode(f.comment))]) : new Uint8Array(0);
    blocks.push(block(BLOCK.EPB, concat([head, data, opt])));
  }
  return concat(blocks);
}

export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && view(bytes).getUint32(0, true) === BLOCK.SHB;
}

interface Interface {
  linkType: number;
  /** timestamp units per second */
  unitsPerSecond: number;
  offsetSeconds: number;
}

/** Reads every section; frames keep the link type of their interface. Unknown block types are skipped. */
export function readPcapng(bytes: Uint8Array): CaptureResult {
  if (bytes.length > MAX_CAPTURE_BYTES) return tooLarge();
  const dv = view(bytes);
  const frames: CaptureFrame[] = [];
  let little = true;
  let interfaces: Interface[] = [];
  let at = 0;
  if (!isPcapng(bytes))
    return wireError(
      'NOT_A_CAPTURE',
      'not a pcapng file (no section header)',
      '不是 pcapng 文件（没有节头块）',
    );
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return truncatedFile('a pcapng block header', 'pcapng 块头');
    const type = dv.getUint32(at, true);
    if (type === BLOCK.SHB) {
      const magic = dv.getUint32(at + 8, true);
      if (magic === BYTE_ORDER_MAGIC) little = true;
      else if (magic === 0x4d3c2b1a) little = false;
      else
        return wireError(
          'MALFORMED',
          'a pcapng section header with a bad byte-order magic',
          'pcapng 节头块的字节序魔数错误',
        );
      interfaces = [];
    }
    const length = dv.getUint32(at + 4, little);
    if (length < 12 || length % 4 !== 0)
      return wireError(
        'MALFORMED',
        `a pcapng block with length ${length}`,
        `pcapng 块长度为 ${length}，不合法`,
      );
    if (at + length > bytes.length) return truncatedFile('a pcapng block', 'pcapng 块');
    if (dv.getUint32(at + length - 4, little) !== length)
      return wireError('MALFORMED', 'a pcapng block whose two lengths differ', 'pcapng 块首尾的长度不一致');
    const body = bytes.subarray(at + 8, at + length - 4);
    const bv = view(body);
    const blockType = type === BLOCK.SHB ? type : dv.getUint32(at, little);
    if (blockType === BLOCK.IDB) {
      if (body.length < 8) return malformedBlock('interface description');
      const iface: Interface = { linkType: bv.getUint16(0, little), unitsPerSecond: 1e6, offsetSeconds: 0 };
      for (const o of readOptions(body.subarray(8), little)) {
        if (o.code === IF_TSRESOL && o.value.length >= 1) {
          const r = o.value[0];
          iface.unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
        } else if (o.code === IF_TSOFFSET && o.value.length >= 8) {
          iface.offsetSeconds = Number(view(o.value).getBigInt64(0, little));
        }
      }
      interfaces.push(iface);
    } else if (blockType === BLOCK.EPB || blockType === BLOCK.OBSOLETE_PB) {
      if (body.length < 20) return malformedBlock('packet');
      const epb = blockType === BLOCK.EPB;
      const ifaceId = epb ? bv.getUint32(0, little) : bv.getUint16(0, little);
      const iface = interfaces[ifaceId];
      if (!iface)
        return wireError(
          'MALFORMED',
          `a packet on undeclared interface ${ifaceId}`,
          `数据包属于未声明的接口 ${ifaceId}`,
        );
      const units = bv.getUint32(4, little) * 2 ** 32 + bv.getUint32(8, little);
      const captured = bv.getUint32(12, little);
      if (20 + captured > body.length) return malformedBlock('packet');
      const frame: CaptureFrame = {
        timestampUs: toMicroseconds(units, iface.unitsPerSecond) + iface.offsetSeconds * 1e6,
        linkType: iface.linkType,
        data: body.slice(20, 20 + captured),
        originalLength: bv.getUint32(16, little),
      };
      const comment = readOptions(body.subarray(20 + pad4(captured)), little).find(
        (o) => o.code === OPT_COMMENT,
      );
      if (comment) frame.comment = utf8Decode(comment.value) ?? '';
      if (frames.length >= MAX_CAPTURE_PACKETS) return tooLarge();
      frames.push(frame);
    } else if (blockType === BLOCK.SPB) {
      const iface = interfaces[0];
      if (!iface || body.length < 4) return malformedBlock('simple packet');
      const original = bv.getUint32(0, little);
      if (frames.length >= MAX_CAPTURE_PACKETS) return tooLarge();
      frames.push({
        timestampUs: 0, // a Simple Packet Block has no timestamp
        linkType: iface.linkType,
        data: body.slice(4, 4 + Math.min(original, body.length - 4)),
        originalLength: original,
      });
    }
    at += length;
  }
  return { ok: true, capture: { format: 'pcapng', frames } };
}

/** Units to µs without needless rounding: exact for µs, one division for finer, one product for coarser. */
function toMicroseconds(units: number, unitsPerSecond: number): number {
  if (unitsPerSecond === 1e6) return units;
  return unitsPerSecond > 1e6 ? units / (unitsPerSecond / 1e6) : units * (1e6 / unitsPerSecond);
}

function readOptions(bytes: Uint8Array, little: boolean): { code: number; value: Uint8Array }[] {
  const out: { code: number; value: Uint8Array }[] = [];
  const dv = view(bytes);
  for (let at = 0; at + 4 <= bytes.length;) {
    const code = dv.getUint16(at, little);
    const length = dv.getUint16(at + 2, little);
    if (code === OPT_END || at + 4 + length > bytes.length) break;
    out.push({ code, value: bytes.subarray(at + 4, at + 4 + length) });
    at += 4 + pad4(length);
  }
  return out;
}

const malformedBlock = (what: string) =>
  wireError('MALFORMED', `a pcapng ${what} block is too short`, `pcapng 的${BLOCK_ZH[what] ?? what}块太短`);
const BLOCK_ZH: Record<string, string> = {
  'interface description': '接口描述',
  packet: '数据包',
  'simple packet': '简单数据包',
};
