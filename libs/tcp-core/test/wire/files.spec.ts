/**
 * pcap and pcapng files: what is written reads back frame for frame (times, bytes, comments), either byte order
 * and nanosecond pcap are read, and broken, cut, oversized or foreign files are refused with a code.
 */
import fc from 'fast-check';
import {
  LINKTYPE,
  MAX_CAPTURE_BYTES,
  PCAP_MAGIC_NS,
  readCapture,
  readPcap,
  readPcapng,
  writePcap,
  writePcapng,
  type CaptureFrame,
} from '../../src/wire';

const frame: fc.Arbitrary<CaptureFrame> = fc
  .record({
    timestampUs: fc.integer({ min: 0, max: 2 ** 40 }),
    data: fc.uint8Array({ minLength: 1, maxLength: 200 }),
    comment: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  })
  .map(({ timestampUs, data, comment }) => {
    const f: CaptureFrame = { timestampUs, linkType: LINKTYPE.RAW, data, originalLength: data.length };
    if (comment) f.comment = comment;
    return f;
  });

describe('pcap and pcapng round trips', () => {
  test('readPcapng(writePcapng(frames)) gives the frames back, comments included', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 20 }), (frames) => {
        const r = readPcapng(writePcapng(frames));
        if (!r.ok) throw new Error(r.reason.en);
        expect(r.capture.format).toBe('pcapng');
        expect(r.capture.frames).toEqual(frames);
      }),
    );
  });

  test('readPcap(writePcap(frames)) gives the frames back (pcap has no comments)', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 20 }), (frames) => {
        const r = readPcap(writePcap(frames));
        if (!r.ok) throw new Error(r.reason.en);
        expect(r.capture.frames).toEqual(frames.map(({ comment: _comment, ...f }) => f));
      }),
    );
  });

  test('readCapture tells the formats apart', () => {
    const frames: CaptureFrame[] = [
      { timestampUs: 5, linkType: LINKTYPE.RAW, data: new Uint8Array([0x45]), originalLength: 1 },
    ];
    const a = readCapture(writePcap(frames));
    const b = readCapture(writePcapng(frames));
    expect(a.ok && a.capture.format).toBe('pcap');
    expect(b.ok && b.capture.format).toBe('pcapng');
  });

  test('a big-endian nanosecond pcap is read with microsecond times', () => {
    const bytes = new Uint8Array(24 + 16 + 2);
    const dv = new DataView(bytes.buffer);
    dv.setUint32(0, PCAP_MAGIC_NS, false);
    dv.setUint16(4, 2, false);
    dv.setUint16(6, 4, false);
    dv.setUint32(16, 65535, false);
    dv.setUint32(20, LINKTYPE.ETHERNET, false);
    dv.setUint32(24, 3, false); // 3 s
    dv.setUint32(28, 250_000, false); // 250 µs in ns
    dv.setUint32(32, 2, false);
    dv.setUint32(36, 60, false);
    const r = readPcap(bytes);
    if (!r.ok) throw new Error(r.reason.en);
    expect(r.capture.frames[0]).toMatchObject({ timestampUs: 3_000_250, linkType: 1, originalLength: 60 });
  });

  test('a big-endian pcapng section with a nanosecond interface is read', () => {
    // SHB (28 bytes, no options), IDB with if_tsresol=9, one EPB of 4 bytes
    const be = (n: number, width = 4) => {
      const b = new Uint8Array(width);
      const dv = new DataView(b.buffer);
      if (width === 4) dv.setUint32(0, n >>> 0, false);
      else dv.setUint16(0, n, false);
      return Array.from(b);
    };
    const shb = [
      ...be(0x0a0d0d0a),
      ...be(28),
      ...be(0x1a2b3c4d),
      ...be(1, 2),
      ...be(0, 2),
      ...be(-1),
      ...be(-1),
      ...be(28),
    ];
    const idb = [
      ...be(1),
      ...be(28),
      ...be(1, 2),
      ...be(0, 2),
      ...be(0),
      ...be(9, 2),
      ...be(1, 2),
      9,
      0,
      0,
      0,
      ...be(28),
    ];
    const epb = [
      ...be(6),
      ...be(36),
      ...be(0),
      ...be(0),
      ...be(2_000_000_000),
      ...be(4),
      ...be(4),
      0x45,
      0,
      0,
      0,
      ...be(36),
    ];
    const r = readPcapng(new Uint8Array([...shb, ...idb, ...epb]));
    if (!r.ok) throw new Error(r.reason.en);
    expect(r.capture.frames).toEqual([
      {
        timestampUs: 2_000_000,
        linkType: LINKTYPE.ETHERNET,
        data: new Uint8Array([0x45, 0, 0, 0]),
        originalLength: 4,
      },
    ]);
  });
});

describe('bad capture files change nothing and say why in both languages', () => {
  const good = writePcapng([
    { timestampUs: 1, linkType: LINKTYPE.RAW, data: new Uint8Array(40), originalLength: 40 },
  ]);

  test('a text file is NOT_A_CAPTURE', () => {
    const r = readCapture(new TextEncoder().encode('hello, this is not a capture'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('NOT_A_CAPTURE');
      expect(r.reason.en).toMatch(/neither pcap nor pcapng/);
      expect(r.reason.zh).toMatch(/既不是/);
    }
  });

  test('a pcapng cut in the middle of a block is TRUNCATED', () => {
    const r = readCapture(good.subarray(0, good.length - 10));
    expect(!r.ok && r.code).toBe('TRUNCATED');
  });

  test('a pcap cut in the middle of a record is TRUNCATED', () => {
    const pcap = writePcap([
      { timestampUs: 1, linkType: LINKTYPE.RAW, data: new Uint8Array(40), originalLength: 40 },
    ]);
    const r = readCapture(pcap.subarray(0, pcap.length - 1));
    expect(!r.ok && r.code).toBe('TRUNCATED');
  });

  test('a block whose trailing length disagrees is MALFORMED', () => {
    const bad = good.slice();
    bad[bad.length - 4] ^= 0xff;
    const r = readCapture(bad);
    expect(!r.ok && r.code).toBe('MALFORMED');
  });

  test(`a file over ${MAX_CAPTURE_BYTES} bytes is TOO_LARGE before it is parsed`, () => {
    const r = readCapture(new Uint8Array(MAX_CAPTURE_BYTES + 1));
    expect(!r.ok && r.code).toBe('TOO_LARGE');
  });

  test('reading never throws on arbitrary bytes after a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (tail, ng) => {
        const head = ng ? good.subarray(0, 28) : writePcap([]);
        const bytes = new Uint8Array([...head, ...tail]);
        const r = readCapture(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
