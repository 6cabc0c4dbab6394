/**
 * Keeping a lab snapshot current from socket messages and acks. They can arrive out of order (a 'lab:join' ack
 * computed before a move may land after that move's 'lab:update'), so an older snapshot never replaces a newer one:
 * a later round wins, and within a round the longer transcript wins.
 */
import type { TranscriptEntry } from '@tcp-lab/tcp-core';
import { applyLabDelta, isLabDelta, type LabDelta, type LabSnapshot } from '@tcp-lab/lab-protocol';

export function isOlder(candidate: LabSnapshot, current: LabSnapshot | null): boolean {
  if (!current || candidate.id !== current.id) return false;
  if (candidate.round !== current.round) return candidate.round < current.round;
  return (candidate.transcript?.length ?? 0) < (current.transcript?.length ?? 0);
}

/**
 * A whole snapshot (a join, a new round, a STALE_VIEW or duplicate ack) replaces the one on screen unless it is
 * older. A delta (`lab:update`, a move's ack) with its entry applies to the snapshot of the step just before it;
 * an old one is ignored, and one that does not follow (a missed step) calls `onGap`: the caller asks for the
 * snapshot again.
 */
export function mergeUpdate(previous: LabSnapshot | null, next: LabSnapshot): LabSnapshot;
export function mergeUpdate(
  previous: LabSnapshot | null,
  next: LabSnapshot | LabDelta,
  entry?: TranscriptEntry,
  onGap?: () => void,
): LabSnapshot | null;
export function mergeUpdate(
  previous: LabSnapshot | null,
  next: LabSnapshot | LabDelta,
  entry?: TranscriptEntry,
  onGap?: () => void,
): LabSnapshot | null {
  if (isLabDelta(next)) {
    if (!entry) return previous;
    const outcome = applyLabDelta(previous, next, entry);
    if (outcome.kind === 'applied') return outcome.snapshot;
    if (outcome.kind === 'gap') onGap?.();
    return previous;
  }
  let transcript =
    next.transcript ?? (previous?.id === next.id && previous.round === next.round ? previous.transcript : []);
  if (entry && !transcript.some((known) => known.step === entry.step)) transcript = [...transcript, entry];
  const candidate = { ...next, transcript };
  return previous && isOlder(candidate, previous) ? previous : candidate;
}

/** A rejected move is recorded too (the ack carries its entry) but the lab itself did not change. */
export function appendEntry(previous: LabSnapshot | null, entry: TranscriptEntry): LabSnapshot | null {
  if (!previous || previous.transcript.some((known) => known.step === entry.step)) return previous;
  return {
    ...previous,
    step: Math.max(previous.step ?? 0, entry.step),
    transcript: [...previous.transcript, entry],
  };
}
