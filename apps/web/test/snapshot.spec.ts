import type { TranscriptEntry } from '@tcp-lab/tcp-core';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';
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
    const next = mergeUpdate(snapshot(5), snapshot(0, { round: 2 }));
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
});
