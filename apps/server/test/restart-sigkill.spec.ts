import {
  createTestDatabase,
  freePort,
  setUpClassroom,
  spawnServer,
  type SpawnedServer,
  type StudentSession,
  type TestDatabase,
} from './support';
import { applyLabDelta, type LabSnapshot } from '@tcp-lab/lab-protocol';
import { Client } from 'pg';
import { deliver, ok, pairAndStart, playerOf, type Player } from './support-labs/labs';
import { connectSocket, waitFor, type TestSocket } from './support-labs/sockets';

jest.setTimeout(180_000);

/**
 * A crash (SIGKILL: no shutdown hook runs) must lose nothing that was acknowledged: each move's entry and the lab
 * it produced are committed in one transaction before the ack leaves. The server runs as a child process.
 */
describe('restart after SIGKILL', () => {
  let database: TestDatabase;
  let server: SpawnedServer | undefined;
  const sockets: TestSocket[] = [];

  async function start(timeScale: string) {
    server = await spawnServer({
      port: await freePort(),
      databaseUrl: database.url,
      env: { LAB_TIME_SCALE: timeScale },
    });
    return server;
  }

  async function dbRows(labId: string) {
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      const lab = (await pg.query('SELECT * FROM "Lab" WHERE id = $1', [labId])).rows[0];
      const moves = (await pg.query('SELECT * FROM "LabMove" WHERE "labId" = $1 ORDER BY step', [labId]))
        .rows;
      return { lab, moves };
    } finally {
      await pg.end();
    }
  }

  async function reconnect(
    url: string,
    student: StudentSession,
    labId: string,
    role: 'client' | 'server',
  ): Promise<Player> {
    const socket = await connectSocket(url, student.token);
    sockets.push(socket);
    const paired = await waitFor(() => socket.events('seat:paired')[0], 'seat:paired after restart');
    expect(paired).toEqual({ labId, role });
    return playerOf(student, socket, labId, role);
  }

  beforeAll(async () => {
    database = await createTestDatabase('tcplab_labs_restart');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.kill();
    await database?.drop();
  });

  test('every acknowledged move survives, the lab is where it was, play goes on, and timers run again after boot', async () => {
    // Lab time nearly stopped, so nothing but the students moves the lab.
    let running = await start('0.001');
    const { instructor, classroom, students } = await setUpClassroom(running.url, ['Ivy', 'Jon']);
    const [lab] = await pairAndStart(running.url, instructor.token, classroom.id, { strategy: 'auto' });
    let client = await reconnect(running.url, students[0], lab.id, 'client');
    let srv = await reconnect(running.url, students[1], lab.id, 'server');
    // the server's student follows the lab as the web does: one snapshot, then the deltas of lab:update and of its own acks
    const first = ok(await srv.socket.request('lab:join', { labId: lab.id })).lab as LabSnapshot;

    const acked = [
      ok(await srv.move({ by: 'server', call: 'listen' })),
      ok(await client.move({ by: 'client', call: 'connect' })),
      ok(await srv.move(deliver('client'))),
      ok(await client.move(deliver('server'))),
    ];
    const last = ok(await srv.move(deliver('client')));
    acked.push(last);
    await running.kill(); // right after the ack: no graceful shutdown
    expect(last.lab.states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });
    await waitFor(
      () => srv.socket.updates().some((update) => update.entry.step === last.entry.step),
      'the last lab:update',
    );
    let followed = first;
    for (const update of srv.socket.updates()) {
      const outcome = applyLabDelta(followed, update.lab, update.entry);
      if (outcome.kind === 'gap') throw new Error(`a gap in lab:update at step ${update.entry.step}`);
      if (outcome.kind === 'applied') followed = outcome.snapshot;
    }
    expect(followed.step).toBe(last.entry.step);

    running = await start('0.001');
    const { lab: row, moves } = await dbRows(lab.id);
    // the log: the instructor's start (step 1), then every acknowledged move
    expect(moves).toHaveLength(acked.length + 1);
    expect(moves[0].entry.move).toEqual({ by: 'control', action: 'start' });
    for (const ack of acked) expect(moves[ack.entry.step - 1].entry).toEqual(ack.entry);
    expect(row.state).toEqual(followed.lab);
    expect(row.moveCount).toBe(acked.length + 1);

    // the students come back with their seat tokens and find the same lab
    srv = await reconnect(running.url, students[1], lab.id, 'server');
    client = await reconnect(running.url, students[0], lab.id, 'client');
    const rejoined = ok(await srv.socket.request('lab:join', { labId: lab.id })).lab;
    expect({ ...rejoined, stuck: undefined }).toEqual({ ...followed, stuck: undefined });

    // ... and finish the close
    ok(await client.move({ by: 'client', call: 'close' }));
    ok(await srv.move(deliver('client')));
    ok(await client.move(deliver('server')));
    ok(await srv.move({ by: 'server', call: 'close' }));
    ok(await client.move(deliver('server')));
    const closed = ok(await srv.move(deliver('client')));
    expect(closed.lab.states).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });
    expect(closed.entry.step).toBe(acked.length + 7); // the log's steps: the instructor's start is step 1
    // on boot the stored lab matched the replay of its transcript (a mismatch is logged as a warning)
    expect(running.output()).not.toMatch(/differed from the replay|could not replay/);

    // Crash again in TIME_WAIT and come back with lab time running fast: the 2MSL timer is scheduled on boot.
    await running.kill();
    running = await start('1000');
    const expired = await waitFor(async () => {
      const { lab: now, moves: entries } = await dbRows(lab.id);
      return now.state.client.state === 'CLOSED' && entries;
    }, 'TIME_WAIT to expire after the restart');
    expect(expired.at(-1)).toMatchObject({ actor: 'system', actorKey: 'system' });
    expect(expired.at(-1).entry).toMatchObject({
      move: { by: 'clock', advance: 60_000 },
      after: { client: 'CLOSED', server: 'CLOSED' },
    });
  });

  test("after a restart each lab's timers run at its own pace: a stopped lab stays stopped, a default one runs", async () => {
    await server?.kill(); // the first test's server: one server per database at a time
    let running = await start('0.001');
    const inTimeWait = async (clockRate: number | null) => {
      const { instructor, classroom, students } = await setUpClassroom(running.url, ['Kai', 'Lea']);
      const [lab] = await pairAndStart(running.url, instructor.token, classroom.id, {
        strategy: 'auto',
        network: 'auto',
        clockRate,
      });
      const client = await reconnect(running.url, students[0], lab.id, 'client');
      const srv = await reconnect(running.url, students[1], lab.id, 'server');
      ok(await srv.move({ by: 'server', call: 'listen' }));
      ok(await client.move({ by: 'client', call: 'connect' }));
      ok(await client.move({ by: 'client', call: 'close' }));
      const timeWait = ok(await srv.move({ by: 'server', call: 'close' }));
      expect(timeWait.lab.states).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });
      return lab;
    };
    const stopped = await inTimeWait(0);
    const byDefault = await inTimeWait(null);
    await running.kill();

    running = await start('1000');
    await waitFor(async () => {
      const { lab: now } = await dbRows(byDefault.id);
      return now.state.client.state === 'CLOSED';
    }, "the default-paced lab's TIME_WAIT to expire after the restart");
    // a negative check needs a wait: 300 ms is five 2MSLs at the new default pace
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { lab: still, moves } = await dbRows(stopped.id);
    expect(still.clockRate).toBe(0);
    expect(still.state.client.state).toBe('TIME_WAIT');
    expect(moves.filter((move: { actor: string }) => move.actor === 'system')).toEqual([]);
  });
});
