/**
 * The mirror's comparison when Linux repeats itself on its real-time timer (rule real-time-retransmission), with a
 * scripted stand-in for the kernel: what "Linux" sends is given, so the rule is tested without a namespace.
 */
import {
  applyMove,
  createLab,
  toTranscriptEntry,
  type Lab,
  type Move,
  type Segment,
  type State,
} from '@tcp-lab/tcp-core';
import { KernelMirror, type KernelMove } from '../../src/linux-peer/kernel-mirror';
import type { KernelPeer } from '../../src/linux-peer/kernel-peer';

/** Linux as the server: each collect() hands out the next scripted batch; state() the scripted state. */
function scriptedLinux(batches: Segment[][], states: State[]): KernelPeer {
  return {
    role: 'server',
    write: () => undefined,
    call: () => undefined,
    collect: async () => batches.shift() ?? [],
    state: async () => states.shift() ?? 'CLOSED',
    takeRefusals: () => [],
  } as unknown as KernelPeer;
}

/** Plays `moves`, each entry through the mirror; returns what the mirror said of each. */
async function play(mirror: KernelMirror, moves: Move[]): Promise<(KernelMove | null)[]> {
  let lab: Lab = createLab({ network: 'manual', mode: 'calls', isn: { client: 100, server: 300 } });
  const said: (KernelMove | null)[] = [];
  for (const [i, move] of moves.entries()) {
    const result = applyMove(lab, move, move.by === 'server' ? 'server' : 'client');
    const entry = toTranscriptEntry(i + 1, 'client', move, lab, result);
    const after = result.ok ? result.lab : lab;
    said.push(await mirror.follow(entry, lab, after));
    lab = after;
  }
  return said;
}

const synAck: Segment = { flags: ['SYN', 'ACK'], seq: 300, ack: 101, len: 0 };
const OPEN: Move[] = [
  { by: 'server', call: 'listen' },
  { by: 'client', call: 'connect' },
  { by: 'network', action: 'deliver', from: 'client' }, // the SYN reaches Linux: its SYN,ACK
  { by: 'network', action: 'deliver', from: 'server' }, // the SYN,ACK reaches the client: its ACK
  { by: 'network', action: 'deliver', from: 'client' }, // the ACK reaches Linux
];

describe('the Linux mirror: a repeat on the real-time timer', () => {
  test("Linux's SYN,ACK sent again while the students were slow is listed and allowed", async () => {
    const mirror = new KernelMirror(
      // listen: nothing; the SYN: SYN,ACK; the ACK: the SYN,ACK again (its 1 s timer fired first)
      scriptedLinux([[], [], [synAck], [], [synAck], []], ['LISTEN', 'SYN_RCVD', 'ESTABLISHED']),
    );
    const said = (await play(mirror, OPEN)).filter((move): move is KernelMove => move !== null);
    const last = said.at(-1)!;
    expect(last.linux.state).toBe('ESTABLISHED');
    expect(last.differences).toEqual([
      {
        what: {
          en: 'Linux sent SYN,ACK seq=300 ack=101 len=0 again',
          zh: 'Linux 再次发送了 SYN,ACK seq=300 ack=101 len=0',
        },
        allowedBy: 'real-time-retransmission',
      },
    ]);
    expect(last.agreed).toBe(true);
    expect(said.every((move) => move.agreed)).toBe(true);
  });

  test('a segment Linux never sent before is still a difference', async () => {
    const stray: Segment = { flags: ['ACK'], seq: 301, ack: 101, len: 0 };
    const mirror = new KernelMirror(
      scriptedLinux([[], [], [synAck], [], [stray], []], ['LISTEN', 'SYN_RCVD', 'ESTABLISHED']),
    );
    const last = (await play(mirror, OPEN)).filter((move): move is KernelMove => move !== null).at(-1)!;
    expect(last.agreed).toBe(false);
    expect(last.differences.map((d) => d.allowedBy)).toEqual([undefined]);
  });
});
