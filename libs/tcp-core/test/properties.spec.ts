/**
 * Properties over arbitrary sequences of valid and invalid moves (fast-check): the lab stays a TCP lab, rejected
 * moves change nothing, inputs are never mutated, and replaying the transcript gives exactly the live lab.
 */
import fc from 'fast-check';
import { autoplayMove, createLab, newTranscript, record, replay } from '../src/api';
import { seqDiff } from '../src/segment';
import {
  STATES,
  type Actor,
  type Endpoint,
  type Flag,
  type Lab,
  type LabSettingsInput,
  type Role,
} from '../src/types';

type MoveMaker = (lab: Lab) => unknown;

const role = fc.constantFrom<Role>('client', 'server');
const flagSet = fc.subarray<Flag>(['SYN', 'ACK', 'FIN', 'RST']);

const maker: fc.Arbitrary<MoveMaker> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        role,
        fc.constantFrom('listen', 'connect', 'close', 'abort', 'send', 'shutdown', 'read'),
        fc.integer({ min: 1, max: 3000 }),
      )
      .map(
        ([r, c, n]): MoveMaker =>
          () =>
            c === 'send' ? { by: r, call: c, bytes: n } : { by: r, call: c },
      ),
  },
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.constantFrom('deliver', 'deliver', 'deliver', 'drop', 'duplicate'),
        role,
        fc.integer({ min: 0, max: 2 }),
      )
      .map(([action, from, index]): MoveMaker => () => ({ by: 'network', action, from, index })),
  },
  { weight: 3, arbitrary: fc.constant<MoveMaker>(() => ({ by: 'network', action: 'deliver-all' })) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(0, 400, 1000, 2500, 30000, 61000, 200000)
      .map((ms): MoveMaker => () => ({ by: 'clock', advance: ms })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        role,
        flagSet,
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -2, max: 2 }),
        fc.constantFrom(0, 0, 5),
      )
      .map(([to, flags, dSeq, dAck, len]): MoveMaker => (lab) => {
        const e = lab[to];
        const seq = (e.rcvNxt + dSeq) >>> 0;
        const segment = flags.includes('ACK')
          ? { flags, seq, ack: (e.sndNxt + dAck) >>> 0, len }
          : { flags, seq, len };
        return { by: 'network', action: 'inject', to, segment };
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('drop', 'duplicate', 'delay', 'reorder'), role)
      .map(([fault, from]): MoveMaker => () => ({
        by: 'network',
        action: 'fault',
        fault,
        from,
        delayMs: 700,
      })),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(role, fc.boolean(), fc.constantFrom(...STATES))
      .map(([r, right, state]): MoveMaker => (lab) => {
        const p = lab.pending[r];
        return { by: r, answer: p && right ? p.expected : { state, send: p?.expected.send ?? [] } };
      }),
  },
  { weight: 3, arbitrary: role.map((r): MoveMaker => () => ({ by: r, call: 'close' })) },
  // what a sensible participant would do next, so that runs get past the handshake
  {
    weight: 4,
    arbitrary: role.map(
      (r): MoveMaker =>
        (lab) =>
          autoplayMove(lab, r) ?? { by: 'network', action: 'deliver-all' },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.anything({ maxDepth: 2 }).map(
      (junk): MoveMaker =>
        () =>
          junk,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ by: role, call: fc.string({ maxLength: 6 }) }).map(
      (m): MoveMaker =>
        () =>
          m,
    ),
  },
);

