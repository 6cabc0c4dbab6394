/**
 * Transcripts: the log of every move (applied or rejected) from which a lab can be replayed exactly, shown as a
 * ladder diagram, exported as CSV, or turned back into a tcp-lab/1 script.
 */
import { z } from 'zod';
import { createLab } from './lab';
import { applyMove, describeIssue } from './moves';
import { LabSettingsSchema, resolveSettings } from './settings';
import { describeSegment } from './segment';
import {
  TRANSCRIPT_FORMAT,
  type Actor,
  type ControlMove,
  type Lab,
  type LabScript,
  type LabSettings,
  type LabSettingsInput,
  type Move,
  type MoveResult,
  type Role,
  type Segment,
  type Transcript,
  type TranscriptEntry,
} from './types';

export function newTranscript(settings: LabSettings, title?: string): Transcript {
  return title === undefined
    ? { format: TRANSCRIPT_FORMAT, settings, entries: [] }
    : { format: TRANSCRIPT_FORMAT, title, settings, entries: [] };
}

export function toTranscriptEntry(
  step: number,
  actor: Actor,
  move: unknown,
  before: Lab,
  result: MoveResult,
): TranscriptEntry {
  const entry: TranscriptEntry = {
    step,
    actor,
    move,
    ok: result.ok,
    before: { client: before.client.state, server: before.server.state },
    after: { client: result.lab.client.state, server: result.lab.server.state },
    transitions: result.ok ? result.transitions : [],
    emitted: result.ok ? result.emitted : [],
    events: result.ok ? result.events : [],
    clock: result.lab.clock,
  };
  if (!result.ok) {
    entry.code = result.code;
    entry.reason = result.reason;
    return entry;
  }
  if (result.correct !== undefined) entry.correct = result.correct;
  if (result.expected !== undefined) entry.expected = result.expected;
  if (result.mistake !== undefined) entry.mistake = result.mistake;
  if (result.ruleId !== undefined) entry.ruleId = result.ruleId;
  return entry;
}

export const isControlMove = (move: unknown): move is ControlMove =>
  typeof move === 'object' && move !== null && (move as { by?: unknown }).by === 'control';

/** A control's entry (ok, nothing sent): the lab is `lab` before and after, except a new round's fresh lab. */
export function controlEntry(step: number, actor: Actor, move: ControlMove, before: Lab): TranscriptEntry {
  const after = applyControl(before, move);
  return {
    step,
    actor,
    move,
    ok: true,
    before: { client: before.client.state, server: before.server.state },
    after: { client: after.client.state, server: after.server.state },
    transitions: [],
    emitted: [],
    events: [],
    clock: after.clock,
  };
}

/**
 * The side the real Linux kernel plays after these entries of one round (the last `linux-peer` control says), or
 * null. A round's first entries decide it: a new round where Linux goes on playing has its own `linux-peer` entry.
 */
export function linuxPeerOf(entries: readonly TranscriptEntry[]): Role | null {
  let role: Role | null = null;
  for (const entry of entries) {
    const move = entry.move;
    if (!isControlMove(move)) continue;
    if (move.action === 'linux-peer') role = move.role;
    else if (move.action === 'new-round' || move.action === 'end') role = null;
  }
  return role;
}

/** What a control does to the tcp-core lab: a new round starts a fresh lab; the others leave it as it is. */
export function applyControl(lab: Lab, move: ControlMove): Lab {
  return move.action === 'new-round' ? createLab(move.settings) : lab;
}

/** A round's counters, derived from its entries (controls are not moves and do not count). */
export interface RoundCounters {
  /** moves recorded, rejected ones included */
  moves: number;
  /** incorrect stack-mode answers */
  mistakes: number;
  /** moves in a row, up to the last, that left both endpoints' states as they were */
  sameStateMoves: number;
}

/** The entry left both endpoints in the states they were in (the dashboard's "going nowhere" counts these). */
export function leftStatesUnchanged(entry: TranscriptEntry): boolean {
  return entry.before.client === entry.after.client && entry.before.server === entry.after.server;
}

export function roundCounters(entries: readonly TranscriptEntry[]): RoundCounters {
  const counters: RoundCounters = { moves: 0, mistakes: 0, sameStateMoves: 0 };
  for (const entry of entries) {
    if (isControlMove(entry.move)) continue;
    counters.moves += 1;
    if (entry.correct === false) counters.mistakes += 1;
    counters.sameStateMoves = leftStatesUnchanged(entry) ? counters.sameStateMoves + 1 : 0;
  }
  return counters;
}

