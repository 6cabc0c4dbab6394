/**
 * The wire format of one segment: IPv4 and IPv6 TCP packets encode and decode back to the same packet, both
 * checksums verify, and damage is caught (fast-check properties plus a few hand-checked byte layouts).
 */
import fc from 'fast-check';
import {
  DOCUMENTATION_V4,
  DOCUMENTATION_V6,
  decodePacket,
  encodePacket,
  formatIpv6,
  onesComplementSum,
  packetToSegment,
  parseIpv6,
  segmentToPacket,
  type IpAddress,
  type TcpFlag,
  type TcpOption,
  type TcpPacket,
} from '../../src/wire';
import type { Flag, Segment } from '../../src/types';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const v4: fc.Arbitrary<IpAddress> = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((b) => ({ family: 4, text: b.join('.') }));
const v6: fc.Arbitrary<IpAddress> = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((b) => ({ family: 6, text: formatIpv6(b) }));
const option: fc.Arbitrary<TcpOption> = fc.oneof(
  fc.constant<TcpOption>({ kind: 'nop' }),
  u16.map<TcpOption>((value) => ({ kind: 'mss', value })),
  fc.nat(14).map<TcpOption>((shift) => ({ kind: 'window-scale', shift })),
  fc.constant<TcpOption>({ kind: 'sack-permitted' }),
  fc.tuple(u32, u32).map<TcpOption>(([value, echo]) => ({ kind: 'timestamps', value, echo })),
);
const flags = fc.subarray<TcpFlag>(['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR']);

function packet(addresses: fc.Arbitrary<IpAddress>): fc.Arbitrary<TcpPacket> {
  return fc.record({
    src: addresses,
    dst: addresses,
    srcPort: u16,
    dstPort: u16,
    seq: u32,
    ack: u32,
    flags,
    window: u16,
    urgent: u16,
    // at most 40 bytes of options: three of the longest (10) fit with room to spare
    options: fc.array(option, { maxLength: 3 }),
    payload: fc.uint8Array({ maxLength: 300 }),
    hopLimit: fc.integer({ min: 1, max: 255 }),
  });
}

