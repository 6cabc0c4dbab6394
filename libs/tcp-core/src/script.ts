/**
 * tcp-lab/1 lab scripts: parse one, run one. The format and the output lines are fixed by the shared design page
 * lab-script.md; teachers' scripts and outside checks depend on them, so the key order below is deliberate.
 */
import { createLab } from './lab';
import { firstIssue, LabScriptSchema } from './moves';
import { newTranscript, record, summarizeMove } from './transcript';
import type { Lab, LabScript, Move, MoveResult, RunOutputLine, Transcript } from './types';

/** Accepts the parsed JSON (or the JSON text) of a script; on failure one message naming the place. */
export function parseLabScript(raw: unknown): { ok: true; script: LabScript } | { ok: false; error: string } {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      return {
        ok: false,
        error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  const parsed = LabScriptSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error, value).reason.en };
  return { ok: true, script: parsed.data as LabScript };
}

/** The output line for one move, keys in the documented order. */
export function outputLine(step: number, move: Move, result: MoveResult): RunOutputLine {
  const lab = result.lab;
  if (!result.ok) {
    return {
      step,
      by: move.by,
      ok: false,
      code: result.code,
      reason: result.reason,
      client: lab.client.state,
      server: lab.server.state,
      transitions: [],
      emitted: [],
    };
  }
  const line: RunOutputLine = {
    step,
    by: move.by,
    ok: true,
    client: lab.client.state,
    server: lab.server.state,
    // "every state change the move caused": self-loop rules are in the transcript, not here
    transitions: result.transitions
      .filter((t) => t.from !== t.to)
      .map((t) => ({ endpoint: t.endpoint, from: t.from, to: t.to })),
    emitted: result.emitted.map((s) =>
      s.flags.includes('ACK')
        ? { from: s.from, flags: s.flags, seq: s.seq, ack: s.ack, len: s.len }
        : { from: s.from, flags: s.flags, seq: s.seq, len: s.len },
    ),
  };
  if (result.correct !== undefined) {
    line.correct = result.correct;
    if (!result.correct && result.expected) line.expected = result.expected;
  }
  return line;
}

/** What a move's `expect` says that did not hold, or null. */
export function checkExpectation(step: number, move: Move, result: MoveResult): string | null {
  const expect = move.expect;
  if (!expect) return null;
  const problems: string[] = [];
  if (expect.ok !== undefined && expect.ok !== result.ok) {
    problems.push(
      `expected ok ${expect.ok}, got ${result.ok}${result.ok ? '' : ` (${result.code}: ${result.reason.en})`}`,
    );
  }
  if (expect.client !== undefined && expect.client !== result.lab.client.state) {
    problems.push(`expected client ${expect.client}, got ${result.lab.client.state}`);
  }
  if (expect.server !== undefined && expect.server !== result.lab.server.state) {
    problems.push(`expected server ${expect.server}, got ${result.lab.server.state}`);
  }
  return problems.length ? `step ${step} (${summarizeMove(move)}): ${problems.join('; ')}` : null;
}

/** Runs every move as the trusted 'system' actor; a rejected move is reported, not an error of the run. */
export function runLabScript(script: LabScript): {
  lines: RunOutputLine[];
  failures: string[];
  lab: Lab;
  transcript: Transcript;
} {
  let lab = createLab(script.settings);
  const transcript = newTranscript(lab.settings, script.title);
  const lines: RunOutputLine[] = [];
  const failures: string[] = [];
  script.moves.forEach((move, i) => {
    const result = record(transcript, lab, move, 'system');
    lab = result.lab;
    lines.push(outputLine(i + 1, move, result));
    const failure = checkExpectation(i + 1, move, result);
    if (failure) failures.push(failure);
  });
  return { lines, failures, lab, transcript };
}
