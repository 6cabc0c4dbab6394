/**
 * Wireshark's own reader on every exported scenario, IPv4 and IPv6: no malformed packet, no bad checksum (with
 * IP and TCP checksum validation switched on), and its view of the conversation (seq, ack, flags, len with
 * relative sequence numbers off) equals the transcript's segments field by field, duplicates and all.
 * tshark is Debian's package; .ci/run installs it.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SCENARIOS } from '../../src/api';
import { canonicalFlags } from '../../src/segment';
import type { Segment, Transcript } from '../../src/types';
import { transcriptToPcapng } from '../../src/wire';
import { scenarioTranscript } from './wire-helpers';

const CHECKS = [
  '-o',
  'tcp.check_checksum:TRUE',
  '-o',
  'ip.check_checksum:TRUE',
  '-o',
  'tcp.relative_sequence_numbers:FALSE',
];
const BITS: Record<string, number> = { FIN: 1, SYN: 2, RST: 4, ACK: 16 };

function tshark(file: string, args: string[]): string[] {
  const out = execFileSync('tshark', ['-n', '-r', file, ...CHECKS, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out.split('\n').filter((line) => line.length > 0);
}

/**
 * What the transcript says went on the wire, read from its entries directly: each entry's emitted segments, the
 * copies its `duplicated` events made and the segments it injected, in segment-id order.
 */
function transcriptRows(t: Transcript): string[] {
  const rows: string[] = [];
  const seen = new Map<number, Segment>();
  for (const entry of t.entries) {
    const made: [number, Segment][] = entry.emitted.map((s) => [s.id, s]);
    for (const s of entry.emitted) seen.set(s.id, s);
    for (const e of entry.events) {
      if (e.kind === 'duplicated') made.push([e.copyId, seen.get(e.id)!]);
      if (e.kind === 'injected' && e.segment) made.push([e.id, e.segment]);
    }
    made.sort((a, b) => a[0] - b[0]);
    for (const [, s] of made) {
      const bits = canonicalFlags(s.flags).reduce((n, f) => n | BITS[f], 0);
      const ack = s.flags.includes('ACK') ? s.ack : 0;
      rows.push(`${s.seq}\t${ack}\t0x${bits.toString(16).padStart(4, '0')}\t${s.len}`);
    }
  }
  return rows;
}

/** One tshark pass: the conversation's fields, then the checksum status, malformed marks and expert severities. */
const FIELDS = [
  'tcp.seq',
  'tcp.ack',
  'tcp.flags',
  'tcp.len',
  'tcp.checksum.status',
  '_ws.malformed',
  '_ws.expert.severity',
  'frame.comment',
];
const ERROR_SEVERITY = 0x00800000; // PI_ERROR: malformed packets and bad checksums are reported at this level

function read(file: string) {
  return tshark(file, [
    '-T',
    'fields',
    '-E',
    'separator=/t',
    '-E',
    'occurrence=a',
    ...FIELDS.flatMap((f) => ['-e', f]),
  ]).map((line) => {
    const [seq, ack, flags, len, checksum, malformed, severity, comment] = line.split('\t');
    const severities = severity ? severity.split(',').map(Number) : [];
    return {
      row: [seq, ack, flags, len].join('\t'),
      checksum,
      malformed: malformed !== '',
      error: severities.some((n) => n >= ERROR_SEVERITY),
      comment,
    };
  });
}

describe('tshark reads every exported scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-lab-tshark-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const family of [4, 6] as const) {
    test.each(SCENARIOS.map((s) => s.id))(`IPv${family}: %s`, (id) => {
      const transcript = scenarioTranscript(id);
      const file = join(dir, `${id}-v${family}.pcapng`);
      writeFileSync(file, transcriptToPcapng(transcript, { family }));
      const frames = read(file);
      expect(frames.length).toBeGreaterThan(0);
      expect(frames.filter((f) => f.malformed || f.error)).toEqual([]);
      expect(frames.map((f) => f.checksum)).toEqual(frames.map(() => '1')); // 1 = Good: the check really ran
      expect(frames.map((f) => f.row)).toEqual(transcriptRows(transcript));
      expect(frames.every((f) => f.comment.length > 0)).toBe(true);
    });
  }

  test('the check can fail: a packet with a damaged TCP checksum is reported Bad, as an error', () => {
    const bytes = transcriptToPcapng(scenarioTranscript('refused'));
    // the first EPB's packet starts after SHB and IDB; its TCP checksum is at IP offset 36
    const file = join(dir, 'damaged.pcapng');
    const damaged = bytes.slice();
    const shbLength = new DataView(damaged.buffer).getUint32(4, true);
    const idbLength = new DataView(damaged.buffer).getUint32(shbLength + 4, true);
    damaged[shbLength + idbLength + 28 + 36] ^= 0xff;
    writeFileSync(file, damaged);
    const [first] = read(file);
    expect(first.checksum).toBe('0');
    expect(first.error).toBe(true);
  });
});
