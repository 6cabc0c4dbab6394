/** Keeping a lab snapshot current from socket messages. */
import type { TranscriptEntry } from '@tcp-lab/tcp-core';
import type { LabSnapshot } from '../api/contract';

/** A `lab:update` carries the new snapshot and the entry; if the snapshot's transcript lacks the entry, append it. */
export function mergeUpdate(previous: LabSnapshot | null, next: LabSnapshot, entry?: TranscriptEntry): LabSnapshot {
  let transcript = next.transcript ?? previous?.transcript ?? [];
  if (entry && !transcript.some((known) => known.step === entry.step)) transcript = [...transcript, entry];
  return { ...next, transcript };
}

/** A rejected move is recorded too (the ack carries its entry) but the lab itself did not change. */
export function appendEntry(previous: LabSnapshot | null, entry: TranscriptEntry): LabSnapshot | null {
  if (!previous || previous.transcript.some((known) => known.step === entry.step)) return previous;
  return { ...previous, transcript: [...previous.transcript, entry] };
}
