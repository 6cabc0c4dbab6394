/**
 * Bounds under legal moves (scale issue, "Bounds"): one clock move is capped, retransmissions give up (RFC 9293
 * 3.8.3 R2), the network holds a bounded number of segments, a closed endpoint (its TCB deleted) sends nothing,
 * and a lab's JSON stays under a documented size whatever legal moves are made.
 */
import fc from 'fast-check';
import { applyMove, autoplayMove, MAX_CLOCK_ADVANCE_MS, MAX_IN_FLIGHT, MAX_LAB_JSON_CHARS } from '../src/api';
import type { Lab, Role } from '../src/types';
import { advance, by, deliver, HANDSHAKE, labAfter, play } from './helpers';

describe('one clock move', () => {
  it('an advance longer than MAX_CLOCK_ADVANCE_MS (one day) is refused with ADVANCE_TOO_LONG, in both languages, and nothing changes', () => {
    const lab = labAfter([...HANDSHAKE, by('client', 'send', 100)]);
    const r = applyMove(lab, advance(MAX_CLOCK_ADVANCE_MS + 1));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('ADVANCE_TOO_LONG');
    expect(r.reason.en).toContain('at most 86400000 ms');
    expect(r.reason.zh).toContain('最多推进 86400000 毫秒');
    expect(r.lab).toBe(lab);
  });

  it('an advance of exactly one day is legal', () => {
    expect(applyMove(labAfter([]), advance(MAX_CLOCK_ADVANCE_MS)).ok).toBe(true);
  });

  it('one day with data unacknowledged in flight sends dataRetries retransmissions, then the endpoint gives up (R2)', () => {
    const lab = labAfter([...HANDSHAKE, by('client', 'send', 100)], { timers: { dataRetries: 15 } });
    const r = play(lab, [advance(MAX_CLOCK_ADVANCE_MS)]);
    expect(r.emitted.filter((s) => s.retransmission)).toHaveLength(15);
    expect(r.lab.client.state).toBe('CLOSED');
    expect(r.transitions.map((t) => t.ruleId)).toContain('any--give-up--closed');
    expect(r.lab.inFlight).toHaveLength(16); // the first send and its 15 retransmissions, nobody delivered them
  });

  it('one day in SYN_SENT with nobody answering sends synRetries SYNs again, then gives up (linux profile: no connect timer)', () => {
    const lab = labAfter([by('client', 'connect')], { profile: 'linux', timers: { synRetries: 6 } });
    const r = play(lab, [advance(MAX_CLOCK_ADVANCE_MS)]);
    expect(r.emitted).toHaveLength(6);
    expect(r.lab.client.state).toBe('CLOSED');
  });
});

describe('segments in flight', () => {
  it(`the network holds at most MAX_IN_FLIGHT (${MAX_IN_FLIGHT}) segments: one more makes the oldest lost, recorded with its reason`, () => {
    let lab = labAfter([...HANDSHAKE]);
    for (let i = 0; i < MAX_IN_FLIGHT; i++) lab = play(lab, [by('client', 'send', 10)]).lab;
    expect(lab.inFlight).toHaveLength(MAX_IN_FLIGHT);
    const oldest = lab.inFlight[0].id;
    const r = play(lab, [by('client', 'send', 10)]);
    expect(r.lab.inFlight).toHaveLength(MAX_IN_FLIGHT);
    expect(r.lab.inFlight.map((s) => s.id)).not.toContain(oldest);
    const drop = r.events.find((e) => e.kind === 'dropped');
    expect(drop).toMatchObject({ kind: 'dropped', id: oldest, cause: 'overflow' });
    expect(drop && 'reason' in drop && drop.reason?.en).toContain(`at most ${MAX_IN_FLIGHT} segments`);
    expect(drop && 'reason' in drop && drop.reason?.zh).toContain(`最多同时容纳 ${MAX_IN_FLIGHT} 个报文段`);
  });

  it('a duplicate on a full network also makes the oldest lost', () => {
    let lab = labAfter([...HANDSHAKE]);
    for (let i = 0; i < MAX_IN_FLIGHT; i++) lab = play(lab, [by('client', 'send', 10)]).lab;
    const r = play(lab, [{ by: 'network', action: 'duplicate', from: 'client', index: 5 }]);
    expect(r.lab.inFlight).toHaveLength(MAX_IN_FLIGHT);
    expect(r.events.map((e) => e.kind)).toEqual(['duplicated', 'dropped']);
  });
});

