/**
 * Deltas on the wire. After each entry of a lab's log the server sends every viewer a LabDelta instead of the whole
 * snapshot: the summary fields (small, always all of them), the entry, and only the top-level parts of tcp-core's
 * Lab that the entry changed. Its size does not grow with the round's length. A client keeps the last snapshot it
 * had (from `lab:join`, `GET /api/labs/:id` or a `lab:status`) and applies each delta with `applyLabDelta`; a delta
 * that does not follow the snapshot it has (a step was missed: a reconnect, a lost message) is a gap, and the client
 * asks for the snapshot again (`lab:join`).
 */
import type { Lab, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { LabSnapshot } from './labs';

/** The parts of a snapshot besides the Lab itself and the transcript: bounded, so sent whole in every delta. */
export type LabFrameHead = Omit<LabSnapshot, 'lab' | 'transcript'>;

/**
 * One entry's change to a viewer's snapshot (`lab:update`, and the ack of the move that made it). `step` is the
 * entry's step; `lab` holds the changed top-level fields of tcp-core's (redacted) Lab, the rest stay as they were.
 */
export interface LabDelta extends LabFrameHead {
  delta: true;
  lab: Partial<Lab>;
  /** optional fields of the Lab that the entry removed (e.g. `faults`, once consumed) */
  removed?: (keyof Lab)[];
}

/** What a client does with a delta: the next snapshot, nothing (it is old news), or ask again (a gap). */
export type DeltaOutcome =
  | { kind: 'applied'; snapshot: LabSnapshot }
  | { kind: 'old' }
  | { kind: 'gap'; have: number | null; got: number };

export function isLabDelta(lab: LabSnapshot | LabDelta): lab is LabDelta {
  return (lab as Partial<LabDelta>).delta === true;
}

/**
 * Applies `delta` (with its `entry`) to `current`. It applies only to the snapshot of the same lab, round and the
 * step just before: anything older is ignored, anything further on (or no snapshot yet) is a gap.
 */
export function applyLabDelta(
  current: LabSnapshot | null,
  delta: LabDelta,
  entry: TranscriptEntry,
): DeltaOutcome {
  const sameRound = current !== null && current.id === delta.id && current.round === delta.round;
  if (current !== null && current.id === delta.id) {
    if (delta.round < current.round || (sameRound && delta.step <= current.step)) return { kind: 'old' };
  }
  if (!sameRound || current.step !== delta.step - 1 || entry.step !== delta.step)
    return { kind: 'gap', have: current && current.id === delta.id ? current.step : null, got: delta.step };
  const { delta: _marker, lab: changed, removed, ...head } = delta;
  const lab: Lab = { ...current.lab, ...changed };
  for (const key of removed ?? []) delete (lab as Partial<Lab>)[key];
  return {
    kind: 'applied',
    snapshot: { ...current, ...head, lab, transcript: [...current.transcript, entry] },
  };
}

/**
 * The delta from `before` to `after` for one viewer (the server's side): the Lab's top-level fields that are not
 * the same object any more (tcp-core's moves are pure and share what they do not change), taken from the viewer's
 * redacted `view` of `after`.
 */
export function labDelta(head: LabFrameHead, before: Lab, after: Lab, view: Lab): LabDelta {
  const changed: Partial<Record<keyof Lab, unknown>> = {};
  for (const key of Object.keys(view) as (keyof Lab)[]) {
    if (before[key] !== after[key] && view[key] !== undefined) changed[key] = view[key];
  }
  // JSON cannot carry `undefined`: a field the entry removed is named instead
  const removed = (Object.keys(before) as (keyof Lab)[]).filter(
    (key) => before[key] !== undefined && view[key] === undefined,
  );
  return {
    ...head,
    delta: true,
    lab: changed as Partial<Lab>,
    ...(removed.length > 0 ? { removed } : {}),
  };
}