/** Applies one move and appends its entry: the loop every caller (CLI, server, tests) runs. */
export function record(transcript: Transcript, lab: Lab, move: unknown, actor: Actor): MoveResult {
  const result = applyMove(lab, move, actor);
  transcript.entries.push(toTranscriptEntry(transcript.entries.length + 1, actor, move, lab, result));
  return result;
}

/** One entry of a transcript replayed: the lab before it, what re-applying it gave, and the lab after it. */
export interface ReplayedEntry {
  /** the entry as it was recorded */
  entry: TranscriptEntry;
  before: Lab;
  result: MoveResult;
  /** the lab after this entry */
  lab: Lab;
  /** the entry the replay gives (same step and actor) */
  replayed: TranscriptEntry;
  /** the replay gives the recorded outcome (ok, code, states after, correct, emitted segments) */
  agrees: boolean;
}

/**
 * THE replay: every entry re-applied from a fresh lab of the transcript's settings, with the lab after each entry.
 * The server's start-up check, the quiz regrade, the web's replay page and `tcp-lab replay` all use this.
 * A generator, so a caller that needs only the end (`replay`) does not keep every intermediate lab.
 */
export function* replaySteps(transcript: Pick<Transcript, 'settings' | 'entries'>): Generator<ReplayedEntry> {
  let lab = createLab(transcript.settings);
  for (const entry of transcript.entries) {
    const before = lab;
    const control = isControlMove(entry.move) ? entry.move : null;
    const result: MoveResult = control
      ? { ok: true, lab: applyControl(lab, control), transitions: [], emitted: [], events: [] }
      : applyMove(lab, entry.move, entry.actor);
    lab = result.lab;
    // the replayed entry and its comparison are made when asked for: a replay that needs only the lab
    // (`replay`, the start-up check's fast path) costs what applying the moves costs
    let replayed: TranscriptEntry | undefined;
    const replayedEntry = () =>
      (replayed ??= control
        ? controlEntry(entry.step, entry.actor, control, before)
        : toTranscriptEntry(entry.step, entry.actor, entry.move, before, result));
    yield {
      entry,
      before,
      result,
      lab,
      get replayed() {
        return replayedEntry();
      },
      get agrees() {
        return sameOutcome(entry, replayedEntry());
      },
    };
  }
}

/** `replaySteps` as an array: the lab after each entry, for callers that step back and forth (the replay page). */
export function replayEntries(transcript: Pick<Transcript, 'settings' | 'entries'>): ReplayedEntry[] {
  return [...replaySteps(transcript)];
}

/** Re-applies every move from a fresh lab; the result deep-equals the lab the moves were first applied to. */
export function replay(transcript: Pick<Transcript, 'settings' | 'entries'>): Lab {
  // A plain loop, not `replaySteps`: a generator step (an object with getters and closures over `before` and
  // `result`) per entry kept enough garbage alive across young collections to make a 100,000-move replay 5-7x
  // slower (the server's start-up rebuild runs this). Same moves, same order, same lab.
  let lab = createLab(transcript.settings);
  for (const entry of transcript.entries) {
    lab = isControlMove(entry.move)
      ? applyControl(lab, entry.move)
      : applyMove(lab, entry.move, entry.actor).lab;
  }
  return lab;
}

/** What a replay must reproduce of a recorded entry (its outcome, not its formatting). */
export function sameOutcome(recorded: TranscriptEntry, replayed: TranscriptEntry): boolean {
  const segments = (e: TranscriptEntry) =>
    (e.emitted ?? []).map((s) => `${s.id}:${s.from}:${describeSegment(s)}`).join(';');
  return (
    recorded.ok === replayed.ok &&
    (recorded.code ?? null) === (replayed.code ?? null) &&
    recorded.after?.client === replayed.after.client &&
    recorded.after?.server === replayed.after.server &&
    (recorded.correct ?? null) === (replayed.correct ?? null) &&
    segments(recorded) === segments(replayed)
  );
}

