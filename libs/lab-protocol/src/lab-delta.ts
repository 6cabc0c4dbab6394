/**
 * Deltas on the wire. After each entry of a lab's log the server sends every viewer a LabDelta instead of the whole
 * snapshot: the summary fields an entry can change (small, always all of them), the entry, and only the parts of
 * tcp-core's Lab that the entry changed (top-level fields, and inside each endpoint only its changed variables).
 * Its size does not grow with the round's length. A client keeps the last snapshot it had (from `lab:join`,
 * `GET /api/labs/:id` or a `lab:status`) and applies each delta with `applyLabDelta`; a delta that does not follow
 * the snapshot it has (a step was missed: a reconnect, a lost message) is a gap, and the client asks for the
 * snapshot again (`lab:join`).
 */
import type { Endpoint, Lab, Role, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { LabSnapshot } from './labs';

/** The parts of a snapshot besides the Lab itself and the transcript. */
export type LabFrameHead = Omit<LabSnapshot, 'lab' | 'transcript'>;

/**
 * The summary fields an entry can change, sent in every delta. The others (seats and their names, the scenario with
 * its title and goal, mode, network, the viewer's role) change only with a pairing or a new round, which send the
 * whole snapshot (`lab:status`), so a delta leaves them out and the client keeps what it has.
 */
export const DELTA_HEAD_FIELDS = [
  'id',
  'round',
  'step',
  'status',
  'states',
  'moveCount',
  'mistakes',
  'lastMoveAt',
  'stuck',
  'clockRate',
  'timeScale',
  'goalReached',
] as const satisfies readonly (keyof LabFrameHead)[];
export type LabDeltaHead = Pick<LabFrameHead, (typeof DELTA_HEAD_FIELDS)[number]>;

/** The Lab's fields an entry changed; an endpoint's entry holds only its changed variables. */
export type LabChange = Partial<Omit<Lab, Role>> & Partial<Record<Role, Partial<Endpoint>>>;

/**
 * One entry's change to a viewer's snapshot (`lab:update`, and the ack of the move that made it). `step` is the
 * entry's step; `lab` holds the changed fields of tcp-core's (redacted) Lab, the rest stay as they were.
 */
export interface LabDelta extends LabDeltaHead {
  delta: true;
  lab: LabChange;
  /** optional fields the entry removed: the Lab's (`faults`, once consumed) or an endpoint's (`client.negotiated`) */
  removed?: string[];
}

const ENDPOINT_KEYS: readonly Role[] = ['client', 'server'];
const isEndpointKey = (key: string): key is Role => key === 'client' || key === 'server';

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
  const lab = { ...current.lab, ...changed } as Lab;
  for (const role of ENDPOINT_KEYS)
    if (changed[role] !== undefined) lab[role] = { ...current.lab[role], ...changed[role] };
  for (const path of removed ?? []) {
    const [key, field] = path.split('.');
    if (field === undefined) delete (lab as Partial<Lab>)[key as keyof Lab];
    else if (isEndpointKey(key)) delete (lab[key] as Partial<Endpoint>)[field as keyof Endpoint];
  }
  return {
    kind: 'applied',
    snapshot: { ...current, ...head, lab, transcript: [...current.transcript, entry] },
  };
}

/**
 * The delta from `before` to `after` for one viewer (the server's side): the Lab's fields that are not the same
 * value any more (tcp-core's moves are pure and share what they do not change), taken from the viewer's redacted
 * `view` of `after`; for an endpoint, only its variables that changed. `head` may be the whole frame head: only the
 * fields an entry can change are taken from it.
 */
export function labDelta(head: LabDeltaHead, before: Lab, after: Lab, view: Lab): LabDelta {
  const changed: Record<string, unknown> = {};
  // JSON cannot carry `undefined`: a field the entry removed is named instead
  const removed: string[] = [];
  for (const key of Object.keys(view) as (keyof Lab)[]) {
    if (before[key] === after[key] || view[key] === undefined) continue;
    if (isEndpointKey(key)) {
      const fields = endpointChange(before[key], after[key], view[key], key, removed);
      if (fields !== null) changed[key] = fields;
    } else changed[key] = view[key];
  }
  for (const key of Object.keys(before) as (keyof Lab)[])
    if (before[key] !== undefined && view[key] === undefined) removed.push(key);
  const deltaHead = Object.fromEntries(
    DELTA_HEAD_FIELDS.filter((field) => head[field] !== undefined).map((field) => [field, head[field]]),
  ) as unknown as LabDeltaHead;
  return {
    ...deltaHead,
    delta: true,
    lab: changed as LabChange,
    ...(removed.length > 0 ? { removed } : {}),
  };
}

/**
 * The same value, or plain objects holding the same values (an endpoint's `timers` is rebuilt by every move that
 * touches it, most often with the same contents); an absent key and an undefined one are the same.
 */
function shallowSame(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) if (x[key] !== y[key]) return false;
  return true;
}

/** An endpoint's changed variables (from the viewer's `view`), or null when none changed. */
function endpointChange(
  before: Endpoint,
  after: Endpoint,
  view: Endpoint,
  role: Role,
  removed: string[],
): Partial<Endpoint> | null {
  const fields: Record<string, unknown> = {};
  let any = false;
  for (const field of Object.keys(view) as (keyof Endpoint)[]) {
    if (shallowSame(before[field], after[field]) || view[field] === undefined) continue;
    fields[field] = view[field];
    any = true;
  }
  for (const field of Object.keys(before) as (keyof Endpoint)[])
    if (before[field] !== undefined && view[field] === undefined) {
      removed.push(`${role}.${field}`);
      any = true;
    }
  return any ? (fields as Partial<Endpoint>) : null;
}
