import { applyLabDelta, type LabSnapshot } from '@tcp-lab/lab-protocol';
import { replay, type TranscriptEntry } from '@tcp-lab/tcp-core';
import { Client } from 'pg';
import {
  createTestDatabase,
  freePort,
  http,
  setUpClassroom,
  spawnServer,
  type SpawnedServer,
  type TestDatabase,
} from './support';
import { deliver, ok, pairAndStart, playerOf, type Player } from './support-labs/labs';
import { connectSocket, waitFor, type TestSocket } from './support-labs/sockets';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Several processes (REDIS_URL): two real servers on two ports share one Postgres and socket.io's Redis adapter.
 * One lab's client student is on the first, its server student and the instructor on the second. Moves stay in one
 * order, none is lost or applied twice, and everyone sees everyone's moves.
 */
describe('two server processes, one lab split across them', () => {
  let database: TestDatabase;
  const servers: SpawnedServer[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('tcplab_two_processes');
    const ports = [await freePort(), await freePort()];
    servers.push(
      ...(await Promise.all(
        ports.map((port) =>
          spawnServer({ port, databaseUrl: database.url, env: { REDIS_URL, LAB_TIME_SCALE: '0.001' } }),
        ),
      )),
    );
  }, 180_000);
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  async function player(
    url: string,
    student: Parameters<typeof playerOf>[0],
    labId: string,
    role: 'client' | 'server',
  ) {
    const socket = await connectSocket(url, student.token);
    sockets.push(socket);
    await waitFor(() => socket.events('seat:paired').at(-1), `seat:paired on ${url}`);
    return playerOf(student, socket, labId, role);
  }

  async function log(
    labId: string,
  ): Promise<{ state: unknown; moveCount: number; entries: TranscriptEntry[] }> {
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      const lab = (await pg.query('SELECT state, "moveCount" FROM "Lab" WHERE id = $1', [labId])).rows[0];
      const rows = (await pg.query('SELECT entry FROM "LabMove" WHERE "labId" = $1 ORDER BY step', [labId]))
        .rows;
      return { state: lab.state, moveCount: lab.moveCount, entries: rows.map((row) => row.entry) };
    } finally {
      await pg.end();
    }
  }

  /**
   * What a client on `socket` has after its first snapshot and every delta since. Across processes the updates of
   * one lab may arrive out of order (one came through Redis, the next was sent by this socket's own process); the
   * web asks for the snapshot again on a gap, and here they are taken in step order, each step exactly once.
   */
  function followed(first: LabSnapshot, socket: TestSocket): LabSnapshot {
    const updates = socket
      .updates()
      .filter((update) => update.labId === first.id && update.entry.step > first.step)
      .sort((a, b) => a.entry.step - b.entry.step);
    expect(updates.map((update) => update.entry.step)).toEqual(updates.map((_, i) => first.step + i + 1));
    let snapshot = first;
    for (const update of updates) {
      const outcome = applyLabDelta(snapshot, update.lab, update.entry);
      if (outcome.kind !== 'applied') throw new Error(`step ${update.entry.step}: ${outcome.kind}`);
      snapshot = outcome.snapshot;
    }
    return snapshot;
  }

  test('moves from both processes are applied in one order, seen by both students and the instructor', async () => {
    const [a, b] = servers;
    const { instructor, classroom, students } = await setUpClassroom(a.url, ['Ana', 'Bo']);
    const [lab] = await pairAndStart(a.url, instructor.token, classroom.id, {
      strategy: 'auto',
      network: 'manual',
    });
    const client: Player = await player(a.url, students[0], lab.id, 'client');
    const srv: Player = await player(b.url, students[1], lab.id, 'server');
    const dashboard = await connectSocket(b.url, instructor.token);
    sockets.push(dashboard);
    ok(await dashboard.request('class:watch', { classroomId: classroom.id }));
    const watched = ok(await dashboard.request('lab:join', { labId: lab.id })).lab;
    const clientFirst = ok(await client.socket.request('lab:join', { labId: lab.id })).lab;
    const serverFirst = ok(await srv.socket.request('lab:join', { labId: lab.id })).lab;

    // the handshake, alternating processes at every move
    ok(await srv.move({ by: 'server', call: 'listen' }));
    ok(await client.move({ by: 'client', call: 'connect' }));
    ok(await srv.move(deliver('client')));
    ok(await client.move(deliver('server')));
    const established = ok(await srv.move(deliver('client')));
    expect(established.lab.states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });

    // then both students at once, ten moves each, on their two processes
    const sends = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        client.move({ by: 'client', call: 'send', bytes: 2, data: `c${i}` }, `c-${i}`),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        srv.move({ by: 'server', call: 'send', bytes: 2, data: `s${i}` }, `s-${i}`),
      ),
    ]);
    // a move that met a copy behind the other process's is retried there, or answered BUSY (nothing recorded)
    const applied = sends.filter((ack) => ack.ok);
    expect(sends.filter((ack) => !ack.ok && ack.code !== 'BUSY')).toEqual([]);
    expect(applied.length).toBeGreaterThan(10);
    const stored = await log(lab.id);
    const steps = stored.entries.map((entry) => entry.step);
    expect(steps).toEqual(Array.from({ length: stored.moveCount }, (_, i) => i + 1)); // one order, no gap
    for (const ack of [established, ...applied])
      expect(stored.entries[ack.entry!.step - 1]).toEqual(ack.entry);
    // the stored lab is the replay of its log
    expect(replay({ settings: clientFirst.lab.settings, entries: stored.entries })).toEqual(stored.state);

    // every viewer, on either process, followed every step with deltas and has the stored lab
    await waitFor(
      () =>
        [client.socket, srv.socket, dashboard].every((socket) =>
          socket.updates().some((update) => update.entry.step === stored.moveCount),
        ),
      'the last step on every socket',
    );
    for (const [view, socket] of [
      [clientFirst, client.socket],
      [serverFirst, srv.socket],
      [watched, dashboard],
    ] as const) {
      const now = followed(view, socket);
      expect(now.step).toBe(stored.moveCount);
      expect(now.lab.inFlight).toEqual((stored.state as { inFlight: unknown }).inFlight);
    }
    expect(dashboard.events('class:lab').at(-1)?.lab.moveCount).toBe(stored.moveCount);
  });

  test('a retry of the same move on the other process (the student reconnected elsewhere) is not applied twice', async () => {
    const [a, b] = servers;
    const { instructor, classroom, students } = await setUpClassroom(a.url, ['Cai', 'Dee']);
    const [lab] = await pairAndStart(a.url, instructor.token, classroom.id, {
      strategy: 'auto',
      network: 'manual',
    });
    const onA = await player(a.url, students[0], lab.id, 'client');
    const onB = await player(b.url, students[0], lab.id, 'client');
    const first = ok(await onA.move({ by: 'client', call: 'connect' }, 'same-id'));
    const retried = ok(await onB.move({ by: 'client', call: 'connect' }, 'same-id'));
    expect(retried.duplicate).toBe(true);
    expect(retried.entry).toEqual(first.entry);
    const stored = await log(lab.id);
    expect(
      stored.entries.filter((entry) => (entry.move as { call?: string }).call === 'connect'),
    ).toHaveLength(1);
    const snapshot = await http(b.url, 'GET', `/api/labs/${lab.id}`, { token: instructor.token });
    expect(snapshot.body.states.client).toBe('SYN_SENT');
  });
});
