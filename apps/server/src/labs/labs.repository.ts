import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import type { Lab, LabMode, LabSettings, LabStatus, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { Lab as LabRecord, Prisma } from '../generated/prisma';
import { parseColumn } from '../database/json-columns';
import { PrismaService } from '../database/prisma.service';
import { MoveWriter } from './move-writer';

/** Group-commit statements in flight at once on real Postgres (each takes one of the pool's connections). */
const MOVE_WRITES_IN_FLIGHT = 4;

/** A Lab row with its JSON column parsed: `state` is the tcp-core Lab (a cache of the round's transcript). */
export type LabRow = Omit<LabRecord, 'state'> & { state: Lab };

const labRow = (record: LabRecord): LabRow => ({
  ...record,
  state: parseColumn('labState', record.state, 'Lab.state', record.id),
});
const labRows = (records: LabRecord[]): LabRow[] => records.map(labRow);
const maybeLabRow = (record: LabRecord | null): LabRow | null => record && labRow(record);
const entryOf = (row: { id: string; entry: unknown }, table: string): TranscriptEntry =>
  parseColumn('transcriptEntry', row.entry, `${table}.entry`, row.id);

/** What one recorded transcript entry changes; written with the lab's new state in ONE transaction. */
export interface RecordedMove {
  entry: TranscriptEntry;
  /** the lab after the move (unchanged when tcp-core rejected it) */
  state: Lab;
  /** who sent it: a seat id, 'instructor:<id>' or 'system' */
  actorKey: string;
  /** the client's move id, for idempotent retries (seats only) */
  clientMoveId: string | null;
}

export interface NewRound {
  settings: LabSettings;
  state: Lab;
  clientSeatId: string | null;
  serverSeatId: string | null;
  scenarioId: string | null;
  mode: LabMode;
  status: LabStatus;
}

const json = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;

/** The labs area's only door to Postgres. */
@Injectable()
export class LabsRepository implements OnModuleDestroy {
  private readonly writer: MoveWriter;

  private readonly writes: Pool | null;

  constructor(private readonly prisma: PrismaService) {
    const { connection } = prisma;
    if (connection.kind === 'embedded') {
      // the embedded database serves one connection (Prisma's): one statement at a time, batches grow instead
      this.writes = null;
      this.writer = new MoveWriter((sql, params) => prisma.$queryRawUnsafe(sql, ...params), 1);
    } else {
      // Real Postgres: the group-commit statement goes straight to pg on connections of its own, not through
      // Prisma's query compiler (WebAssembly), which took a seventh of the server's CPU under load
      this.writes = new Pool({ connectionString: connection.connectionString, max: MOVE_WRITES_IN_FLIGHT });
      this.writes.on('error', () => undefined); // an idle connection's error: the next query reconnects
      const pool = this.writes;
      this.writer = new MoveWriter(
        async (sql, params) => (await pool.query<{ id: string }>(sql, params)).rows,
        MOVE_WRITES_IN_FLIGHT,
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.writes?.end();
  }

  findLab(labId: string): Promise<LabRow | null> {
    return this.prisma.lab.findUnique({ where: { id: labId } }).then(maybeLabRow);
  }

  labsOfClassroom(classroomId: string): Promise<LabRow[]> {
    return this.prisma.lab
      .findMany({
        where: { classroomId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      })
      .then(labRows);
  }

  /** Labs whose timers must run again after a restart, and whose state is checked against their transcript. */
  labsNotEnded(): Promise<LabRow[]> {
    return this.prisma.lab.findMany({ where: { status: { not: 'ended' } } }).then(labRows);
  }

  activeLabOfSeat(seatId: string): Promise<LabRow | null> {
    return this.prisma.lab
      .findFirst({
        where: { status: { not: 'ended' }, OR: [{ clientSeatId: seatId }, { serverSeatId: seatId }] },
        orderBy: { createdAt: 'desc' },
      })
      .then(maybeLabRow);
  }

  seatsOfClassroom(classroomId: string) {
    return this.prisma.seat.findMany({
      where: { classroomId, removedAt: null }, // a left or removed seat is never paired
      // join order, not createdAt: seats of a class that joins at once can tie at millisecond precision
      orderBy: { joinOrder: 'asc' },
    });
  }

  /** Whether the class has a quiz running (a student may not change the profile of a lab meanwhile). */
  async quizRunning(classroomId: string): Promise<boolean> {
    return (await this.prisma.quiz.count({ where: { classroomId, status: 'running' } })) > 0;
  }

  async seatNames(seatIds: readonly (string | null)[]): Promise<Map<string, string>> {
    const ids = [...new Set(seatIds.filter((seatId): seatId is string => seatId !== null))];
    if (ids.length === 0) return new Map();
    const seats = await this.prisma.seat.findMany({
      where: { id: { in: ids } },
      select: { id: true, displayName: true },
    });
    return new Map(seats.map((seat) => [seat.id, seat.displayName]));
  }

  async roundEntries(labId: string, round: number): Promise<TranscriptEntry[]> {
    const moves = await this.prisma.labMove.findMany({
      where: { labId, round },
      orderBy: { step: 'asc' },
      select: { id: true, entry: true },
    });
    return moves.map((move) => entryOf(move, 'LabMove'));
  }

  /** How a round began: its settings (what its entries replay from) and scenario. */
  async roundStart(
    labId: string,
    round: number,
  ): Promise<{ settings: LabSettings; scenarioId: string | null; startedAt: Date } | null> {
    const row = await this.prisma.labRound.findUnique({
      where: { labId_round: { labId, round } },
      select: { id: true, settings: true, scenarioId: true, startedAt: true },
    });
    return (
      row && {
        settings: parseColumn('labSettings', row.settings, 'LabRound.settings', row.id),
        scenarioId: row.scenarioId,
        startedAt: row.startedAt,
      }
    );
  }

  async findSeatMove(labId: string, seatId: string, clientMoveId: string): Promise<TranscriptEntry | null> {
    const move = await this.prisma.labMove.findUnique({
      where: { labId_actorKey_clientMoveId: { labId, actorKey: seatId, clientMoveId } },
      select: { id: true, entry: true },
    });
    return move ? entryOf(move, 'LabMove') : null;
  }

  /**
   * The move pipeline's one write (the server is the master and holds the lab in memory): appends the entry and
   * stores the lab it produced, atomically (after a crash both are there or neither), with nothing read back, and
   * grouped with other labs' writes of the same moment into one statement (MoveWriter). Guarded by the lab's
   * `moveCount` and `round`: when another writer (another process) moved the lab first nothing is written and the
   * answer is 'conflict'; a seat's move id already recorded (a retry the caller did not know of) is 'duplicate'.
   */
  async appendMove(lab: LabRow, move: RecordedMove, at: Date): Promise<'written' | 'conflict' | 'duplicate'> {
    const written = await this.writer.write({
      labId: lab.id,
      round: lab.round,
      after: lab.moveCount,
      move,
      at,
    });
    if (written) return 'written';
    if (move.clientMoveId !== null && (await this.findSeatMove(lab.id, move.actorKey, move.clientMoveId)))
      return 'duplicate';
    return 'conflict';
  }

  /**
   * Appends a control's entry (start, pause, set-clock, ...) and applies what it changes to the row, in ONE
   * transaction, guarded like a move. A control is a step of the log but not a move: the round's counters stay.
   */
  async recordControl(
    lab: LabRow,
    control: { entry: TranscriptEntry; actorKey: string; status?: LabStatus; clockRate?: number | null },
  ): Promise<LabRow> {
    const { entry } = control;
    return this.prisma.$transaction(async (tx) => {
      await tx.labMove.create({ data: logRecord(lab, lab.round, entry, control.actorKey) });
      const updated = await tx.lab.updateMany({
        where: { id: lab.id, moveCount: lab.moveCount, round: lab.round },
        data: {
          moveCount: { increment: 1 },
          ...(control.status !== undefined ? { status: control.status } : {}),
          ...(control.clockRate !== undefined ? { clockRate: control.clockRate } : {}),
        },
      });
      if (updated.count !== 1)
        throw new Error(`lab ${lab.id} changed under a control (expected moveCount ${lab.moveCount})`);
      return labRow(await tx.lab.findUniqueOrThrow({ where: { id: lab.id } }));
    });
  }

  /** The log won over the stored lab (start-up check): the lab and the round's counters rebuilt, with its entry. */
  async recordRebuild(
    lab: LabRow,
    rebuilt: { entry: TranscriptEntry; state: Lab; mistakes: number; sameStateMoves: number },
  ): Promise<LabRow> {
    return this.prisma.$transaction(async (tx) => {
      await tx.labMove.create({ data: logRecord(lab, lab.round, rebuilt.entry, 'system') });
      const updated = await tx.lab.update({
        where: { id: lab.id },
        data: {
          state: json(rebuilt.state),
          moveCount: lab.moveCount + 1,
          mistakes: rebuilt.mistakes,
          sameStateMoves: rebuilt.sameStateMoves,
        },
      });
      return labRow(updated);
    });
  }

  /**
   * New labs, each in round 1, all at the same clock pace (`null` = the server's LAB_TIME_SCALE). A lab created
   * running (pairing with `start`) has its start in its log, as step 1, like a lab started afterwards.
   */
  createLabs(
    classroomId: string,
    rounds: NewRound[],
    clockRate: number | null,
    started?: { entry: (state: Lab) => TranscriptEntry; actorKey: string },
  ): Promise<LabRow[]> {
    return this.prisma.$transaction(async (tx) => {
      const rows: LabRow[] = [];
      for (const round of rounds) {
        const startEntry = round.status === 'running' && started ? started.entry(round.state) : null;
        const row = await tx.lab.create({
          data: {
            classroomId,
            clientSeatId: round.clientSeatId,
            serverSeatId: round.serverSeatId,
            scenarioId: round.scenarioId,
            mode: round.mode,
            status: round.status,
            state: json(round.state),
            clockRate,
            moveCount: startEntry ? 1 : 0,
            rounds: { create: roundRecord(1, round) },
          },
        });
        const lab = labRow(row);
        if (startEntry) await tx.labMove.create({ data: logRecord(lab, 1, startEntry, started!.actorKey) });
        rows.push(lab);
      }
      return rows;
    });
  }

  /**
   * A fresh tcp-core lab in the same Lab row; the log goes on, its `new-round` entry the first of the new round.
   * The round's counters start again from 0.
   */
  startRound(lab: LabRow, round: NewRound, entry: TranscriptEntry, actorKey: string): Promise<LabRow> {
    return this.prisma.$transaction(async (tx) => {
      await tx.labRound.create({ data: { labId: lab.id, ...roundRecord(lab.round + 1, round) } });
      await tx.labMove.create({ data: logRecord(lab, lab.round + 1, entry, actorKey) });
      const updated = await tx.lab.update({
        where: { id: lab.id },
        data: {
          moveCount: lab.moveCount + 1,
          mistakes: 0,
          round: lab.round + 1,
          clientSeatId: round.clientSeatId,
          serverSeatId: round.serverSeatId,
          scenarioId: round.scenarioId,
          mode: round.mode,
          status: round.status,
          state: json(round.state),
          roundStartedAt: new Date(),
          sameStateMoves: 0,
        },
      });
      return labRow(updated);
    });
  }

  /** Stack-mode answers of a class grouped by the transition-table rule they were about. */
  async answersByRule(
    classroomId: string,
  ): Promise<{ ruleId: string; attempts: number; mistakes: number }[]> {
    const where = { lab: { classroomId }, correct: { not: null }, ruleId: { not: null } } as const;
    const [attempts, mistakes] = await Promise.all([
      this.prisma.labMove.groupBy({ by: ['ruleId'], where, _count: { _all: true } }),
      this.prisma.labMove.groupBy({
        by: ['ruleId'],
        where: { ...where, correct: false },
        _count: { _all: true },
      }),
    ]);
    const mistakesByRule = new Map(mistakes.map((row) => [row.ruleId, row._count._all]));
    return attempts
      .map((row) => ({
        ruleId: row.ruleId as string,
        attempts: row._count._all,
        mistakes: mistakesByRule.get(row.ruleId) ?? 0,
      }))
      .sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  }
}

function logRecord(lab: LabRow, round: number, entry: TranscriptEntry, actorKey: string) {
  return {
    labId: lab.id,
    step: entry.step,
    round,
    actor: entry.actor,
    actorKey,
    clientMoveId: null,
    ok: entry.ok,
    correct: null,
    ruleId: null,
    entry: json(entry),
  };
}

function roundRecord(round: number, from: NewRound) {
  return {
    round,
    settings: json(from.settings),
    clientSeatId: from.clientSeatId,
    serverSeatId: from.serverSeatId,
    scenarioId: from.scenarioId,
    mode: from.mode,
  };
}
