import { randomUUID } from 'node:crypto';
import { leftStatesUnchanged } from '@tcp-lab/tcp-core';
import type { RecordedMove } from './labs.repository';

/** One lab's next entry, as the master wrote it in memory, waiting to be stored. */
export interface PendingWrite {
  labId: string;
  round: number;
  /** the lab's moveCount the entry follows: the write happens only if the row still has it */
  after: number;
  move: RecordedMove;
  at: Date;
}

/**
 * Group commit across labs. Every lab has at most one write in flight (its queue waits for the write before the
 * next move), so the writes waiting at one moment belong to different labs and can go to Postgres as ONE statement:
 * the entries are inserted and the labs updated together, each guarded by its own step, in one implicit transaction
 * (an ack still means committed: every promise resolves only after the statement). When the database is idle a
 * write goes at once, alone; when it is busy, the writes that arrive meanwhile wait for the statement in progress
 * and then go together, so a slow database (the embedded one serves a single connection) takes bigger batches
 * instead of a longer queue.
 */
export class MoveWriter {
  private waiting: {
    write: PendingWrite;
    done: (written: boolean) => void;
    fail: (error: unknown) => void;
  }[] = [];
  private flushing = 0;

  constructor(
    /** runs one statement with $1… parameters and returns its rows */
    private readonly execute: (sql: string, params: unknown[]) => Promise<{ id: string }[]>,
    /** statements in flight at once (the embedded database: 1) */
    private readonly concurrency: number,
    /** most entries in one statement */
    private readonly batchSize = 200,
  ) {}

  /** Resolves true once stored, false when the lab's row had moved on (another process) or a unique index refused. */
  write(write: PendingWrite): Promise<boolean> {
    return new Promise((done, fail) => {
      this.waiting.push({ write, done, fail });
      this.flush();
    });
  }

  private flush(): void {
    while (this.flushing < this.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.batchSize);
      this.flushing += 1;
      this.store(batch.map((item) => item.write))
        .then(
          (written) => batch.forEach((item) => item.done(written.has(item.write.labId))),
          (error: unknown) => batch.forEach((item) => item.fail(error)),
        )
        .finally(() => {
          this.flushing -= 1;
          this.flush();
        });
    }
  }

  /**
   * One statement: a VALUES list of the batch; the entries inserted where their lab still is at the step they
   * follow (ON CONFLICT DO NOTHING: a step or a seat's move id already stored writes nothing, and fails nothing
   * else in the batch); each lab whose entry went in updated. Returns the labs written.
   */
  private async store(batch: PendingWrite[]): Promise<Set<string>> {
    const params: unknown[] = [];
    const value = (v: unknown, cast: string) => {
      params.push(v);
      return `$${params.length}::${cast}`;
    };
    const rows = batch.map(({ labId, round, after, move, at }) => {
      const { entry } = move;
      const unchanged = leftStatesUnchanged(entry);
      return `(${[
        value(randomUUID(), 'text'),
        value(labId, 'text'),
        value(entry.step, 'int'),
        value(round, 'int'),
        value(entry.actor, 'text'),
        value(move.actorKey, 'text'),
        value(move.clientMoveId, 'text'),
        value(entry.ok, 'boolean'),
        value(entry.correct ?? null, 'boolean'),
        value(entry.ruleId ?? null, 'text'),
        value(JSON.stringify(entry), 'jsonb'),
        // a UTC timestamp(3), as Prisma stores DateTime, whatever the server's time zone
        `(to_timestamp(${value(at.getTime() / 1000, 'double precision')}) AT TIME ZONE 'UTC')::timestamp(3)`,
        value(after, 'int'),
        value(JSON.stringify(move.state), 'jsonb'),
        value(entry.correct === false ? 1 : 0, 'int'),
        value(unchanged, 'boolean'),
      ].join(', ')})`;
    });
    const sql = `
      WITH batch ("id", "labId", "step", "round", "actor", "actorKey", "clientMoveId", "ok", "correct", "ruleId",
                  "entry", "at", "after", "state", "mistake", "unchanged") AS (VALUES ${rows.join(', ')}),
      inserted AS (
        INSERT INTO "LabMove"
          ("id", "labId", "step", "round", "actor", "actorKey", "clientMoveId", "ok", "correct", "ruleId", "entry", "createdAt")
        SELECT b."id", b."labId", b."step", b."round", b."actor", b."actorKey", b."clientMoveId", b."ok", b."correct",
               b."ruleId", b."entry", b."at"
        FROM batch b JOIN "Lab" l ON l."id" = b."labId" AND l."moveCount" = b."after" AND l."round" = b."round"
        ON CONFLICT DO NOTHING
        RETURNING "labId"
      )
      UPDATE "Lab" l SET
        "state" = b."state",
        "moveCount" = l."moveCount" + 1,
        "mistakes" = l."mistakes" + b."mistake",
        "sameStateMoves" = CASE WHEN b."unchanged" THEN l."sameStateMoves" + 1 ELSE 0 END,
        "lastMoveAt" = b."at",
        "updatedAt" = b."at"
      FROM batch b JOIN inserted i ON i."labId" = b."labId"
      WHERE l."id" = b."labId" AND l."moveCount" = b."after"
      RETURNING l."id"`;
    const written = await this.execute(sql, params);
    return new Set(written.map((row) => row.id));
  }
}
