import {
  applyMove,
  createLab,
  labView,
  referenceAnswer,
  toTranscriptEntry,
  type Actor,
  type Lab,
  type Move,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import { applyLabDelta, isLabDelta, labDelta, type LabFrameHead, type LabSnapshot } from '../src';

/** The parts of a snapshot that are not the Lab or the transcript; the step is what the deltas check. */
const head = (lab: Lab, step: number, role: 'client' | 'server'): LabFrameHead =>
  ({
    id: 'lab-1',
    classroomId: 'class-1',
    status: 'running',
    mode: lab.settings.mode,
    network: lab.settings.network,
    scenarioId: null,
    round: 1,
    seats: { client: null, server: null },
    states: { client: lab.client.state, server: lab.server.state },
    moveCount: step,
    step,
    mistakes: 0,
    lastMoveAt: null,
    stuck: false,
    clockRate: 0,
    yourRole: role,
    goalReached: false,
    timeScale: 0,
  }) as LabFrameHead;

const deliver = (from: 'client' | 'server'): Move => ({ by: 'network', action: 'deliver', from });

/** A whole connection (open, data both ways, close, TIME_WAIT over), in the manual network with a fault armed. */
const PLAY: [Actor, Move | unknown][] = [
  ['server', { by: 'server', call: 'listen' }],
  ['client', { by: 'client', call: 'connect' }],
  ['client', deliver('client')],
  ['client', deliver('server')],
  ['client', deliver('client')],
  ['client', { by: 'client', call: 'send', bytes: 5, data: 'hello' }],
  ['client', { by: 'client', call: 'fly' }], // rejected by tcp-core: recorded, the lab unchanged
  ['client', deliver('client')],
  ['client', deliver('server')],
  ['server', { by: 'server', call: 'send', bytes: 5, data: 'world' }],
  ['client', deliver('server')],
  ['client', deliver('client')],
  ['client', { by: 'client', call: 'close' }],
  ['client', deliver('client')],
  ['client', deliver('server')],
  ['server', { by: 'server', call: 'close' }],
  ['client', deliver('server')],
  ['client', deliver('client')],
  ['system', { by: 'clock', advance: 240_000 }],
];

describe('deltas on the wire (lab-delta.ts)', () => {
  test.each(['client', 'server'] as const)(
    'applying every delta to the first snapshot gives, step by step, the whole snapshot of the %s',
    (role) => {
      let lab = createLab({ network: 'manual', mode: 'calls' });
      let seen: LabSnapshot = { ...head(lab, 0, role), lab: labView(lab, role), transcript: [] };
      const entries: TranscriptEntry[] = [];
      let changedSomething = 0;
      for (const [step, [actor, move]] of PLAY.entries()) {
        const before = lab;
        const result = applyMove(before, move, actor);
        const entry = toTranscriptEntry(step + 1, actor, move, before, result);
        lab = result.ok ? result.lab : before;
        entries.push(entry);
        const delta = labDelta(head(lab, step + 1, role), before, lab, labView(lab, role));
        expect(isLabDelta(delta)).toBe(true);
        // a delta names only what changed: never the settings, which no move changes
        expect(delta.lab).not.toHaveProperty('settings');
        // an applied move changes at least the Lab's own move counter; a rejected one changes nothing
        if (entry.ok) {
          expect(delta.lab.step).toBe(lab.step);
          changedSomething += 1;
        } else expect(delta.lab).toEqual({});
        // the head holds only what an entry can change: the seats, the scenario and the viewer's role stay behind
        expect(Object.keys(delta)).not.toEqual(expect.arrayContaining(['seats']));
        expect(delta).not.toHaveProperty('yourRole');
        expect(delta).not.toHaveProperty('mode');
        // an endpoint's part holds only its variables that changed, never its role (which no move changes)
        for (const side of ['client', 'server'] as const)
          if (delta.lab[side] !== undefined) {
            expect(delta.lab[side]).not.toHaveProperty('role');
            for (const [field, value] of Object.entries(delta.lab[side]!))
              expect(value).not.toEqual(before[side][field as keyof (typeof before)[typeof side]]);
          }
        // and it survives JSON (what socket.io sends)
        const outcome = applyLabDelta(seen, JSON.parse(JSON.stringify(delta)), entry);
        if (outcome.kind !== 'applied') throw new Error(`step ${step + 1}: ${outcome.kind}`);
        seen = outcome.snapshot;
        expect(seen.lab).toEqual(JSON.parse(JSON.stringify(labView(lab, role))));
        expect(seen.transcript).toEqual(entries);
        // the fields a delta leaves out are kept from the first snapshot
        expect(seen.yourRole).toBe(role);
        expect(seen.mode).toBe('calls');
      }
      expect(lab.client.state).toBe('CLOSED');
      expect(changedSomething).toBeGreaterThan(PLAY.length / 2);
    },
  );

  test.each(['client', 'server'] as const)(
    'in stack mode (answers pending and hidden) the deltas also rebuild, step by step, the view of the %s',
    (role) => {
      let lab = createLab({ network: 'manual', mode: 'stack' });
      let seen: LabSnapshot = { ...head(lab, 0, role), lab: labView(lab, role), transcript: [] };
      const calls: [Actor, Move][] = [
        ['server', { by: 'server', call: 'listen' }],
        ['client', { by: 'client', call: 'connect' }],
        ['client', deliver('client')],
        ['client', deliver('server')],
        ['client', deliver('client')],
        ['client', { by: 'client', call: 'close' }],
        ['client', deliver('client')],
        ['client', deliver('server')],
      ];
      let step = 0;
      const play = (actor: Actor, move: Move) => {
        const before = lab;
        const result = applyMove(before, move, actor);
        const entry = toTranscriptEntry(++step, actor, move, before, result);
        lab = result.ok ? result.lab : before;
        const delta = labDelta(head(lab, step, role), before, lab, labView(lab, role));
        const outcome = applyLabDelta(seen, JSON.parse(JSON.stringify(delta)), entry);
        if (outcome.kind !== 'applied') throw new Error(`step ${step}: ${outcome.kind}`);
        seen = outcome.snapshot;
        expect(seen.lab).toEqual(JSON.parse(JSON.stringify(labView(lab, role))));
      };
      let answered = 0;
      for (const [actor, move] of calls) {
        play(actor, move);
        // every event an endpoint owes an answer to is answered with the reference answer
        for (const side of ['client', 'server'] as const) {
          const answer = referenceAnswer(lab, side);
          if (answer) {
            play(side, { by: side, answer });
            answered += 1;
          }
        }
      }
      expect(answered).toBeGreaterThan(3);
      expect(lab.server.state).toBe('CLOSE_WAIT');
    },
  );

  test('a delta for an old step is ignored, one that skips a step is a gap, another round or lab too', () => {
    const lab = createLab({ network: 'manual' });
    const at = (step: number, change: Partial<LabSnapshot> = {}): LabSnapshot => ({
      ...head(lab, step, 'client'),
      lab,
      transcript: [],
      ...change,
    });
    const moved = applyMove(lab, { by: 'client', call: 'connect' }, 'client');
    const entry = (step: number) =>
      toTranscriptEntry(step, 'client', { by: 'client', call: 'connect' }, lab, moved);
    const delta = (step: number) => labDelta(head(moved.lab, step, 'client'), lab, moved.lab, moved.lab);
    expect(applyLabDelta(at(5), delta(6), entry(6)).kind).toBe('applied');
    expect(applyLabDelta(at(6), delta(6), entry(6)).kind).toBe('old');
    expect(applyLabDelta(at(9), delta(6), entry(6)).kind).toBe('old');
    expect(applyLabDelta(at(4), delta(6), entry(6))).toEqual({ kind: 'gap', have: 4, got: 6 });
    expect(applyLabDelta(null, delta(6), entry(6))).toEqual({ kind: 'gap', have: null, got: 6 });
    expect(applyLabDelta(at(5, { round: 2 }), delta(6), entry(6)).kind).toBe('old');
    expect(applyLabDelta(at(5, { id: 'lab-2' }), delta(6), entry(6)).kind).toBe('gap');
    // the entry must be the delta's own
    expect(applyLabDelta(at(5), delta(6), entry(7)).kind).toBe('gap');
  });

  test('a field the entry removed is named and removed, not left behind', () => {
    const lab = createLab({ network: 'manual' });
    const armed = { ...lab, faults: { client: { fault: 'drop' } } } as Lab;
    const consumed = { ...armed, faults: undefined, step: 1 } as Lab;
    const delta = labDelta(head(consumed, 1, 'client'), armed, consumed, consumed);
    expect(delta.removed).toEqual(['faults']);
    const sent = JSON.parse(JSON.stringify(delta));
    const base: LabSnapshot = { ...head(armed, 0, 'client'), lab: armed, transcript: [] };
    const outcome = applyLabDelta(base, sent, { step: 1 } as TranscriptEntry);
    expect(outcome.kind === 'applied' && outcome.snapshot.lab).not.toHaveProperty('faults');
  });
});
