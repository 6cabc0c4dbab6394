/**
 * Import: a capture's connection becomes a lab. Exported scenarios import back to the states the lab reached,
 * with nothing flagged; what the reference machine cannot explain is flagged with a reason; bad files and
 * ambiguous choices are errors with a code and two languages.
 */
import { runLabScript } from '../../src/api';
import {
  LINKTYPE,
  encodePacket,
  importCapture,
  listConnections,
  readCapture,
  segmentToPacket,
  transcriptToPcapng,
  writePcap,
  type Capture,
  type CaptureFrame,
} from '../../src/wire';
import { DOCUMENTATION_V4 } from '../../src/wire/address';
import type { Segment } from '../../src/types';
import { scenarioTranscript } from './wire-helpers';

function captureOf(bytes: Uint8Array): Capture {
  const r = readCapture(bytes);
  if (!r.ok) throw new Error(r.reason.en);
  return r.capture;
}

function frames(
  list: [from: 'client' | 'server', segment: Segment][],
  endpoints = DOCUMENTATION_V4,
): CaptureFrame[] {
  return list.map(([from, segment], i) => {
    const data = encodePacket(segmentToPacket(segment, from, endpoints));
    return { timestampUs: i * 1000, linkType: LINKTYPE.RAW, data, originalLength: data.length };
  });
}

describe('exported scenarios import back', () => {
  test.each([
    'normal-open-close',
    'refused',
    'simultaneous-close',
    'half-close',
    'abort-established',
    'simultaneous-open',
    'fin-ack-together',
  ])('%s: nothing flagged, same final states, and the script replays to them', (id) => {
    const transcript = scenarioTranscript(id);
    // a capture ends with its last segment: a timer after it (TIME_WAIT running out) leaves no packet
    const lastDelivery = transcript.entries
      .filter((e) => e.events.some((ev) => ev.kind === 'delivered'))
      .at(-1)!;
    for (const family of [4, 6] as const) {
      const imported = importCapture(captureOf(transcriptToPcapng(transcript, { family })));
      if (!imported.ok) throw new Error(imported.reason.en);
      expect(
        imported.packets.filter((p) => p.explanation === 'unexplained').map((p) => p.reason?.en),
      ).toEqual([]);
      expect(imported.flagged).toBe(0);
      expect(imported.packets.at(-1)!.after).toEqual(lastDelivery.after);
      const run = runLabScript(imported.script);
      expect(run.lines.every((line) => line.ok)).toBe(true);
      expect({ client: run.lab.client.state, server: run.lab.server.state }).toEqual(
        imported.packets.at(-1)!.after,
      );
    }
  });

  test('normal open and close: the state after each packet, as a quiz would ask it', () => {
    const imported = importCapture(captureOf(transcriptToPcapng(scenarioTranscript('normal-open-close'))));
    if (!imported.ok) throw new Error(imported.reason.en);
    expect(imported.questions.map((q) => `${q.packet.en} => ${q.answer.client}/${q.answer.server}`)).toEqual([
      'client → server: SYN seq=1000 len=0 => SYN_SENT/SYN_RCVD',
      'server → client: SYN,ACK seq=5000 ack=1001 len=0 => ESTABLISHED/SYN_RCVD',
      'client → server: ACK seq=1001 ack=5001 len=0 => ESTABLISHED/ESTABLISHED',
      'client → server: ACK,FIN seq=1001 ack=5001 len=0 => FIN_WAIT_1/CLOSE_WAIT',
      'server → client: ACK seq=5001 ack=1002 len=0 => FIN_WAIT_2/CLOSE_WAIT',
      'server → client: ACK,FIN seq=5001 ack=1002 len=0 => TIME_WAIT/LAST_ACK',
      'client → server: ACK seq=1002 ack=5002 len=0 => TIME_WAIT/CLOSED',
    ]);
    expect(imported.questions[0].packet.zh).toBe('客户端 → 服务器：SYN seq=1000 len=0');
  });
});