describe('IPv4 and IPv6 TCP packets', () => {
  test('decode(encode(p)) = p for IPv4, and both checksums verify', () => {
    fc.assert(
      fc.property(packet(v4), (p) => {
        const decoded = decodePacket(encodePacket(p));
        if (!decoded.ok) throw new Error(decoded.reason.en);
        expect(decoded.value.packet).toEqual(p);
        expect(decoded.value.checksums).toEqual({ ip: true, tcp: true });
      }),
    );
  });

  test('decode(encode(p)) = p for IPv6 (no header checksum), and the TCP checksum verifies', () => {
    fc.assert(
      fc.property(packet(v6), (p) => {
        const decoded = decodePacket(encodePacket(p));
        if (!decoded.ok) throw new Error(decoded.reason.en);
        expect(decoded.value.packet).toEqual(p);
        expect(decoded.value.checksums).toEqual({ ip: null, tcp: true });
      }),
    );
  });

  test('flipping any one bit of the TCP header or payload makes the TCP checksum fail', () => {
    fc.assert(
      fc.property(packet(v4), fc.nat(), fc.nat(7), (p, at, bit) => {
        const bytes = encodePacket(p);
        const i = 20 + (at % (bytes.length - 20));
        if (i === 20 + 12) return; // the data offset: the decoder may read another header shape
        bytes[i] ^= 1 << bit;
        const decoded = decodePacket(bytes);
        if (decoded.ok) expect(decoded.value.checksums.tcp).toBe(false);
      }),
    );
  });

  test('the IPv4 header checksum sums to 0xffff over the header (RFC 1071)', () => {
    const bytes = encodePacket(segmentToPacket({ flags: ['SYN'], seq: 1000, len: 0 }, 'client'));
    expect(onesComplementSum(bytes.subarray(0, 20))).toBe(0xffff);
  });

  test('a SYN from the client is 40 bytes of IPv4 from 192.0.2.1:49152 to 192.0.2.2:80 with seq, no ack', () => {
    const bytes = encodePacket(segmentToPacket({ flags: ['SYN'], seq: 1000, len: 0 }, 'client'));
    expect(bytes.length).toBe(40);
    expect(Array.from(bytes.subarray(12, 20))).toEqual([192, 0, 2, 1, 192, 0, 2, 2]);
    expect((bytes[20] << 8) | bytes[21]).toBe(49152);
    expect((bytes[22] << 8) | bytes[23]).toBe(80);
    expect(Buffer.from(bytes.subarray(24, 32)).readUInt32BE(0)).toBe(1000);
    expect(Buffer.from(bytes.subarray(24, 32)).readUInt32BE(4)).toBe(0);
    expect(bytes[33]).toBe(0x02); // SYN
    expect((bytes[34] << 8) | bytes[35]).toBe(65535); // RCV_WND
  });

  test('a lab segment survives the wire: decode(encode(s)) gives the same flags, seq, ack and len', () => {
    const labFlags = fc.subarray<Flag>(['SYN', 'ACK', 'FIN', 'RST']);
    const segment: fc.Arbitrary<Segment> = fc
      .tuple(labFlags, u32, u32, fc.nat(1500))
      .map(([f, seq, ack, len]) =>
        f.includes('ACK') ? { flags: f, seq, ack, len } : { flags: f, seq, len },
      );
    fc.assert(
      fc.property(
        segment,
        fc.constantFrom('client', 'server') as fc.Arbitrary<'client' | 'server'>,
        fc.boolean(),
        (s, from, six) => {
          const p = segmentToPacket(s, from, six ? DOCUMENTATION_V6 : DOCUMENTATION_V4);
          const decoded = decodePacket(encodePacket(p));
          if (!decoded.ok) throw new Error(decoded.reason.en);
          const back = packetToSegment(decoded.value.packet);
          expect(back).toEqual({
            ...s,
            flags: ['SYN', 'ACK', 'FIN', 'RST'].filter((f) => s.flags.includes(f as Flag)),
          });
        },
      ),
    );
  });

  test('a send with data carries its bytes; without data, zeros of the modelled length', () => {
    const withData = segmentToPacket({ flags: ['ACK'], seq: 1, ack: 2, len: 5, data: 'hello' }, 'client');
    expect(new TextDecoder().decode(withData.payload)).toBe('hello');
    const without = segmentToPacket({ flags: ['ACK'], seq: 1, ack: 2, len: 3 }, 'server');
    expect(Array.from(without.payload)).toEqual([0, 0, 0]);
    expect(without.src.text).toBe('192.0.2.2');
  });

  test('IPv6 text follows RFC 5952 and parses back', () => {
    expect(formatIpv6(parseIpv6('2001:0db8:0:0:0:0:0:1')!)).toBe('2001:db8::1');
    expect(formatIpv6(parseIpv6('2001:db8:0:1:0:0:0:1')!)).toBe('2001:db8:0:1::1');
    expect(formatIpv6(parseIpv6('::1')!)).toBe('::1');
    expect(formatIpv6(parseIpv6('::')!)).toBe('::');
    expect(parseIpv6('1::2::3')).toBeNull();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        expect(Array.from(parseIpv6(formatIpv6(b))!)).toEqual(Array.from(b));
      }),
    );
  });
});

describe('bad packets are values with a code and two languages', () => {
  const good = encodePacket(segmentToPacket({ flags: ['SYN'], seq: 7, len: 0 }, 'client'));

  test('a packet cut inside its TCP header is TRUNCATED', () => {
    const r = decodePacket(good.subarray(0, 30));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('TRUNCATED');
      expect(r.reason.zh).toMatch(/截断/);
    }
  });

  test('UDP is NOT_TCP', () => {
    const udp = good.slice();
    udp[9] = 17;
    const r = decodePacket(udp);
    expect(!r.ok && r.code).toBe('NOT_TCP');
  });

  test('IP version 5 is MALFORMED', () => {
    const bad = good.slice();
    bad[0] = 0x55;
    const r = decodePacket(bad);
    expect(!r.ok && r.code).toBe('MALFORMED');
  });

  test('decoding never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        const r = decodePacket(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
