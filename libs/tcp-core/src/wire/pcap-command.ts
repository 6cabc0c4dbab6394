/**
 * `tcp-lab pcap FILE [OUT] [--ipv6] [--start TIME]`: a lab script (tcp-lab/1) or an exported transcript
 * (tcp-lab-transcript/1, e.g. the server's transcript.json of one round) as a pcapng file. OUT defaults to FILE
 * with `.json` replaced by `.pcapng` (or `.pcapng` appended). Packets are stamped from TIME (ISO 8601, e.g.
 * 2026-12-01T09:00:00Z, or ms since the epoch) plus the lab clock; without it, from now (`io.now`). The file I/O
 * and the clock are the caller's (`io`), so this stays testable without a disk.
 *
 * Exit codes as for `run`: 0 written, 2 the file is missing, invalid, or OUT cannot be written.
 */
import { parseLabScript, runLabScript } from '../script';
import { parseTranscript } from '../transcript';
import type { Transcript } from '../types';
import { transcriptToPcapng } from './export';

export interface PcapIo {
  out(line: string): void;
  err(line: string): void;
  readFile(path: string): string;
  writeFile(path: string, bytes: Uint8Array): void;
  /** the real time, ms since the epoch: when the round is taken to start unless --start says (default Date.now) */
  now?(): number;
}

export const PCAP_USAGE =
  '  tcp-lab pcap FILE [OUT] [--ipv6] [--start TIME]   a lab script or transcript as pcapng (default OUT: FILE.pcapng; TIME: when the round started, default now)';

export function defaultPcapPath(file: string): string {
  return file.endsWith('.json') ? `${file.slice(0, -'.json'.length)}.pcapng` : `${file}.pcapng`;
}

/** `--start`'s value as ms since the epoch, or null when it is neither ISO 8601 nor a number of ms. */
export function startTime(text: string): number | null {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

export function pcapCommand(args: string[], io: PcapIo): number {
  const ipv6 = args.includes('--ipv6');
  const at = args.indexOf('--start');
  const startText = at >= 0 ? args[at + 1] : undefined;
  const paths = args.filter((a, i) => a !== '--ipv6' && (at < 0 || (i !== at && i !== at + 1)));
  const startedAt = startText === undefined ? (io.now?.() ?? Date.now()) : startTime(startText);
  if (
    paths.length < 1 ||
    paths.length > 2 ||
    paths.some((p) => p.startsWith('-')) ||
    (at >= 0 && startText === undefined)
  ) {
    io.err(`Usage:\n${PCAP_USAGE}`);
    return 2;
  }
  if (startedAt === null) {
    io.err(
      `tcp-lab: --start ${startText}: expected an ISO 8601 time (e.g. 2026-12-01T09:00:00Z) or ms since the epoch`,
    );
    return 2;
  }
  const [file, out = defaultPcapPath(paths[0])] = paths;
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`tcp-lab: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : String(error)}`);
    return 2;
  }
  const transcript = toTranscript(text);
  if ('error' in transcript) {
    io.err(`tcp-lab: ${file} is neither a tcp-lab/1 script nor a tcp-lab transcript: ${transcript.error}`);
    return 2;
  }
  const bytes = transcriptToPcapng(transcript.transcript, { family: ipv6 ? 6 : 4, startedAt });
  try {
    io.writeFile(out, bytes);
  } catch (error) {
    io.err(`tcp-lab: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  io.out(`${out}: ${bytes.length} bytes`);
  return 0;
}

function toTranscript(text: string): { transcript: Transcript } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  if (raw && typeof raw === 'object' && (raw as { format?: unknown }).format === 'tcp-lab-transcript/1') {
    const parsed = parseTranscript(raw);
    return parsed.ok ? { transcript: parsed.transcript } : { error: parsed.error };
  }
  const script = parseLabScript(text);
  if (!script.ok) return { error: script.error };
  return { transcript: runLabScript(script.script).transcript };
}