/** Moves a class would make on purpose: open, close, deliver in some order, lose a few, let time pass. */
const purposeful: fc.Arbitrary<MoveMaker> = fc.oneof(
  {
    weight: 4,
    arbitrary: role.map(
      (r): MoveMaker =>
        (lab) =>
          autoplayMove(lab, r) ?? { by: r, call: 'close' },
    ),
  },
  { weight: 4, arbitrary: role.map((r): MoveMaker => () => ({ by: r, call: 'close' })) },
  { weight: 1, arbitrary: role.map((r): MoveMaker => () => ({ by: r, call: 'send', bytes: 100 })) },
  { weight: 6, arbitrary: role.map((r): MoveMaker => () => ({ by: 'network', action: 'deliver', from: r })) },
  { weight: 1, arbitrary: role.map((r): MoveMaker => () => ({ by: 'network', action: 'drop', from: r })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(1000, 5000, 61000)
      .map((ms): MoveMaker => () => ({ by: 'clock', advance: ms })),
  },
  {
    weight: 3,
    arbitrary: role.map((r): MoveMaker => (lab) => ({
      by: r,
      answer: lab.pending[r]?.expected ?? { state: 'CLOSED', send: [] },
    })),
  },
);

const actor = fc.constantFrom<Actor>('system', 'system', 'system', 'instructor', 'client', 'server');
const settings = fc.record({
  isn: fc.record({
    client: fc.oneof(fc.constant(0xffffffff), fc.constant(0xfffffff0), fc.nat()),
    server: fc.oneof(fc.constant(0xfffffffe), fc.nat()),
  }),
  network: fc.constantFrom('manual' as const, 'auto' as const),
  mode: fc.constantFrom('calls' as const, 'stack' as const),
  profile: fc.constantFrom('rfc' as const, 'linux' as const),
  // the receive side: a small buffer the application reads on `read`, so windows shrink to zero and get probed
  appReads: fc.constantFrom('auto' as const, 'call' as const),
  rcvWnd: fc.constantFrom(65535, 4000, 600),
  windowScale: fc.constantFrom(null, 0, 7),
});

function checkEndpoint(e: Endpoint, lab: Lab): void {
  expect(STATES).toContain(e.state);
  const outstanding = seqDiff(e.sndNxt, e.sndUna);
  // SND.UNA =< SND.NXT in the modulo-2^32 sense, and never further apart than what was sent
  expect(outstanding).toBeGreaterThanOrEqual(0);
  expect(outstanding).toBeLessThanOrEqual(2 + 65535 * 200);
  expect(e.unackedBytes).toBeGreaterThanOrEqual(0);
  expect(e.unackedBytes).toBeLessThanOrEqual(outstanding);
  for (const n of [e.sndUna, e.sndNxt, e.rcvNxt, e.iss]) expect(n === n >>> 0).toBe(true);
  if (lab.pending[e.role]) return; // an endpoint owing an answer keeps its timers until it answers
  if (e.state === 'CLOSED' || e.state === 'LISTEN') expect(e.timers).toEqual({});
  if (e.state === 'TIME_WAIT') expect(e.timers).toEqual({ timeWait: expect.any(Number) });
  if (e.state === 'ESTABLISHED' || e.state === 'FIN_WAIT_2' || e.state === 'CLOSE_WAIT')
    expect(e.timers.timeWait).toBeUndefined();
  if (e.state === 'FIN_WAIT_1' || e.state === 'CLOSING' || e.state === 'LAST_ACK')
    expect(e.finSent).toBe(true);
  if (e.timers.retransmit !== undefined) expect(outstanding).toBeGreaterThan(0);
  // the receive side: never more unread than the buffer holds; the persist timer runs only while data waits
  expect(e.rcvBuffered).toBeGreaterThanOrEqual(0);
  expect(e.rcvBuffered).toBeLessThanOrEqual(lab.settings.rcvWnd);
  if (lab.settings.appReads === 'auto') expect(e.rcvBuffered).toBe(0);
  expect(e.sndQueued).toBeGreaterThanOrEqual(0);
  if (e.timers.persist !== undefined) expect(e.sndQueued).toBeGreaterThan(0);
  if (e.state !== 'ESTABLISHED' && e.state !== 'CLOSE_WAIT') expect(e.timers.persist).toBeUndefined();
}

describe('properties', () => {
  const reached = new Set<string>();

  function runAndCheck(s: LabSettingsInput, moves: [MoveMaker, Actor][]): void {
    let lab = createLab(s);
    const transcript = newTranscript(lab.settings);
    for (const [make, who] of moves) {
      const move = make(lab);
      const snapshot = JSON.stringify(lab);
      const result = record(transcript, lab, move, who);
      expect(JSON.stringify(lab)).toBe(snapshot); // the input lab is never mutated
      if (!result.ok) {
        expect(result.lab).toBe(lab);
        continue;
      }
      expect(result.lab.clock).toBeGreaterThanOrEqual(lab.clock);
      expect(result.lab.step).toBe(lab.step + 1);
      lab = result.lab;
      reached.add(lab.client.state).add(lab.server.state);
      checkEndpoint(lab.client, lab);
      checkEndpoint(lab.server, lab);
      const ids = lab.inFlight.map((w) => w.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toBeLessThan(lab.nextSegmentId);
      if (lab.settings.mode === 'calls') expect(lab.pending).toEqual({ client: null, server: null });
    }
    expect(replay(JSON.parse(JSON.stringify(transcript)))).toEqual(lab);
  }

  it('arbitrary move sequences (valid and invalid, any actor) keep a consistent lab; rejected moves change nothing; replay equals the live lab', () => {
    fc.assert(
      fc.property(
        settings,
        fc.array(fc.tuple(maker, actor), { minLength: 10, maxLength: 60, size: 'max' }),
        runAndCheck,
      ),
      { numRuns: 200 },
    );
  });

  it('the same properties hold for purposeful sequences (calls, closes, deliveries, timers) that reach the closing states', () => {
    fc.assert(
      fc.property(
        settings,
        fc.array(fc.tuple(purposeful, fc.constant<Actor>('system')), {
          minLength: 20,
          maxLength: 58,
          size: 'max',
        }),
        (s, moves) =>
          // as in class: the server listens before the client connects; what follows is arbitrary
          runAndCheck(s, [
            [() => ({ by: 'server', call: 'listen' }), 'system'],
            [() => ({ by: 'client', call: 'connect' }), 'system'],
            ...moves,
          ]),
      ),
      { numRuns: 150 },
    );
  });

  it('the generated moves reach every one of the 11 states (so the properties above mean something)', () => {
    expect([...reached].sort()).toEqual([...STATES].sort());
  });
});
