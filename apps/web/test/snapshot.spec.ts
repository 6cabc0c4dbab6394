import type { TranscriptEntry } from '@tcp-lab/tcp-core';
import type { LabDelta, LabSnapshot } from '@tcp-lab/lab-protocol';
import { appendEntry, mergeUpdate } from '../src/lib/snapshot';

const entry = (step: number) => ({ step }) as TranscriptEntry;
const snapshot = (transcriptLength: number, change: Partial<LabSnapshot> = {}) =>
  ({
    id: 'lab-1',
    round: 1,
    status: 'running',
    transcript: Array.from({ length: transcriptLength }, (_, i) => entry(i + 1)),
    ...change,
  }) as LabSnapshot;

describe('keeping the newest lab snapshot', () => {
  it('ignores a join ack that was computed before a move whose update already arrived', () => {
    const afterMove = mergeUpdate(snapshot(1), snapshot(2), entry(2));
    expect(mergeUpdate(afterMove, snapshot(1))).toBe(afterMove);
  });

  it('takes a new round even with a shorter transcript (reset, swap roles, next scenario)', () => {
    const next = mergeUpdate(snapshot(5), snapshot(0, { round: 2 }))!;
    expect(next.round).toBe(2);
    expect(next.transcript).toHaveLength(0);
  });

  it('takes a status change with the same transcript, and another lab at once', () => {
    expect(mergeUpdate(snapshot(3), snapshot(3, { status: 'paused' })).status).toBe('paused');
    expect(mergeUpdate(snapshot(3), snapshot(0, { id: 'lab-2' })).id).toBe('lab-2');
  });

  it('appends a rejected move entry once', () => {
    const withRejection = appendEntry(snapshot(2), entry(3))!;
    expect(withRejection.transcript.map((e) => e.step)).toEqual([1, 2, 3]);
    expect(appendEntry(withRejection, entry(3))).toBe(withRejection);
  });

  describe('deltas (lab:update and move acks)', () => {
    const base = () =>
      snapshot(2, { step: 2, lab: { clock: 0, step: 1, inFlight: [] } as unknown as LabSnapshot['lab'] });
    const delta = (step: number, lab: Record<string, unknown> = {}) =>
      ({ ...snapshot(0, { step }), transcript: undefined, delta: true, lab }) as unknown as LabDelta;

    it('applies the delta of the next step: the changed fields, the entry appended, the rest kept', () => {
      const next = mergeUpdate(base(), delta(3, { clock: 100 }), entry(3))!;
      expect(next.step).toBe(3);
      expect(next.lab).toMatchObject({ clock: 100, step: 1, inFlight: [] });
      expect(next.transcript.map((e) => e.step)).toEqual([1, 2, 3]);
    });

    it('ignores an old delta (its update arrived before the ack) and asks again after a gap', () => {
      const onGap = jest.fn();
      const current = base();
      expect(mergeUpdate(current, delta(2, { clock: 5 }), entry(2), onGap)).toBe(current);
      expect(onGap).not.toHaveBeenCalled();
      expect(mergeUpdate(current, delta(4, { clock: 5 }), entry(4), onGap)).toBe(current);
      expect(onGap).toHaveBeenCalledTimes(1);
    });
  });
});
