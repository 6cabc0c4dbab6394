/**
 * A round as packets: each segment appears when it was sent, a dropped one too, a duplicated one twice, an
 * injected one from the peer's address, and each packet's comment names the transition its delivery caused.
 */
import { SCENARIOS } from '../../src/api';
import type { LabScript, Move } from '../../src/types';
import {
  readPcapng,
  transcriptPackets,
  transcriptToPcapng,
  decodePacket,
  packetToSegment,
} from '../../src/wire';
import { scenarioTranscript, transcriptOf } from './wire-helpers';

const script = (
  moves: unknown[],
  settings: LabScript['settings'] = { isn: { client: 1000, server: 5000 } },
) => ({ format: 'tcp-lab/1', settings, moves: moves as Move[] }) as LabScript;

describe('transcriptPackets', () => {
  test('normal open and close: seven packets, each comment naming the rule its delivery took', () => {
    const packets = transcriptPackets(scenarioTranscript('normal-open-close'));
    expect(packets.map((p) => `${p.from} ${p.segment.flags.join(',')}`)).toEqual([
      'client SYN',
      'server SYN,ACK',
      'client ACK',
      'client ACK,FIN',
      'server ACK',
      'server ACK,FIN',
      'client ACK',
    ]);
    expect(packets[0].comment).toContain(
      'server LISTEN → SYN_RCVD [listen--syn--syn-rcvd, RFC 9293 3.10.7.2]',
    );
    expect(packets[0].comment).toContain('服务器 LISTEN → SYN_RCVD');
    expect(packets[6].comment).toContain('server LAST_ACK → CLOSED [last-ack--ack--closed');
  });

  test('a dropped SYN appears where it was sent, and its retransmission after the RTO', () => {
    const packets = transcriptPackets(scenarioTranscript('lost-syn'));
    expect(packets[0]).toMatchObject({ origin: 'sent', fate: { kind: 'dropped' } });
    expect(packets[0].comment).toMatch(/dropped by the network at step \d+: caused no transition/);
    expect(packets[1]).toMatchObject({ origin: 'retransmission', segment: packets[0].segment });
    expect(packets[1].at - packets[0].at).toBe(1000);
  });

  test('a duplicated SYN appears twice: the second copy is a repeated SYN the server answers with an ACK', () => {
    const t = transcriptOf(
      script([
        { by: 'server', call: 'listen' },
        { by: 'client', call: 'connect' },
        { by: 'network', action: 'duplicate', from: 'client' },
        { by: 'network', action: 'deliver', from: 'client' },
        { by: 'network', action: 'deliver', from: 'client' },
      ]),
    );
    const packets = transcriptPackets(t);
    const syns = packets.filter((p) => p.from === 'client');
    expect(syns).toHaveLength(2);
    expect(syns[1]).toMatchObject({ origin: 'duplicate', duplicateOf: syns[0].id, segment: syns[0].segment });
    expect(syns[0].comment).toContain('LISTEN → SYN_RCVD');
    expect(syns[1].comment).toMatch(/duplicate of #1/);
  });

  test('a fault-duplicated segment appears twice, the copy right after the original', () => {
    const t = transcriptOf(
      script([
        { by: 'server', call: 'listen' },
        { by: 'network', action: 'fault', fault: 'duplicate', from: 'client' },
        { by: 'client', call: 'connect' },
      ]),
    );
    const packets = transcriptPackets(t);
    expect(packets.map((p) => p.origin)).toEqual(['sent', 'duplicate']);
    expect(packets.every((p) => p.fate.kind === 'in-flight')).toBe(true);
    expect(packets[0].comment).toContain('still in flight at the end of the round');
  });

  test('an injected RST comes from the peer and its comment says what it reset', () => {
    const packets = transcriptPackets(scenarioTranscript('blind-reset'));
    const injected = packets.filter((p) => p.origin === 'injected');
    expect(injected.length).toBeGreaterThan(0);
    for (const p of injected) expect(p.comment).toMatch(/injected by the instructor/);
    expect(injected.some((p) => /→ CLOSED/.test(p.comment))).toBe(true);
  });

  test('deliver-all: each packet gets its own transition, not the move’s whole list', () => {
    const t = transcriptOf(
      script([
        { by: 'server', call: 'listen' },
        { by: 'client', call: 'connect' },
        { by: 'network', action: 'deliver-all' },
      ]),
    );
    const [syn, synAck, ack] = transcriptPackets(t);
    expect(syn.comment).toContain('server LISTEN → SYN_RCVD');
    expect(syn.comment).not.toContain('client SYN_SENT');
    expect(synAck.comment).toContain('client SYN_SENT → ESTABLISHED');
    expect(ack.comment).toContain('server SYN_RCVD → ESTABLISHED');
  });

  test('stack mode: a delivery awaiting the student’s answer says so and gives the reference', () => {
    const packets = transcriptPackets(scenarioTranscript('stack-normal-open'));
    expect(packets.length).toBeGreaterThan(0);
    expect(packets[0].comment).toMatch(/LISTEN → SYN_RCVD/);
  });

  test('every catalogue scenario: in each step, the packets’ transitions are the step’s own, in order', () => {
    const key = (x: { endpoint: string; from: string; to: string; ruleId?: string }) =>
      `${x.endpoint}:${x.from}>${x.to}:${x.ruleId}`;
    for (const scenario of SCENARIOS) {
      const t = scenarioTranscript(scenario.id);
      const packets = transcriptPackets(t);
      for (const entry of t.entries) {
        const order = entry.events.flatMap((e) => (e.kind === 'delivered' ? [e.id] : []));
        const delivered = packets
          .filter((p) => p.fate.kind === 'delivered' && p.fate.step === entry.step)
          .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
        const fromPackets = delivered
          .flatMap((p) => (p.fate.kind === 'delivered' ? p.fate.transitions : []))
          .map(key);
        let i = 0;
        for (const x of entry.transitions.map(key)) if (x === fromPackets[i]) i++;
        expect({ scenario: scenario.id, step: entry.step, matched: i }).toEqual({
          scenario: scenario.id,
          step: entry.step,
          matched: fromPackets.length,
        });
      }
    }
  });
});

describe('transcriptToPcapng', () => {
  test('the file reads back to the same segments, comments and lab times (ms → µs)', () => {
    const t = scenarioTranscript('lost-syn');
    const packets = transcriptPackets(t);
    for (const family of [4, 6] as const) {
      const r = readPcapng(transcriptToPcapng(t, { family }));
      if (!r.ok) throw new Error(r.reason.en);
      expect(r.capture.frames.map((f) => f.comment)).toEqual(packets.map((p) => p.comment));
      expect(r.capture.frames.map((f) => f.timestampUs)).toEqual(packets.map((p) => p.at * 1000));
      const decoded = r.capture.frames.map((f) => {
        const d = decodePacket(f.data);
        if (!d.ok) throw new Error(d.reason.en);
        expect(d.value.packet.src.family).toBe(family);
        return d.value.packet;
      });
      // the lab's view of each packet (flags, seq, ack, len), then the window field and the SYN options
      expect(decoded.map(packetToSegment)).toEqual(packets.map((p) => p.segment));
      expect(decoded.map((p) => p.window)).toEqual(packets.map((p) => p.wnd ?? 65535));
      expect(decoded.map((p) => p.options)).toEqual(
        packets.map((p) => (p.options?.mss ? [{ kind: 'mss', value: p.options.mss }] : [])),
      );
    }
  });

  test('packets are stamped from the round’s real start plus the lab clock', () => {
    const t = scenarioTranscript('lost-syn');
    const packets = transcriptPackets(t);
    const startedAt = Date.parse('2026-12-01T09:30:00Z');
    const r = readPcapng(transcriptToPcapng(t, { startedAt }));
    if (!r.ok) throw new Error(r.reason.en);
    expect(r.capture.frames.map((f) => f.timestampUs)).toEqual(packets.map((p) => (startedAt + p.at) * 1000));
    expect(new Date(r.capture.frames[0].timestampUs / 1000).toISOString()).toBe('2026-12-01T09:30:00.000Z');
  });
});
