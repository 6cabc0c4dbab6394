/**
 * `--startup 1000`: time from spawning the server to a healthy GET /api/health, with that many open labs in the
 * database (each with a few moves: fill-labs.ts), beside the same server on an empty database, in one run. The
 * classes are made over the HTTP API by a first server; each timed start is a fresh process on the database.
 */
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { fillLabs } from './fill-labs';
import { fixed, ratio, table } from './stats';
import { nextPort, startProduct } from './targets';

export interface StartupReport {
  text: string;
  json: unknown;
}

async function timedStarts(database: TestDatabase, times: number): Promise<number[]> {
  const starts: number[] = [];
  for (let i = 0; i < times; i++) {
    const target = await startProduct({ ports: [await nextPort()], databaseUrl: database.url });
    starts.push(target.startupMs);
    await target.stop();
  }
  return starts;
}

export async function runStartup(options: {
  labs: number;
  movesPerLab: number;
  times: number;
}): Promise<StartupReport> {
  const empty = await createTestDatabase('tcplab_bench_start0');
  const full = await createTestDatabase('tcplab_bench_start');
  try {
    const first = await startProduct({ ports: [await nextPort()], databaseUrl: full.url });
    process.stderr.write(`  start-up: creating ${options.labs} labs over the HTTP API…\n`);
    const classes = await first.createClasses(options.labs).finally(() => first.stop());
    const labIds = classes.flatMap((klass) => klass.labIds);
    await fillLabs(full.url, labIds, options.movesPerLab);
    // alternate the two, so a change in the machine's load falls on both
    const withLabs: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < options.times; i++) {
      without.push(...(await timedStarts(empty, 1)));
      withLabs.push(...(await timedStarts(full, 1)));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const text = [
      `start-up: spawn to healthy (GET /api/health), ${options.times} starts each, alternating`,
      table([
        ['figure', `${labIds.length} open labs (${options.movesPerLab} moves each)`, '0 labs', 'ratio'],
        [
          'median ms',
          fixed(median(withLabs), 0),
          fixed(median(without), 0),
          ratio(median(withLabs), median(without)),
        ],
        [
          'max ms',
          fixed(Math.max(...withLabs), 0),
          fixed(Math.max(...without), 0),
          ratio(Math.max(...withLabs), Math.max(...without)),
        ],
        ['each start ms', withLabs.join(' '), without.join(' '), ''],
      ]),
    ].join('\n');
    return { text, json: { labs: labIds.length, movesPerLab: options.movesPerLab, withLabs, without } };
  } finally {
    await empty.drop().catch(() => undefined);
    await full.drop().catch(() => undefined);
  }
}
