/**
 * `tcp-lab`: run a tcp-lab/1 script and print one JSON line per move (format fixed by lab-script.md).
 *
 * Exit codes: 0 the run finished and every `expect` held (rejected moves are not errors of the run);
 * 1 an `expect` failed (listed on stderr after the run); 2 the file is missing or not a valid tcp-lab/1 script
 * (nothing runs).
 */
import { readFileSync, writeFileSync } from 'fs';
import { SCENARIOS } from './api';
import { parseLabScript, runLabScript } from './script';
import { PCAP_USAGE, pcapCommand } from './wire/pcap-command';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readFile(path: string): string;
  writeFile(path: string, bytes: Uint8Array): void;
}

const USAGE = `Usage:
  tcp-lab run FILE     run a tcp-lab/1 lab script; one JSON line per move on stdout
${PCAP_USAGE}
  tcp-lab scenarios    list the built-in scenarios (id and title)
  tcp-lab --help       show this help

Exit status: 0 all expectations held, 1 an "expect" failed, 2 the file is missing or invalid.`;

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, bytes) => writeFileSync(path, bytes),
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
  if (command === 'pcap') return pcapCommand(rest, io);
  io.err(USAGE);
  return 2;
}

function run(file: string, io: CliIo): number {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(
      `tcp-lab: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error)}`,
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
