/**
 * The ladder (sequence) diagram as data, derived only from transcript entries: which segment was sent when,
 * and whether it was delivered, dropped, duplicated, retransmitted or is still in flight.
 * Each entry is one row; inside a row, segments are ordered so a reply starts where its trigger arrived.
 */
import {
  canonicalFlags,
  isControlMove,
  linuxPeerOf,
  segmentLabel,
  type Bilingual,
  ruleById,
  type Flag,
  type Profile,
  type RuleId,
  type Move,
  type Role,
  type Segment,
  type SegmentOptions,
  type State,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import { kernelOf, type KernelMove } from '@tcp-lab/lab-protocol';

export type SegmentFate = 'in-flight' | 'delivered' | 'ignored' | 'dropped';

export interface LadderSegment {
  id: number;
  from: Role;
  flags: Flag[];
  seq: number;
  ack?: number;
  len: number;
  /** the window field as sent (absent on a script's or an injected segment that did not give one) */
  wnd?: number;
  /** the options a SYN carried (MSS, window scale) */
  options?: SegmentOptions;
  fate: SegmentFate;
  retransmission: boolean;
  duplicateOf?: number;
  injected: boolean;
  /** position on the time axis, in row units (row index + fraction) */
  start: number;
  end: number | null;
  /** a segment the real Linux kernel made (entry.kernel): what Linux sent in its place beside tcp-core's prediction */
  linux?: LinuxSegmentMark;
}

/**
 * One of Linux's segments beside tcp-core's prediction for the same place: the lab's wire carries tcp-core's
 * segment, so where they differ the arrow is tcp-core's and the mark says what Linux sent instead.
 */
export interface LinuxSegmentMark {
  /** Linux's segment as the ladder writes it; null: Linux sent nothing there */
  linux: string | null;
  /** tcp-core's prediction; null: tcp-core predicted nothing there */
  predicted: string | null;
  agreed: boolean;
}

/** A row where Linux played: its state beside tcp-core's, segments of Linux's that are on no arrow, every difference. */
export interface LinuxRowMark {
  role: Role;
  /** no difference, or only allowed ones (the server's verdict) */
  agreed: boolean;
  state: State;
  predictedState: State;
  /** Linux's segments beyond the ones on the lab's wire */
  extra: LinuxSegmentMark[];
  differences: { what: Bilingual; allowed: boolean }[];
}

export interface LadderRow {
  step: number;
  actor: string;
  ok: boolean;
  /** a stack-mode answer that was graded wrong (drawn with a cross, not by colour alone) */
  wrongAnswer: boolean;
  /** new state of an endpoint, when it changed in this row */
  states: Partial<Record<Role, State>>;
  /** a short description of the move (socket calls and answers are written as code) */
  note: string;
  /** network action or clock advance, for a translated description */
  network?: string;
  advance?: number;
  timers: { endpoint: Role; timer: string }[];
  /**
   * rules this row followed that hold only under one profile (the table's `when: { profile }`): where RFC 9293 and
   * Linux differ, the ladder says whose rule applied ("Linux profile: appl: abort / RST,ACK")
   */
  profileRules: { ruleId: RuleId; profile: Profile; endpoint: Role }[];
  /** height in row units */
  span: number;
  top: number;
  /** the real Linux kernel played in this row */
  linux?: LinuxRowMark;
}

export interface LadderModel {
  rows: LadderRow[];
  segments: LadderSegment[];
  /** where "now" is on the time axis */
  bottom: number;
  /** the side the real Linux kernel plays at the end of these entries (their last `linux-peer` control), or null */
  linuxPlays: Role | null;
}

/** The fields Linux and tcp-core are compared on (flags as a set, seq, ack, len), as the ladder writes a segment. */
export const wireText = (segment: Segment): string =>
  segmentLabel({ ...segment, flags: canonicalFlags(segment.flags) });

/** Linux's moves in one entry set beside the segments the entry put on the wire (`emitted`, in order). */
function linuxMarks(
  kernel: KernelMove,
  emitted: readonly { from: Role; duplicateOf?: number; id: number }[],
): { bySegment: Map<number, LinuxSegmentMark>; row: LinuxRowMark } {
  const mine = emitted.filter((segment) => segment.from === kernel.role && segment.duplicateOf === undefined);
  const mark = (i: number): LinuxSegmentMark => {
    const linux = kernel.linux.sent[i] ? wireText(kernel.linux.sent[i]) : null;
    const predicted = kernel.predicted.sent[i] ? wireText(kernel.predicted.sent[i]) : null;
    return { linux, predicted, agreed: linux === predicted };
  };
  const bySegment = new Map(mine.map((segment, i) => [segment.id, mark(i)]));
  const extra: LinuxSegmentMark[] = [];
  for (let i = mine.length; i < Math.max(kernel.linux.sent.length, kernel.predicted.sent.length); i++)
    extra.push(mark(i));
  return {
    bySegment,
    row: {
      role: kernel.role,
      agreed: kernel.agreed,
      state: kernel.linux.state,
      predictedState: kernel.predicted.state,
      extra,
      differences: kernel.differences.map((d) => ({ what: d.what, allowed: d.allowedBy !== undefined })),
    },
  };
}

function describeMove(move: unknown): string {
  if (!move || typeof move !== 'object') return '?';
  const m = move as Partial<Move> & Record<string, unknown>;
  if ('call' in m && typeof m.call === 'string')
    return m.call === 'send' ? `send(${String(m.bytes ?? '')})` : `${m.call}()`;
  if ('answer' in m && m.answer) {
    const answer = m.answer as { state?: string };
    return `→ ${answer.state ?? '?'}`;
  }
  if (m.by === 'clock') return `clock +${String(m.advance)}ms`;
  if (m.by === 'network') return String(m.action ?? 'network');
  return '?';
}

export function buildLadder(entries: readonly TranscriptEntry[]): LadderModel {
  const segments = new Map<number, LadderSegment>();
  const rows: LadderRow[] = [];
  let top = 0;
  for (const entry of entries) {
    // the instructor's controls (start, pause, a new round, ...) are entries of the log, not rows of the ladder
    if (isControlMove(entry.move)) continue;
    const emitted = entry.emitted ?? [];
    const kernel = kernelOf(entry);
    const marks = kernel ? linuxMarks(kernel, emitted) : undefined;
    // the rules of one profile this row followed: a line each ("Linux profile: appl: abort / RST,ACK")
    const profileRules: LadderRow['profileRules'] = [];
    for (const transition of entry.transitions ?? []) {
      const profile = transition.ruleId ? ruleById(transition.ruleId)?.when?.profile : undefined;
      if (profile && !profileRules.some((known) => known.ruleId === transition.ruleId))
        profileRules.push({ ruleId: transition.ruleId!, profile, endpoint: transition.endpoint });
    }
    // the row's lines of text (its note, the timers that fired, whose profile's rule, Linux's state and extra
    // segments), three a unit
    const lines =
      1 +
      (entry.events ?? []).filter((e) => e.kind === 'timer').length +
      profileRules.length +
      (marks ? 2 + 2 * marks.row.extra.length : 0);
    // a row that sends Linux's segments is a unit taller: their marks (a line under each label) need the room
    const span = Math.max(
      1,
      Math.ceil(lines / 3),
      emitted.length +
        (entry.events ?? []).filter((e) => e.kind === 'duplicated').length +
        (marks && marks.bySegment.size > 0 ? 1 : 0),
    );
    const row: LadderRow = {
      step: entry.step,
      actor: String(entry.actor),
      ok: entry.ok,
      wrongAnswer: entry.correct === false,
      states: {},
      note: describeMove(entry.move),
      network:
        (entry.move as { by?: string; action?: string } | null)?.by === 'network'
          ? (entry.move as { action?: string }).action
          : undefined,
      advance:
        (entry.move as { by?: string; advance?: number } | null)?.by === 'clock'
          ? (entry.move as { advance?: number }).advance
          : undefined,
      timers: [],
      profileRules,
      span,
      top,
    };
    for (const transition of entry.transitions ?? [])
      if (transition.from !== transition.to) row.states[transition.endpoint] = transition.to;
    // Sub-slot of each segment emitted in this entry: a segment emitted k-th starts at slot k; if it is also
    // delivered within this entry (auto network), it arrives at slot k+1, where its reply starts.
    const slotOf = new Map<number, number>();
    emitted.forEach((segment, k) => {
      slotOf.set(segment.id, k);
      segments.set(segment.id, {
        id: segment.id,
        from: segment.from,
        flags: segment.flags,
        seq: segment.seq,
        ack: segment.ack,
        len: segment.len,
        wnd: segment.wnd,
        options: segment.options,
        fate: 'in-flight',
        retransmission: Boolean(segment.retransmission),
        duplicateOf: segment.duplicateOf,
        injected: false,
        start: top + k,
        end: null,
      });
    });
    let extraSlot = emitted.length;
    const arrivalPoint = (id: number) => {
      const k = slotOf.get(id);
      return k === undefined ? top : top + Math.min(k + 1, span);
    };
    for (const event of entry.events ?? []) {
      if (event.kind === 'delivered' || event.kind === 'dropped') {
        const segment = segments.get(event.id);
        if (!segment) continue;
        segment.end = arrivalPoint(event.id);
        segment.fate = event.kind === 'dropped' ? 'dropped' : event.accepted ? 'delivered' : 'ignored';
      } else if (event.kind === 'duplicated') {
        const original = segments.get(event.id);
        if (original && !segments.has(event.copyId)) {
          segments.set(event.copyId, {
            ...original,
            id: event.copyId,
            duplicateOf: event.id,
            fate: 'in-flight',
            start: top + Math.min(extraSlot++, span - 1) + 0.3,
            end: null,
          });
        }
      } else if (event.kind === 'injected') {
        const m = entry.move as { segment?: Segment } | undefined;
        if (!segments.has(event.id) && m?.segment) {
          segments.set(event.id, {
            ...m.segment,
            id: event.id,
            from: event.to === 'client' ? 'server' : 'client',
            fate: 'in-flight',
            retransmission: false,
            injected: true,
            start: top,
            end: null,
          });
        } else if (segments.has(event.id)) {
          segments.get(event.id)!.injected = true;
        }
      } else if (event.kind === 'timer') {
        row.timers.push({ endpoint: event.endpoint, timer: event.timer });
      }
    }
    if (marks) {
      row.linux = marks.row;
      for (const [id, mark] of marks.bySegment) segments.get(id)!.linux = mark;
    }
    rows.push(row);
    top += span;
  }
  return { rows, segments: [...segments.values()], bottom: top + 0.9, linuxPlays: linuxPeerOf(entries) };
}

/** The window field as the ladder writes it after tcp-core's label: `win=65535` ('' when the segment has none). */
export function windowText(segment: Pick<Segment, 'wnd'>): string {
  return segment.wnd === undefined ? '' : `win=${segment.wnd}`;
}

/** A SYN's options as field names and values, `MSS=1460, wscale=7` ('' when it carried none). */
export function optionsText(segment: Pick<Segment, 'options'>): string {
  const options = segment.options;
  if (!options) return '';
  return [
    options.mss === undefined ? '' : `MSS=${options.mss}`,
    options.wscale === undefined ? '' : `wscale=${options.wscale}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** A segment's label is tcp-core's (`segmentLabel`), the same everywhere it is drawn. */
export { segmentLabel as segmentText } from '@tcp-lab/tcp-core';
