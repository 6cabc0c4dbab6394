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
  type Lab,
  type LabScript,
  type LabSettings,
  type LabSettingsInput,
  type Move,
  type MoveResult,
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
 */
export function replayEntries(transcript: Pick<Transcript, 'settings' | 'entries'>): ReplayedEntry[] {
  let lab = createLab(transcript.settings);
  const out: ReplayedEntry[] = [];
  for (const entry of transcript.entries) {
    const before = lab;
    const result = applyMove(lab, entry.move, entry.actor);
    const replayed = toTranscriptEntry(entry.step, entry.actor, entry.move, before, result);
    lab = result.lab;
    out.push({ entry, before, result, lab, replayed, agrees: sameOutcome(entry, replayed) });
  }
  return out;
}

/** Re-applies every move from a fresh lab; the result deep-equals the lab the moves were first applied to. */
export function replay(transcript: Pick<Transcript, 'settings' | 'entries'>): Lab {
  const steps = replayEntries(transcript);
  return steps.length ? steps[steps.length - 1].lab : createLab(transcript.settings);
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
  const moves = transcript.entries.filter((e) => e.ok).map((e) => e.move as Move);
  return transcript.title === undefined
    ? { format: 'tcp-lab/1', settings, moves }
    : { format: 'tcp-lab/1', title: transcript.title, settings, moves };
}
