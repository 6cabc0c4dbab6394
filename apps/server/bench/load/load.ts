/**
 * One steady load against one target: every student sends one `send` move each 1/rate seconds (phases spread
 * evenly), for `seconds`; then the run waits for stragglers and measures what arrived, and when.
 */
import { loadavg } from 'node:os';
import { cpuMs, rssMb } from './process-meter';
import { Samples } from './stats';
import type { BenchStudent, BenchTarget, Observers } from './targets';

/**
 * The observers handed to a target's setUp, forwarding to the run that is measuring now: students set up once can
 * serve several runs (the long-lab, fairness and ramp comparisons), each with its own samples.
 */
export class ObserverRelay implements Observers {
  current: Observers = { peer: () => undefined, instructor: () => undefined };
  peer(token: string, bytes: number): void {
    this.current.peer(token, bytes);
  }
  instructor(labIndex: number, stepOrToken: number | string): void {
    this.current.instructor(labIndex, stepOrToken);
  }
}

export interface LoadResult {
  target: string;
  labs: number;
  seconds: number;
  offeredPerSecond: number;
  appliedPerSecond: number;
  refused: Record<string, number>;
  ack: Samples;
  peer: Samples;
  instructor: Samples;
  cpuMsPerMove: number;
  xactsPerMove: number;
  rowsReadPerMove: number;
  rowsWrittenPerMove: number;
  bytesPerUpdate: number;
  rssMb: number;
  /** acknowledged moves missing from the database, and stored moves never acknowledged */
  lost: number;
  unacknowledgedStored: number;
  duplicated: number;
  /** the machine's 1-minute load average at the end of the run (the machine is shared: read figures beside it) */
  loadAverage: number;
  /** the load generator's own CPU over the load window, in % of one core (near 100%: the generator is the limit) */
  generatorCpuPercent: number;
}

interface SentMove {
  token: string;
  labIndex: number;
  sentAt: number;
  ackedAt?: number;
  ok?: boolean;
  step?: number;
}

let runNumber = 0;