describe('a deleted TCB sends nothing (RFC 9293 3.10.8, 3.10.4: entering CLOSED deletes the TCB)', () => {
  it('retransmissions already in flight stay deliverable after the sender closed, and are answered by RST; nothing new is sent', () => {
    // the client's data is never acknowledged; it retransmits, then aborts
    const lab = labAfter([...HANDSHAKE, by('client', 'send', 100), advance(1000), by('client', 'abort')]);
    expect(lab.client.state).toBe('CLOSED');
    expect(lab.client.timers).toEqual({});
    const later = play(lab, [advance(MAX_CLOCK_ADVANCE_MS)]);
    expect(later.emitted).toEqual([]); // a closed endpoint's timers are gone
    // the server still receives what was on the wire (data, its retransmission, the RST) in order
    const delivered = play(later.lab, [{ by: 'network', action: 'deliver-all' }]);
    expect(delivered.lab.server.state).toBe('CLOSED');
    // and the client, CLOSED, answers the server's ACKs with RST, as a real closed port does
    expect(delivered.emitted.some((s) => s.from === 'client' && s.flags.includes('RST'))).toBe(true);
  });

  it('TIME_WAIT ended: nothing the old connection sent comes again, however long the clock runs', () => {
    const closeMoves = [
      by('client', 'close'),
      deliver('client'),
      deliver('server'),
      by('server', 'close'),
      deliver('server'),
      deliver('client'),
    ];
    const lab = labAfter([...HANDSHAKE, ...closeMoves, advance(60_000)]);
    expect([lab.client.state, lab.server.state]).toEqual(['CLOSED', 'CLOSED']);
    expect(play(lab, [advance(MAX_CLOCK_ADVANCE_MS)]).emitted).toEqual([]);
  });
});

describe('properties: legal moves keep a lab bounded', () => {
  const role = fc.constantFrom<Role>('client', 'server');
  type Maker = (lab: Lab) => unknown;
  const legal: fc.Arbitrary<Maker> = fc.oneof(
    {
      weight: 3,
      arbitrary: role.map(
        (r): Maker =>
          (lab) =>
            autoplayMove(lab, r) ?? { by: r, call: 'connect' },
      ),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(role, fc.integer({ min: 1, max: 65535 }), fc.boolean()).map(
        ([r, n, text]): Maker =>
          () =>
            text
              ? { by: r, call: 'send', bytes: n, data: '"\u0001'.repeat(500) }
              : { by: r, call: 'send', bytes: n },
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(role, fc.constantFrom('close', 'abort', 'listen'))
        .map(([r, c]): Maker => () => ({ by: r, call: c })),
    },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(1, 1000, 60_000, 3_600_000, MAX_CLOCK_ADVANCE_MS)
        .map((ms): Maker => () => ({ by: 'clock', advance: ms })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom('deliver', 'duplicate', 'duplicate', 'drop'), role)
        .map(([action, from]): Maker => () => ({ by: 'network', action, from })),
    },
    { weight: 1, arbitrary: fc.constant<Maker>(() => ({ by: 'network', action: 'deliver-all' })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('duplicate', 'delay', 'reorder'), role)
        .map(([fault, from]): Maker => () => ({ by: 'network', action: 'fault', fault, from })),
    },
  );
  const settings = fc.record({
    network: fc.constantFrom('manual' as const, 'auto' as const),
    profile: fc.constantFrom('rfc' as const, 'linux' as const),
    timers: fc.record({
      rtoMs: fc.constantFrom(1, 1000),
      synRetries: fc.constantFrom(1, 6, 100),
      dataRetries: fc.constantFrom(1, 15, 100),
    }),
  });

  it(`in flight at most MAX_IN_FLIGHT; the lab's JSON at most MAX_LAB_JSON_CHARS (${MAX_LAB_JSON_CHARS}); one move sends at most 2 × (synRetries + dataRetries) + 2,000 segments`, () => {
    fc.assert(
      fc.property(settings, fc.array(legal, { minLength: 20, maxLength: 120 }), (s, makers) => {
        let lab = labAfter([], s);
        const perMove = 2 * (lab.settings.timers.synRetries + lab.settings.timers.dataRetries) + 2000;
        for (const make of makers) {
          const r = applyMove(lab, make(lab));
          if (!r.ok) continue;
          lab = r.lab;
          expect(lab.inFlight.length).toBeLessThanOrEqual(MAX_IN_FLIGHT);
          expect(JSON.stringify(lab).length).toBeLessThanOrEqual(MAX_LAB_JSON_CHARS);
          expect(r.emitted.length).toBeLessThanOrEqual(perMove);
          for (const role of ['client', 'server'] as const)
            if (lab[role].state === 'CLOSED' && !lab.pending[role]) expect(lab[role].timers).toEqual({});
        }
      }),
      { numRuns: 150 },
    );
  });
});
