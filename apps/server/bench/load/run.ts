/**
 * `npm run bench:load` — the move pipeline under a classroom's load, beside its floor, in one run.
 *
 *   npm run bench:load -- --labs 100,300 --seconds 20          product and floor at each load
 *   npm run bench:load -- --labs 20 --seconds 5 --smoke         what CI runs: small, checks rows = acks
 *   npm run bench:load -- --labs 150 --embedded --no-floor     the embedded default (no DATABASE_URL)
 *
 * For each number of labs it starts a fresh database and a fresh server of each kind, sets up the classes over the
 * real HTTP API (instructors, join codes, students, pairing, start), opens every connection, then lets every
 * student send one `send` move per second. It prints the figures side by side with their ratio to the floor, checks
 * that every acknowledged move is in the database exactly once, and writes docs/bench/load-*.json and a PNG plot.
 * Not part of `npm test`: it measures, it does not assert speed (only loss and duplication fail it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { runLoad, type LoadResult } from './load';
import { plotSvg, writePng } from './plot';
import { fixed, ratio, table } from './stats';
import { startFloor, startProduct, type BenchTarget } from './targets';

interface Options {
  labs: number[];
  seconds: number;
  rate: number;
  floor: boolean;
  product: boolean;
  processes: number;
  embedded: boolean;
  smoke: boolean;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    labs: [100],
    seconds: 20,
    rate: 1,
    floor: true,
    product: true,
    processes: 1,
    embedded: false,
    smoke: false,
    out: path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'bench'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--labs') options.labs = value().split(',').map(Number);
    else if (arg === '--seconds') options.seconds = Number(value());
    else if (arg === '--rate') options.rate = Number(value());
    else if (arg === '--no-floor') options.floor = false;
    else if (arg === '--floor-only') options.product = false;
    else if (arg === '--processes') options.processes = Number(value());
    else if (arg === '--embedded') options.embedded = true;
    else if (arg === '--smoke') options.smoke = true;
    else if (arg === '--out') options.out = path.resolve(value());
    else throw new Error(`unknown option ${arg}`);
  }
  if (options.labs.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('--labs takes positive integers');
  return options;
}

let nextPort = 41000 + Math.floor(Math.random() * 2000);

async function measure(
  kind: 'product' | 'floor',
  labs: number,
  options: Options,
): Promise<LoadResult & { startupMs?: number }> {
  let database: TestDatabase | undefined;
  let target: (BenchTarget & { startupMs?: number }) | undefined;
  let embeddedDir: string | undefined;
  try {
    if (kind === 'floor') {
      database = await createTestDatabase('tcplab_bench_floor');
      target = await startFloor(nextPort++, database.url);
    } else if (options.embedded) {
      embeddedDir = path.join(tmpdir(), `tcplab-bench-embedded-${Date.now()}`);
      target = await startProduct({
        ports: [nextPort++],
        databaseUrl: '',
        env: { EMBEDDED_DB_DIR: embeddedDir },
      });
    } else {
      database = await createTestDatabase('tcplab_bench');
      target = await startProduct({
        ports: Array.from({ length: options.processes }, () => nextPort++),
        databaseUrl: database.url,
      });
    }
    process.stderr.write(`  ${target.name}: setting up ${labs} labs…\n`);
    const { result } = await runLoad(target, labs, {
      seconds: options.seconds,
      movesPerSecondPerStudent: options.rate,
    });
    return { ...result, startupMs: target.startupMs };
  } finally {
    await target?.stop().catch(() => undefined);
    await database?.drop().catch(() => undefined);
  }
}

function report(rows: Array<{ product?: LoadResult; floor?: LoadResult }>): string {
  const header = ['figure'];
  const lines: string[][] = [];
  const figures: Array<[string, (r: LoadResult) => number, number]> = [
    ['moves/s offered', (r) => r.offeredPerSecond, 0],
    ['moves/s applied', (r) => r.appliedPerSecond, 0],
    ['ack p50 ms', (r) => r.ack.percentile(50), 1],
    ['ack p95 ms', (r) => r.ack.percentile(95), 1],
    ['ack p99 ms', (r) => r.ack.percentile(99), 1],
    ['peer p50 ms', (r) => r.peer.percentile(50), 1],
    ['peer p95 ms', (r) => r.peer.percentile(95), 1],
    ['peer p99 ms', (r) => r.peer.percentile(99), 1],
    ['instructor p50 ms', (r) => r.instructor.percentile(50), 1],
    ['instructor p95 ms', (r) => r.instructor.percentile(95), 1],
    ['instructor p99 ms', (r) => r.instructor.percentile(99), 1],
    ['server CPU ms/move', (r) => r.cpuMsPerMove, 2],
    ['pg transactions/move', (r) => r.xactsPerMove, 2],
    ['pg rows read/move', (r) => r.rowsReadPerMove, 1],
    ['pg rows written/move', (r) => r.rowsWrittenPerMove, 1],
    ['bytes/update', (r) => r.bytesPerUpdate, 0],
    ['RSS MB', (r) => r.rssMb, 0],
    ['lost (acked, not stored)', (r) => r.lost, 0],
    ['duplicated rows', (r) => r.duplicated, 0],
  ];
  for (const row of rows) {
    const labs = row.product?.labs ?? row.floor?.labs;
    header.push(`${labs} labs: product`, 'floor', 'ratio');
  }
  for (const [name, read, digits] of figures) {
    const line = [name];
    for (const row of rows) {
      const p = row.product ? read(row.product) : NaN;
      const f = row.floor ? read(row.floor) : NaN;
      line.push(fixed(p, digits), fixed(f, digits), ratio(p, f));
    }
    lines.push(line);
  }
  return table([header, ...lines]);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.smoke) options.seconds = Math.min(options.seconds, 5);
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`load benchmark on ${machine}`);
  console.log(
    `each student sends ${options.rate} move/s for ${options.seconds} s; product: ${options.embedded ? 'embedded database' : `Postgres, ${options.processes} process(es)`}`,
  );
  const rows: Array<{ product?: LoadResult; floor?: LoadResult }> = [];
  let failures = 0;
  for (const labs of options.labs) {
    console.log(`\n# ${labs} labs (${labs * 2} students)`);
    const row: { product?: LoadResult; floor?: LoadResult } = {};
    if (options.floor) row.floor = await measure('floor', labs, options);
    if (options.product) row.product = await measure('product', labs, options);
    rows.push(row);
    for (const result of [row.product, row.floor]) {
      if (!result) continue;
      const refusals = Object.entries(result.refused)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ');
      console.log(
        `${result.target}: ${result.lost} lost, ${result.duplicated} duplicated, ${result.unacknowledgedStored} stored without an ok ack${refusals ? `; refused: ${refusals}` : ''}`,
      );
      if (result.lost > 0 || result.duplicated > 0) failures += 1;
    }
  }
  console.log(`\n${report(rows)}`);
  mkdirSync(options.out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([kind, r]) => [
        kind,
        r && {
          ...r,
          ack: {
            p50: r.ack.percentile(50),
            p95: r.ack.percentile(95),
            p99: r.ack.percentile(99),
            n: r.ack.count,
          },
          peer: {
            p50: r.peer.percentile(50),
            p95: r.peer.percentile(95),
            p99: r.peer.percentile(99),
            n: r.peer.count,
          },
          instructor: {
            p50: r.instructor.percentile(50),
            p95: r.instructor.percentile(95),
            p99: r.instructor.percentile(99),
            n: r.instructor.count,
          },
        },
      ]),
    ),
  );
  if (!options.smoke) {
    const file = path.join(options.out, `load-${stamp}.json`);
    writeFileSync(file, JSON.stringify({ machine, options, rows: json }, null, 2));
    console.log(`\nfigures written to ${path.relative(process.cwd(), file)}`);
    if (rows.length > 1) {
      const svg = plotSvg(
        [
          {
            name: 'product',
            colour: '#c0392b',
            points: rows.flatMap((r) =>
              r.product ? [{ labs: r.product.labs, p99: r.product.ack.percentile(99) }] : [],
            ),
          },
          {
            name: 'floor',
            colour: '#2471a3',
            points: rows.flatMap((r) =>
              r.floor ? [{ labs: r.floor.labs, p99: r.floor.ack.percentile(99) }] : [],
            ),
          },
        ],
        'ack p99 against load',
      );
      const png = path.join(options.out, 'ack-p99.png');
      if (await writePng(svg, png)) console.log(`plot written to ${path.relative(process.cwd(), png)}`);
      else console.log('plot skipped: no Chromium at CHROMIUM_PATH');
    }
  }
  const acked = rows.reduce(
    (sum, row) => sum + (row.product ? row.product.ack.count : 0) + (row.floor ? row.floor.ack.count : 0),
    0,
  );
  console.log(
    `\nbench:load: ${acked} acknowledged moves checked against the database, ${failures} run(s) with lost or duplicated moves`,
  );
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
