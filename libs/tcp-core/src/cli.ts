/**
 * `tcp-lab`: run a tcp-lab/1 script and print one JSON line per move (format fixed by lab-script.md); replay a
 * downloaded transcript with the same lines; turn a transcript into a script.
 *
 * Exit codes: 0 the run finished and every `expect` held (rejected moves are not errors of the run) — for
 * `replay`: every entry replayed to its recorded outcome; 1 an `expect` failed, or (`replay`) an entry did not
 * replay to what was recorded (listed on stderr after the run); 2 the file is missing or not of the kind the
 * command takes (nothing runs; the message names the place, or the command that takes the file).
 */
import { readFileSync } from 'fs';
import { SCENARIOS } from './api';
import { outputLine, parseLabScript, runLabScript } from './script';
import { parseTranscript, replayEntries, summarizeMove, transcriptToScript } from './transcript';
import { TRANSCRIPT_FORMAT, type Move } from './types';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readFile(path: string): string;
}

const USAGE = `Usage:
  tcp-lab run FILE     run a tcp-lab/1 lab script; one JSON line per move on stdout
  tcp-lab replay FILE  replay a transcript (tcp-lab-transcript/1, e.g. downloaded from the dashboard);
                       the same JSON lines as run, one per entry
  tcp-lab script FILE  print a transcript as a tcp-lab/1 script (its applied moves, its settings)
  tcp-lab scenarios    list the built-in scenarios (id and title)
  tcp-lab --help       show this help

Exit status: 0 all expectations held (replay: every entry replayed as recorded), 1 an "expect" failed
(replay: an entry replayed differently), 2 the file is missing or invalid.`;

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  readFile: (path) => readFileSync(path, 'utf8'),
};

export function main(argv: string[], io: CliIo = defaultIo): number {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === 'scenarios') {
    for (const s of SCENARIOS) io.out(`${s.id}\t${s.title.en}`);
    return 0;
  }
  if (command === 'run' && rest.length === 1) return run(rest[0], io);
  if (command === 'replay' && rest.length === 1) return replayFile(rest[0], io);
  if (command === 'script' && rest.length === 1) return scriptOf(rest[0], io);
  io.err(USAGE);
  return 2;
}

function read(file: string, io: CliIo): string | null {
  try {
    return io.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(
      `tcp-lab: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}

/** The file's `format` field, when it is JSON with one. */
function formatOf(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as { format?: unknown }).format : undefined;
  } catch {
    return undefined;
  }
}

function loadTranscript(file: string, io: CliIo) {
  const text = read(file, io);
  if (text === null) return null;
  if (formatOf(text) === 'tcp-lab/1') {
    io.err(`tcp-lab: ${file} is a tcp-lab/1 script, not a transcript: run it with \`tcp-lab run ${file}\``);
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    io.err(`tcp-lab: ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  const parsed = parseTranscript(value);
  if (!parsed.ok) {
    io.err(`tcp-lab: ${file} is not a valid ${TRANSCRIPT_FORMAT} transcript: ${parsed.error}`);
    return null;
  }
  return parsed.transcript;
}

/** A transcript's entries replayed with tcp-core: the same lines as `run`, and a check against what was recorded. */
function replayFile(file: string, io: CliIo): number {
  const transcript = loadTranscript(file, io);
  if (!transcript) return 2;
  const differences: string[] = [];
  for (const step of replayEntries(transcript)) {
    const move = step.entry.move as Move;
    io.out(JSON.stringify(outputLine(step.entry.step, move, step.result)));
    if (!step.agrees) {
      const was = step.entry;
      const now = step.replayed;
      differences.push(
        `step ${was.step} (${summarizeMove(move)}): recorded ${was.ok ? 'ok' : was.code} ${was.after?.client}/${was.after?.server}, replayed ${now.ok ? 'ok' : now.code} ${now.after.client}/${now.after.server}`,
      );
    }
  }
  for (const difference of differences) io.err(`tcp-lab: replay differs: ${difference}`);
  return differences.length ? 1 : 0;
}

function scriptOf(file: string, io: CliIo): number {
  const transcript = loadTranscript(file, io);
  if (!transcript) return 2;
  io.out(JSON.stringify(transcriptToScript(transcript), null, 2));
  return 0;
}

function run(file: string, io: CliIo): number {
  const text = read(file, io);
  if (text === null) return 2;
  if (formatOf(text) === TRANSCRIPT_FORMAT) {
    io.err(
      `tcp-lab: ${file} is a transcript (${TRANSCRIPT_FORMAT}), not a tcp-lab/1 script: replay it with \`tcp-lab replay ${file}\`, or turn it into a script with \`tcp-lab script ${file}\``,
    );
    return 2;
  }
  const parsed = parseLabScript(text);
  if (!parsed.ok) {
    io.err(`tcp-lab: ${file} is not a valid tcp-lab/1 script: ${parsed.error}`);
    return 2;
  }
  const { lines, failures } = runLabScript(parsed.script);
  for (const line of lines) io.out(JSON.stringify(line));
  for (const failure of failures) io.err(`tcp-lab: expect failed: ${failure}`);
  return failures.length ? 1 : 0;
}
