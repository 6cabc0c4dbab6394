import { http, setUpClassroom, startTestServer, type TestServer } from './support';
import {
  connectPlayer,
  control,
  deliver,
  labRecord,
  ok,
  pairAndStart,
  statesOf,
  type Player,
} from './support-labs/labs';
import type { LabSummary } from './support-labs/events';
import { connectSocket, waitFor, type TestSocket } from './support-labs/sockets';

/**
 * A whole class plays the normal open and close (seed: 客户端/服务端正常状态变迁) in calls mode with a manual
 * network: every segment is delivered by a student. Lab time is slowed down so no retransmission fires.
 */
describe('a class of seven: three pairs and one student against the built-in server', () => {
  let server: TestServer;
  let dashboard: TestSocket;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0.001 } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    dashboard?.close();
    await server?.close();
  });

  test('pairs in join order, every lab opens and closes, and the transcripts are in Postgres', async () => {
    const names = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Fang', 'Gus'];
    const { instructor, classroom, students } = await setUpClassroom(server.url, names);

    dashboard = await connectSocket(server.url, instructor.token);
    const watched = ok(await dashboard.request('class:watch', { classroomId: classroom.id }));
    expect(watched.classroom.seats.map((seat) => seat.displayName)).toEqual(names);
    expect(watched.labs).toEqual([]);

    const labs = await pairAndStart(server.url, instructor.token, classroom.id, {
      strategy: 'auto',
      mode: 'calls',
      network: 'manual',
    });
    expect(
      labs.map((lab) => [lab.seats.client?.displayName ?? null, lab.seats.server?.displayName ?? null]),
    ).toEqual([
      ['Ana', 'Bo'],
      ['Chen', 'Dara'],
      ['Eli', 'Fang'],
      ['Gus', null],
    ]);

    const players: Player[] = [];
    for (const student of students) {
      const player = await connectPlayer(server.url, student);
      sockets.push(player.socket);
      players.push(player);
    }
    const byLab = new Map<string, { client?: Player; server?: Player }>();
    for (const player of players)
      byLab.set(player.labId, { ...byLab.get(player.labId), [player.role]: player });

    const playPair = async (client: Player, srv: Player) => {
      const snapshot = ok(await client.socket.request('lab:join', { labId: client.labId })).lab;
      expect(snapshot.yourRole).toBe('client');
      expect(snapshot.status).toBe('running');
      ok(await srv.move({ by: 'server', call: 'listen' }));
      ok(await client.move({ by: 'client', call: 'connect' }));
      ok(await srv.move(deliver('client'))); // SYN arrives: SYN_RCVD, SYN,ACK goes out
      ok(await client.move(deliver('server'))); // SYN,ACK arrives: ESTABLISHED, ACK goes out
      const established = ok(await srv.move(deliver('client')));
      expect(established.lab.states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });
      ok(await client.move({ by: 'client', call: 'close' }));
      ok(await srv.move(deliver('client'))); // FIN arrives: CLOSE_WAIT
      ok(await client.move(deliver('server'))); // its ACK: FIN_WAIT_2
      ok(await srv.move({ by: 'server', call: 'close' }));
      ok(await client.move(deliver('server'))); // FIN arrives: TIME_WAIT
      const last = ok(await srv.move(deliver('client'))); // last ACK: server CLOSED
      expect(last.lab.states).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });
    };

    const playAlone = async (client: Player) => {
      // the built-in server listened when the lab started
      await waitFor(
        async () => statesOf((await labRecord(server.prisma, client.labId)).lab).server === 'LISTEN',
        'built-in listen',
      );
      ok(await client.move({ by: 'client', call: 'connect' }));
      ok(await client.move(deliver('client')));
      ok(await client.move(deliver('server')));
      ok(await client.move(deliver('client')));
      ok(await client.move({ by: 'client', call: 'close' }));
      ok(await client.move(deliver('client'))); // server CLOSE_WAIT; the built-in server closes at once
      await waitFor(
        async () => statesOf((await labRecord(server.prisma, client.labId)).lab).server === 'LAST_ACK',
        'built-in close',
      );
      ok(await client.move(deliver('server'))); // ACK of our FIN
      ok(await client.move(deliver('server'))); // its FIN: TIME_WAIT
      const last = ok(await client.move(deliver('client')));
      expect(last.lab.states).toEqual({ client: 'TIME_WAIT', server: 'CLOSED' });
    };

    await Promise.all(
      [...byLab.values()].map(({ client, server: srv }) =>
        srv ? playPair(client!, srv) : playAlone(client!),
      ),
    );

    // 2×MSL later TIME_WAIT is over (the instructor moves lab time on, recorded as a clock move).
    for (const lab of labs) {
      const advanced = await control(server.url, instructor.token, lab.id, {
        action: 'advance-clock',
        ms: 60_000,
      });
      expect(advanced.status).toBe(200);
      expect(advanced.body.lab.states).toEqual({ client: 'CLOSED', server: 'CLOSED' });
    }

    for (const lab of labs) {
      const { lab: row, moves, entries } = await labRecord(server.prisma, lab.id);
      expect(statesOf(row)).toEqual({ client: 'CLOSED', server: 'CLOSED' });
      // 11 moves + the clock (pairs); 9 student moves + 2 built-in calls + the clock (alone)
      expect(moves).toHaveLength(12);
      // the log's steps: the instructor's start is step 1
      expect(row.moveCount).toBe(13);
      expect(entries.map((entry) => entry.step)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
      expect(entries.every((entry) => entry.ok)).toBe(true);
      expect(entries.at(-1)).toMatchObject({ actor: 'instructor', move: { by: 'clock', advance: 60_000 } });
      if (lab.seats.server === null) {
        expect(
          moves
            .filter((move) => move.actorKey === 'system')
            .map((move) => (move.entry as { move: unknown }).move),
        ).toEqual([
          { by: 'server', call: 'listen' },
          { by: 'server', call: 'close' },
        ]);
      }
    }

    // The dashboard heard about every lab's moves, and the class view of the lab matches the database.
    await waitFor(
      () => dashboard.events('class:lab').filter((event) => event.lab.moveCount === 13).length === 4,
      'final class:lab events',
    );
    const again = ok(await dashboard.request('class:watch', { classroomId: classroom.id }));
    expect(again.labs.map((lab) => [lab.states, lab.moveCount, lab.status])).toEqual(
      labs.map(() => [{ client: 'CLOSED', server: 'CLOSED' }, 13, 'running']),
    );
    expect(again.classroom.seats.every((seat) => seat.online && seat.labId)).toBe(true);

    const ended = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/labs/control`, {
      token: instructor.token,
      body: { action: 'end' },
    });
    expect(ended.body.labs.map((lab: LabSummary) => lab.status)).toEqual([
      'ended',
      'ended',
      'ended',
      'ended',
    ]);
  });
});