export async function runLoad(
  target: BenchTarget,
  labs: number,
  options: {
    seconds: number;
    movesPerSecondPerStudent: number;
    /** students set up earlier with `relay` as their observers (else the target sets up `labs` labs) */
    students?: BenchStudent[];
    relay?: ObserverRelay;
  },
): Promise<{ result: LoadResult; students: BenchStudent[]; relay: ObserverRelay }> {
  const run = ++runNumber;
  const peerSeen = new Map<string, number>();
  const instructorSeenToken = new Map<string, number>();
  const instructorSteps = new Map<number, Array<{ step: number; at: number }>>();
  let updateBytes = 0;
  let updates = 0;
  const relay = options.relay ?? new ObserverRelay();
  relay.current = {
    peer(token, bytes) {
      if (!peerSeen.has(token)) peerSeen.set(token, performance.now());
      updateBytes += bytes;
      updates += 1;
    },
    instructor(labIndex, stepOrToken) {
      const at = performance.now();
      if (typeof stepOrToken === 'string') {
        if (!instructorSeenToken.has(stepOrToken)) instructorSeenToken.set(stepOrToken, at);
      } else {
        const seen = instructorSteps.get(labIndex) ?? [];
        seen.push({ step: stepOrToken, at });
        instructorSteps.set(labIndex, seen);
      }
    },
  };
  const students = options.students ?? (await target.setUp(labs, relay));

  const sent: SentMove[] = [];
  const intervalMs = 1000 / options.movesPerSecondPerStudent;
  const cpuBefore = target.pids().reduce((sum, pid) => sum + cpuMs(pid), 0);
  const pgBefore = await target.pgCounters();
  const started = performance.now();
  const generatorBefore = process.cpuUsage();
  const pending: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let finished = 0;
    students.forEach((student, i) => {
      let n = 0;
      const phase = (i / students.length) * intervalMs;
      const fire = () => {
        const now = performance.now();
        if (now - started >= options.seconds * 1000) {
          if (++finished === students.length) resolve();
          return;
        }
        const move: SentMove = {
          token: `bench-${student.labIndex}-${student.role}-r${run}n${n++}`,
          labIndex: student.labIndex,
          sentAt: now,
        };
        sent.push(move);
        pending.push(
          student.send(move.token).then((answer) => {
            move.ackedAt = performance.now();
            move.ok = answer.ok;
            move.step = answer.step;
            if (!answer.ok) move.token = `${move.token}#${answer.code}`;
          }),
        );
        // schedule against the ideal timeline, so a slow server does not lower the offered load
        const nextAt = started + phase + n * intervalMs;
        setTimeout(fire, Math.max(0, nextAt - performance.now()));
      };
      setTimeout(fire, phase);
    });
  });
  // the load window, not the wait for the last timers: offered = what the students tried to send in it
  const elapsedSeconds = options.seconds;
  const generator = process.cpuUsage(generatorBefore);
  const generatorCpuPercent =
    ((generator.user + generator.system) / 1000 / (performance.now() - started)) * 100;
  await Promise.all(pending);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // let peers' updates and Postgres statistics arrive
  const cpuAfter = target.pids().reduce((sum, pid) => sum + cpuMs(pid), 0);
  const pgAfter = await target.pgCounters();
  const rss = Math.max(...target.pids().map(rssMb));

  const ack = new Samples();
  const peer = new Samples();
  const instructor = new Samples();
  const refused: Record<string, number> = {};
  let applied = 0;
  for (const move of sent) {
    if (!move.ok) {
      const code = move.token.split('#')[1] ?? 'UNKNOWN';
      refused[code] = (refused[code] ?? 0) + 1;
      continue;
    }
    applied += 1;
    ack.add(move.ackedAt! - move.sentAt);
    const peerAt = peerSeen.get(move.token);
    if (peerAt !== undefined) peer.add(peerAt - move.sentAt);
    const instructorAt =
      instructorSeenToken.get(move.token) ??
      instructorSteps
        .get(move.labIndex)
        ?.find((seen) => seen.step >= (move.step ?? Infinity) && seen.at >= move.sentAt)?.at;
    if (instructorAt !== undefined) instructor.add(instructorAt - move.sentAt);
  }
  const acknowledged = new Set(sent.filter((move) => move.ok).map((move) => move.token));
  const stored = await target.storedTokens();
  const storedThisRun = stored.filter((token) => token.includes(`-r${run}n`));
  const storedSet = new Set(storedThisRun);
  const result: LoadResult = {
    target: target.name,
    labs,
    seconds: elapsedSeconds,
    offeredPerSecond: sent.length / elapsedSeconds,
    appliedPerSecond: applied / elapsedSeconds,
    refused,
    ack,
    peer,
    instructor,
    cpuMsPerMove: (cpuAfter - cpuBefore) / Math.max(1, applied),
    xactsPerMove: (pgAfter.xacts - pgBefore.xacts) / Math.max(1, applied),
    rowsReadPerMove: (pgAfter.read - pgBefore.read) / Math.max(1, applied),
    rowsWrittenPerMove: (pgAfter.written - pgBefore.written) / Math.max(1, applied),
    bytesPerUpdate: updates ? updateBytes / updates : NaN,
    rssMb: rss,
    lost: [...acknowledged].filter((token) => !storedSet.has(token)).length,
    unacknowledgedStored: storedThisRun.filter((token) => !acknowledged.has(token)).length,
    duplicated: storedThisRun.length - storedSet.size,
    loadAverage: loadavg()[0],
    generatorCpuPercent,
  };
  return { result, students, relay };
}

/**
 * Several runs of the same students as one (turns taken with another set, see long.ts): latencies over the union
 * of samples, rates and per-move figures weighted by moves applied, losses summed, the highest RSS.
 */
export function mergeResults(runs: LoadResult[]): LoadResult {
  const applied = runs.map((r) => r.appliedPerSecond * r.seconds);
  const total = applied.reduce((a, b) => a + b, 0);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  const weighted = (read: (r: LoadResult) => number) =>
    runs.reduce((sum, r, i) => sum + read(r) * applied[i], 0) / Math.max(1, total);
  const sum = (read: (r: LoadResult) => number) => runs.reduce((s, r) => s + read(r), 0);
  const refused: Record<string, number> = {};
  for (const r of runs)
    for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
  return {
    target: runs[0].target,
    labs: runs[0].labs,
    seconds,
    offeredPerSecond: sum((r) => r.offeredPerSecond * r.seconds) / seconds,
    appliedPerSecond: total / seconds,
    refused,
    ack: Samples.union(runs.map((r) => r.ack)),
    peer: Samples.union(runs.map((r) => r.peer)),
    instructor: Samples.union(runs.map((r) => r.instructor)),
    cpuMsPerMove: weighted((r) => r.cpuMsPerMove),
    xactsPerMove: weighted((r) => r.xactsPerMove),
    rowsReadPerMove: weighted((r) => r.rowsReadPerMove),
    rowsWrittenPerMove: weighted((r) => r.rowsWrittenPerMove),
    bytesPerUpdate: weighted((r) => r.bytesPerUpdate),
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    lost: sum((r) => r.lost),
    unacknowledgedStored: sum((r) => r.unacknowledgedStored),
    duplicated: sum((r) => r.duplicated),
    loadAverage: weighted((r) => r.loadAverage),
    generatorCpuPercent: weighted((r) => r.generatorCpuPercent),
  };
}
