/**
 * Fills labs with real history before a server starts on their database: the long-lab (`--long`) and start-up
 * (`--startup`) runs need labs holding thousands of moves, which a seat's event budget (10 per second) would take
 * minutes to play through the server. The moves are the ones a student would make (the server listens, the client
 * connects, then both send, alternately), applied with tcp-core's own applyMove and recorded with its
 * toTranscriptEntry, so Lab.state is exactly what the log replays to: the server's start-up check (replay against
 * the stored lab) finds nothing to rebuild. The rows are written as the server's appendMove writes them, in bulk.
 * Must run while no server holds these labs (between two servers on the same database).
 */
import { randomUUID } from 'node:crypto';
import {
  applyMove,
  leftStatesUnchanged,
  toTranscriptEntry,
  type Lab,
  type Role,
  type TranscriptEntry,
} from '@tcp-lab/tcp-core';
import { Client } from 'pg';

const ROWS_PER_INSERT = 1000;

interface LabToFill {
  id: string;
  round: number;
  moveCount: number;
  mistakes: number;
  sameStateMoves: number;
  state: Lab;
  clientSeatId: string;
  serverSeatId: string;
}

/** The moves of a lab `count` moves longer: listen and connect when the endpoints are closed, then data both ways. */
function* studentMoves(lab: Lab): Generator<{ by: Role; move: unknown }> {
  if (lab.server.state === 'CLOSED') yield { by: 'server', move: { by: 'server', call: 'listen' } };
  if (lab.client.state === 'CLOSED') yield { by: 'client', move: { by: 'client', call: 'connect' } };
  for (let i = 0; ; i++) {
    const by: Role = i % 2 ? 'server' : 'client';
    const data = `fill-${by}-${i}`;
    yield { by, move: { by, call: 'send', bytes: data.length, data } };
  }
}

/** Appends `count` legal student moves to every lab in `labIds`; returns the seconds it took. */
export async function fillLabs(databaseUrl: string, labIds: string[], count: number): Promise<number> {
  const started = performance.now();
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<LabToFill>(
      `SELECT "id", "round", "moveCount", "mistakes", "sameStateMoves", "state", "clientSeatId", "serverSeatId"
         FROM "Lab" WHERE "id" = ANY($1::text[])`,
      [labIds],
    );
    if (rows.length !== labIds.length)
      throw new Error(`fillLabs: found ${rows.length} of ${labIds.length} labs`);
    for (const row of rows) {
      let lab = row.state;
      let { moveCount, mistakes, sameStateMoves } = row;
      const at = new Date();
      let batch: Array<{ entry: TranscriptEntry; actorKey: string }> = [];
      const flush = async () => {
        if (batch.length === 0) return;
        await db.query(
          `INSERT INTO "LabMove"
             ("id", "labId", "step", "round", "actor", "actorKey", "clientMoveId", "ok", "correct", "ruleId", "entry", "createdAt")
           SELECT id, $2, step, $3, actor, "actorKey", "clientMoveId", ok, correct, "ruleId", entry, $4
             FROM unnest($1::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::jsonb[],
                         $10::boolean[], $11::boolean[], $12::text[])
               AS t(id, step, actor, "actorKey", "clientMoveId", entry, ok, correct, "ruleId")`,
          [
            batch.map(() => randomUUID()),
            row.id,
            row.round,
            at,
            batch.map((b) => b.entry.step),
            batch.map((b) => b.entry.actor),
            batch.map((b) => b.actorKey),
            batch.map((b) => `fill-${b.entry.step}`),
            batch.map((b) => JSON.stringify(b.entry)),
            batch.map((b) => b.entry.ok),
            batch.map((b) => b.entry.correct ?? null),
            batch.map((b) => b.entry.ruleId ?? null),
          ],
        );
        batch = [];
      };
      const moves = studentMoves(lab);
      for (let n = 0; n < count; n++) {
        const { by, move } = moves.next().value as { by: Role; move: unknown };
        const result = applyMove(lab, move, by);
        if (!result.ok)
          throw new Error(
            `fillLabs: lab ${row.id} step ${moveCount + 1}: ${JSON.stringify(move)} refused (${result.code})`,
          );
        const entry = toTranscriptEntry(moveCount + 1, by, move, lab, result);
        const unchanged = leftStatesUnchanged(entry);
        sameStateMoves = unchanged ? sameStateMoves + 1 : 0;
        if (entry.correct === false) mistakes += 1;
        moveCount += 1;
        lab = result.lab;
        batch.push({ entry, actorKey: by === 'client' ? row.clientSeatId : row.serverSeatId });
        if (batch.length >= ROWS_PER_INSERT) await flush();
      }
      await flush();
      await db.query(
        `UPDATE "Lab" SET "state" = $2::jsonb, "moveCount" = $3, "mistakes" = $4, "sameStateMoves" = $5,
           "lastMoveAt" = $6, "updatedAt" = $6 WHERE "id" = $1`,
        [row.id, JSON.stringify(lab), moveCount, mistakes, sameStateMoves, at],
      );
    }
  } finally {
    await db.end();
  }
  return (performance.now() - started) / 1000;
}
