/**
 * tcp-core benchmark: how many moves per second applyMove validates and applies, and how long a 100,000-move
 * transcript takes to replay. Figures are printed, never asserted. Run: `npx nx run tcp-core:bench`.
 *
 * The mix is realistic classroom traffic: full open/close cycles (listen, connect, handshake deliveries, a data
 * segment and its ACK, the four-way close, the 2MSL wait), every move going through the schema check.
 */
import { applyMove, createLab, newTranscript, record, replay } from '../src/api';
import type { Lab } from '../src/types';

const CYCLE: unknown[] = [
  { by: 'server', call: 'listen' },
  { by: 'client', call: 'connect' },
  { by: 'network', action: 'deliver', from: 'client' },
  { by: 'network', action: 'deliver', from: 'server' },
  { by: 'network', action: 'deliver', from: 'client' },
  { by: 'client', call: 'send', bytes: 100 },
  { by: 'network', action: 'deliver', from: 'client' },
  { by: 'network', action: 'deliver', from: 'server' },
  { by: 'client', call: 'close' },
  { by: 'network', action: 'deliver', from: 'client' },
  { by: 'network', action: 'deliver', from: 'server' },
  { by: 'server', call: 'close' },
  { by: 'network', action: 'deliver', from: 'server' },
  { by: 'network', action: 'deliver', from: 'client' },
  { by: 'clock', advance: 60000 },
];
// moves arrive as JSON from a socket or a file: give each its own parsed object, as in real use
const movesFor = (n: number): unknown[] =>
  Array.from({ length: n }, (_, i) => JSON.parse(JSON.stringify(CYCLE[i % CYCLE.length])));

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

function applyAll(moves: unknown[]): Lab {
  let lab = createLab({ isn: { client: 1000, server: 5000 } });
  for (const move of moves) {
    const result = applyMove(lab, move, 'system');
    if (!result.ok) throw new Error(`bench move rejected: ${result.code} ${result.reason.en}`);
    lab = result.lab;
  }
  return lab;
}

function best(runs: number, fn: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    fn();
    fastest = Math.min(fastest, now() - t0);
  }
  return fastest;
}

const N = 300_000;
const moves = movesFor(N);
applyAll(movesFor(30_000)); // warm up the JIT
const applyMs = best(5, () => applyAll(moves));
const movesPerSecond = Math.round((N / applyMs) * 1000);

// the same lab state copied the naive way, per move: what "no copy-on-write" would cost at least
const sample = applyAll(movesFor(5));
const BASE_N = 100_000;
const cloneMs = best(3, () => {
  for (let i = 0; i < BASE_N; i++) structuredClone(sample);
});
const jsonMs = best(3, () => {
  for (let i = 0; i < BASE_N; i++) JSON.parse(JSON.stringify(sample));
});
const perMoveUs = (applyMs / N) * 1000;
const perCloneUs = (cloneMs / BASE_N) * 1000;
const perJsonUs = (jsonMs / BASE_N) * 1000;

// a 100,000-move transcript, recorded as the server records it, then replayed from its JSON form
const REPLAY_N = 100_000;
let lab = createLab({ isn: { client: 1000, server: 5000 } });
const transcript = newTranscript(lab.settings, 'bench');
for (const move of movesFor(REPLAY_N)) lab = record(transcript, lab, move, 'system').lab;
const stored = JSON.parse(JSON.stringify(transcript));
replay(stored); // warm up
const replayMs = Math.round(best(5, () => replay(stored)));
const replayed = replay(stored);
if (JSON.stringify(replayed) !== JSON.stringify(lab)) throw new Error('replay did not reproduce the lab');

console.log(`node ${process.version}, ${N} moves (open/close cycles of ${CYCLE.length} moves), best of 5`);
console.log(`applyMove (schema check + apply): ${perMoveUs.toFixed(3)} µs/move, ${movesPerSecond} moves/s`);
console.log(
  `baseline structuredClone(lab): ${perCloneUs.toFixed(3)} µs; applyMove costs ${(perMoveUs / perCloneUs).toFixed(2)}x a structuredClone`,
);
console.log(
  `baseline JSON round trip of the lab: ${perJsonUs.toFixed(3)} µs; applyMove costs ${(perMoveUs / perJsonUs).toFixed(2)}x a JSON round trip`,
);
console.log(
  `replay of a ${REPLAY_N}-move transcript: ${replayMs} ms (${Math.round((REPLAY_N / replayMs) * 1000)} moves/s), result deep-equals the live lab`,
);
console.log(`tcp-core bench: ${movesPerSecond} moves/s, replay of ${REPLAY_N} moves in ${replayMs} ms`);