/** Entries are checked for what replay needs (step, actor, move); the recorded outcome is taken as written. */
const TranscriptSchema = z.object({
  format: z.literal(TRANSCRIPT_FORMAT),
  title: z.string().optional(),
  settings: LabSettingsSchema,
  entries: z.array(
    z.looseObject({
      step: z.int().min(1),
      actor: z.enum(['client', 'server', 'instructor', 'system']),
      move: z.unknown(),
      ok: z.boolean(),
    }),
  ),
});

export function parseTranscript(
  raw: unknown,
): { ok: true; transcript: Transcript } | { ok: false; error: string } {
  const parsed = TranscriptSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: describeIssue(parsed.error.issues[0], raw).reason.en };
  const transcript = raw as Transcript;
  // settings a transcript leaves out take their defaults, as a script's do
  return { ok: true, transcript: { ...transcript, settings: resolveSettings(transcript.settings) } };
}

// ───────────────────────── CSV ─────────────────────────

const CSV_COLUMNS = [
  'step',
  'actor',
  'move',
  'ok',
  'code',
  'client_before',
  'client_after',
  'server_before',
  'server_after',
  'emitted',
  'clock',
  'correct',
];

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** "client connect", "network deliver from client #0", "clock +1000", "server answer SYN_RCVD [SYN,ACK seq=…]". */
export function summarizeMove(move: unknown): string {
  if (typeof move !== 'object' || move === null) return JSON.stringify(move) ?? String(move);
  const m = move as Record<string, unknown>;
  if (m.by === 'clock') return `clock +${String(m.advance)}`;
  if (m.by === 'control')
    return m.action === 'new-round'
      ? `control new-round (${String(m.cause)})`
      : m.action === 'set-clock'
        ? `control set-clock ${m.clockRate === null ? 'default' : String(m.clockRate)}`
        : m.cause === 'seat-removed'
          ? `control ${String(m.action)} (seat removed: ${String(m.seat)})`
          : `control ${String(m.action)}`;
  if (m.by === 'network') {
    switch (m.action) {
      case 'deliver':
      case 'drop':
      case 'duplicate':
        return m.id !== undefined
          ? `network ${m.action} segment id ${String(m.id)}`
          : `network ${m.action} from ${String(m.from)} #${String(m.index ?? 0)}`;
      case 'inject': {
        const seg = m.segment as Segment | undefined;
        return `network inject to ${String(m.to)}: ${seg && Array.isArray(seg.flags) ? describeSegment(seg) : '?'}`;
      }
      case 'fault':
        return `network fault ${String(m.fault)} on ${String(m.from)}`;
      default:
        return `network ${String(m.action)}`;
    }
  }
  if (m.answer && typeof m.answer === 'object') {
    const a = m.answer as { state?: unknown; send?: unknown };
    const send = Array.isArray(a.send)
      ? a.send.map((s) => (s && Array.isArray(s.flags) ? describeSegment(s) : '?')).join('; ')
      : '';
    return `${String(m.by)} answer ${String(a.state)} [${send}]`;
  }
  if ((m.by === 'client' || m.by === 'server') && typeof m.call === 'string') {
    return m.call === 'send' ? `${m.by} send ${String(m.bytes)}` : `${m.by} ${m.call}`;
  }
  return JSON.stringify(move); // a malformed move: show it as it was sent
}

export function transcriptToCsv(transcript: Transcript): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const e of transcript.entries) {
    const emitted = e.emitted.map((s) => `${s.from}: ${describeSegment(s)}`).join('; ');
    rows.push(
      [
        e.step,
        e.actor,
        summarizeMove(e.move),
        e.ok,
        e.code,
        e.before.client,
        e.after.client,
        e.before.server,
        e.after.server,
        emitted,
        e.clock,
        e.correct,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

/**
 * The transcript as a tcp-lab/1 script: its resolved settings and the moves that were applied (rejected moves
 * changed nothing and are left out). Running the script gives the same lab.
 */
export function transcriptToScript(transcript: Transcript): LabScript {
  // every setting, as resolved: the script starts exactly where the transcript did
  const settings: LabSettingsInput = resolveSettings(transcript.settings);
  // controls (start, pause, ...) are the classroom's, not the connection's: a script has no place for them
  const moves = transcript.entries.filter((e) => e.ok && !isControlMove(e.move)).map((e) => e.move as Move);
  return transcript.title === undefined
    ? { format: 'tcp-lab/1', settings, moves }
    : { format: 'tcp-lab/1', title: transcript.title, settings, moves };
}