describe('what the reference machine cannot explain is flagged, never hidden', () => {
  test('a FIN with a sequence number the client never reached is flagged with the reason and injected', () => {
    const capture: Capture = {
      format: 'pcap',
      frames: frames([
        ['client', { flags: ['SYN'], seq: 1000, len: 0 }],
        ['server', { flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, len: 0 }],
        ['client', { flags: ['ACK'], seq: 1001, ack: 5001, len: 0 }],
        ['client', { flags: ['FIN', 'ACK'], seq: 1500, ack: 5001, len: 0 }],
      ]),
    };
    const imported = importCapture(capture);
    if (!imported.ok) throw new Error(imported.reason.en);
    expect(imported.flagged).toBe(1);
    const flagged = imported.packets[3];
    expect(flagged.explanation).toBe('unexplained');
    expect(flagged.reason!.en).toMatch(
      /the client in ESTABLISHED would not send ACK,FIN seq=1500 ack=5001 len=0/,
    );
    expect(flagged.reason!.zh).toMatch(/参考状态机无法解释/);
    // the server answers the out-of-window FIN with a challenge ACK and stays ESTABLISHED
    expect(flagged.after).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });
  });

  test('a delayed ACK merged into the FIN is explained, with a note that the lab’s own ACK was dropped', () => {
    const capture: Capture = {
      format: 'pcap',
      frames: frames([
        ['client', { flags: ['SYN'], seq: 1000, len: 0 }],
        ['server', { flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, len: 0 }],
        ['client', { flags: ['ACK'], seq: 1001, ack: 5001, len: 0 }],
        ['client', { flags: ['ACK', 'FIN'], seq: 1001, ack: 5001, len: 0 }],
        ['server', { flags: ['ACK', 'FIN'], seq: 5001, ack: 1002, len: 0 }],
        ['client', { flags: ['ACK'], seq: 1002, ack: 5002, len: 0 }],
      ]),
    };
    const imported = importCapture(capture);
    if (!imported.ok) throw new Error(imported.reason.en);
    expect(imported.flagged).toBe(0);
    expect(imported.packets[4].notes[0].en).toMatch(
      /also sent ACK seq=5001 ack=1002 len=0, which the capture does not show/,
    );
    expect(imported.packets[4].after).toEqual({ client: 'TIME_WAIT', server: 'LAST_ACK' });
    expect(imported.packets[5].after).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });
  });
});

describe('choosing a connection and refusing bad input', () => {
  const two = (): Capture => {
    const other = {
      client: { address: DOCUMENTATION_V4.client.address, port: 50000 },
      server: DOCUMENTATION_V4.server,
    };
    return {
      format: 'pcap',
      frames: [
        ...frames([['client', { flags: ['SYN'], seq: 1, len: 0 }]]),
        ...frames([['client', { flags: ['SYN'], seq: 2, len: 0 }]], other),
      ],
    };
  };

  test('several connections: they are listed, and importing without a choice says to pick one', () => {
    const listed = listConnections(two());
    if (!listed.ok) throw new Error('listed');
    expect(listed.connections.map((c) => c.id)).toEqual([
      '192.0.2.1:49152-192.0.2.2:80',
      '192.0.2.1:50000-192.0.2.2:80',
    ]);
    const r = importCapture(two());
    expect(!r.ok && r.code).toBe('NO_SUCH_CONNECTION');
    if (!r.ok) expect(r.reason.zh).toMatch(/请选择其中一个/);
    const chosen = importCapture(two(), '192.0.2.1:50000-192.0.2.2:80');
    expect(chosen.ok && chosen.packets[0].segment.seq).toBe(2);
  });

  test('a capture with no TCP at all is NOT_TCP', () => {
    const udp = encodePacket(segmentToPacket({ flags: ['SYN'], seq: 1, len: 0 }, 'client'));
    udp[9] = 17;
    const capture = captureOf(
      writePcap([{ timestampUs: 0, linkType: LINKTYPE.RAW, data: udp, originalLength: udp.length }]),
    );
    const r = importCapture(capture);
    expect(!r.ok && r.code).toBe('NOT_TCP');
  });

  test('a connection whose SYN is not in the capture cannot be followed', () => {
    const capture: Capture = {
      format: 'pcap',
      frames: frames([['client', { flags: ['ACK'], seq: 1, ack: 1, len: 0 }]]),
    };
    const r = importCapture(capture);
    expect(!r.ok && r.code).toBe('NO_SUCH_CONNECTION');
  });
});
