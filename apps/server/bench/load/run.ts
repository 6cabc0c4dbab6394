/**
 * `npm run bench:load` — the move pipeline under a classroom's load, beside its floor, in one run.
 *
 *   npm run bench:load -- --labs 100,300 --seconds 20          product and floor at each load
 *   npm run bench:load -- --labs 20 --seconds 5 --smoke         what CI runs: small, checks rows = acks
 *   npm run bench:load -- --labs 150 --embedded --no-floor     the embedded default (no DATABASE_URL)
 *   npm run bench:load -- --long 5000 [--long-labs 25]          flat cost: 5,000-move labs beside fresh ones
 *   npm run bench:load -- --startup 1000 --built                 spawn to healthy with 1,000 open labs vs 0
 *   npm run bench:load -- --flood [--flood-sockets 200]          fairness: another lab's ack p99, flood vs none
 *   npm run bench:load -- --ramp [--ramp-steps 200,400,…]        saturation moves/s of product and floor
 *   --built runs the product from dist/ (after `npm run build`) instead of its sources through ts-node.
 *   --labs, --seconds, --rate also set the labs, window and rate of --long and --flood; any of the four
 *   special runs replaces the default product/floor run unless --labs is given too.
 *
 * For each number of labs it starts a fresh database and a fresh server of each kind, sets up the classes over the
 * real HTTP API (instructors, join codes, students, pairing, start), opens every connection, then lets every
 * student send one `send` move per second. It prints the figures side by side with their ratio to the floor, checks
 * that every acknowledged move is in the database exactly once, and writes docs/bench/load-*.json and a PNG plot.
 * Not part of `npm test`: it measures, it does not assert speed (only loss and duplication fail it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { runLoad, type LoadResult } from './load';
import { runFlood } from './flood';
import { runLongLabs } from './long';
import { plotSvg, writePng } from './plot';
import { runRamp } from './ramp';
import { lossLine, resultJson, sideBySide } from './report';
import { runStartup } from './startup';
import { freePorts, nextPort, startFloor, startProduct, useBuiltProduct, type BenchTarget } from './targets';

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
  /** whether --labs was given (with a special run, also run the product/floor comparison) */
  labsGiven: boolean;
  /** run the product from dist/ (npm run build first) instead of its sources through ts-node */
  built: boolean;
  long?: number;
  longLabs: number;
  startup?: number;
  startupMoves: number;
  flood: boolean;
  floodSockets: number;
  ramp: boolean;
  rampSteps: number[];
  rampLabs: number;
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
    labsGiven: false,
    built: false,
    longLabs: 25,
    startupMoves: 20,
    flood: false,
    floodSockets: 200,
    ramp: false,
    rampSteps: [200, 400, 800, 1600, 2400, 3200, 4800, 6400],
    rampLabs: 100,
  };
  const numbers = (text: string) => text.split(',').map(Number);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--labs') {
      options.labs = numbers(value());
      options.labsGiven = true;
    } else if (arg === '--long') options.long = Number(value());
    else if (arg === '--long-labs') options.longLabs = Number(value());
    else if (arg === '--startup') options.startup = Number(value());
    else if (arg === '--startup-moves') options.startupMoves = Number(value());
    else if (arg === '--flood') options.flood = true;
    else if (arg === '--flood-sockets') options.floodSockets = Number(value());
    else if (arg === '--ramp') options.ramp = true;
    else if (arg === '--ramp-steps') options.rampSteps = numbers(value());
    else if (arg === '--ramp-labs') options.rampLabs = Number(value());
    else if (arg === '--seconds') options.seconds = Number(value());
    else if (arg === '--rate') options.rate = Number(value());
    else if (arg === '--no-floor') options.floor = false;
    else if (arg === '--floor-only') options.product = false;
    else if (arg === '--processes') options.processes = Number(value());
    else if (arg === '--embedded') options.embedded = true;
    else if (arg === '--smoke') options.smoke = true;
    else if (arg === '--built') options.built = true;
    else if (arg === '--out') options.out = path.resolve(value());
    else throw new Error(`unknown option ${arg}`);
  }
  for (const [name, list] of [
    ['--labs', options.labs],
    ['--ramp-steps', options.rampSteps],
    ['--long', options.long === undefined ? [] : [options.long]],
    ['--long-labs', [options.longLabs]],
    ['--startup', options.startup === undefined ? [] : [options.startup]],
    ['--flood-sockets', [options.floodSockets]],
  ] as const)
    if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${name} takes positive integers`);
  return options;
}

async function measure(
  kind: 'product' | 'floor',
  labs: number,
  options: Options,
  processes = options.processes,
): Promise<LoadResult & { startupMs?: number }> {
  let database: TestDatabase | undefined;
  let target: (BenchTarget & { startupMs?: number }) | undefined;
  let embeddedDir: string | undefined;
  try {
    if (kind === 'floor') {
      database = await createTestDatabase('tcplab_bench_floor');
      target = await startFloor(await nextPort(), database.url);
    } else if (options.embedded) {
      embeddedDir = path.join(tmpdir(), `tcplab-bench-embedded-${Date.now()}`);
      target = await startProduct({
        ports: [await nextPort()],
        databaseUrl: '',
        env: { EMBEDDED_DB_DIR: embeddedDir },
      });
    } else {
      database = await createTestDatabase('tcplab_bench');
      target = await startProduct({
        ports: await freePorts(processes),
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

/** one load: the product (on --processes processes), the floor, and with --processes > 1 the product on one */
type Row = { product?: LoadResult; floor?: LoadResult; single?: LoadResult };

function plotSeries(points: (kind: 'product' | 'floor') => Array<{ x: number; p99: number }>) {
  return [
    { name: 'product', colour: '#c0392b', points: points('product') },
    { name: 'floor', colour: '#2471a3', points: points('floor') },
  ];
}

async function savePlot(svg: string, file: string): Promise<void> {
  if (await writePng(svg, file)) console.log(`plot written to ${path.relative(process.cwd(), file)}`);
  else console.log('plot skipped: no Chromium at CHROMIUM_PATH');
}

/** The default run: product and floor at each number of labs. Returns the number of runs that lost or duplicated. */
async function compareAtLoads(options: Options, json: Record<string, unknown>): Promise<number> {
  const rows: Row[] = [];
  let failures = 0;
  for (const labs of options.labs) {
    console.log(`\n# ${labs} labs (${labs * 2} students), load average ${loadavg()[0].toFixed(2)}`);
    const row: Row = {};
    // a load the machine cannot set up (the generator's sockets, a set-up timeout) is reported, not fatal
    const attempt = async (kind: 'product' | 'floor', processes?: number) =>
      measure(kind, labs, options, processes).catch((error: unknown) => {
        console.log(`${kind} at ${labs} labs could not run: ${String(error).split('\n')[0]}`);
        return undefined;
      });
    if (options.floor) row.floor = await attempt('floor');
    if (options.product) row.product = await attempt('product');
    // several processes are compared with one at the same load too (issue 9: together ≤ 1.15× the CPU of one)
    if (options.product && options.processes > 1 && !options.embedded)
      row.single = await attempt('product', 1);
    rows.push(row);
    for (const result of [row.product, row.floor, row.single]) {
      if (!result) continue;
      const { line, failed } = lossLine(result);
      console.log(line);
      if (failed) failures += 1;
    }
  }
  console.log(
    `\n${sideBySide(rows.map((row) => ({ title: `${row.product?.labs ?? row.floor?.labs} labs: product`, second: 'floor', a: row.product, b: row.floor })))}`,
  );
  if (options.processes > 1)
    console.log(
      `\n${sideBySide(rows.map((row) => ({ title: `${row.product?.labs ?? row.single?.labs} labs: product×${options.processes}`, second: 'product×1', a: row.product, b: row.single })))}`,
    );
  json.loads = rows.map((row) => ({
    product: resultJson(row.product),
    floor: resultJson(row.floor),
    single: resultJson(row.single),
  }));
  json.startupMs = rows.map((row) => row.product && (row.product as { startupMs?: number }).startupMs);
  if (!options.smoke && rows.length > 1) {
    const svg = plotSvg(
      plotSeries((kind) =>
        rows.flatMap((r) => (r[kind] ? [{ x: r[kind].labs, p99: r[kind].ack.percentile(99) }] : [])),
      ),
      `ack p99 against load (${options.rate} move/s per student)`,
      'labs (2 students each)',
    );
    await savePlot(svg, path.join(options.out, 'ack-p99.png'));
  }
  return failures;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.smoke) options.seconds = Math.min(options.seconds, 5);
  useBuiltProduct(options.built);
  if (!options.smoke) mkdirSync(options.out, { recursive: true });
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(
    `load benchmark on ${machine}; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `each student sends ${options.rate} move/s for ${options.seconds} s; product: ${options.embedded ? 'embedded database' : `Postgres, ${options.processes} process(es)`}, ${options.built ? 'built (dist/main.js)' : 'from sources (ts-node)'}`,
  );
  const special =
    options.long !== undefined || options.startup !== undefined || options.flood || options.ramp;
  const json: Record<string, unknown> = { machine, options };
  let failures = 0;
  if (!special || options.labsGiven) failures += await compareAtLoads(options, json);
  const labs = options.labsGiven ? options.labs[0] : undefined;
  if (options.long !== undefined) {
    console.log(`\n# flat cost, load average ${loadavg()[0].toFixed(2)}`);
    const long = await runLongLabs({
      moves: options.long,
      labs: options.longLabs,
      seconds: options.seconds,
      rate: options.rate,
    });
    console.log(long.text);
    json.long = long.json;
    if (long.failed) failures += 1;
  }
  if (options.startup !== undefined) {
    console.log(`\n# start-up, load average ${loadavg()[0].toFixed(2)}`);
    const startup = await runStartup({ labs: options.startup, movesPerLab: options.startupMoves, times: 3 });
    console.log(startup.text);
    json.startup = startup.json;
  }
  if (options.flood) {
    console.log(`\n# fairness, load average ${loadavg()[0].toFixed(2)}`);
    const flood = await runFlood({
      labs: labs ?? 50,
      sockets: options.floodSockets,
      seconds: options.seconds,
      rate: options.rate,
    });
    console.log(flood.text);
    json.flood = flood.json;
    if (flood.failed) failures += 1;
  }
  if (options.ramp) {
    console.log(`\n# saturation, load average ${loadavg()[0].toFixed(2)}`);
    const ramp = await runRamp({
      offered: options.rampSteps,
      minLabs: options.rampLabs,
      seconds: options.seconds,
      processes: options.processes,
    });
    console.log(ramp.text);
    json.ramp = ramp.json;
    if (ramp.failed) failures += 1;
    const svg = plotSvg(
      plotSeries((kind) =>
        ramp.runs[kind].map((r) => ({ x: r.step.offered, p99: r.result.ack.percentile(99) })),
      ),
      'ack p99 against offered load (saturation ramp)',
      'moves/s offered (all students)',
    );
    await savePlot(svg, path.join(options.out, 'ack-p99-ramp.png'));
  }
  if (!options.smoke) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.join(options.out, `load-${stamp}.json`);
    // formatted as the repository's `npm run format:check` wants it, so a run's output can be committed as is
    const text = JSON.stringify(json, null, 2);
    const prettier = await import('prettier').catch(() => undefined);
    writeFileSync(
      file,
      prettier
        ? await prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file })
        : text,
    );
    console.log(`\nfigures written to ${path.relative(process.cwd(), file)}`);
  }
  console.log(`\nbench:load: ${failures} run(s) with lost or duplicated moves`);
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
