/**
 * Import against the real kernel: connections made by Linux on loopback (normal open and close, a refused
 * connect, a simultaneous close, an abort), recorded by tcpdump, imported, and the reconstructed states compared
 * with what `ss -tan` reported at chosen moments.
 *
 * Everything runs in a network namespace of the test's own (loopback only, nothing routes out), with 100 ms of
 * a token-bucket rate limit (tc tbf, 4 kbit/s: about 130 ms per packet) on its loopback, so that the FINs of the
 * simultaneous close really cross and every state lasts long enough to be seen (netem is not built on these
 * kernels; tbf is). Needs root (CI runs as root), tcpdump, tc and python3.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCapture, readCapture, type CaptureImport } from '../../src/wire';
import type { State } from '../../src/types';

const NS = `tcplab-import-${process.pid}`;
const QUIET_S = 0.5;
const SS_STATE: Record<string, State> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RCVD',
  'FIN-WAIT-1': 'FIN_WAIT_1',
  'FIN-WAIT-2': 'FIN_WAIT_2',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST_ACK',
  'TIME-WAIT': 'TIME_WAIT',
  LISTEN: 'LISTEN',
};

interface Moment {
  label: string;
  before: number;
  after: number;
  ss: { client: string | null; server: string | null };
}

const inNs = (...args: string[]) => execFileSync('ip', ['netns', 'exec', NS, ...args], { encoding: 'utf8' });

async function record(scenario: string, family: 4 | 6, clientPort: number, serverPort: number, dir: string) {
  const file = join(dir, `${scenario}-v${family}.pcap`);
  const tcpdump = spawn('ip', ['netns', 'exec', NS, 'tcpdump', '-i', 'lo', '-U', '-n', '-w', file, 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    tcpdump.stderr.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve();
    });
    tcpdump.on('exit', (code) => reject(new Error(`tcpdump exited ${code}`)));
  });
  const out = inNs(
    'python3',
    join(__dirname, 'kernel', 'choreography.py'),
    scenario,
    String(family),
    String(clientPort),
    String(serverPort),
  );
  const exited = new Promise((resolve) => tcpdump.on('exit', resolve));
  tcpdump.kill('SIGINT');
  await exited;
  const read = readCapture(new Uint8Array(readFileSync(file)));
  if (!read.ok) throw new Error(read.reason.en);
  const parsed = JSON.parse(out) as { moments: Moment[]; actions: number[] };
  return { capture: read.capture, moments: parsed.moments, actions: parsed.actions };
}

/** The reconstructed states at a wall-clock time: after the last packet captured before it. */
function statesAt(imported: CaptureImport, seconds: number) {
  const before = imported.packets.filter((p) => p.timestampUs <= seconds * 1e6);
  return before.at(-1)?.after ?? { client: 'CLOSED', server: 'CLOSED' };
}

describe('captures of real Linux connections import to the states the kernel reported', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcp-lab-kernel-'));
    execFileSync('ip', ['netns', 'add', NS]);
    inNs('ip', 'link', 'set', 'lo', 'up');
    // ~130 ms per packet of 66 bytes: packets queue, so each state lasts and FINs sent together cross
    inNs('tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'tbf', 'rate', '4kbit', 'burst', '120', 'latency', '10s');
  });
  afterAll(() => {
    execFileSync('ip', ['netns', 'del', NS]);
    rmSync(dir, { recursive: true, force: true });
  });

  // scenario, family, the kernel states the choreography goes through, how many of its moments are quiet
  const cases: [string, 4 | 6, string[], number][] = [
    ['normal', 4, ['ESTABLISHED/ESTABLISHED', 'FIN_WAIT_2/CLOSE_WAIT', 'TIME_WAIT/CLOSED'], 3],
    ['normal', 6, ['ESTABLISHED/ESTABLISHED', 'FIN_WAIT_2/CLOSE_WAIT', 'TIME_WAIT/CLOSED'], 3],
    ['refused', 4, ['CLOSED/CLOSED'], 1],
    // CLOSING lasts while the ACKs are queued, so only ESTABLISHED and TIME_WAIT are quiet moments
    ['simultaneous-close', 4, ['ESTABLISHED/ESTABLISHED', 'CLOSING/CLOSING', 'TIME_WAIT/TIME_WAIT'], 2],
    ['abort', 4, ['ESTABLISHED/ESTABLISHED', 'CLOSED/CLOSED'], 2],
  ];
  let port = 41000;
  test.each(cases)(
    '%s over IPv%s',
    async (scenario, family, expected, quietMoments) => {
      port += 2;
      const { capture, moments, actions } = await record(scenario, family, port, port + 1, dir);
      const imported = importCapture(capture);
      if (!imported.ok) throw new Error(imported.reason.en);
      expect(
        imported.packets.filter((p) => p.explanation === 'unexplained').map((p) => p.reason?.en),
      ).toEqual([]);
      const kernel = moments.map(
        (m) =>
          `${m.ss.client ? SS_STATE[m.ss.client] : 'CLOSED'}/${m.ss.server ? SS_STATE[m.ss.server] : 'CLOSED'}`,
      );
      // the choreography did what it meant to: the kernel went through the expected states, in order
      const seen = kernel.filter((k, i) => i === 0 || k !== kernel[i - 1]);
      let next = 0;
      for (const k of seen) if (k === expected[next]) next++;
      expect({ seen, matched: next }).toEqual({ seen, matched: expected.length });
      let compared = 0;
      moments.forEach((m, i) => {
        // Compared only when the wire is quiet. tcpdump sees a packet when it leaves the rate limiter, but the
        // sender's kernel changed state when it queued it: a moment with a packet still queued (one captured up to
        // QUIET_S after it, and before the choreography's next socket call) would compare the kernel with a capture
        // that does not show that packet yet.
        const nextAction = actions.find((t) => t > m.after) ?? Infinity;
        const until = Math.min(m.after + QUIET_S, nextAction);
        if (imported.packets.some((p) => p.timestampUs / 1e6 > m.before && p.timestampUs / 1e6 < until))
          return;
        const s = statesAt(imported, m.before);
        expect({ moment: m.label, states: `${s.client}/${s.server}` }).toEqual({
          moment: m.label,
          states: kernel[i],
        });
        compared++;
      });
      expect(compared).toBeGreaterThanOrEqual(quietMoments);
      // and the reconstruction passes through the same states as the kernel did, in order
      const modelled = imported.packets.map((p) => `${p.after.client}/${p.after.server}`);
      next = 0;
      for (const k of modelled) if (k === expected[next]) next++;
      expect({ modelled, matched: next }).toEqual({ modelled, matched: expected.length });
    },
    60_000,
  );
});
