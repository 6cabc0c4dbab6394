/** The benchmark's tables: runs side by side, each pair with its ratio (the first over the second). */
import type { LoadResult } from './load';
import { fixed, ratio, table } from './stats';

export type Figure = [name: string, read: (r: LoadResult) => number, digits: number];

export const ALL_FIGURES: Figure[] = [
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
  ['load generator CPU %', (r) => r.generatorCpuPercent, 0],
  ['machine load average', (r) => r.loadAverage, 2],
];

export interface Pair {
  /** the heading of the pair's first column, e.g. "100 labs: product" */
  title: string;
  second: string;
  a?: LoadResult;
  b?: LoadResult;
}

/** One row per figure; per pair: a, b, and a / b. */
export function sideBySide(pairs: Pair[], figures: Figure[] = ALL_FIGURES): string {
  const header = ['figure', ...pairs.flatMap((pair) => [pair.title, pair.second, 'ratio'])];
  const lines = figures.map(([name, read, digits]) => [
    name,
    ...pairs.flatMap((pair) => {
      const a = pair.a ? read(pair.a) : NaN;
      const b = pair.b ? read(pair.b) : NaN;
      return [fixed(a, digits), fixed(b, digits), ratio(a, b)];
    }),
  ]);
  return table([header, ...lines]);
}

/** What the JSON files keep of a run: the figures, with percentiles instead of every sample. */
export function resultJson(r: LoadResult | undefined): unknown {
  if (!r) return undefined;
  const summary = (samples: LoadResult['ack']) => ({
    p50: samples.percentile(50),
    p95: samples.percentile(95),
    p99: samples.percentile(99),
    n: samples.count,
  });
  return { ...r, ack: summary(r.ack), peer: summary(r.peer), instructor: summary(r.instructor) };
}

/** The one-line loss check of a run; true when it lost or duplicated a move. */
export function lossLine(r: LoadResult): { line: string; failed: boolean } {
  const refusals = Object.entries(r.refused)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return {
    line: `${r.target}: ${r.lost} lost, ${r.duplicated} duplicated, ${r.unacknowledgedStored} stored without an ok ack${refusals ? `; refused: ${refusals}` : ''}`,
    failed: r.lost > 0 || r.duplicated > 0,
  };
}
