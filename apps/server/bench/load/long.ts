/**
 * `--long 5000` (flat cost): labs already holding 5,000 moves each beside fresh labs, on ONE server, in one run.
 * Both sets are created over the HTTP API by a first server; then, with no server running, the long set gets its
 * history (fill-labs.ts: real tcp-core moves, so the start-up check replays them and agrees) and the fresh set
 * only its listen + connect; a second server starts on that database and every student connects to it. After a
 * short warm-up (each lab's first move waits for its start-up check, a replay of its log), the fresh set and the
 * long set take turns under the same load, each with its own server CPU, bytes and latencies.
 */
import { Client } from 'pg';
import { createTestDatabase } from '../../test/support/test-database';
import { fillLabs } from './fill-labs';
import { mergeResults as merge, ObserverRelay, runLoad, type LoadResult } from './load';
import { lossLine, resultJson, sideBySide } from './report';
import { nextPort, startProduct } from './targets';

async function rebuiltLabs(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT count(DISTINCT "labId")::int AS n FROM "LabMove" WHERE "entry"->'move'->>'action' = 'rebuilt'`,
    );
    return rows[0].n as number;
  } finally {
    await db.end();
  }
}

export interface LongLabsReport {
  text: string;
  json: unknown;
  failed: boolean;
}

export async function runLongLabs(options: {
  moves: number;
  labs: number;
  seconds: number;
  rate: number;
}): Promise<LongLabsReport> {
  const database = await createTestDatabase('tcplab_bench_long');
  try {
    const first = await startProduct({ ports: [await nextPort()], databaseUrl: database.url });
    const classes = await first.createClasses(options.labs * 2).finally(() => first.stop());
    const seats = classes.flatMap((klass) => klass.seats);
    const labIdsWhere = (long: boolean) => [
      ...new Set(seats.filter((s) => s.labIndex < options.labs === long).map((s) => s.labId)),
    ];
    process.stderr.write(`  long labs: filling ${options.labs} labs with ${options.moves} moves each…\n`);
    const fillSeconds = await fillLabs(database.url, labIdsWhere(true), options.moves);
    await fillLabs(database.url, labIdsWhere(false), 2);
    const target = await startProduct({ ports: [await nextPort()], databaseUrl: database.url });
    try {
      const relay = new ObserverRelay();
      const students = await target.attach(classes, relay);
      const load = (group: typeof students, seconds: number) =>
        runLoad(target, options.labs, {
          seconds,
          movesPerSecondPerStudent: options.rate,
          students: group,
          relay,
        }).then(({ result }) => result);
      await load(students, 3); // warm-up: every lab's start-up check (a replay of its log) is behind us
      const fresh = students.filter((s) => s.labIndex >= options.labs);
      const long = students.filter((s) => s.labIndex < options.labs);
      // the two sets take turns (fresh, long, fresh, long) so a change in the machine's load falls on both
      const runs: Record<'fresh' | 'long', LoadResult[]> = { fresh: [], long: [] };
      for (let turn = 0; turn < 2; turn++) {
        runs.fresh.push(await load(fresh, options.seconds / 2));
        runs.long.push(await load(long, options.seconds / 2));
      }
      const [freshResult, longResult] = [merge(runs.fresh), merge(runs.long)];
      // the filled history must be what the server's start-up check replays to: a rebuild would mean it was not
      const rebuilt = await rebuiltLabs(database.url);
      const failed = rebuilt > 0 || [...runs.fresh, ...runs.long].some((r) => lossLine(r).failed);
      const text = [
        `long labs: ${options.labs} labs holding ${options.moves} moves each (filled in ${fillSeconds.toFixed(1)} s) beside ${options.labs} fresh labs, one server (start-up ${target.startupMs} ms)`,
        `labs the start-up check rebuilt from their log: ${rebuilt} (0 expected)`,
        ...[...runs.fresh, ...runs.long].map((r) => lossLine(r).line),
        sideBySide([
          { title: `${options.moves}-move labs`, second: 'fresh labs', a: longResult, b: freshResult },
        ]),
      ].join('\n');
      return {
        text,
        failed,
        json: {
          moves: options.moves,
          labs: options.labs,
          long: resultJson(longResult),
          fresh: resultJson(freshResult),
        },
      };
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop().catch(() => undefined);
  }
}
