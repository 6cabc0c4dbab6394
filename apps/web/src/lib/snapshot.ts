/**
 * Keeping a lab snapshot current from socket messages and acks. They can arrive out of order (a 'lab:join' ack
 * computed before a move may land after that move's 'lab:update'), so an older snapshot never replaces a newer one:
 * a later round wins, and within a round the longer transcript wins.
 */
import type { TranscriptEntry } from '@tcp-lab/tcp-core';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';

export function isOlder(candidate: LabSnapshot, current: LabSnapshot | null): boolean {
  if (!current || candidate.id !== current.id) return false;
  if (candidate.round !== current.round) return candidate.round < current.round;
  return (candidate.transcript?.length ?? 0) < (current.transcript?.length ?? 0);
}

/** A `lab:update` carries the new snapshot and the entry; if the snapshot's transcript lacks the entry, append it. */
export function mergeUpdate(
  previous: LabSnapshot | null,
  next: LabSnapshot,
  entry?: TranscriptEntry,
): LabSnapshot {
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
