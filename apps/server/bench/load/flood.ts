/**
 * `--flood` (fairness): one student with a valid seat token tries to hold 200 sockets and floods `lab:move` on
 * every socket it is given (flood-client.ts, its own process); meanwhile the other labs of the class go on at the
 * ordinary load. The same students, on the same server, are measured without the flood (before and after it) and
 * during it: their ack p99 with the flood over without is the fairness ratio (goal ≤ 2×).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createTestDatabase } from '../../test/support/test-database';
import { mergeResults, ObserverRelay, runLoad } from './load';
import { lossLine, resultJson, sideBySide } from './report';
import { table } from './stats';
import { nextPort, startProduct } from './targets';

export interface FloodReport {
  text: string;
  json: unknown;
  failed: boolean;
}

interface FloodStats {
  accepted: number;
  refusedAtConnect: Record<string, number>;
  sent?: number;
  answers?: Record<string, number>;
  seconds?: number;
}

export async function runFlood(options: {
  labs: number;
  sockets: number;
  seconds: number;
  rate: number;
}): Promise<FloodReport> {
  const database = await createTestDatabase('tcplab_bench_flood');
  const target = await startProduct({ ports: [await nextPort()], databaseUrl: database.url });
  try {
    const relay = new ObserverRelay();
    // one lab more than measured: the flooder's own
    const students = await target.setUp(options.labs + 1, relay);
    const victims = students.filter((s) => s.labIndex < options.labs);
    const flooderSeat = target.classes
      .flatMap((klass) => klass.seats)
      .find((seat) => seat.labIndex === options.labs && seat.role === 'client')!;
    const load = (seconds: number) =>
      runLoad(target, options.labs, {
        seconds,
        movesPerSecondPerStudent: options.rate,
        students: victims,
        relay,
      }).then(({ result }) => result);

    const calmBefore = await load(options.seconds / 2);
    process.stderr.write(`  flood: one seat opening ${options.sockets} sockets…\n`);
    const child = spawn(
      process.execPath,
      ['-r', './test/support/register-source.js', 'bench/load/flood-client.ts'],
      {
        cwd: path.resolve(__dirname, '..', '..'),
        env: {
          PATH: process.env.PATH ?? '',
          FLOOD_URL: target.urls[0],
          FLOOD_TOKEN: flooderSeat.token,
          FLOOD_LAB: flooderSeat.labId,
          FLOOD_ROLE: flooderSeat.role,
          FLOOD_SOCKETS: String(options.sockets),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout! });
    const next = () =>
      new Promise<FloodStats>((resolve) => lines.once('line', (line) => resolve(JSON.parse(line))));
    const ready = await next();
    const flooded = await load(options.seconds);
    const done = next();
    child.kill('SIGTERM');
    const stats = await done;
    const calmAfter = await load(options.seconds / 2);
    const calm = mergeResults([calmBefore, calmAfter]);
    const runs = [calmBefore, flooded, calmAfter];
    const refusals = (codes: Record<string, number> | undefined) =>
      Object.entries(codes ?? {})
        .map(([code, n]) => `${code} ${n}`)
        .join(', ') || 'none';
    const text = [
      `fairness: ${options.labs} labs at ${options.rate} move/s per student; one other student floods from ${options.sockets} sockets`,
      ...runs.map((r) => lossLine(r).line),
      table([
        ['flooder', ''],
        ['sockets asked for', String(options.sockets)],
        ['sockets accepted (beside the one it already holds)', String(ready.accepted)],
        ['refused at connect', refusals(ready.refusedAtConnect)],
        [
          'moves emitted',
          `${stats.sent} in ${stats.seconds?.toFixed(1)} s (${((stats.sent ?? 0) / (stats.seconds ?? 1)).toFixed(0)}/s)`,
        ],
        ['answers', refusals(stats.answers)],
      ]),
      sideBySide([{ title: 'with the flood', second: 'without', a: flooded, b: calm }]),
    ].join('\n');
    return {
      text,
      failed: runs.some((r) => lossLine(r).failed),
      json: { flooder: stats, ready, flooded: resultJson(flooded), calm: resultJson(calm) },
    };
  } finally {
    await target.stop();
    await database.drop().catch(() => undefined);
  }
}
