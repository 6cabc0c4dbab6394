/** `tcp-lab pcap FILE [OUT] [--ipv6]` as a teacher runs it from the repository root. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIOS } from '../../src/api';
import { decodePacket, readPcapng } from '../../src/wire';
import { scenarioTranscript } from './wire-helpers';

const ROOT = join(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin', 'tcp-lab');
const scratch = mkdtempSync(join(tmpdir(), 'tcp-lab-pcap-'));

function tcpLab(...args: string[]) {
  const env = { ...process.env, TCP_LAB_FROM_SOURCE: '1' };
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tcp-lab pcap', () => {
  it('turns a lab script into FILE.pcapng next to it (IPv4 documentation addresses)', () => {
    const script = join(scratch, 'normal.json');
    writeFileSync(script, JSON.stringify(SCENARIOS.find((s) => s.id === 'normal-open-close')!.script));
    const r = tcpLab('pcap', script);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = join(scratch, 'normal.pcapng');
    expect(r.stdout).toContain(out);
    const read = readPcapng(new Uint8Array(readFileSync(out)));
    if (!read.ok) throw new Error(read.reason.en);
    expect(read.capture.frames).toHaveLength(7);
    const first = decodePacket(read.capture.frames[0].data);
    expect(first.ok && first.value.packet.src.text).toBe('192.0.2.1');
  });

  it('turns an exported transcript into the path given, as IPv6 with --ipv6', () => {
    const file = join(scratch, 'round-2.json');
    writeFileSync(file, JSON.stringify(scenarioTranscript('lost-syn')));
    const out = join(scratch, 'lost.pcapng');
    const r = tcpLab('pcap', file, out, '--ipv6');
    expect(r.code).toBe(0);
    const read = readPcapng(new Uint8Array(readFileSync(out)));
    if (!read.ok) throw new Error(read.reason.en);
    const first = decodePacket(read.capture.frames[0].data);
    expect(first.ok && first.value.packet.src.text).toBe('2001:db8::1');
    expect(read.capture.frames[0].comment).toMatch(/dropped by the network/);
  });

  it('stamps the packets from --start plus the lab clock (ISO 8601 or ms), and refuses a time it cannot read', () => {
    const file = join(scratch, 'lost-fin.json');
    writeFileSync(file, JSON.stringify(scenarioTranscript('lost-fin')));
    const start = Date.parse('2026-12-01T09:00:00Z');
    const out = join(scratch, 'lost-fin.pcapng');
    expect(tcpLab('pcap', file, out, '--start', '2026-12-01T09:00:00Z').code).toBe(0);
    const read = readPcapng(new Uint8Array(readFileSync(out)));
    if (!read.ok) throw new Error(read.reason.en);
    const times = read.capture.frames.map((f) => f.timestampUs / 1000 - start);
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(1000); // the retransmitted FIN and what follows, one RTO into the round
    expect(tcpLab('pcap', file, out, '--start', String(start)).code).toBe(0);
    const again = readPcapng(new Uint8Array(readFileSync(out)));
    expect(again.ok && again.capture.frames[0].timestampUs).toBe(start * 1000);
    const bad = tcpLab('pcap', file, out, '--start', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--start yesterday: expected an ISO 8601 time/);
  });

  it('refuses a file that is neither a script nor a transcript (exit 2, nothing written)', () => {
    const file = join(scratch, 'junk.json');
    writeFileSync(file, '{"format":"something-else"}');
    const r = tcpLab('pcap', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/neither a tcp-lab\/1 script nor a tcp-lab transcript/);
    expect(existsSync(join(scratch, 'junk.pcapng'))).toBe(false);
  });

  it('says how to use it when no file is given (exit 2)', () => {
    const r = tcpLab('pcap');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tcp-lab pcap FILE [OUT] [--ipv6]');
  });
});
