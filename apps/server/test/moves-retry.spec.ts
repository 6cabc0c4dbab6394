import { setUpClassroom, startTestServer, type TestServer } from './support';
import {
  connectPlayer,
  deliver,
  labRecord,
  ok,
  pairAndStart,
  playerOf,
  type Player,
} from './support-labs/labs';
import { connectSocket, waitFor } from './support-labs/sockets';
import type { OkAck } from './support-labs/events';

/** Retries, reconnects and races: what a flaky classroom network does to moves. */
describe('moves under retries, reconnects and concurrency', () => {
  let server: TestServer;
  let client: Player;
  let srv: Player;
  let labId: string;

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0.001 } });
    const { classroom, instructor, students } = await setUpClassroom(server.url, ['Yu', 'Zoe']);
    [{ id: labId }] = await pairAndStart(server.url, instructor.token, classroom.id, { strategy: 'auto' });
    client = await connectPlayer(server.url, students[0]);
    srv = await connectPlayer(server.url, students[1]);
  });
  afterAll(async () => {
    client?.socket.close();
    srv?.socket.close();
    await server?.close();
  });

  test('the same move id twice: the same answer, one row, applied once', async () => {
    const first = ok(await srv.move({ by: 'server', call: 'listen' }, 'listen-1'));
    expect(first.duplicate).toBe(false);
    const again = ok(await srv.move({ by: 'server', call: 'listen' }, 'listen-1'));
    expect(again.duplicate).toBe(true);
    expect(again.entry).toEqual(first.entry);
    const { moves } = await labRecord(server.prisma, labId);
    expect(moves.filter((move) => move.clientMoveId === 'listen-1')).toHaveLength(1);
    expect(moves).toHaveLength(1);
  });

  test('a retried rejected move is answered with the same rejection, not recorded twice', async () => {
    const first = await srv.move({ by: 'server', call: 'listen' }, 'listen-again');
    expect(first).toMatchObject({ ok: false, code: 'NOT_IN_STATE', duplicate: false });
    const again = await srv.move({ by: 'server', call: 'listen' }, 'listen-again');
    expect(again).toMatchObject({ ok: false, code: 'NOT_IN_STATE', duplicate: true, entry: first.entry });
    expect((await labRecord(server.prisma, labId)).moves).toHaveLength(2);
  });

  test('the same move id sent twice at once (no waiting for the ack) is still applied once', async () => {
    const [a, b] = await Promise.all([
      client.move({ by: 'client', call: 'connect' }, 'connect-1'),
      client.move({ by: 'client', call: 'connect' }, 'connect-1'),
    ]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.entry).toEqual(b.entry);
    const { moves, lab } = await labRecord(server.prisma, labId);
    expect(moves.filter((move) => move.clientMoveId === 'connect-1')).toHaveLength(1);
    expect(lab.moveCount).toBe(4); // the log's steps: the instructor's start, then three moves
  });

  test('the same move id from the other seat is a different move', async () => {
    const theirs = await srv.move({ by: 'client', call: 'close' }, 'connect-1');
    expect(theirs).toMatchObject({ ok: false, code: 'NOT_YOUR_ENDPOINT', duplicate: false });
  });

  test('moves sent at the same moment by both seats get one order, and both seats see that order', async () => {
    const before = (await labRecord(server.prisma, labId)).lab.moveCount;
    const updates = (player: Player) =>
      player.socket.updates().filter((update) => update.entry.step > before);
    // the SYN is in flight; both try to deliver it at once: one delivery succeeds, the other finds nothing in flight
    const [fromClient, fromServer] = await Promise.all([
      client.move(deliver('client')),
      srv.move(deliver('client')),
    ]);
    expect([fromClient.ok, fromServer.ok].sort()).toEqual([false, true]);
    expect([fromClient.code, fromServer.code].filter(Boolean)).toEqual(['NOTHING_IN_FLIGHT']);
    await waitFor(
      () => updates(client).length === 2 && updates(srv).length === 2,
      'both updates on both seats',
    );
    const order = (player: Player) =>
      updates(player).map((update) => `${update.entry.step}:${update.entry.actor}:${update.entry.ok}`);
    expect(order(client)).toEqual(order(srv));
    const { entries } = await labRecord(server.prisma, labId);
    expect(entries.slice(-2).map((entry) => `${entry.step}:${entry.actor}:${entry.ok}`)).toEqual(
      order(client),
    );
  });

  test('a student reconnects with the seat token: same snapshot, and the lab goes on', async () => {
    const before = ok(await client.socket.request('lab:join', { labId })).lab;
    client.socket.close();
    const socket = await connectSocket(server.url, client.student.token);
    // on connect the server tells the seat where it plays
    const paired = await waitFor(() => socket.events('seat:paired')[0], 'seat:paired on reconnect');
    expect(paired).toEqual({ labId, role: 'client' });
    const after = ok(await socket.request('lab:join', { labId })).lab;
    expect({ ...after, stuck: undefined }).toEqual({ ...before, stuck: undefined });
    client = playerOf(client.student, socket, labId, 'client');
    const established = ok(await client.move(deliver('server')));
    expect(established.lab.states.client).toBe('ESTABLISHED');
  });

  test("a move's own socket gets its delta in the ack only; the seat's other tab and the partner get lab:update", async () => {
    const secondTab = await connectSocket(server.url, client.student.token);
    try {
      await waitFor(() => secondTab.events('seat:paired')[0], 'seat:paired on the second tab');
      // any recorded move will do (a rejected one is recorded too), so this test does not depend on the others
      const sent = (await client.move({ by: 'client', call: 'send', bytes: 3, data: 'hey' })) as OkAck;
      expect(sent.entry).toBeDefined();
      expect((sent.lab as unknown as { delta?: boolean }).delta).toBe(true);
      const step = sent.entry.step;
      const updateAt = (socket: typeof secondTab) =>
        socket.events('lab:update').find((update) => update.entry.step === step);
      const [tab, partner] = await Promise.all([
        waitFor(() => updateAt(secondTab), 'the update on the second tab'),
        waitFor(() => updateAt(srv.socket), "the update on the partner's socket"),
      ]);
      expect(tab.entry).toEqual(sent.entry);
      expect(tab.lab).toEqual(sent.lab); // the same seat's view: the same delta as the ack
      expect(partner.entry).toEqual(sent.entry);
      // a later step reaching the moving socket shows its own update was not merely slow: it was never sent
      expect((await srv.move({ by: 'server', call: 'send', bytes: 2, data: 'ok' })).entry).toBeDefined();
      await waitFor(
        () => client.socket.events('lab:update').some((u) => u.entry.step > step),
        'the next step',
      );
      expect(updateAt(client.socket)).toBeUndefined();
    } finally {
      secondTab.close();
    }
  });
});
